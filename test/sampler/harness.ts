import type { BatchLogDensity } from '../../src/engine/density.ts';
import { EnsembleSampler } from '../../src/sampler/ensemble-sampler.ts';
import type { EnsembleState } from '../../src/sampler/ensemble-state.ts';
import type { WeightedMove } from '../../src/sampler/moves/move.ts';
import { RandomStream } from '../../src/sampler/random.ts';

/** log p(x) = −½ Σ (x − shift)², emcee's normal_log_prob (shift 0) and zeus' test target (shift 1). */
export function normalDensity(ndim: number, shift = 0): BatchLogDensity {
  return {
    ndim,
    backend: 'test',
    logProbBatch(points, count, out) {
      for (let i = 0; i < count; i++) {
        let s = 0;
        for (let d = 0; d < ndim; d++) s += (points[i * ndim + d] - shift) ** 2;
        out[i] = -0.5 * s;
      }
    },
  };
}

export interface HarnessRun {
  /** Flat chain (nSteps·nWalkers × ndim), step-major, no burn-in removed (as emcee's integration tests). */
  flat: Float64Array;
  acceptance: Float64Array;
  state: EnsembleState;
}

/** Runs one ensemble from `init` ('normal': randn, 'uniform': U(0,1)) for nSteps steps, storing every step. */
export function runHarness(options: {
  moves: WeightedMove[];
  ndim: number;
  nWalkers: number;
  nSteps: number;
  seed: number | string;
  init: 'normal' | 'uniform';
  density?: BatchLogDensity;
  allowFewWalkers?: boolean;
}): HarnessRun {
  const { ndim, nWalkers, nSteps } = options;
  const density = options.density ?? normalDensity(ndim);
  const sampler = new EnsembleSampler(density, { nWalkers, nDim: ndim, nEnsembles: 1, moves: options.moves, allowFewWalkers: options.allowFewWalkers });
  const initRandom = RandomStream.fromSeed(`${options.seed}:init`);
  const coords = Float64Array.from({ length: nWalkers * ndim }, () => (options.init === 'normal' ? initRandom.normal() : initRandom.uniform()));
  const state: EnsembleState = {
    nEnsembles: 1,
    nWalkers,
    nDim: ndim,
    coords,
    logProb: new Float64Array(nWalkers),
    accepted: new Float64Array(nWalkers),
    iteration: 0,
    randoms: [RandomStream.fromSeed(options.seed)],
  };
  sampler.scoreInitial(state);
  const flat = new Float64Array(nSteps * nWalkers * ndim);
  for (let t = 0; t < nSteps; t++) {
    sampler.step(state);
    flat.set(state.coords, t * nWalkers * ndim);
  }
  const acceptance = Float64Array.from(state.accepted, (a) => a / nSteps);
  return { flat, acceptance, state };
}

export function columnMeanStd(flat: Float64Array, ndim: number): { mean: number[]; std: number[] } {
  const n = flat.length / ndim;
  const mean = new Array<number>(ndim).fill(0);
  const std = new Array<number>(ndim).fill(0);
  for (let i = 0; i < n; i++) for (let d = 0; d < ndim; d++) mean[d] += flat[i * ndim + d] / n;
  for (let i = 0; i < n; i++) for (let d = 0; d < ndim; d++) std[d] += (flat[i * ndim + d] - mean[d]) ** 2 / n;
  return { mean, std: std.map(Math.sqrt) };
}

