/**
 * compileModel: the one entry point the sampler and the CLI use to turn a ModelDescription into a
 * BatchLogDensity on a named backend.
 *
 *   cpu        hand-written float64 loops (default without a GPU; exact)
 *   gpujs-cpu  gpu.js CPU mode running the kernels in kernels/ (float32 in and out)
 *   gpu        the best GPU path: WebGPU (below) where Dawn finds an adapter, else the gpu.js kernels on
 *              a real WebGL context (headless-gl); never silently the CPU
 *   webgpu     hand-written WGSL kernels (kernels/wgsl.ts) on Dawn's WebGPU device: Vulkan on an NVIDIA
 *              server, Mesa's software adapter through EGL elsewhere (labelled as such)
 *   auto       the fastest available, timed, with the reason for the choice
 *
 * WebGPU adapters are found asynchronously, so the backends that may use one (webgpu, gpu, auto) compile
 * through compileModelAsync; compileModel (synchronous) serves cpu, gpujs-cpu and the headless-gl gpu
 * path for callers that cannot wait.
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
import { float32Plan } from './float32-plan.ts';
import { checkFloat32Accuracy, measureFloat32Error, type PrecisionCheck } from './precision-guard.ts';
import { MappedDensity } from './mapped-density.ts';
import { SumDensity } from './sum-density.ts';
import { findWebGpuDevice, gpuDeviceNodePresent, type WebGpuDeviceInfo } from './webgpu-device.ts';
import { WebGpuDensity } from './webgpu-density.ts';

import { BACKEND_NAMES, type BackendName } from './backend-names.ts';
export { BACKEND_NAMES, type BackendName };

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
  /** The backend that evaluates: 'cpu', 'gpujs-cpu', 'gpu' or 'webgpu' (never 'auto'). */
  backend: string;
  reason: string;
  /** Float32 error bound found at compile time (float32 backends only). */
  precision?: PrecisionCheck;
  /** The WebGPU adapter (webgpu only). */
  adapter?: WebGpuDeviceInfo;
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
    case 'webgpu':
      throw new Error('backend webgpu finds its adapter asynchronously: compile with compileModelAsync');
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
  const innerCentre = mappedCentre(model, options.centre);
  return wrapMapped(model, compileModel(model.inner, { ...options, centre: innerCentre }), options, innerCentre);
}

/** The same on any backend, WebGPU included (the inner model's kernel runs there; the map stays on the CPU). */
async function compileMappedAsync(model: MappedModel, options: CompileOptions): Promise<CompiledModel> {
  const innerCentre = mappedCentre(model, options.centre);
  return wrapMapped(model, await compileModelAsync(model.inner, { ...options, centre: innerCentre }), options, innerCentre);
}

/** The image of the outer centre in the inner parameters (where the inner model is centred). */
function mappedCentre(model: MappedModel, centre: Float64Array | undefined): Float64Array | undefined {
  const n = model.parameterNames.length;
  if (centre === undefined) return undefined;
  if (centre.length !== n) throw new InputError(`centre: expected length ${n}, got ${centre.length}`);
  const innerCentre = new Float64Array(model.inner.parameterNames.length);
  model.map(centre, innerCentre);
  return innerCentre;
}

function wrapMapped(model: MappedModel, inner: CompiledModel, options: CompileOptions, innerCentre: Float64Array | undefined): CompiledModel {
  const fallback = innerCentre ?? new Float64Array(model.inner.parameterNames.length);
  return { ...inner, density: new MappedDensity(model, inner.density, options.maxBatch, fallback), reason: `mapped parameters; ${inner.reason}` };
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
  if (form.kind === 'user-density') {
    throw new InputError(`backend ${backend}: a user density runs on backend cpu, or on webgpu through its WGSL body`);
  }
  if (form.kind === 'flavour-point') {
    throw new InputError(`backend ${backend}: the full flavour likelihood has a WGSL kernel only (use backend webgpu or cpu)`);
  }
  const precision = checkFloat32Accuracy(form, backend, options.maxLogDensityError, options.probeRadius);
  const density = new GpuJsDensity(form, backend, options.maxBatch, precision.plan);
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
  if (form.kind === 'user-density') return cpu('auto: a user density runs on cpu unless webgpu is timed (compileModelAsync)');
  if (form.kind === 'flavour-point') return cpu('auto: the full flavour likelihood has a WGSL kernel only (compileModelAsync times it)');
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
  const { points, out } = timingBatch(density, form, batch);
  density.logProbBatch(points, batch, out);
  const reps = 3;
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) density.logProbBatch(points, batch, out);
  const seconds = Math.max((performance.now() - t0) / 1000, 1e-9);
  return (reps * batch) / seconds;
}

