/** The UV models of paper §5 and the single-operator fits of fig. 5, as scenario builders by config name. */
import type { ModelConfig } from '../config/schema.ts';
import { dataDir } from '../data-dir.ts';
import { flavourDataOf } from '../scenarios/measurement-files.ts';
import type { ScenarioModel } from '../scenarios/scenario.ts';
import { buildLeptoquarkModel, parseLeptoquarkOptions } from './leptoquark.ts';
import { buildSingleOperatorScenario, parseSingleOperatorOptions } from './single-operator.ts';
import { buildZPrimeModel, parseZPrimeOptions } from './zprime.ts';

export const MODEL_BUILDERS: Record<string, (model: ModelConfig) => ScenarioModel> = {
  zprime: (model) => buildZPrimeModel(parseZPrimeOptions(model.options), flavourDataOf(model), dataDir()),
  leptoquark: (model) => buildLeptoquarkModel(parseLeptoquarkOptions(model.options), flavourDataOf(model), dataDir()),
  'single-operator': (model) => buildSingleOperatorScenario(parseSingleOperatorOptions(model.options), flavourDataOf(model), dataDir()),
};
