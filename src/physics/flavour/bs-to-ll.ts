/**
 * Time-integrated B_s → ℓ⁺ℓ⁻ (flavour-spec.md §6; HEPfit Mll.cpp, flavio):
 *
 *   BR_prompt = τ_Bs G_F² α_e² /(16π³) |λ_t|² f_Bs² m_Bs m_ℓ² β_ℓ |C10^SM + C10^NP|²,
 *   BR̄ = BR_prompt (1 + A_ΔΓ y_s)/(1 − y_s²) = BR_prompt/(1 − y_s)   (A_ΔΓ = 1 for real C10 NP).
 *
 * Returned as the prefactor P such that BR̄ = P |C10^SM + C10^NP|², a quadratic form in C10^NP.
 */
import type { FlavourParameters } from './parameters.ts';

export function bsToLLPrefactor(params: FlavourParameters, ml: number, fBs: number = params.fBs): number {
  const { GF, alphaE, lambdaT, mass, tau, ys } = params;
  const mBs = mass.Bs;
  const beta = Math.sqrt(1 - (4 * ml * ml) / (mBs * mBs));
  const absLt2 = lambdaT.re * lambdaT.re + lambdaT.im * lambdaT.im;
  const prompt = (tau.Bs * GF * GF * alphaE * alphaE * absLt2 * fBs * fBs * mBs * ml * ml * beta) / (16 * Math.PI ** 3);
  return prompt / (1 - ys);
}
