/**
 * SM inputs of the EW fit: the five floated nuisances and the fixed constants.
 *
 * Nuisance central values and errors: PDG 2020 and hep-ex/0509008 Table 2.13, as collected in the
 * project's EW data file (ew-data.md §1); the data file stays the source the likelihood reads, these
 * copies only give `predictEw` a default point (a test checks they agree with the file).
 */

/** The floated SM inputs, named as in the validation reference point. */
export interface SmInputs {
  /** Higgs pole mass [GeV]. */
  MH: number;
  /** Top-quark pole mass [GeV]. */
  mt: number;
  /** α_s(M_Z), MSbar, 5 flavours. */
  als: number;
  /** Δα_had^(5)(M_Z²). */
  dalhad: number;
  /** Z mass [GeV]. */
  MZ: number;
}

export const SM_INPUT_NAMES = ['MH', 'mt', 'als', 'dalhad', 'MZ'] as const;
export type SmInputName = (typeof SM_INPUT_NAMES)[number];

/** Central values (ew-data.md §1: PDG 2020; M_Z from hep-ex/0509008 Table 2.13). */
export const DEFAULT_SM_INPUTS: Readonly<SmInputs> = Object.freeze({
  MH: 125.1,
  mt: 172.76,
  als: 0.1179,
  dalhad: 0.02766,
  MZ: 91.1876,
});

/**
 * The box an SM input may be set in (predict's --nuisance): generous around the measured values, so a
 * study of, say, M_H = 200 GeV still runs, but a sign or unit slip (M_Z = −91, m_t = 1e308, α_s = 1) is
 * refused instead of printing M_W = −149 GeV or NaN. Not the parameterisations' fit ranges, which are
 * much narrower (w-mass.ts: 100 GeV ≤ M_H ≤ 1 TeV; Dubovyk et al. 2019: a few σ around the central values).
 */
export const SM_INPUT_RANGES: Readonly<Record<SmInputName, readonly [number, number]>> = Object.freeze({
  MH: [50, 1000],
  mt: [100, 300],
  als: [0.05, 0.3],
  dalhad: [0.01, 0.05],
  MZ: [80, 100],
});

/** Fermi constant [GeV⁻²] (PDG, MuLan), fixed. */
export const FERMI_CONSTANT = 1.1663787e-5;
/** Fine-structure constant α(0) (CODATA 2018: 1/137.035999084), fixed. */
export const ALPHA_0 = 1 / 137.035999084;
/**
 * Leptonic running Δα_lep(M_Z²) at three loops (Steinhauser, PLB 429 (1998) 158), fixed;
 * the fit formulae take Δα = Δα_lep + Δα_had^(5) (sm-predictions.md, "Common variables").
 */
export const DELTA_ALPHA_LEPTONIC = 0.0314977;

/** Total Δα(M_Z²) entering every parametric formula. */
export function totalDeltaAlpha(inputs: SmInputs): number {
  return DELTA_ALPHA_LEPTONIC + inputs.dalhad;
}

/** On-shell α(M_Z) = α(0)/(1 − Δα) (HEPfit's choice, smeft-ew.md §0). */
export function alphaAtMZOnShell(inputs: SmInputs): number {
  return ALPHA_0 / (1 - totalDeltaAlpha(inputs));
}

/** v = (√2 G_F)^(−1/2) [GeV]. */
export const HIGGS_VEV = Math.pow(Math.SQRT2 * FERMI_CONSTANT, -0.5);
