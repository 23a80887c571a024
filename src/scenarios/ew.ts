/**
 * The EW-only scenarios of paper §3: "EW" (17 operators of eqs. 2.2, 2.8, 2.9 with the leading-log
 * running of §2), its tree-level counterpart (appendix A), and "EW (SL-4F only)" (C_lu, C_eu for
 * ℓ = e, μ, which reach the EW observables only through the running, eq. 2.7).
 */
import { InputError } from '../errors.ts';
import { effectiveMixingAngles } from '../physics/ew/effective-mixing-angles.ts';
import { type EwLikelihoodOptions, buildEwLikelihood, ewLikelihoodModel } from '../physics/ew/likelihood.ts';
import { type EwTheoryOptions, ewCouplingShifts } from '../physics/ew/predict.ts';
import { DEFAULT_SM_INPUTS, type SmInputs } from '../physics/ew/sm-inputs.ts';
import type { ZFermion } from '../physics/ew/smeft-couplings.ts';
import { EW_TREE_LEVEL_COEFFICIENTS, SEMILEPTONIC_TOP_COEFFICIENTS } from '../physics/ew/wilson-coefficients.ts';
import type { DerivedQuantity, ParameterSpec, ScenarioModel } from './scenario.ts';

export { ewLikelihoodModel };
export type { EwLikelihoodOptions };

export type EwVariant = 'ew' | 'ew-tree' | 'ew-sl4f';

export interface EwScenarioOptions extends Omit<EwLikelihoodOptions, 'wilsonCoefficients' | 'running'> {
  variant: EwVariant;
  /** Overrides the variant's default (on for ew and ew-sl4f, off for ew-tree). */
  running?: boolean;
}

const VARIANT_COEFFICIENTS: Record<EwVariant, readonly string[]> = {
  ew: EW_TREE_LEVEL_COEFFICIENTS,
  'ew-tree': EW_TREE_LEVEL_COEFFICIENTS,
  'ew-sl4f': SEMILEPTONIC_TOP_COEFFICIENTS,
};

/**
 * δg_{Z,L(R)}^{ℓℓ} ≡ g_{Z,L(R)}^{ℓℓ}/g^{ℓℓ,SM}_{Z,L(R)} − 1 (paper eq. 4.1) for ℓ = e, μ: the full shift
 * of the coupling (vertex, universal and leading-log pieces) over the SM coupling g_L = −½ + s²_eff,
 * g_R = s²_eff at the point's own nuisances.
 */
export function zLeptonCouplingDerived(
  parameterNames: string[],
  running: boolean,
  theory: EwTheoryOptions,
): DerivedQuantity[] {
  const index = (name: string): number => parameterNames.indexOf(name);
  const nuisanceIndex: Record<keyof SmInputs, number> = {
    MH: index('MH'), mt: index('mt'), als: index('als'), dalhad: index('dalhad'), MZ: index('MZ'),
  };
  const wcIndex = parameterNames.map((n, i) => [n, i] as const).filter(([n]) => !(n in nuisanceIndex));
  const evaluateShift = (lepton: ZFermion, chirality: 'L' | 'R') => (theta: Float64Array): number => {
    const inputs = {} as SmInputs;
    // SM inputs that are not sampled (flavour-only scenarios) sit at their central values.
    for (const [k, i] of Object.entries(nuisanceIndex)) inputs[k as keyof SmInputs] = i >= 0 ? theta[i] : DEFAULT_SM_INPUTS[k as keyof SmInputs];
    const wilson: Record<string, number> = {};
    for (const [n, i] of wcIndex) wilson[n] = theta[i];
    const shifts = ewCouplingShifts(wilson, inputs, !running, theory);
    const s2 = effectiveMixingAngles(inputs, theory.leptonMixingAngle).lepton;
    return chirality === 'L' ? shifts.dgL[lepton] / (-0.5 + s2) : shifts.dgR[lepton] / s2;
  };
  // The shifts are linear in the coefficients at fixed SM inputs (dimension-6 terms at O(1/Λ²), eq. 2.7).
  const linearIn = wcIndex.map(([, i]) => i);
  return [
    { name: 'delta_gZ_ee_L', evaluate: evaluateShift('e', 'L'), linearIn },
    { name: 'delta_gZ_ee_R', evaluate: evaluateShift('e', 'R'), linearIn },
    { name: 'delta_gZ_mumu_L', evaluate: evaluateShift('mu', 'L'), linearIn },
    { name: 'delta_gZ_mumu_R', evaluate: evaluateShift('mu', 'R'), linearIn },
  ];
}

export function buildEwScenario(options: EwScenarioOptions): ScenarioModel {
  const coefficients = VARIANT_COEFFICIENTS[options.variant];
  if (!coefficients) throw new InputError(`unknown EW scenario variant '${String(options.variant)}'; valid: ew, ew-tree, ew-sl4f`);
  const running = options.running ?? options.variant !== 'ew-tree';
  if (options.variant === 'ew-sl4f' && !running) {
    throw new InputError(`scenario variant 'ew-sl4f' needs running: its operators reach the EW observables only at one loop`);
  }
  const build = buildEwLikelihood({ ...options, wilsonCoefficients: [...coefficients], running });
  const { model } = build;
  const parameters: ParameterSpec[] = model.parameterNames.map((name, i) => {
    const isWc = i < coefficients.length;
    const sd = isWc
      ? Number.isFinite(build.marginalSd[name]) ? build.marginalSd[name] : build.conditionalSd[name]
      : build.nuisanceSd[name];
    return {
      name,
      prior: model.priors[i],
      // Walkers start in a small ball (0.1 expected sd) around the SM / nuisance central values.
      start: { center: model.reference[i], width: 0.1 * sd },
      role: isWc ? 'wc' : 'nuisance',
    };
  });
  const halfWidths: Record<string, number> = {};
  for (const p of parameters) if (p.role === 'wc' && p.prior.kind === 'flat') halfWidths[p.name] = p.prior.upper;
  return {
    name: options.variant,
    parameters,
    density: model,
    derived: zLeptonCouplingDerived(model.parameterNames, running, options),
    info: {
      variant: options.variant,
      running,
      Lambda_TeV: 1,
      mu_EW: 'm_t',
      shat2Alpha: options.shat2Alpha ?? 'on-shell',
      leptonMixingAngle: options.leptonMixingAngle ?? 'awramik2006',
      phiq1_33Running: options.phiq1_33Running ?? 'all-yt',
      vtbShift: options.vtbShift ?? 'with-universal',
      zLineshape: options.zLineshape ?? 'hep-ex/0509008',
      mzConstraint: options.mzConstraint ?? 'lineshape-only',
      measurements: model.observableNames.length,
      wcPriorHalfWidths: halfWidths,
      expectedSd: build.marginalSd,
    },
  };
}
