/**
 * One-loop (leading-log, top-Yukawa) SMEFT → WET matching of the paper, eq. (2.6) of arXiv:2007.04400:
 *
 *   C9^NP,ℓ  = K (C_Hl(3)_ℓℓ − C_Hl(1)_ℓℓ − C_He_ℓℓ + C_lu_ℓℓ33 + C_eu_ℓℓ33),
 *   C10^NP,ℓ = K (C_Hl(1)_ℓℓ − C_Hl(3)_ℓℓ − C_He_ℓℓ − C_lu_ℓℓ33 + C_eu_ℓℓ33),
 *   K = π v²/(α_e Λ²) (y_t/4π)² ln(Λ/μ_EW),   Λ = 1 TeV, μ_EW = m_t (paper footnote 2).
 *
 * SMEFT coefficients are WCxf Warsaw names in TeV⁻² (the 1/Λ² with Λ = 1 TeV is inside K). Which α_e and
 * y_t the paper used is not recorded (flavour-spec.md §1), so both are options:
 *  - α_e: 'alpha0' = α(0) = 1/137.036 (default: HEPfit normalises its b → sℓℓ operators with α(0), spec §1/§6),
 *    'alphaMZ' = 1/127.9, 'alphaMb' = α(4.8 GeV) = 1/132.1 (flavio);
 *  - y_t: 'tree' = √2 m_t/v = 0.99228 (default: the paper sets μ_EW = m_t ≃ v/√2, i.e. y_t ≃ 1, and the
 *    project's EW running uses this value, smeft-ew.md §6.2), 'msbar' = y_t(m_t) = 0.94 (spec §1).
 */
import { InputError } from '../../errors.ts';

export type AlphaEChoice = 'alpha0' | 'alphaMZ' | 'alphaMb';
export type TopYukawaChoice = 'tree' | 'msbar';

export interface MatchingOptions {
  alphaE?: AlphaEChoice;
  yt?: TopYukawaChoice;
  /** NP scale Λ in TeV (paper: 1). */
  lambdaTeV?: number;
  /** Matching scale μ_EW in GeV (paper: m_t). */
  muEW?: number;
}

/** Inputs (GeV): v from G_F (smeft-ew.md header), m_t = 172.76 (smeft-ew.md §6.2). */
export const HIGGS_VEV = 246.2197;
export const TOP_MASS = 172.76;
export const ALPHA_E: Record<AlphaEChoice, number> = {
  alpha0: 0.0072973525698, // α(0), flavour-theory-inputs.json HEPfit StandardModel.ale
  alphaMZ: 1 / 127.9, // flavour-spec.md §1
  alphaMb: 0.0075691, // α(4.8 GeV) in flavio, flavour-validation.json
};
export const TOP_YUKAWA: Record<TopYukawaChoice, number> = {
  tree: (Math.SQRT2 * TOP_MASS) / HIGGS_VEV,
  msbar: 0.94, // flavour-spec.md §1
};

export function matchingFactorK(options: MatchingOptions = {}): number {
  const alphaE = ALPHA_E[options.alphaE ?? 'alpha0'];
  const yt = TOP_YUKAWA[options.yt ?? 'tree'];
  if (alphaE === undefined) throw new InputError(`unknown alphaE choice '${options.alphaE}'`);
  if (yt === undefined) throw new InputError(`unknown yt choice '${options.yt}'`);
  const lambdaGeV = 1000 * (options.lambdaTeV ?? 1);
  const muEW = options.muEW ?? TOP_MASS;
  return ((Math.PI * HIGGS_VEV ** 2) / (alphaE * lambdaGeV ** 2)) * (yt / (4 * Math.PI)) ** 2 * Math.log(lambdaGeV / muEW);
}

/** The SMEFT coefficients that enter, per lepton generation (WCxf Warsaw names). */
export const FLAVOUR_SMEFT_COEFFICIENTS = [
  'phil1_11',
  'phil1_22',
  'phil3_11',
  'phil3_22',
  'phie_11',
  'phie_22',
  'lu_1133',
  'lu_2233',
  'eu_1133',
  'eu_2233',
] as const;
export type SmeftCoefficient = (typeof FLAVOUR_SMEFT_COEFFICIENTS)[number];

/** WET NP coefficients at μ_b (flavio names). */
export const FLAVOUR_WET_COEFFICIENTS = ['C9_bsmumu', 'C10_bsmumu', 'C9_bsee', 'C10_bsee'] as const;
export type WetCoefficient = (typeof FLAVOUR_WET_COEFFICIENTS)[number];

/**
 * Linear map SMEFT → WET as rows: wet[w] = Σ_s MATRIX[w][s] · smeft[s] · K. Rows in FLAVOUR_WET_COEFFICIENTS
 * order, columns in FLAVOUR_SMEFT_COEFFICIENTS order (eq. 2.6 with ℓ = μ ↔ index 22, ℓ = e ↔ 11).
 */
export function matchingMatrix(K: number): number[][] {
  const row = (gen: '11' | '22', signs: { phil1: number; phil3: number; phie: number; lu: number; eu: number }): number[] =>
    FLAVOUR_SMEFT_COEFFICIENTS.map((name) => {
      const [op, idx] = name.split('_');
      if (!idx.startsWith(gen)) return 0;
      return K * signs[op as keyof typeof signs];
    });
  const c9 = { phil1: -1, phil3: 1, phie: -1, lu: 1, eu: 1 };
  const c10 = { phil1: 1, phil3: -1, phie: -1, lu: -1, eu: 1 };
  return [row('22', c9), row('22', c10), row('11', c9), row('11', c10)];
}

/** NP C9, C10 per lepton from SMEFT coefficients (missing names are zero). Unknown names raise InputError. */
export function smeftToWet(smeft: Record<string, number>, options: MatchingOptions = {}): Record<WetCoefficient, number> {
  for (const name of Object.keys(smeft)) {
    if (!(FLAVOUR_SMEFT_COEFFICIENTS as readonly string[]).includes(name)) {
      throw new InputError(`unknown SMEFT coefficient '${name}' (expected one of ${FLAVOUR_SMEFT_COEFFICIENTS.join(', ')})`);
    }
  }
  const M = matchingMatrix(matchingFactorK(options));
  const out = {} as Record<WetCoefficient, number>;
  FLAVOUR_WET_COEFFICIENTS.forEach((w, i) => {
    out[w] = FLAVOUR_SMEFT_COEFFICIENTS.reduce((acc, s, j) => acc + M[i][j] * (smeft[s] ?? 0), 0);
  });
  return out;
}
