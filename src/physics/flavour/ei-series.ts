/**
 * The exponential integral Ei(x) for the hard-spectator term λ_{B,−}(q²)⁻¹ = e^{−x}/λ_B (−Ei(x) + iπ),
 * x = q²/(m_B λ_B) (BFS01 eq. (54); spectator-scattering.ts, spectator-point.ts), by one algorithm that the
 * float64 code and the WGSL kernel (kernels/flavour-formulas-wgsl.ts) both run, from the constants here:
 *
 *   Ei(x) = γ_E + ln x + Σ_{k=1}^{N} x^k/(k·k!),   N = EI_SERIES_TERMS = 40,
 *
 * summed in that order, the term updated as term ← term·(x/k). The x the fits reach: q² ≤ 9 GeV²
 * (SPECTATOR_Q2_MAX), m_B ≥ 5.279 GeV and λ_B ≥ 0.2 GeV (the flat prior 0.35 ± 0.15 GeV of
 * spectator-nuisances.ts) give x ≤ 8.53. The series' tail beyond N terms is below 1.2e-15 of Ei(x) for
 * x ≤ EI_X_MAX = 9 (1.9e-16 at 8.53): the truncation sits at float64 rounding, so no early stop is needed
 * and both sides add the same 40 positive terms.
 */

export const EULER_GAMMA = 0.5772156649015329;
export const EI_SERIES_TERMS = 40;
/** The largest x the fixed series serves at float64 accuracy. */
export const EI_X_MAX = 9;

/** Ei(x) for 0 < x ≤ EI_X_MAX. */
export function ei(x: number): number {
  if (!(x > 0 && x <= EI_X_MAX)) throw new RangeError(`Ei: argument ${x} must lie in (0, ${EI_X_MAX}]`);
  let term = 1;
  let sum = 0;
  for (let k = 1; k <= EI_SERIES_TERMS; k++) {
    term *= x / k;
    sum += term / k;
  }
  return EULER_GAMMA + Math.log(x) + sum;
}
