/**
 * Z partial widths, Γ_Z, σ_had⁰, R_ℓ⁰, R_c⁰, R_b⁰ in the SM: the parametric fit of Dubovyk, Freitas,
 * Gluza, Riemann, Usovitsch, JHEP 08 (2019) 113, arXiv:1906.08815 v2 (eq. 2.9 form), with the
 * coefficients as implemented in HEPfit (sm-predictions.md §2). Assembly of the ratios follows HEPfit:
 * R_ℓ as width ratios, σ_had⁰, R_b⁰, R_c⁰ from their own rows, R_uc = ½(Γ_u/Γ_had + R_c[row]).
 */
import { type SmInputs, totalDeltaAlpha } from './sm-inputs.ts';

/**
 * X = X₀ + a₁L_H + a₂L_H² + a₃L_H⁴ + a₄Δ_H + a₅Δ_t + a₆Δ_t² + a₇Δ_tL_H + a₈Δ_tL_H² + a₉Δ_αs
 *   + a₁₀Δ_αs² + a₁₁Δ_αsΔ_H + a₁₂Δ_αsΔ_t + a₁₃Δ_α + a₁₄Δ_αΔ_H + a₁₅Δ_αΔ_t + a₁₆Δ_Z
 * Units: widths MeV, σ_had pb, R_ℓ 10⁻³, R_c and R_b 10⁻⁵ (1906.08815 Table 5).
 */
const DUBOVYK_2019_ROWS = {
  Gamma_e: [83.983, -0.1202, -0.06919, 0.00383, 0.0597, 0.8037, -0.015, -0.0195, 0.0032, -0.0956, -0.0078, -0.0095, 0.25, -1.08, 0.056, -0.37, 286],
  Gamma_tau: [83.793, -0.12, -0.06905, 0.00382, 0.0596, 0.8023, -0.015, -0.0195, 0.0032, -0.0954, -0.0078, -0.0094, 0.25, -1.08, 0.056, -0.37, 285],
  Gamma_nu: [167.176, -0.1752, -0.1249, 0.00595, 0.1046, 1.253, -0.11, -0.0232, 0.0064, -0.187, -0.014, -0.014, 0.37, -0.085, 0.054, -0.3, 503],
  Gamma_u: [299.994, -0.6152, -0.2771, 0.0174, 0.2341, 4.051, -0.467, -0.0676, 0.017, 14.26, 1.6, -0.046, 1.82, -11.1, 0.16, -1.0, 1253],
  Gamma_c: [299.918, -0.6152, -0.2771, 0.0174, 0.234, 4.051, -0.467, -0.0676, 0.017, 14.26, 1.6, -0.046, 1.82, -11.1, 0.16, -1.0, 1252],
  Gamma_d: [382.829, -0.6685, -0.3322, 0.0193, 0.2792, 3.792, -0.18, -0.0706, 0.02, 10.2, -2.4, -0.052, 0.71, -10.1, 0.16, -0.92, 1469],
  Gamma_b: [375.89, -0.6017, -0.3158, 0.019, 0.227, -2.174, 0.042, -0.027, 0.021, 10.53, -2.4, -0.056, 1.2, -10.1, 0.15, -0.95, 1458],
  Gamma_Z: [2494.75, -4.055, -2.117, 0.122, 1.746, 19.68, -1.63, -0.432, 0.12, 58.61, -4.0, -0.32, 8.1, -56.1, 1.1, -6.8, 9267],
  R_l: [20751.6, -8.112, -1.174, 0.155, 0.16, -37.59, -10.9, 1.27, 0.29, 732.3, -44, -0.61, 5.7, -358, -4.7, 37, 11649],
  R_c: [17222.2, -4.049, -0.749, 0.0832, 1.08, 98.956, -15.1, -0.761, 0.08, 230.9, 125, 0.045, 36.9, -120, 1.2, -6.2, 3667],
  R_b: [21585.0, 4.904, 0.9149, -0.0535, -2.676, -292.21, 20.0, 1.97, -0.11, -131.9, -84, -0.27, 4.4, 71.9, -0.77, -4.4, -1790],
  sigma_had: [41489.6, 0.408, -0.32, 0.0424, 1.32, 60.17, 16.3, -2.31, -0.19, -579.58, 38, 0.01, 7.5, 85.2, 9.1, -68, -85957],
} as const;

