/**
 * The kernel of a user's density (library API): their WGSL function body, wrapped as the `logDensity` of
 * the shared entry point (wgsl-common.ts). The point arrives in float32 as written by the float32 plan
 * (the coordinates themselves, no centring), and the user's constants are the `params` buffer.
 *
 * The body is that of `fn userLogDensity(x: array<f32, N_DIM>) -> f32`; it may read `N_DIM` and `params`.
 */
import type { KernelForm } from '../src/engine/float32-plan.ts';
import { ENTRY, HEADER, pack } from './wgsl-common.ts';

/** Source and constants of the kernel (wgsl-common.ts WgslKernel). */
export function userDensityKernel(form: Extract<KernelForm, { kind: 'user-density' }>): { source: string; params: Float32Array } {
  const n = form.nDim;
  return {
    params: pack([form.constants]),
    source: `${HEADER}
const N_DIM: u32 = ${n}u;
fn userLogDensity(x: array<f32, ${n}>) -> f32 {
${form.wgsl}
}
fn logDensity(p: u32) -> f32 {
  // A body that reads no constant must still use binding 0: the 'auto' pipeline layout keeps only used bindings.
  _ = params[0];
  var x: array<f32, ${n}>;
  for (var i = 0u; i < N_DIM; i++) { x[i] = points[p * N_DIM + i]; }
  return userLogDensity(x);
}
${ENTRY}`,
  };
}
