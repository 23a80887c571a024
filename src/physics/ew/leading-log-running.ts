/**
 * Leading-log running driven by the top Yukawa from Λ = 1 TeV down to μ_EW = m_t (smeft-ew.md §6;
 * one-loop SMEFT RGEs of Jenkins–Manohar–Trott / Alonso–Jenkins–Manohar–Trott, arXiv:1308.2627,
 * 1310.4838, 1312.2014, checked against wilson's β functions in smeft-ew.md §6.1).
 *
 * C_i(μ_EW) = C_i(Λ) − β_i/(16π²) ln(Λ/μ_EW), β_i ⊃ b_i y_t² C_source, so the induced coefficient is
 * −b_i ε C_source with ε = y_t²/(16π²) ln(Λ/μ_EW) and y_t = √2 m_t/v (paper footnote 2: μ_EW = m_t).
 */
import { HIGGS_VEV } from './sm-inputs.ts';
import { NEW_PHYSICS_SCALE_GEV, type WarsawCoefficients } from './smeft-couplings.ts';

/**
 * Coefficient of y_t² in 16π² dC_target/d ln μ per unit C_source (smeft-ew.md §6.1 table; lepton pair ℓℓ
 * written as `LL`). Only the targets that matter for EW observables (and C_H□ for completeness).
 */
const TOP_YUKAWA_MIXING: Record<string, Record<string, number>> = {
  'lu_LL33': { phil1_LL: -6 },
  'eu_LL33': { phie_LL: -6 },
  'lq1_LL33': { phil1_LL: 6 },
  'lq3_LL33': { phil3_LL: -6 },
  'qe_33LL': { phie_LL: 6 },
  phiq1_33: { phiD: 24, phiBox: 6, phiq1_33: 10, phiq3_33: -3, phiu_33: -2 },
  phiq3_33: { phiBox: -18, phiq1_33: -9, phiq3_33: 8 },
  phiu_33: { phiD: -24, phiBox: -6, phiq1_33: -1, phiu_33: 14 },
};

/**
 * How the C_Hq⁽¹⁾_33 running is propagated: 'all-yt' keeps every y_t² term of smeft-ew.md §6.3
 * (the universal C_HD piece plus the b_L and W t b vertex pieces from ΔC_Hq1_33, ΔC_Hq3_33);
 * 'universal-only' keeps only the flavour-universal C_HD (and C_H□) piece the paper's §2 stresses.
 */
export type Phiq133RunningMode = 'all-yt' | 'universal-only';

/** Sources whose running the fit propagates (paper §2: eq. 2.7 and the C_Hq⁽¹⁾_33 effect). */
export function isPropagatedSource(name: string): boolean {
  return /^(lu|eu)_(11|22|33)33$/.test(name) || name === 'phiq1_33';
}

/** ε = y_t²/(16π²) ln(Λ/μ_EW) with y_t = √2 m_t/v and μ_EW = m_t (0.0109481 at m_t = 172.76 GeV). */
export function topYukawaLogFactor(mt: number): number {
  const yt = (Math.SQRT2 * mt) / HIGGS_VEV;
  return ((yt * yt) / (16 * Math.PI * Math.PI)) * Math.log(NEW_PHYSICS_SCALE_GEV / mt);
}

function mixingRow(source: string): { row: Record<string, number>; lepton?: string } | undefined {
  const direct = TOP_YUKAWA_MIXING[source];
  if (direct) return { row: direct };
  const m = /^(lu|eu|lq1|lq3)_(\d)\2(33)$/.exec(source) ?? /^(qe)_33(\d)\2$/.exec(source);
  if (!m) return undefined;
  const pattern = m[1] === 'qe' ? 'qe_33LL' : `${m[1]}_LL33`;
  return { row: TOP_YUKAWA_MIXING[pattern], lepton: `${m[2]}${m[2]}` };
}

/**
 * Coefficients induced at μ_EW by the leading-log running of `coefficients` (defined at Λ); to be added
 * to the tree-level coefficients. `sources` selects which entries run (default: the propagated ones).
 */
export function leadingLogInducedCoefficients(
  coefficients: WarsawCoefficients,
  mt: number,
  options: { sources?: (name: string) => boolean; phiq1_33Mode?: Phiq133RunningMode } = {},
): WarsawCoefficients {
  const runs = options.sources ?? isPropagatedSource;
  const mode = options.phiq1_33Mode ?? 'all-yt';
  const eps = topYukawaLogFactor(mt);
  const induced: WarsawCoefficients = {};
  for (const [source, value] of Object.entries(coefficients)) {
    if (value === 0 || !runs(source)) continue;
    const found = mixingRow(source);
    if (!found) continue;
    for (const [targetPattern, b] of Object.entries(found.row)) {
      if (source === 'phiq1_33' && mode === 'universal-only' && targetPattern !== 'phiD' && targetPattern !== 'phiBox') continue;
      const target = found.lepton ? targetPattern.replace('LL', found.lepton) : targetPattern;
      induced[target] = (induced[target] ?? 0) - b * eps * value;
    }
  }
  return induced;
}
