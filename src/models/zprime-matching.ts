/**
 * Tree-level matching of the Z′ model with vector-like partners (paper §5.1) and of the vector-like
 * lepton pair (eqs. 5.9–5.10) onto Warsaw-basis coefficients at Λ = 1 TeV, in TeV⁻².
 */

/** Z′ couplings at leading order in ε (eqs. 5.6–5.7): g_{Z′ t_R} = g_X/(1+ξ_T²), g_{Z′ μ_L} = g_X/(1+ξ_M²). */
export function zPrimeCouplings(gX: number, xiT: number, xiM: number): { topRight: number; leptonLeft: number } {
  return { topRight: gX / (1 + xiT * xiT), leptonLeft: gX / (1 + xiM * xiM) };
}

/**
 * Eq. 5.8: C_Lu(ℓℓ33) = −g_{Z′t_R} g_{Z′ℓ_L} / m_Z′² = −1/((1+ξ_T²)(1+ξ_M²) η²) with m_Z′ = g_X η.
 * `partnerCharge: 'opposite'` is the paper's electron case (lepton partner with the opposite U(1)_X charge
 * of the top partner), which flips the sign (§5.1, last paragraphs).
 */
export function zPrimeLuCoefficient(p: { mZprimeTeV: number; etaTeV: number; xiT: number; xiM: number; partnerCharge?: 'same' | 'opposite' }): number {
  const gX = p.mZprimeTeV / p.etaTeV;
  const { topRight, leptonLeft } = zPrimeCouplings(gX, p.xiT, p.xiM);
  const sign = p.partnerCharge === 'opposite' ? 1 : -1;
  return (sign * topRight * leptonLeft) / (p.mZprimeTeV * p.mZprimeTeV);
}

/** Hypercharge of the SU(2) singlet and triplet vector-like leptons: Y = 0 couples through H̃, Y = 1 through H. */
export type VectorLikeHypercharge = 0 | 1;

/**
 * Eq. 5.10: each vector-like lepton of Yukawa Y and mass M contributes through r = Y²/(4M²):
 *   C_Hl(1) = r_S0 − r_S1 + 3 r_T0 − 3 r_T1,   C_Hl(3) = −r_S0 − r_S1 + r_T0 + r_T1.
 * `singlet` and `triplet` give Y/M in TeV⁻¹ (the only combination that enters).
 */
export function vectorLikeLeptonCoefficients(p: {
  singlet: { yOverM: number; hypercharge: VectorLikeHypercharge };
  triplet: { yOverM: number; hypercharge: VectorLikeHypercharge };
}): { phil1: number; phil3: number } {
  const rS = (p.singlet.yOverM * p.singlet.yOverM) / 4;
  const rT = (p.triplet.yOverM * p.triplet.yOverM) / 4;
  const singletSign = p.singlet.hypercharge === 0 ? 1 : -1;
  const tripletSign = p.triplet.hypercharge === 0 ? 1 : -1;
  return { phil1: singletSign * rS + 3 * tripletSign * rT, phil3: -rS + rT };
}
