/**
 * compileModel: the one entry point the sampler and the CLI use to turn a ModelDescription into a
 * BatchLogDensity on a named backend.
 *
 *   cpu        hand-written float64 loops (default without a GPU; exact)
 *   gpujs-cpu  gpu.js CPU mode running the kernels in kernels/ (float32 in and out)
 *   gpu        the same kernels on a real WebGL context (headless-gl); never silently the CPU
 *   auto       the fastest available, with the reason for the choice
 *
 * Sum models (independent parts over overlapping parameters) compile part by part.
 *
 * Float32 backends are refused, with the reason, when the compile-time error bound says they cannot
 * evaluate the model to `maxLogDensityError` (precision-guard.ts).
 */
import { InputError } from '../errors.ts';
import { compileForm, type CompiledForm } from '../likelihood/compiled-form.ts';
import type { MappedModel, ModelDescription, SumModel } from '../likelihood/model.ts';
import { cpuDensity } from './cpu-density.ts';
import type { BatchLogDensity } from './density.ts';
import { gpuContextInfo } from './gpujs-loader.ts';
import { GpuJsDensity } from './gpujs-density.ts';
import { checkFloat32Accuracy, type PrecisionCheck } from './precision-guard.ts';
import { MappedDensity } from './mapped-density.ts';
import { SumDensity } from './sum-density.ts';

export type BackendName = 'auto' | 'cpu' | 'gpujs-cpu' | 'gpu';
export const BACKEND_NAMES: readonly BackendName[] = ['auto', 'cpu', 'gpujs-cpu', 'gpu'];

export interface CompileOptions {
  backend: BackendName;
  /** Largest batch one kernel launch takes; bigger batches are split. */
  maxBatch: number;
  /** Centre for gaussian targets (default: the target mean); linearised models centre on θ_ref. */
  centre?: Float64Array;
  /** Float32 backends: largest accepted |Δ log p| bound (default DEFAULT_MAX_LOG_DENSITY_ERROR = 0.01). */
  maxLogDensityError?: number;
  /** Float32 backends: radius, in whitened units, of the region checked (default √ndim + 5). */
  probeRadius?: number;
}

export interface CompiledModel {
  density: BatchLogDensity;
  /** The backend that evaluates: 'cpu', 'gpujs-cpu' or 'gpu' (never 'auto'). */
  backend: string;
  reason: string;
  /** Float32 error bound found at compile time (float32 backends only). */
  precision?: PrecisionCheck;
}

export function compileModel(model: ModelDescription, options: CompileOptions): CompiledModel {
  const { backend, maxBatch } = options;
  if (!BACKEND_NAMES.includes(backend)) {
    throw new InputError(`backend: unknown backend '${String(backend)}' (known: ${BACKEND_NAMES.join(', ')})`);
  }
  if (!Number.isInteger(maxBatch) || maxBatch < 1) {
    throw new InputError(`maxBatch: expected a positive integer, got ${maxBatch}`);
  }
  if (model.kind === 'sum') return compileSum(model, options);
  if (model.kind === 'mapped') return compileMapped(model, options);
  const form = compileForm(model, options.centre);

  switch (backend) {
    case 'cpu':
      return { density: cpuDensity(form), backend: 'cpu', reason: 'requested' };
    case 'gpujs-cpu':
      return compileFloat32(form, 'gpujs-cpu', options, 'requested');
    case 'gpu': {
      const info = gpuContextInfo();
      if (!info.available) throw new InputError(`backend gpu: ${info.detail}`);
      return compileFloat32(form, 'gpu', options, `requested (${info.detail})`);
    }
    case 'auto':
      return compileAuto(form, options);
  }
}

/**
 * A sum of independent parts (EW + flavour): each part is compiled on its own with the same options
 * (its slice of `centre`), so `auto` decides per part, and SumDensity adds the parts' log-densities.
 */
function compileSum(model: SumModel, options: CompileOptions): CompiledModel {
  const n = model.parameterNames.length;
  if (options.centre !== undefined && options.centre.length !== n) {
    throw new InputError(`centre: expected length ${n}, got ${options.centre.length}`);
  }
  if (model.parts.length === 0) throw new InputError('parts: a sum model needs at least one part');
  const compiled = model.parts.map((part) => {
    const index = part.parameterIndex;
    if (index.length !== part.model.parameterNames.length || index.some((i) => !Number.isInteger(i) || i < 0 || i >= n)) {
      throw new InputError(
        `parts.${part.name}.parameterIndex: expected ${part.model.parameterNames.length} indices in 0..${n - 1}`,
      );
    }
    const centre = options.centre !== undefined ? Float64Array.from(index, (i) => options.centre![i]) : undefined;
    return compileModel(part.model, { ...options, centre });
  });
  const density = new SumDensity(model, compiled.map((c) => c.density), options.maxBatch);
  return {
    density,
    backend: density.backend,
    reason: model.parts.map((part, k) => `${part.name}: ${compiled[k].backend} (${compiled[k].reason})`).join('; '),
  };
}

