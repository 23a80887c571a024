/**
 * Compiles a gaussian-target model, log p(x) = −½ (x − μ)ᵀ P (x − μ), into two equivalent forms:
 *
 *  - float64 (`cpu`): P = L Lᵀ, log p = −½ |Lᵀ (x − μ)|², Lᵀ stored packed by rows (row k holds
 *    columns k..n−1), about n²/2 multiply-adds per point;
 *  - float32 kernels: points are centred and scaled on the CPU in float64, z = (x − c) / s, with c the
 *    target mean (or a given centre) and s = √diag(P⁻¹); the kernel evaluates −½ |Uᵀ(z − m)|² with
 *    m = (μ − c)/s and U Uᵀ = diag(s) P diag(s), all O(1) numbers.
 *
 * Gaussian priors are merged into (P, μ) (a product of Gaussians is Gaussian); the constant that the
 * merge drops is kept in `constant` so every backend returns the same number.
 */
import { InputError } from '../errors.ts';
import { choleskyLower, invertSymmetricPositiveDefinite } from '../numerics/linear-algebra.ts';
import type { GaussianTargetModel } from './model.ts';
import { splitPriors, unboundedBox, type PriorBox } from './prior-box.ts';

export interface CentredGaussianForm {
  kind: 'centred-gaussian';
  nDim: number;
  /** Float64 path: mean μ and packed rows of Lᵀ (P = L Lᵀ). */
  mean: Float64Array;
  upperPacked: Float64Array;
  /** Float32 path: centre c, scale s, scaled mean m = (μ − c)/s, dense n×n Uᵀ (zeros below the diagonal). */
  centre: Float64Array;
  scale: Float64Array;
  inverseScale: Float64Array;
  scaledMean: Float64Array;
  scaledUpper: Float64Array;
  /** Added to −½|w|² on every backend (non-zero only when Gaussian priors were merged). */
  constant: number;
  /** Marginal standard deviations √diag(P⁻¹) (after merging priors). */
  sd: Float64Array;
  box: PriorBox;
}

export function centreGaussianTarget(model: GaussianTargetModel, centre?: Float64Array): CentredGaussianForm {
  const n = model.parameterNames.length;
  if (model.mean.length !== n) throw new InputError(`mean: expected length ${n}, got ${model.mean.length}`);
  if (model.precision.length !== n * n) {
    throw new InputError(`precision: expected ${n}×${n} = ${n * n} entries, got ${model.precision.length}`);
  }
  if (centre !== undefined && centre.length !== n) {
    throw new InputError(`centre: expected length ${n}, got ${centre.length}`);
  }
  for (let i = 0; i < n * n; i++) {
    if (!Number.isFinite(model.precision[i])) throw new InputError(`precision[${i}]: not a finite number`);
  }
  let box = unboundedBox(n);
  let precision: Float64Array = Float64Array.from(model.precision);
  let mean: Float64Array = Float64Array.from(model.mean);
  let constant = 0;
  if (model.priors !== undefined) {
    const split = splitPriors(model.priors, model.parameterNames);
    box = split.box;
    if (split.gaussian.length > 0) ({ precision, mean, constant } = mergeGaussianPriors(precision, mean, split.gaussian, n));
  }

  const lower = choleskyLower(precision, n);
  if (lower === null) throw new InputError('precision: not symmetric positive definite');
  const upperPacked = new Float64Array((n * (n + 1)) / 2);
  let at = 0;
  for (let k = 0; k < n; k++) for (let i = k; i < n; i++) upperPacked[at++] = lower[i * n + k];

  const covariance = invertSymmetricPositiveDefinite(precision, n)!;
  const sd = new Float64Array(n);
  for (let i = 0; i < n; i++) sd[i] = Math.sqrt(covariance[i * n + i]);
  const c = centre !== undefined ? Float64Array.from(centre) : Float64Array.from(mean);
  const scale = Float64Array.from(sd);
  const inverseScale = scale.map((s) => 1 / s);
  const scaledMean = new Float64Array(n);
  for (let i = 0; i < n; i++) scaledMean[i] = (mean[i] - c[i]) * inverseScale[i];
  const scaledPrecision = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) scaledPrecision[i * n + j] = scale[i] * precision[i * n + j] * scale[j];
  }
  const scaledLower = choleskyLower(scaledPrecision, n);
  if (scaledLower === null) throw new InputError('precision: not positive definite after scaling');
  const scaledUpper = new Float64Array(n * n);
  for (let k = 0; k < n; k++) for (let i = k; i < n; i++) scaledUpper[k * n + i] = scaledLower[i * n + k];

  return {
    kind: 'centred-gaussian',
    nDim: n,
    mean,
    upperPacked,
    centre: c,
    scale,
    inverseScale,
    scaledMean,
    scaledUpper,
    constant,
    sd,
    box,
  };
}

/**
 * −½(x−μ)ᵀP(x−μ) − ½Σ((x_i−m_i)/sd_i)² = −½(x−μ')ᵀP'(x−μ') + K with P' = P + diag(1/sd²),
 * μ' = P'⁻¹(Pμ + m/sd²), K = −½(μᵀPμ + Σ m²/sd² − μ'ᵀP'μ').
 */
function mergeGaussianPriors(
  precision: Float64Array,
  mean: Float64Array,
  terms: { index: number; mean: number; sd: number }[],
  n: number,
): { precision: Float64Array; mean: Float64Array; constant: number } {
  const merged = Float64Array.from(precision);
  const rhs = new Float64Array(n);
  let quadratic = 0;
  for (let i = 0; i < n; i++) {
    let pMu = 0;
    for (let j = 0; j < n; j++) pMu += precision[i * n + j] * mean[j];
    rhs[i] = pMu;
    quadratic += mean[i] * pMu;
  }
  for (const t of terms) {
    const w = 1 / (t.sd * t.sd);
    merged[t.index * n + t.index] += w;
    rhs[t.index] += t.mean * w;
    quadratic += t.mean * t.mean * w;
  }
  const inverse = invertSymmetricPositiveDefinite(merged, n);
  if (inverse === null) throw new InputError('precision: not symmetric positive definite');
  const newMean = new Float64Array(n);
  let newQuadratic = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += inverse[i * n + j] * rhs[j];
    newMean[i] = s;
  }
  for (let i = 0; i < n; i++) newQuadratic += newMean[i] * rhs[i]; // μ'ᵀP'μ' = μ'ᵀ(Pμ + m/sd²)
  return { precision: merged, mean: newMean, constant: -0.5 * (quadratic - newQuadratic) };
}
