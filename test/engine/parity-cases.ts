/**
 * Shared cases for backend parity (the gpu.js feature-test pattern, style anchors §5: one check per
 * model, registered for every backend that exists here): one model per kernel, with seeded random
 * batches around the region a sampler visits and far out in the tails.
 */
import seedrandom from 'seedrandom';
import { dataDir } from '../../src/data-dir.ts';
import type { LinearisedGaussianModel, ModelDescription } from '../../src/likelihood/model.ts';
import { baselineTarget } from '../../src/likelihood/targets.ts';

/** The benchmark targets the tests compute with: the package's own data/ (sampler/baseline-targets.json). */
export const inputDir = dataDir();

export interface ParityCase {
  name: string;
  kernel: 'whitened-residuals' | 'quadratic-form' | 'rosenbrock' | 'funnel';
  model: ModelDescription;
  ndim: number;
  /** A batch of `count` points (row-major) for the given seed. */
  batch(seed: string, count: number): Float64Array;
}

export function gaussianStream(seed: string): () => number {
  const rng = seedrandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/** centre + width ⊙ ξ, ξ ~ N(0, spread²): half the points at spread 1, half at spread 3 (tails). */
function scatter(centre: ArrayLike<number>, width: ArrayLike<number>, seed: string, count: number): Float64Array {
  const n = centre.length;
  const gauss = gaussianStream(seed);
  const points = new Float64Array(count * n);
  for (let p = 0; p < count; p++) {
    const spread = p % 2 === 0 ? 1 : 3;
    for (let i = 0; i < n; i++) points[p * n + i] = centre[i] + width[i] * spread * gauss();
  }
  return points;
}

/**
 * A linearised Gaussian with EW-like scales: observables O(1…100) measured to 1e-4…1e-2 relative,
 * correlated errors, a non-zero θ_ref, sparse quadratic terms, and flat + Gaussian priors.
 */
export function linearisedCase(options: { quadratic: boolean; seed: string }): LinearisedGaussianModel {
  const rng = seedrandom(options.seed);
  const nPar = 4;
  const nObs = 7;
  const scales = [80.4, 91.19, 2.4952, 0.2315, 41.48, 20.77, 0.1721];
  const sigma = scales.map((s, k) => s * 10 ** (-4 + (2 * k) / (nObs - 1)));
  // Correlation ρ = 0.3 between neighbours: tridiagonal, diagonally dominant ⇒ positive definite.
  const covariance = new Float64Array(nObs * nObs);
  for (let k = 0; k < nObs; k++) {
    covariance[k * nObs + k] = sigma[k] * sigma[k];
    if (k + 1 < nObs) covariance[k * nObs + k + 1] = covariance[(k + 1) * nObs + k] = 0.3 * sigma[k] * sigma[k + 1];
  }
  const jacobian = new Float64Array(nObs * nPar);
  for (let k = 0; k < nObs; k++) for (let i = 0; i < nPar; i++) jacobian[k * nPar + i] = scales[k] * 0.01 * (rng() - 0.5);
  const y0 = Float64Array.from(scales);
  const measured = Float64Array.from(scales, (s, k) => s + 2 * sigma[k] * (rng() - 0.5));
  const quadratic = options.quadratic
    ? [
        { observable: 0, i: 0, j: 0, value: 0.02 * scales[0] },
        { observable: 1, i: 0, j: 2, value: -0.01 * scales[1] },
        { observable: 4, i: 1, j: 3, value: 0.015 * scales[4] },
        { observable: 6, i: 2, j: 2, value: 0.03 * scales[6] },
      ]
    : undefined;
  return {
    kind: 'linearised-gaussian',
    parameterNames: ['lq1_2223', 'lq3_2223', 'phiD', 'phiWB'],
    observableNames: ['m_W', 'm_Z', 'Gamma_Z', 'sw2_eff', 'sigma_had', 'R_l', 'R_b'],
    reference: Float64Array.from([0.1, -0.2, 0, 0.05]),
    y0,
    jacobian,
    quadratic,
    measured,
    covariance,
    priors: [
      { kind: 'flat', lower: -1, upper: 1 },
      { kind: 'flat', lower: -1, upper: 1 },
      { kind: 'gaussian', mean: 0, sd: 0.05 },
      { kind: 'gaussian', mean: 0.02, sd: 0.1, lower: -1, upper: 1 },
    ],
  };
}

/** Exact funnel draws: v ~ N(0, (spread·σ_v)²), x_i | v ~ N(0, e^v); half the points at spread 1, half at 2. */
function funnelDraws(seed: string, count: number, sigmaV: number): Float64Array {
  const gauss = gaussianStream(seed);
  const points = new Float64Array(count * 10);
  for (let p = 0; p < count; p++) {
    const v = (p % 2 === 0 ? 1 : 2) * sigmaV * gauss();
    points[p * 10] = v;
    for (let i = 1; i < 10; i++) points[p * 10 + i] = Math.exp(v / 2) * gauss();
  }
  return points;
}

export function parityCases(): ParityCase[] {
  const cases: ParityCase[] = [];
  for (const quadratic of [false, true]) {
    const model = linearisedCase({ quadratic, seed: 'linearised' });
    cases.push({
      name: quadratic ? 'linearised (with quadratic terms)' : 'linearised (linear)',
      kernel: 'whitened-residuals',
      model,
      ndim: 4,
      // Widths of order the posterior's (the data pin the parameters to ~1e-2; box is ±1).
      batch: (seed, count) => {
        const points = scatter(model.reference, [0.05, 0.05, 0.05, 0.05], seed, count);
        // Every 7th point leaves the prior box (|θ_0| or |θ_3| > 1): −Infinity on every backend.
        for (let p = 0; p < count; p += 7) points[p * 4 + (p % 2 === 0 ? 0 : 3)] = p % 3 === 0 ? 1.2 : -1.5;
        return points;
      },
    });
  }
  for (const name of ['gauss20', 'gauss50'] as const) {
    const { model, truth } = baselineTarget(name, inputDir);
    cases.push({
      name,
      kernel: 'quadratic-form',
      model,
      ndim: truth.mean.length,
      batch: (seed, count) => scatter(truth.mean, truth.sd, seed, count),
    });
  }
  const rosen = baselineTarget('rosen2', inputDir);
  cases.push({
    name: 'rosen2',
    kernel: 'rosenbrock',
    model: rosen.model,
    ndim: 2,
    batch: (seed, count) => scatter(rosen.truth.mean, rosen.truth.sd, seed, count),
  });
  // funnel10 is generated, not a reference copy: it lives in data/ only (scaling-targets.json).
  const funnel = baselineTarget('funnel10', dataDir());
  cases.push({
    name: 'funnel10',
    kernel: 'funnel',
    model: funnel.model,
    ndim: 10,
    batch: (seed, count) => funnelDraws(seed, count, 1.5),
  });
  return cases;
}
