/**
 * Direct evaluation of a LinearisedGaussianModel as documented in src/likelihood/model.ts, written
 * independently of any engine backend so that the EW tests check the model description itself:
 *   y_k(θ) = y0_k + Σ_i A_ki δ_i + ½ Σ_ij B_kij δ_i δ_j  (each listed i < j pair counts for both orders),
 *   χ² = (y − y_exp)ᵀ C⁻¹ (y − y_exp).
 */
import type { LinearisedGaussianModel } from '../../../src/likelihood/model.ts';
import { requireInverseSpd as inverseSPD } from '../../../src/numerics/linear-algebra.ts';

export function linearisedPredictions(model: LinearisedGaussianModel, theta: ArrayLike<number>): Float64Array {
  const npar = model.parameterNames.length;
  const nobs = model.observableNames.length;
  const delta = Float64Array.from({ length: npar }, (_, i) => theta[i] - model.reference[i]);
  const y = Float64Array.from(model.y0);
  for (let k = 0; k < nobs; k++) for (let i = 0; i < npar; i++) y[k] += model.jacobian[k * npar + i] * delta[i];
  for (const q of model.quadratic ?? []) {
    y[q.observable] += (q.i === q.j ? 0.5 : 1) * q.value * delta[q.i] * delta[q.j];
  }
  return y;
}

export function chiSquare(predictions: ArrayLike<number>, measured: ArrayLike<number>, covarianceInverse: Float64Array): number {
  const n = measured.length;
  let chi2 = 0;
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) chi2 += (predictions[a] - measured[a]) * covarianceInverse[a * n + b] * (predictions[b] - measured[b]);
  }
  return chi2;
}

export function covarianceInverse(model: LinearisedGaussianModel): Float64Array {
  return inverseSPD(model.covariance, model.observableNames.length);
}
