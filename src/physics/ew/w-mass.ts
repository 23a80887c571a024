/**
 * M_W in the SM: Awramik, Czakon, Freitas, Weiglein, PRD 69 (2004) 053006, hep-ph/0311148, arXiv v2,
 * parameter set valid for 100 GeV ≤ M_H ≤ 1 TeV (the set HEPfit uses; sm-predictions.md §4).
 */
import { type SmInputs, totalDeltaAlpha } from './sm-inputs.ts';

const MW0 = 80.3779;
const C = [0.05263, 0.010239, 0.000954, -0.000054, 1.077, 0.5252, 0.07, 0.004102, 0.000111, 0.0774, 115.0] as const;

/**
 * M_W = M_W⁰ − c₁dH − c₂dH² + c₃dH⁴ + c₄(dh − 1) − c₅dα + c₆dt − c₇dt² − c₈dH dt + c₉dh dt − c₁₀dα_s + c₁₁dZ
 * with dH = ln(M_H/100), dh = (M_H/100)², dt = (m_t/174.3)² − 1, dZ = M_Z/91.1875 − 1,
 * dα = Δα/0.05907 − 1, dα_s = α_s/0.119 − 1.
 */
export function wMassSM(inputs: SmInputs): number {
  const dH = Math.log(inputs.MH / 100);
  const dh = (inputs.MH / 100) ** 2;
  const dt = (inputs.mt / 174.3) ** 2 - 1;
  const dZ = inputs.MZ / 91.1875 - 1;
  const dal = totalDeltaAlpha(inputs) / 0.05907 - 1;
  const das = inputs.als / 0.119 - 1;
  return (
    MW0 - C[0] * dH - C[1] * dH * dH + C[2] * dH ** 4 + C[3] * (dh - 1) - C[4] * dal + C[5] * dt -
    C[6] * dt * dt - C[7] * dH * dt + C[8] * dh * dt - C[9] * das + C[10] * dZ
  );
}
