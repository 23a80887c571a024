/**
 * The paper's combined scenarios (§3 "EW & Flavour", §4.2 fig. 5): the EW precision likelihood and the
 * clean b → sℓℓ likelihood are independent measurements of overlapping Wilson coefficients, so the
 * joint log-likelihood is their sum (a SumModel). Each part is built by its own physics module over the
 * chosen coefficients; shared coefficients have flat priors in both, whose intersection is the prior.
 */
import type { FlavourData } from '../physics/flavour/data.ts';
import { FLAVOUR_SMEFT_COEFFICIENTS } from '../physics/flavour/matching.ts';
import { buildEwLikelihood, type EwLikelihoodBuild, type EwLikelihoodOptions } from '../physics/ew/likelihood.ts';
import { EW_TREE_LEVEL_COEFFICIENTS, SEMILEPTONIC_TOP_COEFFICIENTS } from '../physics/ew/wilson-coefficients.ts';
import type { ModelDescription, Prior, SumModel } from '../likelihood/model.ts';
import { zLeptonCouplingDerived } from './ew.ts';
import { flavourLikelihoodModel, type FlavourLikelihoodOptions } from './flavour.ts';
import type { DerivedQuantity, ParameterSpec, ScenarioModel } from './scenario.ts';

export type CombinedVariant = 'ew-flavour-clean' | 'minimal-mu' | 'minimal-e';

/** Floated coefficients: all 21 operators, or the fig. 5 pairs C_lu(ℓℓ33) with C_Hl(1)(ℓℓ). */
export const COMBINED_VARIANTS: Record<CombinedVariant, string[]> = {
  'ew-flavour-clean': [...EW_TREE_LEVEL_COEFFICIENTS, ...SEMILEPTONIC_TOP_COEFFICIENTS],
  'minimal-mu': ['lu_2233', 'phil1_22'],
  'minimal-e': ['lu_1133', 'phil1_11'],
};

export interface CombinedScenarioOptions {
  variant: CombinedVariant;
  /** Floated coefficients instead of the variant's (UV models choose the operators they generate). */
  coefficients?: string[];
  data: FlavourData;
  dataDir: string;
  ew?: Omit<EwLikelihoodOptions, 'dataDir' | 'wilsonCoefficients'>;
  flavour?: Omit<FlavourLikelihoodOptions, 'dataDir' | 'wilsonCoefficients' | 'data'>;
}

function intersect(a: Prior, b: Prior, name: string): Prior {
  if (a.kind !== 'flat' || b.kind !== 'flat') throw new Error(`${name}: a parameter shared by the EW and flavour likelihoods needs flat priors in both`);
  return { kind: 'flat', lower: Math.max(a.lower, b.lower), upper: Math.min(a.upper, b.upper) };
}

/**
 * The sum model of an EW part and a flavour part over the union of their parameters. Global order: the
 * EW model's parameters (its first `nCoefficients` are Wilson coefficients, then the nuisances, started at
 * the reference point with 0.1 of the EW sd), then the flavour-only ones; a parameter in both keeps the
 * intersection of the two flat boxes and the narrower start width.
 */
