/**
 * B → K*γ and B_s → φγ branching fractions at one parameter point (flavour-spec.md §8, HEPfit MVgamma):
 *
 *   BR = τ_B α_e (G_F m_b/(4π²))² (m_B λ0/4) Σ_{CP} (|H^+|² + |H^−|²) · t_int,   λ0 = m_B² − m_V²,
 *   H^− = λ_t [(C7^eff + ΔC7(0) − h_−^(0)) T1(0) λ0/m_B²],
 *   H^+ = λ_t [−C7′ T1(0) λ0/m_B² − (m_B/(2m_b)) 16π² h_+^(0)],
 *
 * where the PDD h_−(0) reduces to the universal ΔC7 = −h_−^(0) (spec §4.4: h_−(0) = (2m_b/m_B)T̃_−(0)h_−^(0)/16π²
 * and T̃_−(0) = λ0 T1(0)/m_B²), and h_+(0) = h_+^(0). T1(0) = α0^{T1} (BSZ, z(0) − z(0) = 0). The CP average is
 * twice the B amplitude squared here (no weak phase beyond λ_t's, which drops out). For B_s → φγ,
 * t_int = (1 − A_ΔΓ y_s)/(1 − y_s²) with A_ΔΓ = 2Re(H^+ H^−*)/(|H^+|² + |H^−|²) for a vanishing mixing phase.
 * The hard-spectator term T_−^QCDF at q² = 0 is not included (it is a ~5 % effect on the rate in flavio).
 */
import type { FlavourParameters } from './parameters.ts';

export interface RadiativeInputs {
  mB: number;
  mV: number;
  tau: number;
  /** C7^eff + ΔC7 at q² = 0 (complex). */
  c7Re: number;
  c7Im: number;
  c7p: number;
  /** y_s for B_s (0 for B0, B+). */
  ys: number;
}

/**
 * BR at a point: T1(0); a universal ΔC7 = −(dc7r + i dc7i) (PDD's h_−^(0)); and the raw h_±(0) entering
 * as −(m_B/(2m_b))16π² h_±(0) (PDD: h_+(0) = h_+^(0), h_−(0) beyond ΔC7 = 0; PMD: pmd.ts pmdHAtZero).
 */
export function radiativeBr(
  p: FlavourParameters,
  r: RadiativeInputs,
  t10: number,
  dc7r: number,
  dc7i: number,
  hp0r: number,
  hp0i: number,
  hm0r = 0,
  hm0i = 0,
): number {
  const { mB, mV } = r;
  const mb = p.mbDipole;
  const lam0 = mB * mB - mV * mV;
  const ff = (t10 * lam0) / (mB * mB);
  const f16 = (mB / (2 * mb)) * 16 * Math.PI * Math.PI;
  const hmR = (r.c7Re - dc7r) * ff - f16 * hm0r;
  const hmI = (r.c7Im - dc7i) * ff - f16 * hm0i;
  const hpR = -r.c7p * ff - f16 * hp0r;
  const hpI = -f16 * hp0i;
  const absP = hpR * hpR + hpI * hpI;
  const absM = hmR * hmR + hmI * hmI;
  const lt2 = p.lambdaT.re ** 2 + p.lambdaT.im ** 2;
  const pre = r.tau * p.alphaE * ((p.GF * mb) / (4 * Math.PI * Math.PI)) ** 2 * ((mB * lam0) / 4) * lt2;
  const aDG = absP + absM > 0 ? (2 * (hpR * hmR + hpI * hmI)) / (absP + absM) : 0;
  const tInt = r.ys > 0 ? (1 - aDG * r.ys) / (1 - r.ys * r.ys) : 1;
  return pre * 2 * (absP + absM) * tInt;
}
