/**
 * PMD (phenomenological model-driven) hadronic treatment, HEPfit "dispersion" (flavour-spec.md §5.2): the
 * KMPW dispersion-relation form (arXiv:1006.4945) of the non-factorisable charm loop, per KMPW amplitude
 * i = 1, 2, 3 (multiplying V, A1, A2):
 *
 *   ΔC9^(i)(q²) = e^{iφ_i} { [r1^(i)(1 − 1/q²) + ΔC9^(i)(1 GeV²)/q²] / [1 + r2^(i)(1 − q²)/m_J/ψ²]
 *                            − (3C1 + C2)_KMPW g(m_c, q²) },   (3C1 + C2)_KMPW = 0.316,
 *
 * 12 parameters with the flat priors of flavour-theory-inputs.json PMD_HEPfit_dispersion (no pseudo-
 * measurements). The kernels apply it in vll-point-kernel.ts; this file holds the q²-only pieces.
 *
 * HEPfit quirks as options (spec §5.2), each defaulting to the paper-faithful choice:
 *  - `gBracketQuirk` (default false): HEPfit's misplaced bracket above 4m_c², ln(1 + √(1−x)/√x) instead of
 *    ln((1 + √(1−x))/√x). It changes only q² > 4m_c² ≈ 6.6 GeV² (the 6–8 and 6–8.68 bins). Default off: the
 *    formula of the KMPW paper, since whether the 2020 code still had the slip is not known.
 *  - `bToKCharmQuirk` (default false): HEPfit's B → K PMD term h = −q²/(16π²m_B²) Ṽ_L ΔC9^BK with every B → K
 *    parameter set to 0 leaves ΔC9^BK = −(3C1 + C2)_KMPW g(m_c, q²) switched on, a shift of C9^eff in B → K that
 *    subtracts part of the factorisable charm loop (spec §5.2). Default off (no B → K term, as KMPW intend):
 *    whether the 2020 code still did this is not known.
 */
import { PMD_BLOCK } from '../../likelihood/flavour-point-layout.ts';
import { loadTheoryInputs } from './data-files.ts';
import type { FlavourParameters } from './parameters.ts';
import { pmdPoleLimit } from './pmd-formula.ts';

export { PMD_M_JPSI2 } from './pmd-formula.ts';
const KMPW_3C1_C2 = 0.316;
/** MS-bar masses in g(m_c, q²) (HEPfit cards: m_c(m_c) = 1.28, m_b(m_b) = 4.17 GeV). */
const MC_MSBAR = 1.28;
const MB_MSBAR = 4.17;

export interface PmdOptions {
  gBracketQuirk?: boolean;
  bToKCharmQuirk?: boolean;
}

/** −(3C1 + C2)_KMPW g(m_c, q²) (complex), the piece inside the braces besides the dispersive shape. */
export function pmdCharmSubtraction(q2: number, _p: FlavourParameters, options: PmdOptions = {}): { re: number; im: number } {
  const x = (4 * MC_MSBAR * MC_MSBAR) / q2;
  const base = (-8 / 9) * Math.log(MC_MSBAR / MB_MSBAR) + 8 / 27 + (4 / 9) * x;
  let gRe: number;
  let gIm = 0;
  if (x > 1) {
    const r = Math.sqrt(x - 1);
    gRe = base - (4 / 9) * (2 + x) * r * Math.atan(1 / r);
  } else {
    const r = Math.sqrt(1 - x);
    const log = options.gBracketQuirk ? Math.log(1 + r / Math.sqrt(x)) : Math.log((1 + r) / Math.sqrt(x));
    gRe = base - (4 / 9) * (2 + x) * r * log;
    gIm = (4 / 9) * (2 + x) * r * (Math.PI / 2);
  }
  return { re: -KMPW_3C1_C2 * gRe, im: -KMPW_3C1_C2 * gIm };
}

export interface PmdPrior {
  names: string[];
  lower: number[];
  upper: number[];
}

/** The 12 PMD parameters (r1, r2, ΔC9(1 GeV²), φ for i = 1, 2, 3) and their flat boxes. */
export function pmdPrior(dataDir?: string): PmdPrior {
  const set = loadTheoryInputs(dataDir).PMD_HEPfit_dispersion as { parameters_flat_priors: Record<string, [number, number]> };
  const entries = Object.entries(set.parameters_flat_priors);
  if (entries.length !== 12) throw new Error(`PMD_HEPfit_dispersion: expected 12 parameters, got ${entries.length}`);
  return { names: entries.map(([k]) => `pmd_${k}`), lower: entries.map(([, v]) => v[0]), upper: entries.map(([, v]) => v[1]) };
}

/**
 * h_±(0) of PMD (the q² → 0 limit of −q²/(16π² m_B²)[(m_B+m_V)/(2m_B) A1 ΔC9^(2) ∓ √λ/(2m_B(m_B+m_V)) V ΔC9^(1)],
 * where q² ΔC9^(i) → e^{iφ_i}(ΔC9^(i)(1) − r1^(i))/(1 + r2^(i)/m_J/ψ²)), for B → Vγ. out = [Re h+, Im h+, Re h−, Im h−].
 */
export function pmdHAtZero(x: Float64Array, pmdOffset: number, mB: number, mV: number, A10: number, V0: number, out: Float64Array): void {
  // |q² ΔC9^(i)| at q² → 0 for i = 1 (V), 2 (A1) (pmd-formula.ts)
  const b1 = pmdOffset;
  const b2 = pmdOffset + PMD_BLOCK.size;
  const m1 = pmdPoleLimit(x, b1);
  const m2 = pmdPoleLimit(x, b2);
  const d1r = m1 * Math.cos(x[b1 + PMD_BLOCK.phase]), d1i = m1 * Math.sin(x[b1 + PMD_BLOCK.phase]);
  const d2r = m2 * Math.cos(x[b2 + PMD_BLOCK.phase]), d2i = m2 * Math.sin(x[b2 + PMD_BLOCK.phase]);
  const pre = -1 / (16 * Math.PI * Math.PI * mB * mB);
  const a = ((mB + mV) / (2 * mB)) * A10;
  const v = ((mB * mB - mV * mV) / (2 * mB * (mB + mV))) * V0;
  out[0] = pre * (a * d2r - v * d1r);
  out[1] = pre * (a * d2i - v * d1i);
  out[2] = pre * (a * d2r + v * d1r);
  out[3] = pre * (a * d2i + v * d1i);
}