/** Points within about one width of the centre, so no backend can skip work on out-of-box points. */
function timingBatch(density: BatchLogDensity, form: CompiledForm, batch: number): { points: Float64Array; out: Float64Array } {
  const ndim = density.ndim;
  const points = new Float64Array(batch * ndim);
  if (form.kind === 'flavour-point') {
    // inside the prior (the unit discs, the PMD boxes), which a box around 0 is not
    const probes = form.model.probePoints();
    for (let p = 0; p < batch; p++) points.set(probes.points.subarray((p % probes.count) * ndim, (p % probes.count + 1) * ndim), p * ndim);
    return { points, out: new Float64Array(batch) };
  }
  const centre = form.kind === 'centred-gaussian' ? form.mean : form.kind === 'whitened-residuals' ? form.reference : null;
  const width = form.kind === 'centred-gaussian' || form.kind === 'whitened-residuals' ? form.scale : null;
  for (let p = 0; p < batch; p++) {
    for (let i = 0; i < ndim; i++) {
      const offset = ((p * 7 + i * 13) % 17) / 17 - 0.5;
      points[p * ndim + i] = (centre?.[i] ?? 0) + (width?.[i] ?? 1) * offset;
    }
  }
  return { points, out: new Float64Array(batch) };
}

/**
 * compileModel for every backend, WebGPU included (its adapter search and kernel build are
 * asynchronous). `cpu` and `gpujs-cpu` compile exactly as compileModel does.
 */
export async function compileModelAsync(model: ModelDescription, options: CompileOptions): Promise<CompiledModel> {
  const { backend } = options;
  if (backend === 'cpu' || backend === 'gpujs-cpu' || !BACKEND_NAMES.includes(backend)) return compileModel(model, options);
  if (model.kind === 'sum') return compileSumAsync(model, options);
  if (model.kind === 'mapped') return compileMappedAsync(model, options);
  const form = compileForm(model, options.centre);
  if (backend === 'webgpu') return compileWebGpu(form, options, 'requested');
  if (backend === 'gpu') {
    // The best GPU path: WebGPU on a hardware adapter, else a WebGL context (headless-gl), else refused
    // with both reasons. A software WebGPU adapter is not a GPU: it needs --backend webgpu.
    if (gpuDeviceNodePresent()) {
      const search = await findWebGpuDevice();
      if (search.ok && !search.handle.info.software) return compileWebGpu(form, options, 'gpu: WebGPU on a hardware adapter');
    }
    const gl = gpuContextInfo();
    if (!gl.available) {
      throw new InputError(`backend gpu: no GPU device (no /dev/nvidia* or /dev/dri/renderD* node, so no hardware WebGPU adapter; use --backend webgpu for the software adapter) and no WebGL context (${gl.detail})`);
    }
    return compileModel(model, options);
  }
  return compileAutoAsync(form, options);
}

async function compileSumAsync(model: SumModel, options: CompileOptions): Promise<CompiledModel> {
  const n = model.parameterNames.length;
  if (options.centre !== undefined && options.centre.length !== n) {
    throw new InputError(`centre: expected length ${n}, got ${options.centre.length}`);
  }
  if (model.parts.length === 0) throw new InputError('parts: a sum model needs at least one part');
  const compiled: CompiledModel[] = [];
  for (const part of model.parts) {
    const index = part.parameterIndex;
    if (index.length !== part.model.parameterNames.length || index.some((i) => !Number.isInteger(i) || i < 0 || i >= n)) {
      throw new InputError(`parts.${part.name}.parameterIndex: expected ${part.model.parameterNames.length} indices in 0..${n - 1}`);
    }
    const centre = options.centre !== undefined ? Float64Array.from(index, (i) => options.centre![i]) : undefined;
    compiled.push(await compileModelAsync(part.model, { ...options, centre }));
  }
  const density = new SumDensity(model, compiled.map((c) => c.density), options.maxBatch);
  return {
    density,
    backend: density.backend,
    reason: model.parts.map((part, k) => `${part.name}: ${compiled[k].backend} (${compiled[k].reason})`).join('; '),
    adapter: compiled.find((c) => c.adapter !== undefined)?.adapter,
  };
}

