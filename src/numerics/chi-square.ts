/**
 * The χ² distribution's survival function and the "n σ" a p-value corresponds to: p = Q(k/2, χ²/2) (the χ²
 * cdf with k degrees of freedom is P(k/2, χ²/2)), and the two-sided Gaussian significance with the same p,
 * z = Φ⁻¹(1 − p/2), the convention of the PDG's statistics review (§40, "significance") and of smelli's and
 * HEPfit's pull tables.
 */
import { regularisedGammaQ } from './incomplete-gamma.ts';
import { normalQuantile } from './normal-quantile.ts';

/** p-value of χ² with k degrees of freedom: P(X ≥ χ²), X ~ χ²_k. NaN for k ≤ 0 (no test). */
export function chiSquarePValue(chi2: number, k: number): number {
  if (!(k > 0) || Number.isNaN(chi2)) return NaN;
  return regularisedGammaQ(k / 2, Math.max(0, chi2) / 2);
}

/**
 * Two-sided Gaussian significance of a p-value, as −Φ⁻¹(p/2): the lower tail keeps its relative accuracy
 * for tiny p, where 1 − p/2 would round to 1 (p < 1e-16, z > 8).
 */
export function sigmaOfPValue(p: number): number {
  if (Number.isNaN(p)) return NaN;
  if (!(p > 0)) return Infinity;
  if (p >= 1) return 0;
  return -normalQuantile(p / 2);
}

export function sigmaOfChiSquare(chi2: number, k: number): number {
  return sigmaOfPValue(chiSquarePValue(chi2, k));
}
