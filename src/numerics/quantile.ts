/**
 * Sample quantiles as R's `quantile(type = 7)` (= numpy's default 'linear'), and R's `median`.
 * posterior's tail/quantile ESS (Vehtari et al. 2021 §4.3) is defined with these, so the arithmetic
 * follows R's quantile.default: index h = 1 + (n−1)p, q = (1−γ)·x_(lo) + γ·x_(hi), γ = h − lo, the
 * interpolation being skipped when the two order statistics are equal.
 */
import { InputError } from '../errors.ts';
import { sortedFloat64 } from './sort-float64.ts';

/** Ascending copy of the values (radix sort, sort-float64.ts). */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return sortedFloat64(values);
}

/** Type-7 quantile of already SORTED values. */
export function quantileOfSorted(sorted: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new InputError(`quantile: probability ${p} is not in [0, 1]`);
  const n = sorted.length;
  if (n === 0) return NaN;
  const index = (n - 1) * p; // 0-based version of R's 1 + (n−1)p
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const low = sorted[lo];
  const high = sorted[hi];
  if (index > lo && high !== low) {
    const gamma = index - lo;
    return (1 - gamma) * low + gamma * high;
  }
  return low;
}

/** Type-7 quantile of unsorted values. */
export function quantile(values: ArrayLike<number>, p: number): number {
  return quantileOfSorted(sortedCopy(values), p);
}

/** R's median: the middle order statistic, or the mean of the two middle ones. */
export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  const sorted = sortedCopy(values);
  const half = n >>> 1;
  return n % 2 === 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
}