export function joinEwAndFlavour(
  ew: EwLikelihoodBuild,
  nCoefficients: number,
  flavourParameters: readonly ParameterSpec[],
  flavourModel: ModelDescription,
): { parameters: ParameterSpec[]; density: SumModel; flavourIndex: number[] } {
  const parameterNames = [...ew.model.parameterNames];
  const parameters: ParameterSpec[] = ew.model.parameterNames.map((name, i) => {
    const isWc = i < nCoefficients;
    const sd = isWc ? (Number.isFinite(ew.marginalSd[name]) ? ew.marginalSd[name] : ew.conditionalSd[name]) : ew.nuisanceSd[name];
    return { name, prior: ew.model.priors[i], start: { center: ew.model.reference[i], width: 0.1 * sd }, role: isWc ? 'wc' : 'nuisance' };
  });
  for (const spec of flavourParameters) {
    const at = parameterNames.indexOf(spec.name);
    if (at < 0) {
      parameterNames.push(spec.name);
      parameters.push(spec);
    } else {
      parameters[at] = { ...parameters[at], prior: intersect(parameters[at].prior, spec.prior, spec.name), start: { center: parameters[at].start.center, width: Math.min(parameters[at].start.width, spec.start.width) } };
    }
  }
  const flavourIndex = flavourParameters.map((p) => parameterNames.indexOf(p.name));
  const density: SumModel = {
    kind: 'sum',
    parameterNames,
    parts: [
      { name: 'ew', model: ew.model, parameterIndex: ew.model.parameterNames.map((_, i) => i) },
      { name: 'flavour', model: flavourModel, parameterIndex: flavourIndex },
    ],
  };
  return { parameters, density, flavourIndex };
}

/** Wraps a part's derived quantity so it reads its own parameters out of the full point. */
export function remapDerived(quantity: DerivedQuantity, parameterIndex: number[]): DerivedQuantity {
  const local = new Float64Array(parameterIndex.length);
  return {
    name: quantity.name,
    evaluate(theta) {
      for (let j = 0; j < parameterIndex.length; j++) local[j] = theta[parameterIndex[j]];
      return quantity.evaluate(local);
    },
  };
}

/**
 * An EW-only scenario with the b → sℓℓ predictions of its coefficients added as derived quantities
 * (R_K, R_K*, δR_K(*), C9, C10): the posterior-predictive R_K(*) of an EW fit, to be compared with the
 * measurements (the paper's ~3σ tension of "EW (SL-4F only)" with R_K(*)). The flavour likelihood is
 * built only for its predictions; it does not enter the fit.
 */
export function withFlavourPredictions(scenario: ScenarioModel, dataDir: string, flavourOptions: CombinedScenarioOptions['flavour'] = {}): ScenarioModel {
  const names = scenario.parameters.map((p) => p.name);
  const coefficients = names.filter((n) => (FLAVOUR_SMEFT_COEFFICIENTS as readonly string[]).includes(n));
  if (coefficients.length === 0) return scenario;
  const flavour = flavourLikelihoodModel({ ...flavourOptions, data: '2020', dataDir, wilsonCoefficients: coefficients });
  const index = coefficients.map((c) => names.indexOf(c));
  return {
    ...scenario,
    derived: [...scenario.derived, ...flavour.derived.map((q) => remapDerived(q, index))],
    info: { ...scenario.info, matchingFactorK: flavour.info.matchingFactorK, flavourPredictions: 'derived only (flavour data not in the fit)' },
  };
}

export function buildCombinedScenario(options: CombinedScenarioOptions): ScenarioModel {
  const coefficients = options.coefficients ?? COMBINED_VARIANTS[options.variant];
  const running = options.ew?.running ?? true;
  const ew = buildEwLikelihood({ ...options.ew, running, dataDir: options.dataDir, wilsonCoefficients: [...coefficients] });
  const flavourCoefficients = coefficients.filter((c) => (FLAVOUR_SMEFT_COEFFICIENTS as readonly string[]).includes(c));
  const flavour = flavourLikelihoodModel({ ...options.flavour, data: options.data, dataDir: options.dataDir, wilsonCoefficients: flavourCoefficients });

  const { parameters, density, flavourIndex } = joinEwAndFlavour(ew, coefficients.length, flavour.parameters, flavour.model);
  return {
    name: options.variant,
    parameters,
    density,
    derived: [...zLeptonCouplingDerived(ew.model.parameterNames, running, options.ew ?? {}), ...flavour.derived.map((q) => remapDerived(q, flavourIndex))],
    info: { variant: options.variant, running, ...flavour.info, ewMeasurements: ew.model.observableNames.length, expectedSdEw: ew.marginalSd },
  };
}