/**
 * A reparametrised model (UV parameters → Wilson coefficients): the inner model compiles on the requested
 * backend, centred on the image of the outer centre; the map runs on the CPU in float64.
 */
function compileMapped(model: MappedModel, options: CompileOptions): CompiledModel {
  const n = model.parameterNames.length;
  const innerDim = model.inner.parameterNames.length;
  const centre = options.centre;
  if (centre !== undefined && centre.length !== n) throw new InputError(`centre: expected length ${n}, got ${centre.length}`);
  let innerCentre: Float64Array | undefined;
  if (centre !== undefined) {
    innerCentre = new Float64Array(innerDim);
    model.map(centre, innerCentre);
  }
  const inner = compileModel(model.inner, { ...options, centre: innerCentre });
  const fallback = innerCentre ?? new Float64Array(innerDim);
  return { density: new MappedDensity(model, inner.density, options.maxBatch, fallback), backend: inner.backend, reason: `mapped parameters; ${inner.reason}` };
}

function compileFloat32(
  form: CompiledForm,
  backend: 'gpujs-cpu' | 'gpu',
  options: CompileOptions,
  reason: string,
): CompiledModel {
  if (form.kind === 'cpu-function') {
    throw new InputError(`backend ${backend}: cpu-function models run only on backend cpu (no kernel expresses them)`);
  }
  const precision = checkFloat32Accuracy(form, backend, options.maxLogDensityError, options.probeRadius);
  const density = new GpuJsDensity(form, backend, options.maxBatch);
  return {
    density,
    backend,
    reason: `${reason}; float32 error bound ${precision.worstBound.toExponential(2)} ≤ ${precision.maxLogDensityError}`,
    precision,
  };
}

/**
 * `gpujs-cpu` is never the fastest (the same loops as `cpu` through gpu.js' generic JS plus float32
 * conversions), and a software rasteriser is a CPU with extra steps; so auto chooses between `cpu`
 * and a hardware `gpu` by timing both on a batch of maxBatch points.
 */
function compileAuto(form: CompiledForm, options: CompileOptions): CompiledModel {
  const cpu = (reason: string): CompiledModel => ({ density: cpuDensity(form), backend: 'cpu', reason });
  if (form.kind === 'cpu-function') return cpu('auto: cpu-function models run only on cpu');
  const info = gpuContextInfo();
  if (!info.available) return cpu(`auto: ${info.detail}`);
  if (info.software) return cpu(`auto: GL renderer is a software rasteriser (${info.renderer})`);
  let gpu: CompiledModel;
  try {
    gpu = compileFloat32(form, 'gpu', options, `auto: ${info.detail}`);
  } catch (error) {
    if (error instanceof InputError) return cpu(`auto: ${error.message}`);
    throw error;
  }
  const cpuCompiled = cpu('');
  const cpuRate = quickRate(cpuCompiled.density, form, options.maxBatch);
  const gpuRate = quickRate(gpu.density, form, options.maxBatch);
  const rates = `cpu ${cpuRate.toExponential(2)}/s vs gpu ${gpuRate.toExponential(2)}/s at batch ${options.maxBatch}`;
  if (gpuRate > cpuRate) return { ...gpu, reason: `auto: gpu faster (${rates}); ${gpu.reason}` };
  gpu.density.dispose?.();
  return { density: cpuCompiled.density, backend: 'cpu', reason: `auto: cpu faster (${rates})` };
}

/** Evaluations per second over ~3 launches after a warm-up (for the auto choice only). */
function quickRate(density: BatchLogDensity, form: CompiledForm, batch: number): number {
  const ndim = density.ndim;
  const points = new Float64Array(batch * ndim);
  // Points within about one width of the centre, so no backend can skip work on out-of-box points.
  const centre = form.kind === 'centred-gaussian' ? form.mean : form.kind === 'whitened-residuals' ? form.reference : null;
  const width = form.kind === 'centred-gaussian' || form.kind === 'whitened-residuals' ? form.scale : null;
  for (let p = 0; p < batch; p++) {
    for (let i = 0; i < ndim; i++) {
      const offset = ((p * 7 + i * 13) % 17) / 17 - 0.5;
      points[p * ndim + i] = (centre?.[i] ?? 0) + (width?.[i] ?? 1) * offset;
    }
  }
  const out = new Float64Array(batch);
  density.logProbBatch(points, batch, out);
  const reps = 3;
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) density.logProbBatch(points, batch, out);
  const seconds = Math.max((performance.now() - t0) / 1000, 1e-9);
  return (reps * batch) / seconds;
}
