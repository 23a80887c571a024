/**
 * A UV model as a scenario: its own parameters (masses, couplings, mixing ratios) with flat priors, and a
 * tree-level matching map onto the Wilson coefficients at Λ. The density is the inner scenario's
 * likelihood (EW, flavour, or both) evaluated at the matched coefficients (a MappedModel), so the model is
 * sampled in its own parameters through exactly the likelihood of the EFT fits. Coefficients the model
 * does not generate but the inner scenario floats (e.g. C_Hl(1) from heavier states, paper §5.1) and the
 * SM nuisances pass through unchanged.
 */
import { InputError } from '../errors.ts';
import type { MappedModel, Prior } from '../likelihood/model.ts';
import type { DerivedQuantity, ParameterSpec, ScenarioModel } from '../scenarios/scenario.ts';

export interface UvParameter {
  name: string;
  lower: number;
  upper: number;
  /** Walker start ball (inside [lower, upper]). */
  start: { center: number; width: number };
}

export interface UvModelDefinition {
  name: string;
  parameters: UvParameter[];
  /** Inner coefficients set by the matching, in the order `matching` returns them. */
  generated: string[];
  /** Matched values of `generated` at one point of the UV parameters. */
  matching(uv: Float64Array): number[];
  info: Record<string, unknown>;
}

const UNBOUNDED: Prior = { kind: 'flat', lower: -Infinity, upper: Infinity };

export function buildUvModel(definition: UvModelDefinition, inner: ScenarioModel): ScenarioModel {
  const innerNames = inner.parameters.map((p) => p.name);
  const generatedIndex = definition.generated.map((name) => {
    const at = innerNames.indexOf(name);
    if (at < 0) throw new InputError(`model ${definition.name}: the likelihood does not float '${name}'`);
    return at;
  });
  const passThrough = inner.parameters.map((_, i) => i).filter((i) => !generatedIndex.includes(i));
  const nUv = definition.parameters.length;
  const parameters: ParameterSpec[] = [
    ...definition.parameters.map((p): ParameterSpec => ({ name: p.name, prior: { kind: 'flat', lower: p.lower, upper: p.upper }, start: p.start, role: 'uv' })),
    ...passThrough.map((i) => inner.parameters[i]),
  ];
  const names = parameters.map((p) => p.name);
  if (new Set(names).size !== names.length) throw new InputError(`model ${definition.name}: parameter names collide with the likelihood's (${names.join(', ')})`);

  const map = (theta: Float64Array, innerPoint: Float64Array): void => {
    const values = definition.matching(theta.subarray(0, nUv));
    for (let k = 0; k < generatedIndex.length; k++) innerPoint[generatedIndex[k]] = values[k];
    for (let j = 0; j < passThrough.length; j++) innerPoint[passThrough[j]] = theta[nUv + j];
  };
  const density: MappedModel = {
    kind: 'mapped',
    parameterNames: names,
    // The inner priors apply to the mapped point; only the UV boxes are new (no prior counted twice).
    priors: [...definition.parameters.map((p): Prior => ({ kind: 'flat', lower: p.lower, upper: p.upper })), ...passThrough.map(() => UNBOUNDED)],
    inner: inner.density,
    map,
  };

  const innerPoint = new Float64Array(innerNames.length);
  const viaInner = (evaluate: (x: Float64Array) => number) => (theta: Float64Array): number => {
    map(theta, innerPoint);
    return evaluate(innerPoint);
  };
  const derived: DerivedQuantity[] = [
    ...definition.generated.map((name, k) => ({ name, evaluate: (theta: Float64Array) => definition.matching(theta.subarray(0, nUv))[k] })),
    ...inner.derived.map((q) => ({ name: q.name, evaluate: viaInner((x) => q.evaluate(x)) })),
  ];
  return {
    name: definition.name,
    parameters,
    density,
    derived,
    info: { ...definition.info, likelihood: inner.name, generated: definition.generated, ...inner.info },
  };
}
