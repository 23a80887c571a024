/// <reference types="@webgpu/types" />
/**
 * Runs one WGSL kernel of the webgpu backend's shape (kernels/wgsl-common.ts bindings: constants, inputs,
 * results, count) once over `count` points and reads back `width` results per point: the tests' way to look
 * inside a kernel (its predictions, a helper function) rather than at the log p the backend reads.
 */
import type { WgslKernel } from '../../kernels/wgsl-common.ts';
import { WORKGROUP_SIZE } from '../../kernels/wgsl-common.ts';

export async function wgslOutputs(device: GPUDevice, kernel: WgslKernel, inputs: Float32Array, count: number, width: number): Promise<Float32Array> {
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ code: kernel.source });
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
  const buffer = (bytes: number, usage: number): GPUBuffer => device.createBuffer({ size: Math.max(16, Math.ceil(bytes / 16) * 16), usage });
  const params = buffer(kernel.params.byteLength, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST);
  const points = buffer(inputs.byteLength, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST);
  const result = buffer(4 * count * width, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC);
  const read = buffer(4 * count * width, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
  const batch = buffer(16, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
  try {
    device.queue.writeBuffer(params, 0, kernel.params);
    device.queue.writeBuffer(points, 0, inputs);
    device.queue.writeBuffer(batch, 0, Uint32Array.of(count, 0, 0, 0));
    const bindGroup = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [params, points, result, batch].map((b, binding) => ({ binding, resource: { buffer: b } })),
    });
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(Math.ceil(count / WORKGROUP_SIZE));
    pass.end();
    encoder.copyBufferToBuffer(result, 0, read, 0, 4 * count * width);
    device.queue.submit([encoder.finish()]);
    const error = await device.popErrorScope();
    if (error !== null) throw new Error(`the kernel or its bindings were rejected by the device: ${error.message}`);
    await read.mapAsync(GPUMapMode.READ, 0, 4 * count * width);
    const out = new Float32Array(read.getMappedRange(0, 4 * count * width).slice(0));
    read.unmap();
    return out;
  } finally {
    for (const b of [params, points, result, read, batch]) b.destroy();
  }
}
