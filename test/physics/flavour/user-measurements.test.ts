/**
 * A physicist's own measurements (model.measurements, likelihood-list.ts) in the clean flavour likelihood:
 * an added R_K enters as one more Gaussian term, exactly, and moves the single-operator fit the way a
 * measurement of R_K must; replacing one by name, dropping one, the named alternatives and the errors.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../../src/engine/compile.ts';
import { InputError } from '../../../src/errors.ts';
import { flavourMeasurements, fullFlavourMeasurements } from '../../../src/physics/flavour/data.ts';
import type { FlavourData } from '../../../src/physics/flavour/likelihood-list.ts';
import { predictFlavour } from '../../../src/physics/flavour/predict.ts';
import { flavourLikelihoodModel } from '../../../src/scenarios/flavour.ts';
import { inputDir } from './shared.ts';

/** A hypothetical R_K (not real data) in flavio's format, well below the 2020 world average. */
const HYPOTHETICAL = {
  'Hypothetical RK 2027': {
    experiment: 'LHCb',
    values: [{ name: '<Rmue>(B+->Kll)', q2min: 1.1, q2max: 6.0, value: '0.60 + 0.03 - 0.02 ± 0.01' }],
  },
};
// HEPfit symmetrisation (spec §9): 0.60 + (0.03 − 0.02)/2 = 0.605, σ = hypot(0.025, 0.01)
const RK_CENTRAL = 0.605;
const RK_SIGMA = Math.hypot(0.025, 0.01);

/** log L of the clean 2020 likelihood in lu_2233 alone, on a grid (theory covariance and QED error off: exact Gaussians). */
function logLikelihood(data: FlavourData, grid: Float64Array): Float64Array {
  const lik = flavourLikelihoodModel({ data, wilsonCoefficients: ['lu_2233'], dataDir: inputDir, theoryDraws: 0, qedUncertainty: 0 });
  const out = new Float64Array(grid.length);
  compileModel(lik.model, { backend: 'cpu', maxBatch: grid.length }).density.logProbBatch(grid, grid.length, out);
  return out;
}

describe('user measurements in the clean likelihood', () => {
  const grid = Float64Array.from({ length: 241 }, (_, i) => -4 + i * 0.025);
  const base = logLikelihood('2020', grid);
  const added = logLikelihood({ era: '2020', edits: { add: HYPOTHETICAL } }, grid);

  it('adds exactly one Gaussian term −½((R_K(θ) − 0.605)/σ)² (1e-9)', () => {
    for (const i of [0, 60, 120, 180, 240]) {
      const rk = predictFlavour({ observables: ['<Rmue>(B+->Kll)[1.1,6.0]'], smeft: { lu_2233: grid[i] }, options: { dataDir: inputDir } })['<Rmue>(B+->Kll)[1.1,6.0]'];
      expect(Math.abs(added[i] - base[i] + 0.5 * ((rk - RK_CENTRAL) / RK_SIGMA) ** 2)).toBeLessThan(1e-9);
    }
  });

  it('moves the best fit of C_lu(2233) towards the value that gives R_K = 0.605, and not past it', () => {
    const argmax = (v: Float64Array) => grid[v.indexOf(Math.max(...v))];
    const before = argmax(base);
    const after = argmax(added);
    const rk = (c: number) => predictFlavour({ observables: ['<Rmue>(B+->Kll)[1.1,6.0]'], smeft: { lu_2233: c }, options: { dataDir: inputDir } })['<Rmue>(B+->Kll)[1.1,6.0]'];
    // R_K falls with more negative C_lu(2233) here; the 2020 best fit has R_K above 0.605, so the fit moves down
    expect(rk(before)).toBeGreaterThan(RK_CENTRAL);
    expect(after).toBeLessThan(before - 0.05);
    // and stays between the old optimum and the point the new measurement alone prefers
    let target = before;
    while (rk(target) > RK_CENTRAL) target -= 0.005;
    expect(after).toBeGreaterThan(target);
    expect(rk(after)).toBeLessThan(rk(before));
  });

  it('replaces a measurement by name, drops one, and refuses names it does not know', () => {
    const replaced = flavourMeasurements({ era: '2020', edits: { add: { 'HEPfit 1903.09632 LHCb RK 2019': HYPOTHETICAL['Hypothetical RK 2027'] } } });
    const rk = replaced.filter((b) => b.observables[0] === '<Rmue>(B+->Kll)[1.1,6.0]');
    expect(rk).toHaveLength(1);
    expect(rk[0].central[0]).toBeCloseTo(RK_CENTRAL, 15);
    const dropped = flavourMeasurements({ era: '2020', edits: { drop: ['Belle RK* 2019'] } });
    expect(flavourMeasurements('2020').length - dropped.length).toBe(2);
    expect(() => flavourMeasurements({ era: '2020', edits: { drop: ['LHCb RK 2099'] } })).toThrow(InputError);
    expect(() => flavourMeasurements({ era: '2020', edits: { alternatives: { belleRKstar: 'some' } } })).toThrow(InputError);
    expect(() => flavourMeasurements({ era: '2020', edits: { alternatives: { nope: 'x' } } })).toThrow(InputError);
    // a non-clean observable has no place in the clean fits: a one-line error naming it
    const fl = { X: { values: [{ name: '<FL>(B0->K*mumu)', q2min: 1.1, q2max: 6, value: '0.7 ± 0.05' }] } };
    expect(() => flavourMeasurements({ era: '2020', edits: { add: fl } })).toThrow(/<FL>\(B0->K\*mumu\)\[1\.1,6\.0\].*clean/);
    expect(fullFlavourMeasurements({ era: '2020', edits: { add: fl } }).some((b) => b.source === 'X')).toBe(true);
  });

  it("asymmetric errors: HEPfit's shift or flavio's σ² = σ₊σ₋ (option asymmetricErrors)", () => {
    const flavio = flavourMeasurements({ era: '2020', edits: { add: HYPOTHETICAL, asymmetricErrors: 'flavio' } }).find((b) => b.source === 'Hypothetical RK 2027')!;
    expect(flavio.central[0]).toBe(0.6);
    expect(Math.abs(flavio.sigma[0] - Math.sqrt(0.03 * 0.02 + 0.01 ** 2))).toBeLessThan(1e-15);
  });

  it('fine B+ → K bins with a 5 % normalisation: ρ_ij + f² y_i y_j/(σ_i σ_j) off the diagonal, positive definite', () => {
    const block = fullFlavourMeasurements({ era: '2020', edits: { alternatives: { bPlusToKBins: 'fine-correlated' } } }).find((b) => b.source === 'LHCb B+->Kmumu BR 2014')!;
    expect(block.observables).toHaveLength(8);
    const [i, j] = [1, 6];
    expect(block.correlation![i][j]).toBeCloseTo((0.05 ** 2 * block.central[i] * block.central[j]) / (block.sigma[i] * block.sigma[j]), 15);
    expect(block.correlation![i][i]).toBe(1);
  });
});
