/**
 * Type-7 quantiles (quantile.ts) of unsorted values without sorting all of them: a quantile needs only the
 * order statistics x_(lo) and x_(lo+1). A strided sample of the values, sorted, brackets each of them
 * between two sample values several sampling sds apart; one pass counts the values below the bracket and
 * gathers those inside it, and only those are sorted. The order statistics found are the sorted array's,
 * so the quantiles are the same numbers as quantileOfSorted(sortedCopy(values), p); when a bracket misses
 * (ties, an odd ordering of the values) or the values hold a NaN, that sorting path is taken instead.
 *
 * For the few quantiles an output quotes (3 or 5 per parameter, of up to 2.5·10⁵ draws, for 100
 * parameters at large ensembles) this sorts a few per cent of the values instead of all of them.
 */
import { quantileOfSorted, sortedCopy } from './quantile.ts';

/** Values in the strided sample that places the brackets. */
const SAMPLE = 8192;
/** Below this many values the whole sort is as cheap. */
const MIN_VALUES = 4 * SAMPLE;
/** Half-width of a bracket in sampling sds √(m·p(1−p)) of the sample rank of the p-quantile. */
const BRACKET_SDS = 4;

/** quantileOfSorted(sortedCopy(values), p) for every p. */
export function quantilesOfUnsorted(values: ArrayLike<number>, ps: readonly number[]): number[] {
  const n = values.length;
  for (const p of ps) if (!(p >= 0 && p <= 1)) return [quantileOfSorted([], p)]; // quantileOfSorted's error
  if (n < MIN_VALUES) return bySorting(values, ps);
  const stride = Math.floor(n / SAMPLE);
  const sample = new Float64Array(SAMPLE);
  for (let s = 0; s < SAMPLE; s++) sample[s] = values[s * stride];
  const sortedSample = sortedCopy(sample);
  if (sortedSample[SAMPLE - 1] !== sortedSample[SAMPLE - 1]) return bySorting(values, ps); // a NaN (sorted last)
  const out = new Array<number>(ps.length);
  for (let q = 0; q < ps.length; q++) {
    const index = (n - 1) * ps[q];
    const lo = Math.floor(index);
    const needsHigh = index > lo;
    const rank = ps[q] * (SAMPLE - 1);
    const halfWidth = Math.ceil(BRACKET_SDS * Math.sqrt(SAMPLE * ps[q] * (1 - ps[q]))) + 2;
    const bottom = Math.floor(rank) - halfWidth;
    const top = Math.ceil(rank) + halfWidth;
    // Values in [below, above]; -∞/+∞ where the bracket runs off the sample.
    const below = bottom < 0 ? -Infinity : sortedSample[bottom];
    const above = top >= SAMPLE ? Infinity : sortedSample[top];
    // Counted without branches: a data-dependent branch per value mispredicts on every other one.
    let countBelow = 0;
    let countUpToAbove = 0;
    let nan = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      countBelow += +(v < below);
      countUpToAbove += +(v <= above);
      nan |= +(v !== v);
    }
    if (nan !== 0) return bySorting(values, ps);
    const inside = countUpToAbove - countBelow;
    const last = needsHigh ? lo + 1 : lo;
    if (countBelow > lo || countBelow + inside <= last) return bySorting(values, ps);
    // Written unconditionally and kept only inside the bracket (no branch): one spare slot at the end.
    const band = new Float64Array(inside + 1);
    let b = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      band[b] = v;
      b += +(v >= below) & +(v <= above);
    }
    const sortedBand = sortedCopy(band.subarray(0, inside));
    const low = sortedBand[lo - countBelow];
    const high = needsHigh ? sortedBand[lo + 1 - countBelow] : low;
    out[q] = needsHigh && high !== low ? (1 - (index - lo)) * low + (index - lo) * high : low;
  }
  return out;
}

function bySorting(values: ArrayLike<number>, ps: readonly number[]): number[] {
  const sorted = sortedCopy(values);
  return ps.map((p) => quantileOfSorted(sorted, p));
}
