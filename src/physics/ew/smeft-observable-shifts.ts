/**
 * Linear SMEFT shifts of the EW observables from coupling shifts, HEPfit NPbase style
 * (smeft-ew.md §4): every Z-pole correction is evaluated at tree level with the SM effective couplings
 * and without QCD/QED radiator factors, then added to the full SM prediction. Ratios and σ_had are
 * linearised with the same tree-level widths in numerator and denominator, so a pure normalisation
 * shift δg ∝ g cancels exactly in every ratio and asymmetry (smeft-ew.md §8.7).
 */
import { asymmetryShift } from './asymmetries.ts';
import { type CouplingShifts, type ZFermion, Z_FERMIONS, fermionQuantumNumbers } from './smeft-couplings.ts';
import { alphaAtMZOnShell } from './sm-inputs.ts';
import type { SmPoint } from './sm-observables.ts';

/**
 * Which W t b shift |V_tb| (single top) sees: HEPfit's deltaGL_Wff(t, b) contains the universal part
 * δM_W/M_W − ½δ_GF besides ĉ_Hq3_33 (NPEffectiveGIMR::deltaGL_Wff, "NPindirect"), hence the default.
 */
export type VtbShiftChoice = 'with-universal' | 'vertex-only';

/** (ħc)² = 0.3893793721 GeV² mb (PDG 2020, CODATA 2018), in GeV² nb. */
const HBARC2_GEV2_NB = 0.3893793721e6;

const COLOURS: Record<ZFermion, number> = { e: 1, mu: 1, tau: 1, nue: 1, numu: 1, nutau: 1, u: 3, c: 3, d: 3, s: 3, b: 3 };
const QUARKS: ZFermion[] = ['u', 'c', 'd', 's', 'b'];

/** SM chiral Z couplings g_L = T₃ − Q s_f², g_R = −Q s_f² with s_f² = sin²θ_eff^f (smeft-ew.md §4). */
export function smChiralCouplings(sm: SmPoint): Record<ZFermion, { gL: number; gR: number }> {
  const angle: Record<ZFermion, number> = {
    e: sm.angles.lepton,
    mu: sm.angles.lepton,
    tau: sm.angles.lepton,
    nue: sm.angles.neutrino,
    numu: sm.angles.neutrino,
    nutau: sm.angles.neutrino,
    u: sm.angles.up,
    c: sm.angles.up,
    d: sm.angles.down,
    s: sm.angles.down,
    b: sm.angles.bottom,
  };
  const out = {} as Record<ZFermion, { gL: number; gR: number }>;
  for (const f of Z_FERMIONS) {
    const { T3, Q } = fermionQuantumNumbers(f);
    out[f] = { gL: T3 - Q * angle[f], gR: -Q * angle[f] };
  }
  return out;
}

export function observableShifts(
  sm: SmPoint,
  shifts: CouplingShifts,
  vtbChoice: VtbShiftChoice = 'with-universal',
): Record<string, number> {
  const { MZ } = sm.inputs;
  const g = smChiralCouplings(sm);
  // K = α(M_Z) M_Z/(12 s_W² c_W²), on-shell s_W² = 1 − (M_W^SM/M_Z)²: normalisation of Γ_f^tree.
  const sW2 = 1 - (sm.MW / MZ) ** 2;
  const K = (alphaAtMZOnShell(sm.inputs) * MZ) / (12 * sW2 * (1 - sW2));
  const treeWidth = {} as Record<ZFermion, number>;
  const relativeShift = {} as Record<ZFermion, number>;
  const widthShift = {} as Record<ZFermion, number>;
  for (const f of Z_FERMIONS) {
    const { gL, gR } = g[f];
    const norm = gL * gL + gR * gR;
    treeWidth[f] = K * 2 * COLOURS[f] * norm;
    relativeShift[f] = (2 * (gL * shifts.dgL[f] + gR * shifts.dgR[f])) / norm;
    widthShift[f] = treeWidth[f] * relativeShift[f];
  }
  const sum = (fs: readonly ZFermion[], w: Record<ZFermion, number>): number => fs.reduce((a, f) => a + w[f], 0);
  const GammaHad = sum(QUARKS, treeWidth);
  const dGammaHad = sum(QUARKS, widthShift);
  const GammaZ = sum(Z_FERMIONS, treeWidth);
  const dGammaZ = sum(Z_FERMIONS, widthShift);
  const sigmaTree = ((12 * Math.PI * treeWidth.e * GammaHad) / (MZ * MZ * GammaZ * GammaZ)) * HBARC2_GEV2_NB;
  const leptonRatioShift = (l: ZFermion): number => (GammaHad / treeWidth[l]) * (dGammaHad / GammaHad - relativeShift[l]);
  const quarkRatioShift = (q: ZFermion): number => (treeWidth[q] / GammaHad) * (relativeShift[q] - dGammaHad / GammaHad);
  const dA = (f: ZFermion): number => asymmetryShift(g[f].gL, g[f].gR, shifts.dgL[f], shifts.dgR[f]);
  const o = sm.observables;
  const dAe = dA('e');
  const dAFB = (f: ZFermion, Af: number): number => 0.75 * (dAe * Af + o.A_e * dA(f));

  // W: Γ_ij ∝ g² M_W, so δΓ_ij/Γ_ij = 2δg_ij + δM_W/M_W; BRs lose the M_W factor (smeft-ew.md §4, §8.6).
  const { BR_lnu, BR_quark_channel, GammaW, RWc } = sm.w;
  const w = shifts.dgW;
  const averageCouplingShift =
    BR_lnu * 2 * (w.e + w.mu + w.tau) + BR_quark_channel * 2 * (w.ud + w.cs);
  return {
    MZ: 0,
    GammaZ: dGammaZ,
    sigma_had_nb: sigmaTree * (relativeShift.e + dGammaHad / GammaHad - (2 * dGammaZ) / GammaZ),
    R_e: leptonRatioShift('e'),
    R_mu: leptonRatioShift('mu'),
    R_tau: leptonRatioShift('tau'),
    AFB_e: dAFB('e', o.A_e),
    AFB_mu: dAFB('mu', o.A_mu),
    AFB_tau: dAFB('tau', o.A_tau),
    A_e: dAe,
    A_mu: dA('mu'),
    A_tau: dA('tau'),
    R_b: quarkRatioShift('b'),
    R_c: quarkRatioShift('c'),
    R_uc: 0.5 * (quarkRatioShift('u') + quarkRatioShift('c')),
    AFB_b: dAFB('b', o.A_b),
    AFB_c: dAFB('c', o.A_c),
    A_b: dA('b'),
    A_c: dA('c'),
    A_s: dA('s'),
    MW: sm.MW * shifts.dMW_over_MW,
    GammaW: GammaW * (averageCouplingShift + shifts.dMW_over_MW),
    BR_W_enu: BR_lnu * (2 * w.e - averageCouplingShift),
    BR_W_munu: BR_lnu * (2 * w.mu - averageCouplingShift),
    BR_W_taunu: BR_lnu * (2 * w.tau - averageCouplingShift),
    RWc: RWc * (1 - RWc) * (2 * w.cs - 2 * w.ud),
    Vtb: vtbChoice === 'with-universal' ? w.tb : shifts.dgW_tb_vertex,
  };
}
