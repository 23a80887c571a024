/**
 * The `gpujs-cpu` and `gpu` backends: one gpu.js kernel per compiled model, built once, with the
 * model's matrices as float32 constants (uploaded once, at kernel build: gpu.js WebGLKernel.build, the
 * run path only rebinds them). Per call only the batch travels: the CPU centres and scales the float64
 * points into a float32 staging buffer allocated at compile time, checks the prior box in float64, the
 * kernel returns one log-density per point, and out-of-box points get −Infinity on the CPU (−Infinity
 * never goes through the kernel: gpu.js test/features/infinity.js).
 *
 * `gpujs-cpu` runs the same kernel source in gpu.js CPU mode (float32 inputs and output), which is what
 * exercises the kernels where no GL context exists; `gpu` runs it in headless-gl.
 */
import type { IKernelRunShortcut, KernelFunction } from 'gpu.js';
import { quadraticFormKernel } from '../../kernels/quadratic-form.ts';
import { funnelKernel } from '../../kernels/funnel.ts';
import { rosenbrockKernel } from '../../kernels/rosenbrock.ts';
import { whitenedResidualKernel } from '../../kernels/whitened-residuals.ts';
import type { CompiledForm } from '../likelihood/compiled-form.ts';
import { insideBox, type PriorBox } from '../likelihood/prior-box.ts';
import { InputError } from '../errors.ts';
import { float32Plan, type Float32Plan } from './float32-plan.ts';
import type { BatchLogDensity } from './density.ts';
import { loadGpuJs } from './gpujs-loader.ts';

/** Largest finite float32; gpu.js GL kernels return it for an overflowed value (infinity.js). */
const FLOAT32_MAX = 3.4028234663852886e38;

/** Writes point `row` of the float64 batch into the float32 staging row `slot`, in kernel units. */
type StagingWriter = (points: Float64Array, row: number, staging: Float32Array | Float64Array, slot: number) => void;

interface KernelPlan {
  ndim: number;
  kernel: KernelFunction<any, any>;
  constants: Record<string, number | Float32Array>;
  loopMax: number;
  write: StagingWriter;
  box: PriorBox | null;
  constant: number;
}

/** gpu.js kernel and constants for a float32 plan (float32-plan.ts: the same kernel inputs as WebGPU). */
function kernelPlan(form: CompiledForm, plan: Float32Plan): KernelPlan {
  const kernelForm = plan.kernelForm;
  const common = { ndim: plan.ndim, write: plan.stage, box: plan.box, constant: plan.constant };
  switch (kernelForm.kind) {
    case 'whitened-residuals': {
      const { nPar, nRow, nPair } = kernelForm;
      return {
        ...common,
        kernel: whitenedResidualKernel,
        constants: {
          nPar,
          nRow,
          nPair,
          offset: Float32Array.from(kernelForm.offset),
          jacobian: Float32Array.from(kernelForm.jacobian),
          // gpu.js cannot upload empty arrays; with nPair = 0 the loop never reads these.
          quadratic: nPair > 0 ? Float32Array.from(kernelForm.quadratic) : new Float32Array(1),
          pairI: nPair > 0 ? Float32Array.from(kernelForm.pairI) : new Float32Array(1),
          pairJ: nPair > 0 ? Float32Array.from(kernelForm.pairJ) : new Float32Array(1),
        },
        loopMax: Math.max(nPar, nRow, nPair) + 1,
      };
    }
    case 'centred-gaussian': {
      const n = kernelForm.nDim;
      return {
        ...common,
        kernel: quadraticFormKernel,
        constants: { nDim: n, mean: Float32Array.from(kernelForm.scaledMean), upper: Float32Array.from(kernelForm.scaledUpper) },
        loopMax: n + 1,
      };
    }
    case 'rosenbrock':
      return { ...common, kernel: rosenbrockKernel, constants: {}, loopMax: 1 };
    case 'funnel':
      return { ...common, kernel: funnelKernel, constants: { nDim: kernelForm.nDim, halfPrecisionV: 0.5 / (kernelForm.logScaleSd * kernelForm.logScaleSd) }, loopMax: kernelForm.nDim + 1 };
    case 'quadratic-ratio':
      throw new InputError('backend gpujs-cpu/gpu: quadratic-ratio models have a WGSL kernel only; use backend webgpu or cpu');
    case 'flavour-point':
      throw new InputError('backend gpujs-cpu/gpu: the full flavour likelihood has a WGSL kernel only; use backend webgpu or cpu');
    case 'user-density':
      throw new InputError('backend gpujs-cpu/gpu: a user density has a WGSL kernel only; use backend webgpu or cpu');
  }
}

export class GpuJsDensity implements BatchLogDensity {
  readonly ndim: number;
  private readonly plan: KernelPlan;
  private readonly gpu: InstanceType<ReturnType<typeof loadGpuJs>['GPU']>;
  private readonly kernel: IKernelRunShortcut;
  private readonly staging: Float32Array;
  private readonly inside: Uint8Array;
  private currentOutput: number;

  constructor(
    form: CompiledForm,
    readonly backend: 'gpujs-cpu' | 'gpu',
    private readonly maxBatch: number,
    plan: Float32Plan = float32Plan(form),
  ) {
    this.plan = kernelPlan(form, plan);
    this.ndim = this.plan.ndim;
    const { GPU } = loadGpuJs();
    this.gpu = new GPU({ mode: backend === 'gpu' ? 'headlessgl' : 'cpu' });
    this.kernel = this.gpu.createKernel(this.plan.kernel, {
      output: [maxBatch],
      dynamicOutput: true,
      constants: this.plan.constants,
      precision: 'single',
      tactic: 'precision', // highp floats in the shader
    });
    // Loops over constant sizes may be rewritten with a LOOP_MAX guard (style anchors §5); make it cover them.
    this.kernel.setLoopMaxIterations(this.plan.loopMax);
    this.currentOutput = maxBatch;
    this.staging = new Float32Array(maxBatch * this.ndim);
    this.inside = new Uint8Array(maxBatch);
  }

  logProbBatch(points: Float64Array, count: number, out: Float64Array): void {
    for (let start = 0; start < count; start += this.maxBatch) {
      this.evaluateChunk(points, start, Math.min(this.maxBatch, count - start), out);
    }
  }

  private evaluateChunk(points: Float64Array, start: number, count: number, out: Float64Array): void {
    const { write, box, constant, ndim } = this.plan;
    const { staging, inside } = this;
    for (let slot = 0; slot < count; slot++) {
      const row = start + slot;
      const ok = box === null || insideBox(box, points, row, ndim);
      inside[slot] = ok ? 1 : 0;
      if (ok) write(points, row, staging, slot);
      else staging.fill(0, slot * ndim, (slot + 1) * ndim); // any finite row: the result is discarded
    }
    if (count !== this.currentOutput) {
      this.kernel.setOutput([count]);
      this.currentOutput = count;
    }
    const result = this.kernel(staging) as Float32Array;
    for (let slot = 0; slot < count; slot++) {
      const value = result[slot];
      // A float32 overflow (|value| ≥ FLOAT32_MAX, or ±Infinity in CPU mode) means log p < −3.4e38.
      out[start + slot] = inside[slot] === 0 || value <= -FLOAT32_MAX ? -Infinity : value + constant;
    }
  }

  dispose(): void {
    this.kernel.destroy();
    void this.gpu.destroy();
  }
}
