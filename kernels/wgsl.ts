/**
 * Hand-written WGSL compute shaders for the `webgpu` backend, one per float32 kernel form
 * (src/engine/float32-plan.ts), one thread per point, one f32 out per point.
 *
 * Why WGSL by hand and not gpu.js's WebGPU mode: the engine must own the device (Dawn's Vulkan adapter
 * on an NVIDIA server, the EGL software adapter with the compatibility feature level elsewhere; gpu.js
 * takes whatever `navigator.gpu.requestAdapter()` gives), keep every GPU buffer alive between calls
 * (points, results, read-back: allocated once per compiled model) and run one dispatch per half-ensemble
 * batch; and the ratio-of-quadratic-forms kernel needs a helper function and signed form indices, which
 * gpu.js's JavaScript subset does not express. The arithmetic is the same as kernels/*.ts (gpu.js) and
 * src/engine/cpu-density.ts (float64), so the float32 error bounds of float32-error-bound.ts apply.
 *
 * Layout: binding 0 = all constants of the model in one f32 array (sizes and offsets are baked into the
 * source as WGSL constants), binding 1 = the batch in kernel units, binding 2 = results, binding 3 = a
 * uniform with the number of points. Three storage buffers fit WebGPU's compatibility-mode limits.
 */
import type { KernelForm } from '../src/engine/float32-plan.ts';
import { flavourPointKernel } from './flavour-point-wgsl.ts';
import { userDensityKernel } from './user-wgsl.ts';
import { ENTRY, HEADER, pack, type WgslKernel } from './wgsl-common.ts';

export { WORKGROUP_SIZE, type WgslKernel } from './wgsl-common.ts';

export function wgslKernel(form: KernelForm): WgslKernel {
  switch (form.kind) {
    case 'whitened-residuals':
      return whitenedResiduals(form.nPar, form.nRow, form.nPair, [form.offset, form.jacobian, form.quadratic, form.pairI, form.pairJ]);
    case 'centred-gaussian':
      return centredGaussian(form.nDim, [form.scaledMean, form.scaledUpper]);
    case 'quadratic-ratio':
      return quadraticRatio(form);
    case 'flavour-point':
      return flavourPointKernel(form.tables);
    case 'user-density':
      return userDensityKernel(form);
    case 'rosenbrock':
      return {
        params: new Float32Array(1),
        source: `${HEADER}
fn logDensity(p: u32) -> f32 {
  let x1 = points[2u * p];
  let x2 = points[2u * p + 1u];
  let a = x2 - x1 * x1;
  let b = 1.0 - x1;
  return -(100.0 * a * a + b * b) / 20.0;
}
${ENTRY}`,
      };
    case 'funnel':
      // kernels/funnel.ts: v, then x_1 … x_{n−1}; params[0] = 1/(2σ_v²).
      return {
        params: Float32Array.of(0.5 / (form.logScaleSd * form.logScaleSd)),
        source: `${HEADER}
const N: u32 = ${form.nDim}u;
fn logDensity(p: u32) -> f32 {
  let v = points[p * N];
  var s = 0.0;
  for (var i = 1u; i < N; i++) { let x = points[p * N + i]; s += x * x; }
  return -params[0] * v * v - 0.5 * f32(N - 1u) * v - 0.5 * exp(-v) * s;
}
${ENTRY}`,
      };
  }
}

/** w_r = c_r + Σ_i J_ri v_i + Σ_q Q_rq v_{I_q} v_{J_q},  log L = −½ Σ_r w_r² (whitened-form.ts, rotated-form.ts). */
function whitenedResiduals(nPar: number, nRow: number, nPair: number, parts: ArrayLike<number>[]): WgslKernel {
  const offJ = nRow;
  const offQ = offJ + nRow * nPar;
  const offPI = offQ + nRow * nPair;
  const offPJ = offPI + nPair;
  return {
    params: pack(parts),
    source: `${HEADER}
const N_PAR: u32 = ${nPar}u;
const N_ROW: u32 = ${nRow}u;
const N_PAIR: u32 = ${nPair}u;
const OFF_J: u32 = ${offJ}u;
const OFF_Q: u32 = ${offQ}u;
const OFF_PI: u32 = ${offPI}u;
const OFF_PJ: u32 = ${offPJ}u;
fn logDensity(p: u32) -> f32 {
  var v: array<f32, ${nPar + nPair}>;
  for (var i = 0u; i < N_PAR; i++) { v[i] = points[p * N_PAR + i]; }
  for (var q = 0u; q < N_PAIR; q++) {
    v[N_PAR + q] = v[u32(params[OFF_PI + q])] * v[u32(params[OFF_PJ + q])];
  }
  var s = 0.0;
  for (var r = 0u; r < N_ROW; r++) {
    var w = params[r];
    let row = OFF_J + r * N_PAR;
    for (var i = 0u; i < N_PAR; i++) { w += params[row + i] * v[i]; }
    let qrow = OFF_Q + r * N_PAIR;
    for (var q = 0u; q < N_PAIR; q++) { w += params[qrow + q] * v[N_PAR + q]; }
    s += w * w;
  }
  return -0.5 * s;
}
${ENTRY}`,
  };
}

