/**
 * The float64 `cpu` backend against independent textbook formulas (no whitening, no Cholesky):
 * predictions from the model definition in model.ts, rᵀC⁻¹r by Gaussian elimination, priors added
 * term by term.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/engine/compile.ts';
import type { GaussianTargetModel, LinearisedGaussianModel, Prior } from '../../src/likelihood/model.ts';
import { baselineTarget } from '../../src/likelihood/targets.ts';
import { gaussianStream, linearisedCase, inputDir } from './parity-cases.ts';

/** Solves A x = b by Gaussian elimination with partial pivoting (independent of the engine's Cholesky). */
function solve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const m = Array.from({ length: n }, (_, i) => [...a.slice(i * n, i * n + n), b[i]]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) pivot = r;
    [m[c], m[pivot]] = [m[pivot], m[c]];
    for (let r = c + 1; r < n; r++) {
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r][n];
    for (let k = r + 1; k < n; k++) s -= m[r][k] * x[k];
    x[r] = s / m[r][r];
  }
  return x;
}

function logPrior(priors: Prior[], theta: ArrayLike<number>): number {
  let s = 0;
  for (const [i, prior] of priors.entries()) {
    const x = theta[i];
    const lower = prior.kind === 'flat' ? prior.lower : (prior.lower ?? -Infinity);
    const upper = prior.kind === 'flat' ? prior.upper : (prior.upper ?? Infinity);
    if (x < lower || x > upper) return -Infinity;
    if (prior.kind === 'gaussian') s += -0.5 * ((x - prior.mean) / prior.sd) ** 2;
  }
  return s;
}

/** log L + log prior straight from the LinearisedGaussianModel definition. */
function naiveLinearised(model: LinearisedGaussianModel, theta: ArrayLike<number>): number {
  const nPar = model.parameterNames.length;
  const nObs = model.observableNames.length;
  const prior = logPrior(model.priors, theta);
  if (prior === -Infinity) return -Infinity;
  const delta = Array.from({ length: nPar }, (_, i) => theta[i] - model.reference[i]);
  const r = new Float64Array(nObs);
  for (let k = 0; k < nObs; k++) {
    let y = model.y0[k];
    for (let i = 0; i < nPar; i++) y += model.jacobian[k * nPar + i] * delta[i];
    r[k] = y - model.measured[k];
  }
  // ½ δᵀ B_k δ with B_kij = B_kji = value for each listed (k, i ≤ j).
  for (const { observable, i, j, value } of model.quadratic ?? []) {
    r[observable] += i === j ? 0.5 * value * delta[i] * delta[i] : value * delta[i] * delta[j];
  }
  const cInvR = solve(model.covariance, r, nObs);
  let chi2 = 0;
  for (let k = 0; k < nObs; k++) chi2 += r[k] * cInvR[k];
  return -0.5 * chi2 + prior;
}

function naiveGaussianTarget(model: GaussianTargetModel, x: ArrayLike<number>): number {
  const n = model.parameterNames.length;
  const prior = model.priors ? logPrior(model.priors, x) : 0;
  if (prior === -Infinity) return -Infinity;
  let q = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) q += (x[i] - model.mean[i]) * model.precision[i * n + j] * (x[j] - model.mean[j]);
  return -0.5 * q + prior;
}

function evaluate(model: Parameters<typeof compileModel>[0], points: Float64Array, count: number): Float64Array {
  const out = new Float64Array(count);
  compileModel(model, { backend: 'cpu', maxBatch: count }).density.logProbBatch(points, count, out);
  return out;
}

