import { describe, expect, it } from 'vitest';
import { derivedValues, TABLE_TOLERANCE } from '../../src/output/derived-table.ts';
import { DEFAULT_SM_INPUTS } from '../../src/physics/ew/sm-inputs.ts';
import { EW_TREE_LEVEL_COEFFICIENTS } from '../../src/physics/ew/wilson-coefficients.ts';
import { zLeptonCouplingDerived } from '../../src/scenarios/ew.ts';
import type { DerivedQuantity } from '../../src/scenarios/scenario.ts';
import { seededNormal } from '../diagnostics/test-inputs.ts';

/** `count` points of independent normals with the given means and sds, row-major. */
function normalDraws(seed: string, count: number, means: readonly number[], sds: readonly number[]): Float64Array {
  const normal = seededNormal(seed);
  return Float64Array.from({ length: count * means.length }, (_, k) => means[k % means.length] + sds[k % means.length] * normal());
}

function exactValues(quantity: DerivedQuantity, data: Float64Array, nDim: number): Float64Array {
  return Float64Array.from({ length: data.length / nDim }, (_, p) => quantity.evaluate(data.slice(p * nDim, (p + 1) * nDim)));
}

function sd(values: Float64Array): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
}

describe('derivedValues', () => {
  it('tabulates a quantity affine in L with R-dependent slopes (bilinear: exact to rounding)', () => {
    // q = 2 + 3θ0 − θ1 + θ0·θ2 + 0.5·θ2: affine in θ0, θ1 at fixed θ2, and bilinear, so the first-order table
    // in θ2 is exact; only rounding of the finite differences remains (1e-9 relative to the sd, far above it).
    const quantity: DerivedQuantity = { name: 'q', evaluate: (t) => 2 + 3 * t[0] - t[1] + t[0] * t[2] + 0.5 * t[2], linearIn: [0, 1] };
    const data = normalDraws('bilinear', 3000, [0.1, -0.2, 1.5], [0.3, 0.1, 0.2]);
    const [result] = derivedValues([quantity], data, 3, 3000);
    const exact = exactValues(quantity, data, 3);
    expect(result.method).toBe('table');
    const worst = Math.max(...exact.map((v, p) => Math.abs(v - result.values[p])));
    expect(worst).toBeLessThan(1e-9 * sd(exact));
  });

  it('falls back to per-draw evaluation when the declared linearity is false', () => {
    // θ0² is not affine in θ0: the table misses by ~sd² at the probes, far beyond TABLE_TOLERANCE.
    const quantity: DerivedQuantity = { name: 'square', evaluate: (t) => t[0] * t[0], linearIn: [0] };
    const data = normalDraws('square', 500, [0, 1], [1, 1]);
    const [result] = derivedValues([quantity], data, 2, 500);
    expect(result.method).toBe('per-draw');
    expect(Array.from(result.values)).toEqual(Array.from(exactValues(quantity, data, 2)));
  });

  it('takes every stride-th point', () => {
    const quantity: DerivedQuantity = { name: 'first', evaluate: (t) => t[0] };
    const data = Float64Array.from({ length: 20 }, (_, k) => k);
    expect(Array.from(derivedValues([quantity], data, 2, 5, 2)[0].values)).toEqual([0, 4, 8, 12, 16]);
  });

  it('δg_Z (EW scenario): the table agrees with the exact coupling shifts at every draw', () => {
    // Draws spread as the `ew` posterior (summary of `run configs/ew.yaml --steps 2000`): coefficients ~0.2
    // around 0, the five SM inputs with their posterior sds. The δg_Z are linear in the coefficients; the
    // table's first order in the SM inputs must stay within TABLE_TOLERANCE of each quantity's sd.
    const names = [...EW_TREE_LEVEL_COEFFICIENTS, 'MH', 'mt', 'als', 'dalhad', 'MZ'];
    const inputs = DEFAULT_SM_INPUTS;
    const means = [...EW_TREE_LEVEL_COEFFICIENTS.map(() => 0), inputs.MH, inputs.mt, inputs.als, inputs.dalhad, inputs.MZ];
    const sds = [...EW_TREE_LEVEL_COEFFICIENTS.map(() => 0.2), 0.14, 0.3, 0.001, 1e-4, 0.0021];
    const quantities = zLeptonCouplingDerived(names, true, {});
    const count = 1000;
    const data = normalDraws('delta-gZ', count, means, sds);
    const results = derivedValues(quantities, data, names.length, count);
    quantities.forEach((quantity, k) => {
      const exact = exactValues(quantity, data, names.length);
      expect(results[k].method).toBe('table');
      const worst = Math.max(...exact.map((v, p) => Math.abs(v - results[k].values[p])));
      expect(worst).toBeLessThan(TABLE_TOLERANCE * sd(exact));
    });
  });
});
