/**
 * Average ranks with ties (R `rank(ties.method = "average")`, scipy `rankdata`): 1-based, tied values
 * share the mean of the ranks they occupy. Used by the rank normalisation of Vehtari et al. (2021).
 * Inputs must be finite (callers check first).
 */
import { argsort } from './argsort.ts';

export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = argsort(values);
  const ranks = new Float64Array(n);
  let start = 0;
  while (start < n) {
    const v = values[order[start]];
    let end = start + 1;
    while (end < n && values[order[end]] === v) end++;
    // Sorted positions start..end−1 hold ranks start+1..end; their mean is (start + 1 + end)/2.
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]] = rank;
    start = end;
  }
  return ranks;
}