describe('cpu backend vs the model definitions', () => {
  for (const quadratic of [false, true]) {
    it(`linearised-gaussian${quadratic ? ' with quadratic terms' : ''}: matches rᵀC⁻¹r by elimination to 1e-9 relative`, () => {
      const model = linearisedCase({ quadratic, seed: 'cpu-density' });
      const gauss = gaussianStream('cpu-density-points');
      const count = 300;
      const points = new Float64Array(count * 4);
      for (let p = 0; p < count; p++) {
        for (let i = 0; i < 4; i++) points[p * 4 + i] = model.reference[i] + (p % 10 === 0 ? 0.6 : 0.05) * gauss();
      }
      const out = evaluate(model, points, count);
      let outside = 0;
      for (let p = 0; p < count; p++) {
        const expected = naiveLinearised(model, points.subarray(p * 4, p * 4 + 4));
        if (expected === -Infinity) {
          outside++;
          expect(out[p]).toBe(-Infinity);
          continue;
        }
        // Both routes are backward stable: error ≲ κ(C)·n·2⁻⁵³·|χ²| with κ(C) ≈ 2.6e5 here ⇒ ≲ 2e-10 relative.
        expect(Math.abs(out[p] - expected)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(expected)));
      }
      expect(outside).toBeGreaterThan(0); // the wide points (every 10th) reach past the ±1 box
    });
  }

  it('linear model with a parameter the data leave free (singular R in the QR reduction) matches too', () => {
    const model = linearisedCase({ quadratic: false, seed: 'free-parameter' });
    for (let k = 0; k < 7; k++) model.jacobian[k * 4 + 1] = 0; // θ_1: flat prior only
    const gauss = gaussianStream('free-parameter-points');
    const count = 64;
    const points = new Float64Array(count * 4);
    for (let p = 0; p < count; p++) for (let i = 0; i < 4; i++) points[p * 4 + i] = model.reference[i] + 0.05 * gauss();
    const out = evaluate(model, points, count);
    for (let p = 0; p < count; p++) {
      const expected = naiveLinearised(model, points.subarray(p * 4, p * 4 + 4));
      // Same float64 argument as above (κ(C) ≈ 2.6e5).
      expect(Math.abs(out[p] - expected)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(expected)));
    }
  });

  it('gaussian-target with a box and Gaussian priors merged: equals the term-by-term sum to 1e-9 relative', () => {
    const { model: base } = baselineTarget('gauss20', inputDir);
    const g = base as GaussianTargetModel;
    const priors: Prior[] = g.parameterNames.map((_, i) =>
      i % 3 === 0 ? { kind: 'gaussian', mean: 0.3, sd: 2 + i / 10, lower: -30, upper: 30 } : { kind: 'flat', lower: -60, upper: 60 },
    );
    const model: GaussianTargetModel = { ...g, priors };
    const gauss = gaussianStream('target-priors');
    const count = 200;
    const points = new Float64Array(count * 20);
    for (let p = 0; p < count; p++) for (let i = 0; i < 20; i++) points[p * 20 + i] = g.mean[i] + 15 * gauss();
    const out = evaluate(model, points, count);
    let outside = 0;
    for (let p = 0; p < count; p++) {
      const expected = naiveGaussianTarget(model, points.subarray(p * 20, p * 20 + 20));
      if (expected === -Infinity) {
        outside++;
        expect(out[p]).toBe(-Infinity);
        continue;
      }
      // The merge keeps the dropped constant (centred-gaussian-form.ts), so values agree absolutely;
      // float64 with κ(P) = 1e4: ≤ 1e-9 relative.
      expect(Math.abs(out[p] - expected)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(expected)));
    }
    expect(outside).toBeGreaterThan(0);
  });

  it('four-lane blocking: a point gets the identical double whether scored alone or in a batch', () => {
    // cpu-density.ts runs points four at a time with the same operation order per point, so the
    // result must not depend on the lane or on the batch size (exact equality, Object.is).
    const cases = [baselineTarget('gauss50', inputDir).model, linearisedCase({ quadratic: true, seed: 'lanes' })];
    for (const model of cases) {
      const n = model.parameterNames.length;
      const gauss = gaussianStream('lanes');
      const count = 7;
      const points = new Float64Array(count * n);
      for (let i = 0; i < points.length; i++) points[i] = 0.05 * gauss();
      const together = evaluate(model, points, count);
      for (let p = 0; p < count; p++) {
        const alone = evaluate(model, points.slice(p * n, (p + 1) * n), 1);
        expect(Object.is(alone[0], together[p])).toBe(true);
      }
    }
  });

  it('rosen2: −(100(x2 − x1²)² + (1 − x1)²)/20 at hand-checked points', () => {
    const { model } = baselineTarget('rosen2', inputDir);
    const out = evaluate(model, Float64Array.from([1, 1, 0, 0, 2, 3, -1, 2]), 4);
    // (1,1): 0; (0,0): −1/20; (2,3): −(100 + 1)/20; (−1,2): −(100 + 4)/20.
    expect(Array.from(out)).toEqual([-0, -0.05, -5.05, -5.2]);
  });

  it('cpu-function: passes the batch straight through', () => {
    const out = evaluate(
      {
        kind: 'cpu-function',
        parameterNames: ['a', 'b'],
        logProbBatch: (pts, count, o) => {
          for (let i = 0; i < count; i++) o[i] = pts[2 * i] - pts[2 * i + 1];
        },
      },
      Float64Array.from([3, 1, 5, 8]),
      2,
    );
    expect(Array.from(out)).toEqual([2, -3]);
  });
});
