/**
 * B → K*γ and B_s → φγ branching fractions at one parameter point (flavour-spec.md §8, HEPfit MVgamma):
 *
 *   BR = τ_B α_e (G_F m_b/(4π²))² (m_B λ0/4) Σ_{CP} (|H^+|² + |H^−|²) · t_int,   λ0 = m_B² − m_V²,
 *   H^− = λ_t [(C7^eff + ΔC7(0) − h_−^(0)) T1(0) λ0/m_B² + T_⊥^QCDF(0)],
 *   H^+ = λ_t [−C7′ T1(0) λ0/m_B² − (m_B/(2m_b)) 16π² h_+^(0)],
 *
 * where the PDD h_−(0) reduces to the universal ΔC7 = −h_−^(0) (spec §4.4: h_−(0) = (2m_b/m_B)T̃_−(0)h_−^(0)/16π²
 * and T̃_−(0) = λ0 T1(0)/m_B²), and h_+(0) = h_+^(0). T1(0) = α0^{T1} (BSZ, z(0) − z(0) = 0). The CP average is
 * twice the B amplitude squared here (no weak phase beyond λ_t's, which drops out). For B_s → φγ,
 * t_int = (1 − A_ΔΓ y_s)/(1 − y_s²) with A_ΔΓ = 2Re(H^+ H^−*)/(|H^+|² + |H^−|²) for a vanishing mixing phase: the
 * q² → 0 limit of the B_s → φℓℓ mixing term of time-integration.ts in the same helicity convention (there the
 * sign is fixed by flavio's B_s → φμμ numbers). |A_ΔΓ y_s| ≈ 2(m_s/m_b)y_s ≈ 0.25 % of the rate.
 * T_⊥^QCDF(0) is the hard-spectator term of B → Vℓℓ (spectator-scattering.ts) at q² → 0 in units of the dipole
 * factor: Δ_−(q²)/[(m_B²/q²)(2m_b/m_B)] at q² = 10⁻³ GeV², the point flavio's `bvgamma.py` (amps_ss) evaluates
 * it at to stay off the photon pole; it adds +8 % (K*) and +10 % (φ) to the rates in the flavio scheme.
 */
import type { FlavourTheory, SpectatorVllProcess } from './bin-kernels.ts';
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
  /** Hard-spectator term T_⊥^QCDF(0) added to the H^− bracket (complex; 0 where spectator scattering is off). */
  spectatorRe: number;
  spectatorIm: number;
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
  const hmR = (r.c7Re - dc7r) * ff + r.spectatorRe - f16 * hm0r;
  const hmI = (r.c7Im - dc7i) * ff + r.spectatorIm - f16 * hm0i;
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

/** q² (GeV²) at which the spectator term of B → Vℓℓ stands in for q² = 0 (flavio `bvgamma.py` amps_ss). */
const SPECTATOR_Q2 = 1e-3;

/** T_⊥^QCDF(0) of the H^− bracket: the B → Vℓℓ shift Δ_− over the dipole factor (m_B²/q²)(2m_b/m_B). */
export function radiativeSpectator(theory: FlavourTheory, process: SpectatorVllProcess): { re: number; im: number } {
  const ss = theory.spectatorShiftsAt(process, SPECTATOR_Q2);
  if (!ss) return { re: 0, im: 0 };
  const { mB } = theory.vllKinematics(process, 'mu');
  const dip = ((mB * mB) / SPECTATOR_Q2) * ((2 * theory.params.mbDipole) / mB);
  return { re: ss.minus.re / dip, im: ss.minus.im / dip };
}
