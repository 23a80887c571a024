import type { ModelConfig } from '../config/schema.ts';
import { InputError } from '../errors.ts';
import { baselineTarget, standardNormalTarget } from '../likelihood/targets.ts';
import { sharedDir } from '../shared-dir.ts';
import type { ParameterSpec, ScenarioModel } from './scenario.ts';

/** Physics scenarios by config name; each builder validates its own options. */
const SCENARIO_BUILDERS: Record<string, (model: ModelConfig) => ScenarioModel> = {};

export function scenarioNames(): string[] {
  return Object.keys(SCENARIO_BUILDERS);
}

/** Turns the config's `model` section into a ScenarioModel (test target or physics scenario). */
export function resolveScenario(model: ModelConfig): ScenarioModel {
  if (model.target !== undefined) return targetScenario(model.target, model.ndim);
  const build = SCENARIO_BUILDERS[model.scenario!];
  if (!build) throw new InputError(`model.scenario: unknown scenario '${model.scenario}' (known: ${scenarioNames().join(', ') || 'none'})`);
  return build(model);
}

function targetScenario(name: 'gauss20' | 'gauss50' | 'rosen2' | 'normal', ndim?: number): ScenarioModel {
  const { model, truth } = name === 'normal' ? standardNormalTarget(ndim ?? 5) : baselineTarget(name, sharedDir());
  const parameters: ParameterSpec[] = model.parameterNames.map((parameterName) => ({
    name: parameterName,
    role: 'target',
    prior: { kind: 'flat', lower: -Infinity, upper: Infinity },
    // Start near the origin (within the bulk of every target), as emcee's examples do.
    start: { center: 0, width: 1 },
  }));
  return { name, parameters, density: model, derived: [], info: { target: name }, truth };
}
