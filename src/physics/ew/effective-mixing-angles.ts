/**
 * Effective weak mixing angles sin²θ_eff^f in the SM (sm-predictions.md §3).
 *
 * Leptons, neutrinos, u/c and d/s: the form of Awramik, Czakon, Freitas, JHEP 11 (2006) 048
 * (hep-ph/0608099) with HEPfit's coefficient rows; the b quark: Dubovyk et al. 2019
 * (arXiv:1906.08815). This combination reproduces HEPfit's 2019 public SM numbers to < 10⁻⁵
 * (sm-predictions.md §9.2); the lepton row of 1906.08815 is available as an option.
 */
import { type SmInputs, totalDeltaAlpha } from './sm-inputs.ts';
import { dubovyk2019Variables } from './z-partial-widths.ts';

/** Which parameterisation gives sin²θ_eff^ℓ (sm-predictions.md §3.2: the paper's era used Awramik 2006). */
export type LeptonMixingAngleFormula = 'awramik2006' | 'dubovyk2019';

/**
 * s² = s₀ + d₁L_H + d₂L_H² + d₃L_H⁴ + d₄(Δ_H² − 1) + d₅Δ_α + d₆Δ_t + d₇Δ_t² + d₈Δ_t(Δ_H − 1) + d₉Δ_αs + d₁₀Δ_Z
 * L_H = ln(M_H/100), Δ_H = M_H/100, Δ_α = Δα/0.05907 − 1, Δ_t = (m_t/178)² − 1, Δ_αs = α_s/0.117 − 1,
 * Δ_Z = M_Z/91.1876 − 1 (hep-ph/0608099 eq. 26 form; rows as in HEPfit, sm-predictions.md §3.1).
 */
const AWRAMIK_2006_ROWS = {
  lepton: [0.2312527, 4.729e-4, 2.07e-5, 3.85e-6, -1.85e-6, 2.07e-2, -2.851e-3, 1.82e-4, -9.74e-6, 3.98e-4, -0.655],
  neutrino: [0.2308772, 4.713e-4, 2.05e-5, 3.85e-6, -1.85e-6, 2.06e-2, -2.85e-3, 1.82e-4, -9.71e-6, 3.96e-4, -0.654],
  up: [0.2311395, 4.726e-4, 2.07e-5, 3.85e-6, -1.85e-6, 2.07e-2, -2.853e-3, 1.83e-4, -9.73e-6, 3.98e-4, -0.655],
  down: [0.2310286, 4.72e-4, 2.06e-5, 3.85e-6, -1.85e-6, 2.07e-2, -2.848e-3, 1.81e-4, -9.73e-6, 3.97e-4, -0.655],
} as const;

/**
 * s² = 10⁻⁴ [d₀ + d₁L_H + d₂L_H² + d₃L_H⁴ + d₄Δ_α + d₅Δ_t + d₆Δ_t² + d₇Δ_tL_H + d₈Δ_αs + d₉Δ_αsΔ_t + d₁₀Δ_Z]
 * with the 1906.08815 variables (sm-predictions.md §3.2).
 */
const DUBOVYK_2019_ANGLE_ROWS = {
  lepton: [2314.64, 4.616, 0.539, -0.0737, 206, -25.71, 4.0, 0.288, 3.88, -6.49, -6560],
  bottom: [2327.04, 4.638, 0.558, -0.07, 207, -9.554, 3.83, 0.179, 2.41, -8.24, -6630],
} as const;

function awramik2006(row: keyof typeof AWRAMIK_2006_ROWS, inputs: SmInputs): number {
  const d = AWRAMIK_2006_ROWS[row];
  const LH = Math.log(inputs.MH / 100);
  const DH = inputs.MH / 100;
  const Dal = totalDeltaAlpha(inputs) / 0.05907 - 1;
  const Dt = (inputs.mt / 178.0) ** 2 - 1;
  const Das = inputs.als / 0.117 - 1;
  const DZ = inputs.MZ / 91.1876 - 1;
  return (
    d[0] + d[1] * LH + d[2] * LH * LH + d[3] * LH ** 4 + d[4] * (DH * DH - 1) + d[5] * Dal + d[6] * Dt +
    d[7] * Dt * Dt + d[8] * Dt * (DH - 1) + d[9] * Das + d[10] * DZ
  );
}

function dubovyk2019Angle(row: keyof typeof DUBOVYK_2019_ANGLE_ROWS, inputs: SmInputs): number {
  const d = DUBOVYK_2019_ANGLE_ROWS[row];
  const { LH, Dt, Das, Dal, DZ } = dubovyk2019Variables(inputs);
  return (
    1e-4 *
    (d[0] + d[1] * LH + d[2] * LH * LH + d[3] * LH ** 4 + d[4] * Dal + d[5] * Dt + d[6] * Dt * Dt +
      d[7] * Dt * LH + d[8] * Das + d[9] * Das * Dt + d[10] * DZ)
  );
}

/** sin²θ_eff per fermion class (u and c share a row, d and s share a row). */
export interface EffectiveMixingAngles {
  lepton: number;
  neutrino: number;
  up: number;
  down: number;
  bottom: number;
}

export function effectiveMixingAngles(
  inputs: SmInputs,
  leptonFormula: LeptonMixingAngleFormula = 'awramik2006',
): EffectiveMixingAngles {
  return {
    lepton: leptonFormula === 'awramik2006' ? awramik2006('lepton', inputs) : dubovyk2019Angle('lepton', inputs),
    neutrino: awramik2006('neutrino', inputs),
    up: awramik2006('up', inputs),
    down: awramik2006('down', inputs),
    bottom: dubovyk2019Angle('bottom', inputs),
  };
}
