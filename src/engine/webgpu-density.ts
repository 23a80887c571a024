/// <reference types="@webgpu/types" />
/**
 * The `webgpu` backend: one WGSL compute pipeline per compiled model (kernels/wgsl.ts) on the process's
 * Dawn device (webgpu-device.ts).
 *
 * Built once: the pipeline, the constant buffer (uploaded once), and the point, result, read-back and
 * count buffers sized for `maxBatch` points, with one bind group over them. Per call only the batch
 * travels: the CPU checks the prior box in float64 and writes the kernel inputs (float32-plan.ts) into a
 * staging array allocated at compile time; one writeBuffer, one dispatch over all points of the
 * half-ensemble batch (all ensembles), one copy to the read-back buffer, one mapAsync. Out-of-box points
 * get −Infinity on the CPU, never through the kernel.
 *
 * Calls are asynchronous (the density seam's `asynchronous: true`); overlapping calls are queued, since
 * they share the buffers.
 */
import { insideBox } from '../likelihood/prior-box.ts';
import { WORKGROUP_SIZE, wgslKernel } from '../../kernels/wgsl.ts';
import type { BatchLogDensity } from './density.ts';
import type { Float32Plan } from './float32-plan.ts';
import type { WebGpuHandle } from './webgpu-device.ts';

export class WebGpuDensity implements BatchLogDensity {
  readonly backend = 'webgpu';
  readonly asynchronous = true;
  readonly ndim: number;
  private readonly device: GPUDevice;
  private readonly pipeline: GPUComputePipeline;
  private readonly bindGroup: GPUBindGroup;
  private readonly buffers: GPUBuffer[];
  private readonly pointBuffer: GPUBuffer;
  private readonly resultBuffer: GPUBuffer;
  private readonly readBuffer: GPUBuffer;
  private readonly countBuffer: GPUBuffer;
  private readonly staging: Float32Array;
  private readonly inside: Uint8Array;
  /** Per point, the part of log p evaluated on the CPU (0 unless the plan has stageWithTerms). */
  private readonly cpuTerms: Float64Array;
  private readonly count = new Uint32Array(4);
  private tail: Promise<void> = Promise.resolve();

  /** Builds the pipeline inside a validation error scope, so a kernel Dawn rejects fails here, with its message. */
  static async create(plan: Float32Plan, handle: WebGpuHandle, maxBatch: number): Promise<WebGpuDensity> {
    handle.device.pushErrorScope('validation');
    const density = new WebGpuDensity(plan, handle, maxBatch);
    const error = await handle.device.popErrorScope();
    if (error !== null) {
      density.dispose();
      throw new Error(`webgpu: the kernel was rejected by the device: ${error.message}`);
    }
    return density;
  }

  private constructor(
    private readonly plan: Float32Plan,
    handle: WebGpuHandle,
    private readonly maxBatch: number,
    /** Adapter label, for messages (`webgpu` on "NVIDIA …" or on a software adapter). */
    readonly adapter = handle.info.label,
  ) {
    this.ndim = this.plan.ndim;
    this.device = handle.device;
    const { source, params } = wgslKernel(this.plan.kernelForm);
    const device = this.device;
    const module = device.createShaderModule({ code: source });
    this.pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
    const storage = (bytes: number, usage: number): GPUBuffer => device.createBuffer({ size: Math.max(16, Math.ceil(bytes / 16) * 16), usage });
    const paramBuffer = storage(params.byteLength, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST);
    device.queue.writeBuffer(paramBuffer, 0, params);
    this.pointBuffer = storage(4 * maxBatch * this.plan.inputWidth, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST);
    this.resultBuffer = storage(4 * maxBatch, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC);
    this.readBuffer = storage(4 * maxBatch, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
    this.countBuffer = storage(16, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    this.buffers = [paramBuffer, this.pointBuffer, this.resultBuffer, this.readBuffer, this.countBuffer];
    this.bindGroup = device.createBindGroup({
      layout: this.pipeline.getBindGroupLayout(0),
      entries: [paramBuffer, this.pointBuffer, this.resultBuffer, this.countBuffer].map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    this.staging = new Float32Array(maxBatch * this.plan.inputWidth);
    this.inside = new Uint8Array(maxBatch);
    this.cpuTerms = new Float64Array(maxBatch);
  }

  logProbBatch(points: Float64Array, count: number, out: Float64Array): Promise<void> {
    const run = this.tail.then(async () => {
      for (let start = 0; start < count; start += this.maxBatch) {
        await this.evaluateChunk(points, start, Math.min(this.maxBatch, count - start), out);
      }
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async evaluateChunk(points: Float64Array, start: number, count: number, out: Float64Array): Promise<void> {
    const { stage, box, constant, ndim, inputWidth } = this.plan;
    const { staging, inside, device } = this;
    const { stageWithTerms } = this.plan;
    const cpuTerms = this.cpuTerms;
    for (let slot = 0; slot < count; slot++) {
      const row = start + slot;
      let ok: boolean;
      if (stageWithTerms !== undefined) {
        cpuTerms[slot] = stageWithTerms(points, row, staging, slot);
        ok = cpuTerms[slot] > -Infinity;
      } else {
        ok = box === null || insideBox(box, points, row, ndim);
        if (ok) stage(points, row, staging, slot);
      }
      inside[slot] = ok ? 1 : 0;
      if (!ok) staging.fill(0, slot * inputWidth, (slot + 1) * inputWidth); // any finite row: discarded
    }
    this.count[0] = count;
    device.queue.writeBuffer(this.countBuffer, 0, this.count);
    device.queue.writeBuffer(this.pointBuffer, 0, staging, 0, count * inputWidth);
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, this.bindGroup);
    pass.dispatchWorkgroups(Math.ceil(count / WORKGROUP_SIZE));
    pass.end();
    encoder.copyBufferToBuffer(this.resultBuffer, 0, this.readBuffer, 0, 4 * count);
    device.queue.submit([encoder.finish()]);
    await this.readBuffer.mapAsync(GPUMapMode.READ, 0, 4 * count);
    const result = new Float32Array(this.readBuffer.getMappedRange(0, 4 * count));
    for (let slot = 0; slot < count; slot++) {
      const value = result[slot];
      // An overflowed float32 (−Infinity, or NaN from ∞ − ∞) means log p below −3.4e38: outside.
      const total = value + constant + cpuTerms[slot];
      out[start + slot] = inside[slot] === 0 || !Number.isFinite(total) ? -Infinity : total;
    }
    this.readBuffer.unmap();
  }

  dispose(): void {
    for (const buffer of this.buffers) buffer.destroy();
  }
}
