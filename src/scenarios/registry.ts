import type { ModelConfig } from '../config/schema.ts';
import { InputError } from '../errors.ts';
import { baselineTarget, standardNormalTarget } from '../likelihood/targets.ts';
import { dataDir } from '../data-dir.ts';
import { readWcxfFile } from '../physics/wcxf.ts';
import { MODEL_BUILDERS } from '../models/registry.ts';
import { buildCombinedScenario, withFlavourPredictions, type CombinedVariant } from './combined.ts';
import { buildEwScenario, zLeptonCouplingDerived, type EwVariant } from './ew.ts';
import { flavourDataOf } from './measurement-files.ts';
import { buildFlavourScenario, type FlavourVariant } from './flavour.ts';
import { buildHadronicFlavourScenario, type HadronicVariant } from './flavour-hadronic.ts';
import { buildHadronicCombinedScenario, type HadronicCombinedVariant } from './combined-hadronic.ts';
import type { ParameterSpec, ScenarioModel } from './scenario.ts';
import {
  combinedOptionsSchema,
  ewOptionsSchema,
  flavourOptionsSchema,
  hadronicCombinedOptionsSchema,
  hadronicFlavourOptionsSchema,
  parseScenarioOptions,
} from './scenario-options.ts';

function ewScenario(variant: EwVariant) {
  return (model: ModelConfig): ScenarioModel => {
    if (model.data !== undefined) throw new InputError(`model.data: scenario ${variant} uses EW data only; drop 'data'`);
    if (model.measurements !== undefined) throw new InputError(`model.measurements: scenario ${variant} uses EW data only; drop 'measurements'`);
    const options = parseScenarioOptions(ewOptionsSchema, variant, model.options);
    const scenario = buildEwScenario({ ...options, variant, dataDir: dataDir() });
    // The SL-4F coefficients' R_K(*) predictions, for the tension with the measurements (paper §4.1).
    return variant === 'ew-sl4f' ? withFlavourPredictions(scenario, dataDir()) : scenario;
  };
}

function flavourScenario(variant: FlavourVariant) {
  return (model: ModelConfig): ScenarioModel => {
    const options = parseScenarioOptions(flavourOptionsSchema, variant, model.options);
    const scenario = buildFlavourScenario({ ...options, variant, data: flavourDataOf(model), dataDir: dataDir() });
    // Paper §4.1: the Flavour fit also predicts the Z-lepton coupling shifts its coefficients induce (eq. 2.7).
    const names = scenario.parameters.map((p) => p.name);
    return { ...scenario, derived: [...scenario.derived, ...zLeptonCouplingDerived(names, true, {})] };
  };
}

function hadronicFlavourScenario(variant: HadronicVariant) {
  return (model: ModelConfig): ScenarioModel => {
    const options = parseScenarioOptions(hadronicFlavourOptionsSchema, variant, model.options);
    return buildHadronicFlavourScenario({ ...options, variant, data: flavourDataOf(model), dataDir: dataDir() });
  };
}

function hadronicCombinedScenario(variant: HadronicCombinedVariant) {
  return (model: ModelConfig): ScenarioModel => {
    const options = parseScenarioOptions(hadronicCombinedOptionsSchema, variant, model.options);
    return buildHadronicCombinedScenario({ variant, data: flavourDataOf(model), dataDir: dataDir(), ew: options.ew, flavour: options.flavour });
  };
}

function combinedScenario(variant: CombinedVariant) {
  return (model: ModelConfig): ScenarioModel => {
    const options = parseScenarioOptions(combinedOptionsSchema, variant, model.options);
    return buildCombinedScenario({ variant, data: flavourDataOf(model), dataDir: dataDir(), ew: options.ew, flavour: options.flavour });
  };
}

