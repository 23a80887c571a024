/**
 * W width and branching ratios in the SM, as HEPfit's StandardModel::GammaW assembles them
 * (sm-predictions.md §5): Γ(W→ℓν) = G₀ρ_ℓ, Γ(W→u_i d_j) = 3|V_ij|² G₀ ρ_q (1 + α_s(M_W)/π),
 * G₀ = G_F M_W³/(6√2π), massless fermions, CKM unitarity (only ud and cs summed).
 */
import { FERMI_CONSTANT } from './sm-inputs.ts';

/**
 * One-loop EW factors calibrated on HEPfit's own SM numbers (Γ_W = 2.088409 GeV, BR = 0.1083791 at
 * M_W = 80.36035; sm-predictions.md §5). Γ_W carries a 42 MeV error, so their details do not matter.
 */
export const W_EW_FACTOR_LEPTONS = 0.99681;
export const W_EW_FACTOR_QUARKS = 0.99636;

/** 5-flavour β-function coefficients β₀ = 11 − 2n_f/3, β₁ = 102 − 38n_f/3. */
const BETA0 = 11 - (2 * 5) / 3;
const BETA1 = 102 - (38 * 5) / 3;

/**
 * α_s(μ) from α_s(M_Z) at NLO (5 flavours), in the standard iterative form
 * α(μ) = α/v − (β₁/β₀) α² ln v/(4π v²), v = 1 + β₀ α ln(μ²/M_Z²)/(4π).
 */
export function alphaStrongNLO(alphaStrongMZ: number, MZ: number, mu: number): number {
  const v = 1 + ((BETA0 * alphaStrongMZ) / (4 * Math.PI)) * Math.log((mu * mu) / (MZ * MZ));
  return alphaStrongMZ / v - ((BETA1 / BETA0) * alphaStrongMZ * alphaStrongMZ * Math.log(v)) / (4 * Math.PI * v * v);
}

export interface WDecayPredictions {
  /** Γ_W [GeV]. */
  GammaW: number;
  /** BR(W→ℓν) for one lepton flavour (equal for e, μ, τ). */
  BR_lnu: number;
  /** BR(W→ud) = BR(W→cs). */
  BR_quark_channel: number;
  /** Γ(W→cs)/(Γ(W→ud) + Γ(W→cs)) = ½ with CKM unitarity and massless quarks. */
  RWc: number;
}

export function wDecayPredictions(MW: number, alphaStrongMZ: number, MZ: number): WDecayPredictions {
  const G0 = (FERMI_CONSTANT * MW ** 3) / (6 * Math.SQRT2 * Math.PI);
  const qcd = 1 + alphaStrongNLO(alphaStrongMZ, MZ, MW) / Math.PI;
  const lepton = G0 * W_EW_FACTOR_LEPTONS;
  const quark = 3 * G0 * W_EW_FACTOR_QUARKS * qcd;
  const GammaW = 3 * lepton + 2 * quark;
  return { GammaW, BR_lnu: lepton / GammaW, BR_quark_channel: quark / GammaW, RWc: 0.5 };
}
