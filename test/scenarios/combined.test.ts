/**
 * The combined EW + flavour scenarios are a sum of two independent likelihoods over overlapping
 * coefficients: the compiled sum must equal the parts evaluated on their own parameters (to rounding,
 * 1e-9 absolute on log-densities of order 10–100), and the shared coefficients' prior is the
 * intersection of the parts' flat boxes.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/engine/compile.ts';
import type { SumModel } from '../../src/likelihood/model.ts';
import { RandomStream } from '../../src/sampler/random.ts';
import { buildCombinedScenario } from '../../src/scenarios/combined.ts';
import { dataDir } from '../../src/data-dir.ts';

describe('combined EW + flavour scenario (minimal-mu, fig. 5)', () => {
  const scenario = buildCombinedScenario({ variant: 'minimal-mu', data: '2020', dataDir: dataDir(), flavour: { theoryDraws: 50 } });
  const model = scenario.density as SumModel;

  it('floats lu_2233 and phil1_22 plus the five SM inputs; the flavour part sees only the two coefficients', () => {
    expect(scenario.parameters.map((p) => p.name)).toEqual(['lu_2233', 'phil1_22', 'MH', 'mt', 'als', 'dalhad', 'MZ']);
    expect(model.parts.map((p) => p.name)).toEqual(['ew', 'flavour']);
    expect(model.parts[1].parameterIndex).toEqual([0, 1]);
  });

  it('log p(θ) = log p_EW(θ) + log p_flavour(θ_flavour) at random points', () => {
    const total = compileModel(model, { backend: 'cpu', maxBatch: 64 }).density;
    const ew = compileModel(model.parts[0].model, { backend: 'cpu', maxBatch: 64 }).density;
    const flavour = compileModel(model.parts[1].model, { backend: 'cpu', maxBatch: 64 }).density;
    const random = RandomStream.fromSeed('combined');
    const n = 40;
    const nDim = scenario.parameters.length;
    const points = new Float64Array(n * nDim);
    for (let i = 0; i < n; i++) {
      scenario.parameters.forEach((p, d) => (points[i * nDim + d] = p.start.center + 20 * p.start.width * random.normal()));
    }
    const sum = new Float64Array(n);
    total.logProbBatch(points, n, sum);
    const ewOut = new Float64Array(n);
    ew.logProbBatch(points, n, ewOut);
    const flavourPoints = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) flavourPoints.set(points.subarray(i * nDim, i * nDim + 2), i * 2);
    const flavourOut = new Float64Array(n);
    flavour.logProbBatch(flavourPoints, n, flavourOut);
    for (let i = 0; i < n; i++) expect(Math.abs(sum[i] - (ewOut[i] + flavourOut[i]))).toBeLessThan(1e-9);
  });

  it('shared coefficients get the intersection of the flat prior boxes', () => {
    const lu = scenario.parameters[0].prior;
    expect(lu.kind).toBe('flat');
    if (lu.kind === 'flat') {
      expect(lu.upper).toBeLessThanOrEqual(10); // flavour box ±10 TeV⁻²
      expect(lu.lower).toBeGreaterThanOrEqual(-10);
    }
  });
});