/** Physics scenarios of paper §3 by config name; each builder validates its own options. */
const SCENARIO_BUILDERS: Record<string, (model: ModelConfig) => ScenarioModel> = {
  ew: ewScenario('ew'),
  'ew-tree': ewScenario('ew-tree'),
  'ew-sl4f': ewScenario('ew-sl4f'),
  'flavour-clean': flavourScenario('flavour-clean'),
  'flavour-pdd': hadronicFlavourScenario('flavour-pdd'),
  'flavour-pmd': hadronicFlavourScenario('flavour-pmd'),
  'flavour-lu2233-pdd': hadronicFlavourScenario('flavour-lu2233-pdd'),
  'ew-flavour-clean': combinedScenario('ew-flavour-clean'),
  'ew-flavour-pdd': hadronicCombinedScenario('ew-flavour-pdd'),
  'ew-flavour-pmd': hadronicCombinedScenario('ew-flavour-pmd'),
  'minimal-mu': combinedScenario('minimal-mu'),
  'minimal-e': combinedScenario('minimal-e'),
  // UV models of §5 and the single-operator fits of fig. 5 (src/models/).
  ...MODEL_BUILDERS,
};

export function scenarioNames(): string[] {
  return Object.keys(SCENARIO_BUILDERS);
}

/** Turns the config's `model` section into a ScenarioModel (test target or physics scenario). */
export function resolveScenario(model: ModelConfig): ScenarioModel {
  if (model.target !== undefined) {
    if (model.wcxf !== undefined) throw new InputError(`model.wcxf: test target ${model.target} has no Wilson coefficients`);
    return targetScenario(model.target, model.ndim);
  }
  const build = SCENARIO_BUILDERS[model.scenario!];
  if (!build) throw new InputError(`model.scenario: unknown scenario '${model.scenario}' (known: ${scenarioNames().join(', ') || 'none'})`);
  const scenario = build(model);
  return model.wcxf === undefined ? scenario : centredOnWcxfPoint(scenario, model.wcxf.file);
}

/** `model.wcxf: { use: centre }`: every sampled coefficient starts around the file's value (inside its prior). */
function centredOnWcxfPoint(scenario: ScenarioModel, file: string): ScenarioModel {
  const point = readWcxfFile(file);
  if (point.eft !== 'SMEFT') throw new InputError(`model.wcxf: ${file} is a ${point.eft} file; scenarios sample SMEFT coefficients (WCxf SMEFT/Warsaw)`);
  const sampled = new Set(scenario.parameters.filter((p) => p.role === 'wc').map((p) => p.name));
  for (const [name, value] of Object.entries(point.coefficients)) {
    if (!sampled.has(name) && value !== 0) throw new InputError(`model.wcxf: ${file} sets ${name} = ${value} TeV⁻², which scenario ${scenario.name} does not sample (it is 0 there)`);
  }
  const parameters = scenario.parameters.map((p) => {
    const value = point.coefficients[p.name];
    if (p.role !== 'wc' || value === undefined) return p;
    const { prior } = p;
    const lower = prior.kind === 'flat' ? prior.lower : (prior.lower ?? -Infinity);
    const upper = prior.kind === 'flat' ? prior.upper : (prior.upper ?? Infinity);
    if (!(value > lower && value < upper)) throw new InputError(`model.wcxf: ${p.name} = ${value} TeV⁻² from ${file} lies outside its prior [${lower}, ${upper}]`);
    // Keep the start ball inside the prior box around the new centre.
    const width = Math.min(p.start.width, (value - lower) / 4, (upper - value) / 4);
    return { ...p, start: { center: value, width } };
  });
  return { ...scenario, parameters, info: { ...scenario.info, startPoint: `WCxf ${file}` } };
}

function targetScenario(name: NonNullable<ModelConfig['target']>, ndim?: number): ScenarioModel {
  const { model, truth } = name === 'normal' ? standardNormalTarget(ndim ?? 5) : baselineTarget(name, dataDir());
  const parameters: ParameterSpec[] = model.parameterNames.map((parameterName) => ({
    name: parameterName,
    role: 'target',
    prior: { kind: 'flat', lower: -Infinity, upper: Infinity },
    // Start near the origin (within the bulk of every target), as emcee's examples do.
    start: { center: 0, width: 1 },
  }));
  return { name, parameters, density: model, derived: [], info: { target: name }, truth };
}
