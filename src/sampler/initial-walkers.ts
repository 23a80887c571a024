import { InputError } from '../errors.ts';
import type { BatchLogDensity } from '../engine/density.ts';
import type { ParameterSpec } from '../scenarios/scenario.ts';
import { priorRange } from './box-coordinates.ts';
import { gammaVariate } from './gamma-variate.ts';
import { RandomStream } from './random.ts';
import { walkersIndependent } from './walkers-independent.ts';

export interface InitialWalkersOptions {
  nEnsembles: number;
  nWalkers: number;
  seed: string | number;
  /** emcee's skip_initial_state_check. */
  skipIndependenceCheck?: boolean;
  /**
   * Draw the walkers from the Student-t with this location, covariance (Cholesky factor) and ν instead of the
   * start boxes: the pilot fit of gess `fit: laplace` (laplace-pilot.ts).
   */
  fit?: { mean: Float64Array; cholesky: Float64Array; nu: number };
}

const MAX_REDRAWS = 100;

/**
 * Initial positions: each coordinate start.center + start.width · N(0,1) (or, with a fit, each walker a draw
 * of the t), redrawn (up to 100 times) while outside its prior box or while the log-density is −∞ there, so
 * every walker starts with a finite log-probability. Each ensemble is then checked for linear independence (emcee's scaled
 * condition-number test, cond ≤ 1e8) unless the check is skipped.
 *
 * The draws come from their own stream (seed + ':init'), so they do not shift the sampling streams.
 */
export async function drawInitialWalkers(parameters: ParameterSpec[], density: BatchLogDensity, options: InitialWalkersOptions): Promise<Float64Array> {
  const nDim = parameters.length;
  const total = options.nEnsembles * options.nWalkers;
  const coords = new Float64Array(total * nDim);
  const random = RandomStream.fromSeed(`${options.seed}:init`);
  const logProb = new Float64Array(total);
  const pending = new Set<number>(Array.from({ length: total }, (_, i) => i));
  for (let attempt = 0; attempt < MAX_REDRAWS && pending.size > 0; attempt++) {
    for (const walker of pending) {
      const row = coords.subarray(walker * nDim, (walker + 1) * nDim);
      if (options.fit) drawFromFit(parameters, options.fit, random, row);
      else for (let d = 0; d < nDim; d++) row[d] = drawInsidePrior(parameters[d], random);
    }
    await density.logProbBatch(coords, total, logProb);
    for (const walker of [...pending]) if (Number.isFinite(logProb[walker])) pending.delete(walker);
  }
  if (pending.size > 0) {
    throw new InputError(`start: ${pending.size} walkers have log-probability −∞ after ${MAX_REDRAWS} draws from the start boxes; move the start centres inside the support`);
  }
  if (!options.skipIndependenceCheck) {
    for (let e = 0; e < options.nEnsembles; e++) {
      const block = coords.subarray(e * options.nWalkers * nDim, (e + 1) * options.nWalkers * nDim);
      if (!walkersIndependent(block, options.nWalkers, nDim)) {
        throw new InputError(
          `start: the initial walkers of ensemble ${e} are not linearly independent (scaled condition number > 1e8); ` +
            'widen the start boxes or skip the check explicitly',
        );
      }
    }
  }
  return coords;
}

/**
 * One draw of t(μ, Σ(ν − 2)/ν, ν), whose covariance is the fit's Σ = L Lᵀ, as a scale mixture of Gaussians
 * (x = μ + √w L z, w ~ InvGamma(ν/2, (ν − 2)/2)), redrawn while outside a prior box.
 */
function drawFromFit(parameters: ParameterSpec[], fit: NonNullable<InitialWalkersOptions['fit']>, random: RandomStream, row: Float64Array): void {
  const nDim = parameters.length;
  const z = new Float64Array(nDim);
  for (let i = 0; i < MAX_REDRAWS; i++) {
    const w = fit.nu > 2 ? (0.5 * (fit.nu - 2)) / gammaVariate(random, 0.5 * fit.nu) : 1;
    for (let d = 0; d < nDim; d++) z[d] = Math.sqrt(w) * random.normal();
    let inside = true;
    for (let r = 0; r < nDim; r++) {
      let v = fit.mean[r];
      for (let c = 0; c <= r; c++) v += fit.cholesky[r * nDim + c] * z[c];
      row[r] = v;
      const [lower, upper] = priorRange(parameters[r]);
      inside &&= v > lower && v < upper;
    }
    if (inside) return;
  }
  throw new InputError('start: 100 draws of the pilot fit in a row fell outside the prior boxes; the fit does not describe the posterior');
}

function drawInsidePrior(parameter: ParameterSpec, random: RandomStream): number {
  const { start } = parameter;
  const [lower, upper] = priorRange(parameter);
  for (let i = 0; i < MAX_REDRAWS; i++) {
    const x = start.center + start.width * random.normal();
    if (x > lower && x < upper) return x;
  }
  throw new InputError(`start of ${parameter.name}: the start box ${start.center} ± ${start.width} lies outside the prior [${lower}, ${upper}]`);
}

/**
 * The initial walkers of ensembles first … first+count−1 of a run of `options.nEnsembles`: all ensembles
 * share one stream (`<seed>:init`) and their redraws interleave, so all of them are drawn (the same
 * evaluations, redraws and independence check, hence the same errors, as the single-process run) and the
 * block kept.
 */
export async function initialWalkersOfEnsembles(parameters: ParameterSpec[], density: BatchLogDensity, options: InitialWalkersOptions, first: number, count: number): Promise<Float64Array> {
  const all = await drawInitialWalkers(parameters, density, options);
  if (first === 0 && count === options.nEnsembles) return all; // no second copy of a huge ensemble
  const block = options.nWalkers * parameters.length;
  return all.slice(first * block, (first + count) * block);
}
