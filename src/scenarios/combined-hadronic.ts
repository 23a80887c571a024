/**
 * The paper's "EW & Flavour" fits with the full b → sℓℓ likelihood (PDD or PMD): the EW precision likelihood
 * over the 21 operators and its SM nuisances, plus flavour-hadronic.ts over the four SL-4F coefficients and the
 * ~65 flavour nuisances, as a SumModel (the two data sets are independent). Shared coefficients carry flat
 * priors in both parts; their intersection is the prior (as in combined.ts for the clean likelihood).
 */
import type { FlavourDataEra } from '../physics/flavour/data.ts';
import { FLAVOUR_SMEFT_COEFFICIENTS } from '../physics/flavour/matching.ts';
import { buildEwLikelihood, type EwLikelihoodOptions } from '../physics/ew/likelihood.ts';
import { EW_TREE_LEVEL_COEFFICIENTS, SEMILEPTONIC_TOP_COEFFICIENTS } from '../physics/ew/wilson-coefficients.ts';
import type { Prior, SumModel } from '../likelihood/model.ts';
import { zLeptonCouplingDerived } from './ew.ts';
import { buildHadronicFlavourScenario, type HadronicFlavourOptions } from './flavour-hadronic.ts';
import type { DerivedQuantity, ParameterSpec, ScenarioModel } from './scenario.ts';

export type HadronicCombinedVariant = 'ew-flavour-pdd' | 'ew-flavour-pmd';

export interface HadronicCombinedOptions {
  variant: HadronicCombinedVariant;
  data: FlavourDataEra;
  dataDir: string;
  ew?: Omit<EwLikelihoodOptions, 'dataDir' | 'wilsonCoefficients'>;
  flavour?: Omit<HadronicFlavourOptions, 'variant' | 'data' | 'dataDir' | 'wilsonCoefficients'>;
}

function intersect(a: Prior, b: Prior, name: string): Prior {
  if (a.kind !== 'flat' || b.kind !== 'flat') throw new Error(`${name}: a parameter shared by the EW and flavour likelihoods needs flat priors in both`);
  return { kind: 'flat', lower: Math.max(a.lower, b.lower), upper: Math.min(a.upper, b.upper) };
}

export function buildHadronicCombinedScenario(options: HadronicCombinedOptions): ScenarioModel {
  const coefficients = [...EW_TREE_LEVEL_COEFFICIENTS, ...SEMILEPTONIC_TOP_COEFFICIENTS];
  const running = options.ew?.running ?? true;
  const ew = buildEwLikelihood({ ...options.ew, running, dataDir: options.dataDir, wilsonCoefficients: [...coefficients] });
  const flavourCoefficients = coefficients.filter((c) => (FLAVOUR_SMEFT_COEFFICIENTS as readonly string[]).includes(c));
  const flavour = buildHadronicFlavourScenario({
    ...options.flavour,
    variant: options.variant === 'ew-flavour-pdd' ? 'flavour-pdd' : 'flavour-pmd',
    data: options.data,
    dataDir: options.dataDir,
    wilsonCoefficients: flavourCoefficients,
  });
  const parameterNames = [...ew.model.parameterNames];
  const parameters: ParameterSpec[] = ew.model.parameterNames.map((name, i) => {
    const isWc = i < coefficients.length;
    const sd = isWc ? (Number.isFinite(ew.marginalSd[name]) ? ew.marginalSd[name] : ew.conditionalSd[name]) : ew.nuisanceSd[name];
    return { name, prior: ew.model.priors[i], start: { center: ew.model.reference[i], width: 0.1 * sd }, role: isWc ? 'wc' : 'nuisance' };
  });
  for (const spec of flavour.parameters) {
    const at = parameterNames.indexOf(spec.name);
    if (at < 0) {
      parameterNames.push(spec.name);
      parameters.push(spec);
    } else {
      const merged = intersect(parameters[at].prior, spec.prior, spec.name);
      parameters[at] = { ...parameters[at], prior: merged, start: { center: parameters[at].start.center, width: Math.min(parameters[at].start.width, spec.start.width) } };
    }
  }
  const flavourIndex = flavour.parameters.map((p) => parameterNames.indexOf(p.name));
  const density: SumModel = {
    kind: 'sum',
    parameterNames,
    parts: [
      { name: 'ew', model: ew.model, parameterIndex: ew.model.parameterNames.map((_, i) => i) },
      { name: 'flavour', model: flavour.density, parameterIndex: flavourIndex },
    ],
  };
  const local = new Float64Array(flavourIndex.length);
  const remap = (q: DerivedQuantity): DerivedQuantity => ({
    name: q.name,
    evaluate(theta) {
      for (let j = 0; j < flavourIndex.length; j++) local[j] = theta[flavourIndex[j]];
      return q.evaluate(local);
    },
  });
  return {
    name: options.variant,
    parameters,
    density,
    derived: [
      ...zLeptonCouplingDerived(ew.model.parameterNames, running, options.ew ?? {}),
      // the flavour part's own δg_Z (from its four coefficients only) is replaced by the EW one above
      ...flavour.derived.filter((q) => !q.name.startsWith('delta_gZ')).map(remap),
    ],
    info: { variant: options.variant, running, ...flavour.info, ewMeasurements: ew.model.observableNames.length, parameters: parameterNames.length },
  };
}
