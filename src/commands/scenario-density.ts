/**
 * How a run turns its model config into the `cpu` density, in one place, so that the density threads
 * (engine/threaded-density.ts) rebuild exactly the density the calling thread evaluates: the recipe is
 * the resolved model config, which survives a structured clone where a `cpu-function` model would not.
 */
import type { ModelConfig } from '../config/schema.ts';
import type { BatchLogDensity } from '../engine/density.ts';
import { compileModel, type BackendName, type CompiledModel } from '../engine/compile.ts';
import type { DensityRecipe } from '../engine/threaded-density.ts';
import { resolveScenario } from '../scenarios/registry.ts';
import type { ScenarioModel } from '../scenarios/scenario.ts';

export interface ScenarioDensityData {
  model: ModelConfig;
  maxBatch: number;
}

/** Scenario + compiled density on `backend`, centred on the parameters' start points (as run does). */
export function compileScenario(model: ModelConfig, backend: BackendName, maxBatch: number): { scenario: ScenarioModel; compiled: CompiledModel } {
  const scenario = resolveScenario(model);
  const centre = Float64Array.from(scenario.parameters, (p) => p.start.center);
  return { scenario, compiled: compileModel(scenario.density, { backend, maxBatch, centre }) };
}

/** Entry of a density thread (see DensityRecipe). */
export function createDensity(data: ScenarioDensityData): BatchLogDensity {
  return compileScenario(data.model, 'cpu', data.maxBatch).compiled.density;
}

export function scenarioDensityRecipe(data: ScenarioDensityData): DensityRecipe {
  return { entry: import.meta.url, data };
}
