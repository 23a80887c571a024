/**
 * Welford's (1962) running mean and sum of squared deviations of a vector series, element by element:
 * with n the count after x is added, δ = x − m, m ← m + δ/n, M2 ← M2 + δ (x − m). The variance is M2/n
 * (population) or M2/(n − 1). One pass, no cancellation of large sums.
 */
export function addToRunningMoments(x: ArrayLike<number>, n: number, mean: Float64Array, m2: Float64Array): void {
  for (let i = 0; i < mean.length; i++) {
    const delta = x[i] - mean[i];
    mean[i] += delta / n;
    m2[i] += delta * (x[i] - mean[i]);
  }
}
