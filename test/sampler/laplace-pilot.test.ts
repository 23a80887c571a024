/**
 * The pilot fit of gess `fit: laplace` (sampler/laplace-pilot.ts) and the walkers drawn from it: exact on a
 * Gaussian (central second differences of a quadratic are exact up to rounding), the box handling (logit
 * coordinates, the delta method back, the cap at a box's variance), and a one-line error where the start
 * centres lie outside the support; the config keys (`fit: laplace`, `start: laplace` with `fit: history`) and
 * their refusals.
 */
import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../src/config/load-config.ts';
import type { BatchLogDensity } from '../../src/engine/density.ts';
import type { ParameterSpec } from '../../src/scenarios/scenario.ts';
import { drawInitialWalkers } from '../../src/sampler/initial-walkers.ts';
import { laplacePilot } from '../../src/sampler/laplace-pilot.ts';
import { GessMove } from '../../src/sampler/moves/gess.ts';

/** Gaussian log-density N(mean, covariance) (given by its precision), −∞ outside the flat priors' boxes. */
function gaussianDensity(parameters: ParameterSpec[], mean: number[], precision: number[][]): BatchLogDensity & { calls: number[] } {
  const D = mean.length;
  const calls: number[] = [];
  return {
    ndim: D,
    backend: 'cpu',
    calls,
    logProbBatch(points, count, out) {
      calls.push(count);
      for (let k = 0; k < count; k++) {
        const x = points.subarray(k * D, (k + 1) * D);
        const outside = parameters.some((p, d) => p.prior.kind === 'flat' && !(x[d] > p.prior.lower && x[d] < p.prior.upper));
        let q = 0;
        for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) q += (x[i] - mean[i]) * precision[i][j] * (x[j] - mean[j]);
        out[k] = outside ? -Infinity : -0.5 * q;
      }
    },
  };
}

const covarianceOf = (cholesky: Float64Array, D: number, i: number, j: number): number => {
  let v = 0;
  for (let k = 0; k < D; k++) v += cholesky[i * D + k] * cholesky[j * D + k];
  return v;
};