type DubovykRow = keyof typeof DUBOVYK_2019_ROWS;

/** Expansion variables of 1906.08815 (reference point M_H = 125.7, m_t = 173.2, α_s = 0.1184, Δα = 0.059, M_Z = 91.1876). */
export interface Dubovyk2019Variables {
  LH: number;
  DH: number;
  Dt: number;
  Das: number;
  Dal: number;
  DZ: number;
}

export function dubovyk2019Variables(inputs: SmInputs): Dubovyk2019Variables {
  return {
    LH: Math.log(inputs.MH / 125.7),
    // Linear Δ_H: the v2 form of the paper (HEPfit: "corrected in v2").
    DH: inputs.MH / 125.7 - 1,
    Dt: (inputs.mt / 173.2) ** 2 - 1,
    Das: inputs.als / 0.1184 - 1,
    Dal: totalDeltaAlpha(inputs) / 0.059 - 1,
    DZ: inputs.MZ / 91.1876 - 1,
  };
}

function evaluateRow(row: DubovykRow, x: Dubovyk2019Variables): number {
  const a = DUBOVYK_2019_ROWS[row];
  const { LH, DH, Dt, Das, Dal, DZ } = x;
  return (
    a[0] + a[1] * LH + a[2] * LH * LH + a[3] * LH ** 4 + a[4] * DH + a[5] * Dt + a[6] * Dt * Dt +
    a[7] * Dt * LH + a[8] * Dt * LH * LH + a[9] * Das + a[10] * Das * Das + a[11] * Das * DH +
    a[12] * Das * Dt + a[13] * Dal + a[14] * Dal * DH + a[15] * Dal * Dt + a[16] * DZ
  );
}

/** SM Z partial widths [GeV] (massless-flavour rows shared: Γ_μ = Γ_e, Γ_s = Γ_d). */
export interface ZPartialWidths {
  e: number;
  mu: number;
  tau: number;
  nu: number;
  u: number;
  c: number;
  d: number;
  s: number;
  b: number;
  hadronic: number;
}

export interface ZLineshapePredictions {
  widths: ZPartialWidths;
  /** Γ_Z [GeV] from its own row (equals the sum of partial widths to 3·10⁻⁶). */
  GammaZ: number;
  /** σ_had⁰ [nb] from its own row. */
  sigma_had_nb: number;
  R_e: number;
  R_mu: number;
  R_tau: number;
  R_b: number;
  R_c: number;
  R_uc: number;
}

export function zLineshapePredictions(inputs: SmInputs): ZLineshapePredictions {
  const x = dubovyk2019Variables(inputs);
  const MeV = 1e-3;
  const e = evaluateRow('Gamma_e', x) * MeV;
  const tau = evaluateRow('Gamma_tau', x) * MeV;
  const nu = evaluateRow('Gamma_nu', x) * MeV;
  const u = evaluateRow('Gamma_u', x) * MeV;
  const c = evaluateRow('Gamma_c', x) * MeV;
  const d = evaluateRow('Gamma_d', x) * MeV;
  const b = evaluateRow('Gamma_b', x) * MeV;
  const hadronic = u + c + 2 * d + b;
  const R_c = evaluateRow('R_c', x) * 1e-5;
  return {
    widths: { e, mu: e, tau, nu, u, c, d, s: d, b, hadronic },
    GammaZ: evaluateRow('Gamma_Z', x) * MeV,
    sigma_had_nb: evaluateRow('sigma_had', x) * 1e-3,
    // R_ℓ as width ratios, never the R_ℓ row (sm-predictions.md §2: the row is 0.3–0.5σ off).
    R_e: hadronic / e,
    R_mu: hadronic / e,
    R_tau: hadronic / tau,
    R_b: evaluateRow('R_b', x) * 1e-5,
    R_c,
    R_uc: 0.5 * (u / hadronic + R_c),
  };
}

/** The lepton-universal R_ℓ row, kept only to document why it is not used (sm-predictions.md §2). */
export function leptonUniversalRatioRow(inputs: SmInputs): number {
  return evaluateRow('R_l', dubovyk2019Variables(inputs)) * 1e-3;
}
