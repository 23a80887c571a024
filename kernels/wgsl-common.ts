/**
 * What every WGSL kernel of the `webgpu` backend shares (kernels/wgsl.ts, kernels/flavour-point-wgsl.ts):
 * the bindings (0: the model's constants as one f32 array, 1: the batch in kernel units, 2: one f32 result
 * per point, 3: a uniform with the number of points), the entry point (one thread per point) and the
 * packing of float64 constants into the f32 constant buffer.
 */

export const WORKGROUP_SIZE = 64;

/** A kernel: its WGSL source and its constants (binding 0), uploaded once. */
export interface WgslKernel {
  source: string;
  /** Constants, uploaded once. */
  params: Float32Array;
}

export const HEADER = `
struct Batch { count: u32, pad0: u32, pad1: u32, pad2: u32 }
@group(0) @binding(0) var<storage, read> params: array<f32>;
@group(0) @binding(1) var<storage, read> points: array<f32>;
@group(0) @binding(2) var<storage, read_write> result: array<f32>;
@group(0) @binding(3) var<uniform> batch: Batch;
`;

export const ENTRY = `@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let p = gid.x;
  if (p >= batch.count) { return; }
  result[p] = logDensity(p);
}
`;

/** Concatenates float64 arrays into one float32 constant buffer (never empty: WebGPU needs ≥ 4 bytes). */
export function pack(parts: ArrayLike<number>[]): Float32Array {
  const total = parts.reduce((s, a) => s + a.length, 0);
  const out = new Float32Array(Math.max(total, 1));
  let at = 0;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) out[at + i] = part[i];
    at += part.length;
  }
  return out;
}

