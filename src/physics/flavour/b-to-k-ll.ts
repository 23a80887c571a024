/**
 * B → K ℓ⁺ℓ⁻ differential rate in the Bobeth–Hiller–Piranishvili form (arXiv:0709.4174), flavour-spec.md §7:
 *
 *   dΓ/dq² = 2(a_ℓ + c_ℓ/3),  Γ0 = G_F² α_e² |λ_t|² / (512 π⁵ m_B³),
 *   a_ℓ = Γ0 √λ β [q²|F_P|² + λ/4 (|F_A|² + |F_V|²) + 4m_ℓ² m_B² |F_A|² + 2m_ℓ(m_B² − m_K² + q²) Re(F_P F_A*)],
 *   c_ℓ = −Γ0 λ^{3/2} β³ ¼ (|F_A|² + |F_V|²),
 *   F_V = C9^eff f+ + 2m_b/(m_B+m_K) C7^eff f_T,  F_A = C10 f+,
 *   F_P = m_ℓ C10 [(m_B² − m_K²)/q² (f0 − f+) − f+]   (no scalar/pseudoscalar or primed operators).
 */
import { type Complex, abs2, complex } from './complex.ts';
import type { ScalarFormFactors } from './form-factors-bcl.ts';
import { kallen } from './b-to-kstar-ll.ts';

export interface PllKinematics {
  mB: number;
  mK: number;
  ml: number;
  mb: number;
}

/** dΓ/dq² divided by Γ0 (Γ0 is applied by the caller together with the lifetime). */
export function bToKRateOverGamma0(
  q2: number,
  k: PllKinematics,
  ff: ScalarFormFactors,
  c7: Complex,
  c9: Complex,
  c10: number,
): number {
  const { mB, mK, ml, mb } = k;
  const lam = kallen(mB * mB, mK * mK, q2);
  const beta2 = 1 - (4 * ml * ml) / q2;
  if (lam <= 0 || beta2 <= 0) return 0;
  const beta = Math.sqrt(beta2);
  const dip = (2 * mb) / (mB + mK);
  const FV = complex(c9.re * ff.fplus + dip * c7.re * ff.fT, c9.im * ff.fplus + dip * c7.im * ff.fT);
  const FA = c10 * ff.fplus;
  const FP = ml * c10 * (((mB * mB - mK * mK) / q2) * (ff.f0 - ff.fplus) - ff.fplus);
  const va = abs2(FV) + FA * FA;
  const a =
    Math.sqrt(lam) * beta * (q2 * FP * FP + (lam / 4) * va + 4 * ml * ml * mB * mB * FA * FA + 2 * ml * (mB * mB - mK * mK + q2) * FP * FA);
  const c = -(lam ** 1.5) * beta ** 3 * 0.25 * va;
  return 2 * (a + c / 3);
}

export const gamma0BToK = (GF: number, alphaE: number, absLambdaT: number, mB: number): number =>
  (GF * GF * alphaE * alphaE * absLambdaT * absLambdaT) / (512 * Math.PI ** 5 * mB ** 3);
