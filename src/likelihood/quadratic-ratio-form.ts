/**
 * Compiles a quadratic-ratio-gaussian model (model.ts) into the arrays every backend evaluates:
 *
 *   C = L Lᵀ,  d_o = √C_oo,  W' = L⁻¹ diag(d)  (lower triangular, O(1) entries)
 *   q'_f = q_f / n_f  with n_f = |k00| (the form at κ = 0; max |k| if that vanishes)
 *   t_o = g_o q'_num(κ)/q'_den(κ) − y_o/d_o,   g_o = factor_o n_num/(n_den d_o)
 *   log L = −½ |W' t|²
 *
 * which is −½ (y − y_exp)ᵀ C⁻¹ (y − y_exp) rewritten so that every float32 number is O(1): rates of
 * 10⁻⁹ and their products never appear, only normalised forms, and residuals in units of their widths.
 * The couplings κ = M θ are formed on the CPU in float64; only κ travels to a kernel.
 */
import { InputError } from '../errors.ts';
import { choleskyLower, invertLowerTriangular } from '../numerics/linear-algebra.ts';
import type { QuadraticRatioGaussianModel } from './model.ts';
import { splitPriors, type PriorBox } from './prior-box.ts';

export interface QuadraticRatioForm {
  kind: 'quadratic-ratio';
  nDim: number;
  nCoupling: number;
  nObs: number;
  nForm: number;
  couplingMap: Float64Array;
  forms: Float64Array; // normalised, nForm × 6
  formCouplings: Int32Array;
  numerator: Int32Array;
  denominator: Int32Array;
  gain: Float64Array; // g_o
  target: Float64Array; // y_o / d_o
  whitening: Float64Array; // W', nObs × nObs, zero above the diagonal
  box: PriorBox;
}

export function compileQuadraticRatio(model: QuadraticRatioGaussianModel): QuadraticRatioForm {
  const nDim = model.parameterNames.length;
  const nObs = model.measured.length;
  const nForm = model.forms.length / 6;
  const { nCoupling } = model;
  if (!Number.isInteger(nForm)) throw new InputError(`forms: expected 6 entries per form, got ${model.forms.length}`);
  if (model.couplingMap.length !== nCoupling * nDim) throw new InputError(`couplingMap: expected ${nCoupling}×${nDim} entries`);
  if (model.formCouplings.length !== 2 * nForm || model.formCouplings.some((c) => !(c >= 0 && c < nCoupling))) {
    throw new InputError(`formCouplings: expected 2 coupling indices in 0..${nCoupling - 1} per form`);
  }
  for (const [field, array, allowNone] of [['numerator', model.numerator, false], ['denominator', model.denominator, true]] as const) {
    if (array.length !== nObs || array.some((f) => !((f >= 0 && f < nForm) || (allowNone && f === -1)))) {
      throw new InputError(`${field}: expected ${nObs} form indices in 0..${nForm - 1}${allowNone ? ' (or −1)' : ''}`);
    }
  }
  if (model.covariance.length !== nObs * nObs) throw new InputError(`covariance: expected ${nObs}×${nObs} entries`);
  const { box, gaussian } = splitPriors(model.priors, model.parameterNames);
  if (gaussian.length > 0) throw new InputError('priors: quadratic-ratio-gaussian models take flat priors only');
  const chol = choleskyLower(model.covariance, nObs);
  if (chol === null) throw new InputError('covariance: not symmetric positive definite');
  const inverse = invertLowerTriangular(chol, nObs);

  const norm = new Float64Array(nForm);
  const forms = new Float64Array(nForm * 6);
  for (let f = 0; f < nForm; f++) {
    const k = model.forms.subarray(6 * f, 6 * f + 6);
    const size = Math.abs(k[0]) > 0 ? Math.abs(k[0]) : Math.max(...Array.from(k, Math.abs));
    norm[f] = size > 0 ? size : 1;
    for (let j = 0; j < 6; j++) forms[6 * f + j] = k[j] / norm[f];
  }
  const width = Float64Array.from({ length: nObs }, (_, o) => Math.sqrt(model.covariance[o * nObs + o]));
  const gain = new Float64Array(nObs);
  const target = new Float64Array(nObs);
  for (let o = 0; o < nObs; o++) {
    const den = model.denominator[o] >= 0 ? norm[model.denominator[o]] : 1;
    gain[o] = (model.factor[o] * norm[model.numerator[o]]) / (den * width[o]);
    target[o] = model.measured[o] / width[o];
  }
  const whitening = new Float64Array(nObs * nObs);
  for (let k = 0; k < nObs; k++) for (let o = 0; o <= k; o++) whitening[k * nObs + o] = inverse[k * nObs + o] * width[o];
  return {
    kind: 'quadratic-ratio',
    nDim,
    nCoupling,
    nObs,
    nForm,
    couplingMap: Float64Array.from(model.couplingMap),
    forms,
    formCouplings: Int32Array.from(model.formCouplings),
    numerator: Int32Array.from(model.numerator),
    denominator: Int32Array.from(model.denominator),
    gain,
    target,
    whitening,
    box,
  };
}

/** κ = M θ for point `row`, written to out[slot·nCoupling ..]. */
export function toCouplings(form: QuadraticRatioForm, points: Float64Array, row: number, out: Float32Array | Float64Array, slot: number): void {
  const { nDim, nCoupling, couplingMap } = form;
  for (let c = 0; c < nCoupling; c++) {
    let s = 0;
    for (let p = 0; p < nDim; p++) s += couplingMap[c * nDim + p] * points[row * nDim + p];
    out[slot * nCoupling + c] = s;
  }
}

/** q'_f(κ) for couplings stored at kappa[at ..]. */
export function evaluateForm(form: QuadraticRatioForm, f: number, kappa: ArrayLike<number>, at: number): number {
  const k = form.forms;
  const a = kappa[at + form.formCouplings[2 * f]];
  const b = kappa[at + form.formCouplings[2 * f + 1]];
  const o = 6 * f;
  return k[o] + 2 * k[o + 1] * a + 2 * k[o + 2] * b + k[o + 3] * a * a + 2 * k[o + 4] * a * b + k[o + 5] * b * b;
}

/** t_o (residuals in units of their widths) at couplings kappa[at ..], into t. */
export function scaledResiduals(form: QuadraticRatioForm, kappa: ArrayLike<number>, at: number, t: Float64Array): void {
  for (let o = 0; o < form.nObs; o++) {
    const num = evaluateForm(form, form.numerator[o], kappa, at);
    const den = form.denominator[o] >= 0 ? evaluateForm(form, form.denominator[o], kappa, at) : 1;
    t[o] = (form.gain[o] * num) / den - form.target[o];
  }
}

/** −½ |W' t|² in float64 at couplings kappa[at ..] (the `cpu` backend and the reference for kernels). */
export function quadraticRatioLogLikelihood(form: QuadraticRatioForm, kappa: ArrayLike<number>, at: number, t: Float64Array): number {
  scaledResiduals(form, kappa, at, t);
  const { nObs, whitening } = form;
  let chi2 = 0;
  for (let k = 0; k < nObs; k++) {
    let w = 0;
    for (let o = 0; o <= k; o++) w += whitening[k * nObs + o] * t[o];
    chi2 += w * w;
  }
  return -0.5 * chi2;
}
