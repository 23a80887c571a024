/**
 * Z-pole asymmetry parameters and pole forward-backward asymmetries (sm-predictions.md §1).
 */

/** A_f = 2 g_V g_A/(g_V² + g_A²) = 2r/(1 + r²), r = g_V/g_A = 1 − 4|Q_f| sin²θ_eff^f. */
export function asymmetryParameter(absCharge: number, sin2ThetaEff: number): number {
  const r = 1 - 4 * absCharge * sin2ThetaEff;
  return (2 * r) / (1 + r * r);
}

/** A_f from the chiral couplings: (g_L² − g_R²)/(g_L² + g_R²). */
export function asymmetryFromChiralCouplings(gL: number, gR: number): number {
  return (gL * gL - gR * gR) / (gL * gL + gR * gR);
}

/** Linear shift of A_f: δA_f = 4 g_L g_R (g_R δg_L − g_L δg_R)/(g_L² + g_R²)² (smeft-ew.md §4). */
export function asymmetryShift(gL: number, gR: number, dgL: number, dgR: number): number {
  const n = gL * gL + gR * gR;
  return (4 * gL * gR * (gR * dgL - gL * dgR)) / (n * n);
}

/** Pole forward-backward asymmetry A_FB^{0,f} = ¾ A_e A_f (QED and γ exchange unfolded by the experiments). */
export function poleForwardBackwardAsymmetry(Ae: number, Af: number): number {
  return 0.75 * Ae * Af;
}
