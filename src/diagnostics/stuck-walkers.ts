/**
 * Stuck-walker detection: walkers whose acceptance fraction is far below the ensemble's typical value
 * are trapped (emcee issues #121/#423, PBjam #146: "islands" of walkers in low-probability regions
 * that bias the ensemble and inflate τ). Rule: acceptance < median acceptance / 5.
 */
import { InputError } from '../errors.ts';
import { median } from '../numerics/quantile.ts';

/** A walker is stuck when its acceptance is below this fraction of the median acceptance. */
export const STUCK_ACCEPTANCE_RATIO = 0.2;

/** Indices (ascending) of the stuck walkers. A median of 0 flags nobody (nothing is below 0). */
export function findStuckWalkers(acceptanceFraction: Float64Array, ratio = STUCK_ACCEPTANCE_RATIO): number[] {
  for (let w = 0; w < acceptanceFraction.length; w++) {
    const a = acceptanceFraction[w];
    if (!(a >= 0 && a <= 1)) throw new InputError(`acceptanceFraction[${w}] = ${a} is not in [0, 1]`);
  }
  if (!(ratio > 0 && ratio <= 1)) throw new InputError(`ratio must be in (0, 1], got ${ratio}`);
  if (acceptanceFraction.length === 0) return [];
  const threshold = ratio * median(acceptanceFraction);
  const stuck: number[] = [];
  for (let w = 0; w < acceptanceFraction.length; w++) if (acceptanceFraction[w] < threshold) stuck.push(w);
  return stuck;
}
