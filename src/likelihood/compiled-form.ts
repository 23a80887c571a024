/**
 * ModelDescription → the flat float64 arrays every backend evaluates (done once per compiled model).
 * The `cpu` loops, the gpu.js kernels and the float32 error bounds all read these same arrays, which is
 * what makes backend parity testable.
 */
import { InputError } from '../errors.ts';
import { centreGaussianTarget, type CentredGaussianForm } from './centred-gaussian-form.ts';
import type { CpuFunctionModel, FlavourPointModel, ModelDescription, UserDensityModel } from './model.ts';
import type { PriorBox } from './prior-box.ts';
import { compileQuadraticRatio, type QuadraticRatioForm } from './quadratic-ratio-form.ts';
import { whitenLinearisedGaussian, type WhitenedResidualForm } from './whitened-form.ts';

export interface RosenbrockForm {
  kind: 'rosenbrock';
  nDim: 2;
}

/** Neal's funnel (model.ts FunnelTargetModel): parameters (v, x_1 … x_{nDim−1}). */
export interface FunnelForm {
  kind: 'funnel';
  nDim: number;
  logScaleSd: number;
}

export interface CpuFunctionForm {
  kind: 'cpu-function';
  nDim: number;
  model: CpuFunctionModel;
}

/** The full flavour likelihood: its tables are already the compiled arrays (flavour-point-tables.ts). */
export interface FlavourPointForm {
  kind: 'flavour-point';
  nDim: number;
  model: FlavourPointModel;
}

/** A user's density (library API): their function, their optional WGSL body, the support box. */
export interface UserDensityForm {
  kind: 'user-density';
  nDim: number;
  model: UserDensityModel;
  box: PriorBox;
}

export type CompiledForm = WhitenedResidualForm | CentredGaussianForm | QuadraticRatioForm | RosenbrockForm | FunnelForm | CpuFunctionForm | FlavourPointForm | UserDensityForm;

export function formDimension(form: CompiledForm): number {
  return form.kind === 'whitened-residuals' ? form.nPar : form.nDim;
}

/** `centre` applies to gaussian targets only (linearised models centre on their θ_ref). */
export function compileForm(model: ModelDescription, centre?: Float64Array): CompiledForm {
  switch (model.kind) {
    case 'linearised-gaussian':
      return whitenLinearisedGaussian(model);
    case 'gaussian-target':
      return centreGaussianTarget(model, centre);
    case 'quadratic-ratio-gaussian':
      return compileQuadraticRatio(model);
    case 'rosenbrock':
      if (model.parameterNames.length !== 2) {
        throw new InputError(`parameterNames: rosenbrock target has 2 parameters, got ${model.parameterNames.length}`);
      }
      return { kind: 'rosenbrock', nDim: 2 };
    case 'funnel':
      if (model.parameterNames.length < 2) throw new InputError(`parameterNames: a funnel needs at least 2 parameters, got ${model.parameterNames.length}`);
      if (!(model.logScaleSd > 0)) throw new InputError(`logScaleSd: a funnel needs σ_v > 0, got ${model.logScaleSd}`);
      return { kind: 'funnel', nDim: model.parameterNames.length, logScaleSd: model.logScaleSd };
    case 'cpu-function':
      if (typeof model.logProbBatch !== 'function') throw new InputError('logProbBatch: cpu-function model needs a function');
      return { kind: 'cpu-function', nDim: model.parameterNames.length, model };
    case 'user-density':
      return compileUserDensity(model);
    case 'flavour-point':
      if (typeof model.map !== 'function') throw new InputError('map: flavour-point model needs a map function');
      return { kind: 'flavour-point', nDim: model.parameterNames.length, model };
    case 'sum':
    case 'mapped':
      throw new InputError(`kind: ${model.kind} models compile through their parts (compileModel), not as one form`);
    default:
      throw new InputError(`kind: unknown model kind '${(model as { kind: string }).kind}'`);
  }
}

function compileUserDensity(model: UserDensityModel): UserDensityForm {
  if (typeof model.logProbBatch !== 'function') throw new InputError('logProb: expected a function');
  const nDim = model.parameterNames.length;
  const lower = new Float64Array(nDim).fill(-Infinity);
  const upper = new Float64Array(nDim).fill(Infinity);
  if (model.bounds !== undefined) {
    if (model.bounds.lower.length !== nDim || model.bounds.upper.length !== nDim) throw new InputError(`bounds: expected lower and upper of length ${nDim}`);
    lower.set(model.bounds.lower);
    upper.set(model.bounds.upper);
  }
  for (let i = 0; i < nDim; i++) {
    if (!(lower[i] < upper[i])) throw new InputError(`bounds: lower[${i}] = ${lower[i]} is not below upper[${i}] = ${upper[i]}`);
  }
  const bounded = lower.some((v) => v > -Infinity) || upper.some((v) => v < Infinity);
  return { kind: 'user-density', nDim, model, box: { lower, upper, bounded } };
}
