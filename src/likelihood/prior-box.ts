/**
 * Priors split into the two parts the engine treats differently:
 *  - the support box (flat priors, optional bounds on Gaussian priors): checked on the CPU in float64,
 *    so a point on the edge is classified exactly and −Infinity never travels through a float32 kernel
 *    (gpu.js returns 3.4e38 or NaN for Infinity on the GPU: gpu.js test/features/infinity.js);
 *  - Gaussian terms −½((θ−m)/sd)²: quadratic, so they join the whitened residuals as extra rows.
 */
import { InputError } from '../errors.ts';
import type { Prior } from './model.ts';

export interface PriorBox {
  lower: Float64Array; // −Infinity where unbounded
  upper: Float64Array; // +Infinity where unbounded
  /** True when at least one coordinate has a finite bound (otherwise the check is skipped). */
  bounded: boolean;
}

export interface GaussianPriorTerm {
  index: number;
  mean: number;
  sd: number;
}

/** Validates `priors` (one per parameter, named for errors) and splits them into box + Gaussian terms. */
export function splitPriors(
  priors: Prior[],
  parameterNames: string[],
): { box: PriorBox; gaussian: GaussianPriorTerm[] } {
  const n = parameterNames.length;
  if (priors.length !== n) {
    throw new InputError(`priors: expected ${n} priors (one per parameter), got ${priors.length}`);
  }
  const lower = new Float64Array(n).fill(-Infinity);
  const upper = new Float64Array(n).fill(Infinity);
  const gaussian: GaussianPriorTerm[] = [];
  for (let i = 0; i < n; i++) {
    const prior = priors[i];
    const name = parameterNames[i];
    if (prior.kind === 'flat') {
      // Infinite bounds are accepted (an improper flat prior: the box test never fails there).
      if (!(prior.lower < prior.upper)) {
        throw new InputError(`prior of ${name}: flat prior needs lower < upper, got [${prior.lower}, ${prior.upper}]`);
      }
      lower[i] = prior.lower;
      upper[i] = prior.upper;
    } else if (prior.kind === 'gaussian') {
      if (!Number.isFinite(prior.mean) || !(prior.sd > 0) || !Number.isFinite(prior.sd)) {
        throw new InputError(`prior of ${name}: gaussian prior needs a finite mean and sd > 0`);
      }
      lower[i] = prior.lower ?? -Infinity;
      upper[i] = prior.upper ?? Infinity;
      if (!(lower[i] < upper[i])) {
        throw new InputError(`prior of ${name}: gaussian prior bounds need lower < upper`);
      }
      gaussian.push({ index: i, mean: prior.mean, sd: prior.sd });
    } else {
      throw new InputError(`prior of ${name}: unknown kind '${(prior as { kind: string }).kind}'`);
    }
  }
  let bounded = false;
  for (let i = 0; i < n; i++) if (lower[i] > -Infinity || upper[i] < Infinity) bounded = true;
  return { box: { lower, upper, bounded }, gaussian };
}

export function unboundedBox(n: number): PriorBox {
  return {
    lower: new Float64Array(n).fill(-Infinity),
    upper: new Float64Array(n).fill(Infinity),
    bounded: false,
  };
}

/** True when point `row` of the row-major batch lies inside the closed box. NaN counts as outside. */
export function insideBox(box: PriorBox, points: Float64Array, row: number, ndim: number): boolean {
  const base = row * ndim;
  for (let i = 0; i < ndim; i++) {
    const x = points[base + i];
    if (!(x >= box.lower[i] && x <= box.upper[i])) return false;
  }
  return true;
}