/** A 3-D Gaussian with correlations 0.6 and −0.3 and sds 0.5, 2, 0.1; its covariance and precision. */
const SD = [0.5, 2, 0.1];
const CORRELATION = [
  [1, 0.6, 0],
  [0.6, 1, -0.3],
  [0, -0.3, 1],
];
const COVARIANCE = CORRELATION.map((row, i) => row.map((r, j) => r * SD[i] * SD[j]));
function inverse3(m: number[][]): number[][] {
  const [[a, b, c], [d, e, f], [g, h, i]] = m;
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  return [
    [(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det],
    [(f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det],
    [(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det],
  ];
}
const MEAN = [1, -2, 0.3];

describe('laplace pilot', () => {
  it('on a correlated Gaussian with unbounded parameters: the mode to 1e-5 σ and the covariance to 1e-6 (relative), from a start 20 σ away, in batches of the given size', async () => {
    // Central differences of a quadratic are exact; what is left is rounding: ε |log p| / h² ≈ 1e-16 · 600 / 1e-6
    // ≈ 6e-8 of a unit curvature at the start, which the one Newton step of 20 σ carries into the mode (≈ 2e-6 σ).
    const parameters: ParameterSpec[] = SD.map((sd, d) => ({ name: `x${d}`, prior: { kind: 'gaussian', mean: 0, sd: 1e6 }, start: { center: MEAN[d] + 20 * sd, width: sd }, role: 'target' }));
    const density = gaussianDensity(parameters, MEAN, inverse3(COVARIANCE));
    const pilot = await laplacePilot(density, parameters, { batch: 7 });
    for (let d = 0; d < 3; d++) expect(Math.abs(pilot.mean[d] - MEAN[d]) / SD[d]).toBeLessThan(1e-5);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(Math.abs(covarianceOf(pilot.cholesky, 3, i, j) - COVARIANCE[i][j]) / (SD[i] * SD[j])).toBeLessThan(1e-6);
    // One Newton step reaches the mode of a quadratic; the second finds nothing left to climb.
    expect(pilot.newtonSteps).toBe(1);
    expect(Math.max(...density.calls)).toBeLessThanOrEqual(7);
    expect(pilot.evaluations).toBe(density.calls.reduce((s, n) => s + n, 0));
  });

  it('a narrow posterior inside a box: the logit Laplace mode and the delta-method sd as computed by hand, to 1 % of σ; a box the posterior fills: the sd capped at the box’s, width/√12', async () => {
    // x0 ~ N(0.3, σ = 0.05) in [0, 1]. In z = logit x the log-density gains log x(1 − x), so the mode x* solves
    // −(x − 0.3)/σ² + 1/x − 1/(1 − x) = 0 (0.095 σ above 0.3), and the delta method's variance is
    // 1/(1/σ² + 1/x*² + 1/(1 − x*)²). x1 is flat in [−2, 2] (no likelihood): its density in z is logistic,
    // whose Laplace variance 2 maps to (4 · ¼)² · 2 = 2 > 4²/12, so the cap holds it at the box's.
    const parameters: ParameterSpec[] = [
      { name: 'narrow', prior: { kind: 'flat', lower: 0, upper: 1 }, start: { center: 0.5, width: 0.1 }, role: 'target' },
      { name: 'filling', prior: { kind: 'flat', lower: -2, upper: 2 }, start: { center: 0.5, width: 0.1 }, role: 'target' },
    ];
    const sigma = 0.05;
    const density = gaussianDensity(parameters, [0.3, 0], [
      [1 / sigma ** 2, 0],
      [0, 0],
    ]);
    const pilot = await laplacePilot(density, parameters, { batch: 64 });
    const slope = (x: number) => -(x - 0.3) / sigma ** 2 + 1 / x - 1 / (1 - x);
    let [lo, hi] = [0.3, 0.4];
    for (let i = 0; i < 60; i++) [lo, hi] = slope((lo + hi) / 2) > 0 ? [(lo + hi) / 2, hi] : [lo, (lo + hi) / 2];
    const mode = (lo + hi) / 2;
    expect(Math.abs(pilot.mean[0] - mode) / sigma).toBeLessThan(0.01);
    const sd = 1 / Math.sqrt(1 / sigma ** 2 + 1 / mode ** 2 + 1 / (1 - mode) ** 2);
    expect(Math.abs(Math.sqrt(covarianceOf(pilot.cholesky, 2, 0, 0)) / sd - 1)).toBeLessThan(0.01);
    expect(Math.abs(pilot.mean[1])).toBeLessThan(0.01);
    expect(Math.sqrt(covarianceOf(pilot.cholesky, 2, 1, 1))).toBeCloseTo(4 / Math.sqrt(12), 10);
  });

  it('start centres where log p = −∞: a one-line error that says so', async () => {
    const parameters: ParameterSpec[] = [{ name: 'x', prior: { kind: 'gaussian', mean: 0, sd: 1 }, start: { center: 3, width: 1 }, role: 'target' }];
    const density: BatchLogDensity = { ndim: 1, backend: 'cpu', logProbBatch: (points, count, out) => void out.fill(-Infinity, 0, count) };
    await expect(laplacePilot(density, parameters, { batch: 4 })).rejects.toThrow(/log p at the start centres is -Infinity/);
  });

  it('walkers drawn from the fit: their mean and variance match the fit’s within 4 Monte Carlo errors (4000 walkers)', async () => {
    const parameters: ParameterSpec[] = SD.map((sd, d) => ({ name: `x${d}`, prior: { kind: 'flat', lower: -10, upper: 10 }, start: { center: MEAN[d], width: sd }, role: 'target' }));
    const density = gaussianDensity(parameters, MEAN, inverse3(COVARIANCE));
    const pilot = await laplacePilot(density, parameters, { batch: 256 });
    const n = 4000;
    const coords = await drawInitialWalkers(parameters, density, { nEnsembles: 1, nWalkers: n, seed: 3, fit: { ...pilot, nu: 5 } });
    for (let d = 0; d < 3; d++) {
      const sd = Math.sqrt(covarianceOf(pilot.cholesky, 3, d, d));
      let mean = 0;
      for (let w = 0; w < n; w++) mean += coords[w * 3 + d] / n;
      let variance = 0;
      for (let w = 0; w < n; w++) variance += (coords[w * 3 + d] - mean) ** 2 / (n - 1);
      expect(Math.abs(mean - pilot.mean[d]) / sd).toBeLessThan(4 / Math.sqrt(n));
      // t with ν = 5 has excess kurtosis 6, so the sample variance's relative sd is √(8/n) ≈ 4.5 %: 4 of them.
      expect(Math.abs(variance / sd ** 2 - 1)).toBeLessThan(4 * Math.sqrt(8 / n));
    }
  });
});

describe('gess fit: laplace in a config', () => {
  const NORMAL = 'model:\n  target: normal\n  ndim: 2\nsampler:\n  walkers: 8\n  moves:\n';
  it('fit: laplace and fit: history with start: laplace parse; start without fit: history is refused with its line', () => {
    expect(parseRunConfig(`${NORMAL}    - { move: gess, fit: laplace }\n`).sampler.moves).toEqual([{ move: 'gess', fit: 'laplace' }]);
    expect(parseRunConfig(`${NORMAL}    - { move: gess, fit: history, start: laplace }\n`).sampler.moves[0]).toMatchObject({ fit: 'history', start: 'laplace' });
    expect(() => parseRunConfig(`${NORMAL}    - { move: gess, fit: laplace, start: laplace }\n`, 'c.yaml')).toThrow(/^c\.yaml:7: sampler\.moves\.0\.fit: start, firstRefit, freezeAfter and expansion belong to fit: history/);
    expect(() => new GessMove({ start: 'laplace' })).toThrow(/start: laplace belongs to fit: history/);
  });

  it('a laplace move asked for its state before the run has made the pilot says so', () => {
    expect(() => new GessMove({ fit: 'laplace' }).initialTuning(2)).toThrow(/needs the pilot fit of the run/);
  });
});
