/**
 * Converting fit outputs into the "n σ" the paper speaks in: a χ² with k degrees of freedom → p-value →
 * the two-sided Gaussian significance with the same p (Φ⁻¹(1 − p/2)): numerics/chi-square.ts.
 */
import { choleskyLower } from '../../numerics/linear-algebra.ts';

export { chiSquarePValue, sigmaOfChiSquare, sigmaOfPValue } from '../../numerics/chi-square.ts';

/** d² = μᵀ Σ⁻¹ μ with Σ = D R D: the SM point's (θ = 0) squared distance in a Gaussian posterior. */
export function mahalanobisSquaredToOrigin(mean: number[], sd: number[], correlation: number[][]): number {
  const n = mean.length;
  const cov = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) cov[i * n + j] = correlation[i][j] * sd[i] * sd[j];
  const L = choleskyLower(cov, n);
  if (!L) return NaN;
  // Solve L z = μ; d² = |z|².
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = mean[i];
    for (let k = 0; k < i; k++) s -= L[i * n + k] * z[k];
    z[i] = s / L[i * n + i];
  }
  let d2 = 0;
  for (const v of z) d2 += v * v;
  return d2;
}
