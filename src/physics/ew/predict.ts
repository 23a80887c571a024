/**
 * EW precision predictions in the SMEFT: exact SM parametric formulae at the given nuisances plus the
 * linear tree-level SMEFT shifts (HEPfit NPbase style) and, unless `tree`, the leading-log top-Yukawa
 * running of the SL-4F operators and of C_Hq⁽¹⁾_33 (paper eq. 2.7, §2; smeft-ew.md §6).
 * This is what `smeftfit predict` calls, and what the linearised likelihood is expanded from.
 */
import { InputError } from '../../errors.ts';
import type { LeptonMixingAngleFormula } from './effective-mixing-angles.ts';
import { type Phiq133RunningMode, leadingLogInducedCoefficients } from './leading-log-running.ts';
import { DEFAULT_SM_INPUTS, SM_INPUT_NAMES, SM_INPUT_RANGES, type SmInputs } from './sm-inputs.ts';
import { type SmPoint, smPoint } from './sm-observables.ts';
import { type CouplingShifts, type Shat2AlphaChoice, type WarsawCoefficients, couplingShifts, shat2 } from './smeft-couplings.ts';
import { type VtbShiftChoice, observableShifts } from './smeft-observable-shifts.ts';
import { EW_WILSON_COEFFICIENTS, toWarsawCoefficients } from './wilson-coefficients.ts';

/** Observable names (keys of the EW validation file): Z pole, heavy flavour, W, single-top |V_tb|. */
export const EW_OBSERVABLE_NAMES: readonly string[] = [
  'MZ', 'GammaZ', 'sigma_had_nb', 'R_e', 'R_mu', 'R_tau', 'AFB_e', 'AFB_mu', 'AFB_tau',
  'A_e', 'A_mu', 'A_tau', 'R_b', 'R_c', 'R_uc', 'AFB_b', 'AFB_c', 'A_b', 'A_c', 'A_s',
  'MW', 'GammaW', 'BR_W_enu', 'BR_W_munu', 'BR_W_taunu', 'RWc', 'Vtb',
];
export { EW_WILSON_COEFFICIENTS };
export const EW_NUISANCE_NAMES: readonly string[] = SM_INPUT_NAMES;

/** Choices the specs leave open; every default is the paper-faithful (HEPfit 2019/2020) one. */
export interface EwTheoryOptions {
  /** α(M_Z) in ŝ²: HEPfit's on-shell α/(1 − Δα) (default) or flavio's MSbar 1/127.95. */
  shat2Alpha?: Shat2AlphaChoice;
  /** sin²θ_eff^ℓ: Awramik et al. 2006 (default, reproduces HEPfit 2019) or Dubovyk et al. 2019. */
  leptonMixingAngle?: LeptonMixingAngleFormula;
  /** C_Hq⁽¹⁾_33 running: all y_t² terms (default) or the universal C_HD piece only. */
  phiq1_33Running?: Phiq133RunningMode;
  /** |V_tb| shift: with the universal W-coupling part (default, HEPfit deltaGL_Wff) or vertex only. */
  vtbShift?: VtbShiftChoice;
}

export interface EwPredictionRequest {
  observables: string[];
  /** Wilson coefficients in TeV⁻² (names from EW_WILSON_COEFFICIENTS); missing ones are 0. */
  wilson: Record<string, number>;
  /** SM inputs (EW_NUISANCE_NAMES); missing ones take the PDG 2020 central values. */
  nuisances?: Record<string, number>;
  /** Tree level only: switches the leading-log running off. */
  tree?: boolean;
  options?: EwTheoryOptions;
}

function listNames(names: readonly string[]): string {
  return names.length <= 12 ? names.join(', ') : `${names.slice(0, 12).join(', ')}, … (${names.length} in all)`;
}

function checkNames(kind: string, given: Iterable<string>, valid: readonly string[]): void {
  const validSet = new Set(valid);
  for (const name of given) {
    if (!validSet.has(name)) throw new InputError(`unknown EW ${kind} '${name}'; valid: ${listNames(valid)}`);
  }
}

export function resolveSmInputs(nuisances: Record<string, number> = {}): SmInputs {
  checkNames('nuisance', Object.keys(nuisances), EW_NUISANCE_NAMES);
  const inputs: SmInputs = { ...DEFAULT_SM_INPUTS };
  for (const [k, v] of Object.entries(nuisances)) {
    if (!Number.isFinite(v)) throw new InputError(`EW nuisance '${k}' must be a finite number`);
    const [low, high] = SM_INPUT_RANGES[k as keyof SmInputs];
    if (!(v >= low && v <= high)) throw new InputError(`EW nuisance ${k} = ${v} is outside [${low}, ${high}], the range in which smeftfit evaluates the SM`);
    inputs[k as keyof SmInputs] = v;
  }
  return inputs;
}

/** Warsaw coefficients at μ_EW: tree entries plus (unless `tree`) the leading-log induced ones. */
export function coefficientsAtElectroweakScale(
  wilson: Record<string, number>,
  mt: number,
  tree: boolean,
  options: EwTheoryOptions = {},
): WarsawCoefficients {
  const atLambda = toWarsawCoefficients(wilson);
  if (tree) return atLambda;
  const induced = leadingLogInducedCoefficients(atLambda, mt, { phiq1_33Mode: options.phiq1_33Running });
  const out = { ...atLambda };
  for (const [k, v] of Object.entries(induced)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** Coupling shifts of a parameter point (used by the derived δg_Z quantities). */
export function ewCouplingShifts(
  wilson: Record<string, number>,
  inputs: SmInputs,
  tree: boolean,
  options: EwTheoryOptions = {},
): CouplingShifts {
  const c = coefficientsAtElectroweakScale(wilson, inputs.mt, tree, options);
  return couplingShifts(c, shat2(inputs, options.shat2Alpha));
}

/** SM values and SMEFT shifts separately, for every observable (no name checks). */
export function ewPredictionParts(
  wilson: Record<string, number>,
  inputs: SmInputs,
  tree: boolean,
  options: EwTheoryOptions = {},
): { sm: SmPoint; shifts: Record<string, number> } {
  const sm = smPoint(inputs, options.leptonMixingAngle);
  const shifts = observableShifts(sm, ewCouplingShifts(wilson, inputs, tree, options), options.vtbShift);
  return { sm, shifts };
}

export function predictEw(request: EwPredictionRequest): Record<string, number> {
  checkNames('observable', request.observables, EW_OBSERVABLE_NAMES);
  checkNames('Wilson coefficient', Object.keys(request.wilson), EW_WILSON_COEFFICIENTS);
  for (const [k, v] of Object.entries(request.wilson)) {
    if (!Number.isFinite(v)) throw new InputError(`EW Wilson coefficient '${k}' must be a finite number`);
  }
  const inputs = resolveSmInputs(request.nuisances);
  const { sm, shifts } = ewPredictionParts(request.wilson, inputs, request.tree ?? false, request.options);
  const out: Record<string, number> = {};
  for (const name of request.observables) out[name] = sm.observables[name] + shifts[name];
  return out;
}