async function compileWebGpu(form: CompiledForm, options: CompileOptions, reason: string): Promise<CompiledModel> {
  if (form.kind === 'cpu-function') {
    throw new InputError('backend webgpu: cpu-function models run only on backend cpu (no kernel expresses them)');
  }
  if (form.kind === 'user-density' && form.model.kernel === undefined) {
    throw new InputError('backend webgpu: this density has no WGSL body (give wgsl), so it runs only on backend cpu');
  }
  const search = await findWebGpuDevice();
  if (!search.ok) throw new InputError(`backend webgpu: ${search.detail}`);
  if (form.kind === 'flavour-point' || form.kind === 'user-density') {
    // No a-priori bound through this physics (or through a user's code): the error is measured on this device before the run.
    const plan = float32Plan(form);
    let density: WebGpuDensity;
    try {
      density = await WebGpuDensity.create(plan, search.handle, options.maxBatch);
    } catch (error) {
      // A user's WGSL that the device rejects is their input: one line naming it, with the device's reason.
      if (form.kind === 'user-density') throw new InputError(`wgsl: ${(error as Error).message.replace(/\s*\n\s*/g, ' ')}`);
      throw error;
    }
    let precision: PrecisionCheck;
    try {
      precision = await measureFloat32Error(form, density, plan, 'webgpu', options.maxLogDensityError);
    } catch (error) {
      density.dispose();
      throw error;
    }
    return {
      density,
      backend: 'webgpu',
      reason: `${reason}; adapter ${search.handle.info.label}; measured float32 error ${precision.worstBound.toExponential(2)} ≤ ${precision.maxLogDensityError}`,
      precision,
      adapter: search.handle.info,
    };
  }
  const precision = checkFloat32Accuracy(form, 'webgpu', options.maxLogDensityError, options.probeRadius);
  const density = await WebGpuDensity.create(precision.plan, search.handle, options.maxBatch);
  return {
    density,
    backend: 'webgpu',
    reason: `${reason}; adapter ${search.handle.info.label}; float32 error bound ${precision.worstBound.toExponential(2)} ≤ ${precision.maxLogDensityError}`,
    precision,
    adapter: search.handle.info,
  };
}

/**
 * Times every candidate that can evaluate the model (cpu; webgpu on a hardware adapter; a hardware
 * headless-gl context) on a batch of maxBatch points and keeps the fastest; the reason gives the rates
 * and what was not timed and why (a software adapter is a correctness path, not a candidate).
 */
async function compileAutoAsync(form: CompiledForm, options: CompileOptions): Promise<CompiledModel> {
  const cpuCompiled: CompiledModel = { density: cpuDensity(form), backend: 'cpu', reason: '' };
  if (form.kind === 'cpu-function') return { ...cpuCompiled, reason: 'auto: cpu-function models run only on cpu' };
  if (form.kind === 'user-density' && form.model.kernel === undefined) return { ...cpuCompiled, reason: 'auto: a density without a WGSL body runs only on cpu' };
  const candidates: CompiledModel[] = [cpuCompiled];
  const skipped: string[] = [];
  const search = gpuDeviceNodePresent() ? await findWebGpuDevice() : null;
  if (search === null) {
    skipped.push('webgpu: no GPU device node (/dev/nvidia*, /dev/dri/renderD*), so no hardware adapter to look for');
  } else if (search.ok && search.handle.info.software) {
    // Like a software GL rasteriser: a correctness path, never chosen by auto (its speed depends on the
    // machine's load, and auto must not make runs' backends, hence their chains, vary from run to run).
    skipped.push(`webgpu: ${search.handle.info.label} is a software adapter (use --backend webgpu to force it)`);
  } else {
    try {
      candidates.push(await compileWebGpu(form, options, 'auto'));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      skipped.push(error.message);
    }
  }
  const gl = gpuContextInfo();
  if (gl.available && !gl.software) {
    try {
      candidates.push(compileFloat32(form, 'gpu', options, `auto: ${gl.detail}`));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      skipped.push(error.message);
    }
  }
  const rates: number[] = [];
  for (const candidate of candidates) rates.push(await quickRateAsync(candidate.density, form, options.maxBatch));
  const best = rates.indexOf(Math.max(...rates));
  const timing = candidates.map((c, k) => `${c.backend}${c.adapter?.software ? ' (software adapter)' : ''} ${rates[k].toExponential(2)}/s`).join(' vs ');
  candidates.forEach((c, k) => k !== best && c.density.dispose?.());
  const chosen = candidates[best];
  const why = `auto: ${chosen.backend} fastest (${timing} at batch ${options.maxBatch})${skipped.length > 0 ? `; not timed: ${skipped.join('; ')}` : ''}`;
  return { ...chosen, reason: chosen.reason === '' ? why : `${why}; ${chosen.reason}` };
}

async function quickRateAsync(density: BatchLogDensity, form: CompiledForm, batch: number): Promise<number> {
  const { points, out } = timingBatch(density, form, batch);
  await density.logProbBatch(points, batch, out);
  const reps = 3;
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) await density.logProbBatch(points, batch, out);
  return (reps * batch) / Math.max((performance.now() - t0) / 1000, 1e-9);
}
