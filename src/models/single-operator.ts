/**
 * One Wilson coefficient alone, with every other coefficient at zero, fitted to one likelihood: the
 * single-operator bands of fig. 5 (grey: EW only, for C_lu(ℓℓ33) and for C_Hl(1)(ℓℓ); orange: flavour
 * only). The EW likelihood keeps its SM nuisances; the clean flavour likelihood has none.
 */
import { z } from 'zod';
import { buildEwLikelihood } from '../physics/ew/likelihood.ts';
import type { FlavourData } from '../physics/flavour/data.ts';
import { zLeptonCouplingDerived } from '../scenarios/ew.ts';
import { flavourLikelihoodModel } from '../scenarios/flavour.ts';
import { ewOptionsSchema, flavourOptionsSchema, parseScenarioOptions } from '../scenarios/scenario-options.ts';
import type { ParameterSpec, ScenarioModel } from '../scenarios/scenario.ts';

export const singleOperatorOptionsSchema = z
  .object({
    likelihood: z.enum(['ew', 'flavour-clean']),
    coefficient: z.string().min(1),
    ew: ewOptionsSchema.optional(),
    flavour: flavourOptionsSchema.optional(),
  })
  .strict();

export type SingleOperatorOptions = z.infer<typeof singleOperatorOptionsSchema>;

export function buildSingleOperatorScenario(options: SingleOperatorOptions, data: FlavourData, dataDir: string): ScenarioModel {
  const c = options.coefficient;
  if (options.likelihood === 'flavour-clean') {
    const flavour = flavourLikelihoodModel({ ...options.flavour, data, dataDir, wilsonCoefficients: [c] });
    return { name: `flavour-clean-${c}`, parameters: flavour.parameters, density: flavour.model, derived: flavour.derived, info: { ...flavour.info, singleOperator: c, likelihood: 'flavour-clean' } };
  }
  const { wcHalfWidths, running: runningOption, ...theory } = options.ew ?? {};
  const running = runningOption ?? true;
  const ew = buildEwLikelihood({ ...theory, wcHalfWidths, running, dataDir, wilsonCoefficients: [c] });
  const parameters: ParameterSpec[] = ew.model.parameterNames.map((name, i) => {
    const isWc = i === 0;
    const sd = isWc ? (Number.isFinite(ew.marginalSd[name]) ? ew.marginalSd[name] : ew.conditionalSd[name]) : ew.nuisanceSd[name];
    return { name, prior: ew.model.priors[i], start: { center: ew.model.reference[i], width: 0.1 * sd }, role: isWc ? 'wc' : 'nuisance' };
  });
  return {
    name: `ew-${c}`,
    parameters,
    density: ew.model,
    derived: zLeptonCouplingDerived(ew.model.parameterNames, running, theory),
    info: { singleOperator: c, likelihood: 'ew', running, measurements: ew.model.observableNames.length, expectedSd: ew.marginalSd },
  };
}

export function parseSingleOperatorOptions(options: unknown): SingleOperatorOptions {
  return parseScenarioOptions(singleOperatorOptionsSchema, 'single-operator', options);
}