/** Φ(x) through erfc (W. J. Cody's rational approximations via the complementary error function, |ε| < 1.2e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  // Numerical Recipes erfc Chebyshev fit, fractional error < 1.2e-7 everywhere.
  const erfc =
    t *
    Math.exp(
      -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
}

/** One-sample Kolmogorov–Smirnov statistic sup |F_n − F| (as scipy.stats.kstest's statistic). */
export function ksStatistic(samples: Float64Array, cdf: (x: number) => number): number {
  const sorted = Float64Array.from(samples).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/**
 * Runs `check` for seeds 1..nSeeds and returns how many passed (with the failures' reasons). Yields to
 * the event loop between seeds so the test worker keeps answering the runner during long cases.
 */
export async function countPassingSeeds(nSeeds: number, check: (seed: number) => string | null): Promise<{ passed: number; failures: string[] }> {
  const failures: string[] = [];
  for (let seed = 1; seed <= nSeeds; seed++) {
    await new Promise((resolve) => setImmediate(resolve));
    const failure = check(seed);
    if (failure) failures.push(`seed ${seed}: ${failure}`);
  }
  return { passed: nSeeds - failures.length, failures };
}

/**
 * A state of `nEnsembles` × `nWalkers` walkers drawn from N(centre, spread²) per coordinate (default N(0, 1)) by
 * the stream `<seed>:init`, ensemble e's stream `<seed>:<e>`.
 */
export function freshState(nEnsembles: number, nWalkers: number, nDim: number, seed: string, centre: number[] = [], spread: number[] = []): EnsembleState {
  const init = RandomStream.fromSeed(`${seed}:init`);
  return {
    nEnsembles,
    nWalkers,
    nDim,
    coords: Float64Array.from({ length: nEnsembles * nWalkers * nDim }, (_, i) => (centre[i % nDim] ?? 0) + (spread[i % nDim] ?? 1) * init.normal()),
    logProb: new Float64Array(nEnsembles * nWalkers),
    accepted: new Float64Array(nEnsembles * nWalkers),
    iteration: 0,
    randoms: Array.from({ length: nEnsembles }, (_, e) => RandomStream.fromSeed(`${seed}:${e}`)),
  };
}

/** Runs `steps` steps, discards the first `burn`, returns per-parameter mean and sd of the rest. */
export function moments(density: BatchLogDensity, moves: WeightedMove[], state: EnsembleState, steps: number, burn: number, options: { allowFewWalkers?: boolean } = {}): { mean: number[]; sd: number[] } {
  const { nDim } = state;
  const sampler = new EnsembleSampler(density, { nWalkers: state.nWalkers, nDim, nEnsembles: state.nEnsembles, moves, allowFewWalkers: options.allowFewWalkers });
  sampler.scoreInitial(state);
  const sum = new Float64Array(nDim);
  const sum2 = new Float64Array(nDim);
  let n = 0;
  for (let t = 0; t < steps; t++) {
    sampler.step(state);
    if (t < burn) continue;
    for (let k = 0; k < state.coords.length; k++) {
      sum[k % nDim] += state.coords[k];
      sum2[k % nDim] += state.coords[k] ** 2;
    }
    n += state.coords.length / nDim;
  }
  const mean = Array.from(sum, (s) => s / n);
  return { mean, sd: Array.from(sum2, (s, d) => Math.sqrt(s / n - mean[d] ** 2)) };
}

/**
 * The first parameter whose mean is off the exact one by more than `meanTolerance` σ, or whose sd is off by
 * more than `sdTolerance` (relative; one per parameter or one for all), in words; null when none is.
 */
export function momentsMiss(m: { mean: number[]; sd: number[] }, truth: { mean: readonly number[]; sd: readonly number[] }, meanTolerance: number, sdTolerance: number | readonly number[]): string | null {
  for (let d = 0; d < m.mean.length; d++) {
    const z = Math.abs(m.mean[d] - truth.mean[d]) / truth.sd[d];
    if (z > meanTolerance) return `x${d + 1} mean off by ${z.toFixed(3)} σ`;
    const r = m.sd[d] / truth.sd[d] - 1;
    if (Math.abs(r) > (typeof sdTolerance === 'number' ? sdTolerance : sdTolerance[d])) return `x${d + 1} sd off by ${(100 * r).toFixed(1)} %`;
  }
  return null;
}
