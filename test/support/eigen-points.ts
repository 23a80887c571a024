/**
 * Points at which a correlated Gaussian target's log-density is known exactly: its mean (log p = 0) and
 * mean + √λ_k q_k for every eigenpair (λ_k, q_k) of its covariance, where
 * (x − μ)ᵀ P (x − μ) = λ_k q_kᵀ P q_k = 1, so log p = −½. Row 0 is the mean, row k + 1 eigenvector k.
 */
export function meanAndEigenPoints(target: { mean: number[]; eigenvalues: number[]; Q: number[][] }): Float64Array {
  const n = target.mean.length;
  const points = new Float64Array((n + 1) * n);
  points.set(target.mean, 0);
  for (let k = 0; k < n; k++) {
    const s = Math.sqrt(target.eigenvalues[k]);
    for (let i = 0; i < n; i++) points[(k + 1) * n + i] = target.mean[i] + s * target.Q[i][k];
  }
  return points;
}
