/**
 * All SM EW precision observables at one point of the nuisances, with the intermediate quantities the
 * SMEFT shifts need (effective angles, M_W, W branching ratios).
 */
import { asymmetryParameter, poleForwardBackwardAsymmetry } from './asymmetries.ts';
import { type EffectiveMixingAngles, type LeptonMixingAngleFormula, effectiveMixingAngles } from './effective-mixing-angles.ts';
import type { SmInputs } from './sm-inputs.ts';
import { wMassSM } from './w-mass.ts';
import { type WDecayPredictions, wDecayPredictions } from './w-widths.ts';
import { type ZLineshapePredictions, zLineshapePredictions } from './z-partial-widths.ts';

export interface SmPoint {
  inputs: SmInputs;
  angles: EffectiveMixingAngles;
  lineshape: ZLineshapePredictions;
  MW: number;
  w: WDecayPredictions;
  /** Observable values keyed by the EW observable names (see predict.ts). */
  observables: Record<string, number>;
}

export function smPoint(inputs: SmInputs, leptonFormula: LeptonMixingAngleFormula = 'awramik2006'): SmPoint {
  const angles = effectiveMixingAngles(inputs, leptonFormula);
  const lineshape = zLineshapePredictions(inputs);
  const MW = wMassSM(inputs);
  const w = wDecayPredictions(MW, inputs.als, inputs.MZ);
  const A_l = asymmetryParameter(1, angles.lepton);
  const A_b = asymmetryParameter(1 / 3, angles.bottom);
  const A_c = asymmetryParameter(2 / 3, angles.up);
  const A_s = asymmetryParameter(1 / 3, angles.down);
  const AFB_l = poleForwardBackwardAsymmetry(A_l, A_l);
  const observables: Record<string, number> = {
    MZ: inputs.MZ,
    GammaZ: lineshape.GammaZ,
    sigma_had_nb: lineshape.sigma_had_nb,
    R_e: lineshape.R_e,
    R_mu: lineshape.R_mu,
    R_tau: lineshape.R_tau,
    AFB_e: AFB_l,
    AFB_mu: AFB_l,
    AFB_tau: AFB_l,
    A_e: A_l,
    A_mu: A_l,
    A_tau: A_l,
    R_b: lineshape.R_b,
    R_c: lineshape.R_c,
    R_uc: lineshape.R_uc,
    AFB_b: poleForwardBackwardAsymmetry(A_l, A_b),
    AFB_c: poleForwardBackwardAsymmetry(A_l, A_c),
    A_b,
    A_c,
    A_s,
    MW,
    GammaW: w.GammaW,
    BR_W_enu: w.BR_lnu,
    BR_W_munu: w.BR_lnu,
    BR_W_taunu: w.BR_lnu,
    RWc: w.RWc,
    // |V_tb| probed in single-top production: 1 in the SM (CKM unitarity, 1 − |V_tb|² < 2·10⁻³ neglected as in HEPfit's deltaVtbL).
    Vtb: 1,
  };
  return { inputs, angles, lineshape, MW, w, observables };
}
