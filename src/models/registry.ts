/** The UV models of paper §5 and the single-operator fits of fig. 5, as scenario builders by config name. */
import type { ModelConfig } from '../config/schema.ts';
import { dataDir } from '../data-dir.ts';
import type { ScenarioModel } from '../scenarios/scenario.ts';
import { buildLeptoquarkModel, parseLeptoquarkOptions } from './leptoquark.ts';
import { buildSingleOperatorScenario, parseSingleOperatorOptions } from './single-operator.ts';
import { buildZPrimeModel, parseZPrimeOptions } from './zprime.ts';

export const MODEL_BUILDERS: Record<string, (model: ModelConfig) => ScenarioModel> = {
  zprime: (model) => buildZPrimeModel(parseZPrimeOptions(model.options), model.data ?? '2020', dataDir()),
  leptoquark: (model) => buildLeptoquarkModel(parseLeptoquarkOptions(model.options), model.data ?? '2020', dataDir()),
  'single-operator': (model) => buildSingleOperatorScenario(parseSingleOperatorOptions(model.options), model.data ?? '2020', dataDir()),
};
