/**
 * The Wilson coefficients of the EW fit (paper eqs. 2.2, 2.3, 2.8, 2.9), in WCxf Warsaw names, TeV⁻²
 * at Λ = 1 TeV, and their expansion into Warsaw-basis entries.
 *
 * Quark operators carry the U(2) identification of paper §2: the parameter `phiq1_11` sets
 * C_Hq⁽¹⁾_11 = C_Hq⁽¹⁾_22 (likewise phiq3, phiu, phid); C_Hu_33 = 0 is not a parameter.
 * `ll_1221` is in the WCxf normalisation (operator counted once; smeft-ew.md §0).
 */
import type { WarsawCoefficients } from './smeft-couplings.ts';

/** The 17 operators of eqs. 2.2, 2.8, 2.9 (scenario "EW"). */
export const EW_TREE_LEVEL_COEFFICIENTS = [
  'phil1_11', 'phil1_22', 'phil1_33',
  'phil3_11', 'phil3_22', 'phil3_33',
  'phie_11', 'phie_22', 'phie_33',
  'phiq1_11', 'phiq1_33', 'phiq3_11', 'phiq3_33',
  'phiu_11', 'phid_11', 'phid_33',
  'll_1221',
] as const;

/** The SL-4F operators with a right-handed top current, eq. 2.3, for ℓ = e, μ. */
export const SEMILEPTONIC_TOP_COEFFICIENTS = ['lu_1133', 'lu_2233', 'eu_1133', 'eu_2233'] as const;

/** All 21 coefficients the EW likelihood knows (17 + 4). */
export const EW_WILSON_COEFFICIENTS: readonly string[] = [...EW_TREE_LEVEL_COEFFICIENTS, ...SEMILEPTONIC_TOP_COEFFICIENTS];

const U2_IDENTIFIED = new Set(['phiq1_11', 'phiq3_11', 'phiu_11', 'phid_11']);

/** Fit parameters → Warsaw entries (U(2): `phiq1_11` fills both 11 and 22). Unknown names are not checked here. */
export function toWarsawCoefficients(parameters: Record<string, number>): WarsawCoefficients {
  const out: WarsawCoefficients = {};
  for (const [name, value] of Object.entries(parameters)) {
    out[name] = (out[name] ?? 0) + value;
    if (U2_IDENTIFIED.has(name)) {
      const partner = name.replace(/_11$/, '_22');
      out[partner] = (out[partner] ?? 0) + value;
    }
  }
  return out;
}