/** −½ Σ_k (Σ_{i≥k} U_ki (z_i − m_i))² (centred-gaussian-form.ts). */
function centredGaussian(n: number, parts: ArrayLike<number>[]): WgslKernel {
  return {
    params: pack(parts),
    source: `${HEADER}
const N: u32 = ${n}u;
fn logDensity(p: u32) -> f32 {
  var d: array<f32, ${n}>;
  for (var i = 0u; i < N; i++) { d[i] = points[p * N + i] - params[i]; }
  var s = 0.0;
  for (var k = 0u; k < N; k++) {
    var w = 0.0;
    let row = N + k * N;
    for (var i = k; i < N; i++) { w += params[row + i] * d[i]; }
    s += w * w;
  }
  return -0.5 * s;
}
${ENTRY}`,
  };
}

/** −½ |W' t|², t_o = g_o q_num(κ)/q_den(κ) − y'_o (quadratic-ratio-form.ts). */
function quadraticRatio(form: Extract<KernelForm, { kind: 'quadratic-ratio' }>): WgslKernel {
  const { nCoupling, nObs, nForm } = form;
  const offFC = 6 * nForm;
  const offNum = offFC + 2 * nForm;
  const offDen = offNum + nObs;
  const offGain = offDen + nObs;
  const offTarget = offGain + nObs;
  const offW = offTarget + nObs;
  return {
    params: pack([form.forms, form.formCouplings, form.numerator, form.denominator, form.gain, form.target, form.whitening]),
    source: `${HEADER}
const N_C: u32 = ${nCoupling}u;
const N_OBS: u32 = ${nObs}u;
const OFF_FC: u32 = ${offFC}u;
const OFF_NUM: u32 = ${offNum}u;
const OFF_DEN: u32 = ${offDen}u;
const OFF_GAIN: u32 = ${offGain}u;
const OFF_TARGET: u32 = ${offTarget}u;
const OFF_W: u32 = ${offW}u;
fn quadraticForm(f: u32, a: f32, b: f32) -> f32 {
  let o = 6u * f;
  return params[o] + 2.0 * params[o + 1u] * a + 2.0 * params[o + 2u] * b
    + params[o + 3u] * a * a + 2.0 * params[o + 4u] * a * b + params[o + 5u] * b * b;
}
fn formAt(f: u32, p: u32) -> f32 {
  let a = points[p * N_C + u32(params[OFF_FC + 2u * f])];
  let b = points[p * N_C + u32(params[OFF_FC + 2u * f + 1u])];
  return quadraticForm(f, a, b);
}
fn logDensity(p: u32) -> f32 {
  var t: array<f32, ${nObs}>;
  for (var o = 0u; o < N_OBS; o++) {
    var ratio = formAt(u32(params[OFF_NUM + o]), p);
    let den = i32(params[OFF_DEN + o]);
    if (den >= 0) { ratio = ratio / formAt(u32(den), p); }
    t[o] = params[OFF_GAIN + o] * ratio - params[OFF_TARGET + o];
  }
  var s = 0.0;
  for (var k = 0u; k < N_OBS; k++) {
    var w = 0.0;
    let row = OFF_W + k * N_OBS;
    for (var o = 0u; o <= k; o++) { w += params[row + o] * t[o]; }
    s += w * w;
  }
  return -0.5 * s;
}
${ENTRY}`,
  };
}
