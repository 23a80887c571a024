/**
 * The paper's "EW & Flavour" fits with the full b → sℓℓ likelihood (PDD or PMD): the EW precision likelihood
 * over the 21 operators and its SM nuisances, plus flavour-hadronic.ts over the four SL-4F coefficients and the
 * ~65 flavour nuisances, as a SumModel (the two data sets are independent). Shared coefficients carry flat
 * priors in both parts; their intersection is the prior (as in combined.ts for the clean likelihood).
 */
import type { FlavourData } from '../physics/flavour/data.ts';
import { FLAVOUR_SMEFT_COEFFICIENTS } from '../physics/flavour/matching.ts';
import { buildEwLikelihood, type EwLikelihoodOptions } from '../physics/ew/likelihood.ts';
import { EW_TREE_LEVEL_COEFFICIENTS, SEMILEPTONIC_TOP_COEFFICIENTS } from '../physics/ew/wilson-coefficients.ts';
import { joinEwAndFlavour, remapDerived } from './combined.ts';
import { zLeptonCouplingDerived } from './ew.ts';
import { buildHadronicFlavourScenario, type HadronicFlavourOptions } from './flavour-hadronic.ts';
import type { ScenarioModel } from './scenario.ts';

export type HadronicCombinedVariant = 'ew-flavour-pdd' | 'ew-flavour-pmd';

export interface HadronicCombinedOptions {
  variant: HadronicCombinedVariant;
  data: FlavourData;
  dataDir: string;
  ew?: Omit<EwLikelihoodOptions, 'dataDir' | 'wilsonCoefficients'>;
  flavour?: Omit<HadronicFlavourOptions, 'variant' | 'data' | 'dataDir' | 'wilsonCoefficients'>;
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
  const { parameters, density, flavourIndex } = joinEwAndFlavour(ew, coefficients.length, flavour.parameters, flavour.density);
  return {
    name: options.variant,
    parameters,
    density,
    derived: [
      ...zLeptonCouplingDerived(ew.model.parameterNames, running, options.ew ?? {}),
      // the flavour part's own δg_Z (from its four coefficients only) is replaced by the EW one above
      ...flavour.derived.filter((q) => !q.name.startsWith('delta_gZ')).map((q) => remapDerived(q, flavourIndex)),
    ],
    info: { variant: options.variant, running, ...flavour.info, ewMeasurements: ew.model.observableNames.length, parameters: parameters.length },
  };
}
