/**
 * The measurement part of the full b → sℓℓ likelihood (PDD/PMD, every hadronic input free) as flat tables,
 * and its float64 evaluation: the one description that both the `cpu` backend and the WGSL kernel
 * (kernels/flavour-point-wgsl.ts) evaluate.
 *
 * Input per point: the point layout x (Wilson coefficients at μ_b, all form-factor coefficients, the
 * cartesian PDD h_λ or the PMD numbers, f_Bs), built from θ by the θ step (flavour-point-theta.ts).
 *
 *   1. the predictions y_o of every observable from the per-node, per-kernel and per-observable tables
 *      (the model's `predict`: physics/flavour/point-predictions.ts, the float64 evaluation PointObservables
 *      uses too);
 *   2. t_o = gain_o · y_o − target_o (gain = 1/σ_o, target = y_exp,o/σ_o), w = W t with W = L⁻¹ diag(σ)
 *      lower triangular (L the Cholesky factor of the measurement covariance; row k starts at rowStart[k]),
 *      log L = −½ |w|².
 */

import type { FlavourPointTables } from './flavour-point-layout.ts';

export { scratchSize, type FlavourPointTables } from './flavour-point-layout.ts';

/**
 * The predictions y(x) from the tables, in float64 (the model's `predict`, which the physics that built the
 * tables supplies: physics/flavour/point-predictions.ts), so this layer needs no physics of its own.
 */
export type FlavourPredictor = (t: FlavourPointTables, x: Float64Array, xo: number, scratch: Float64Array, out: Float64Array) => void;

/** −½ |W (gain ∘ y − target)|² at x[xo..]; scratch: scratchSize(t), residual: nObs numbers. */
export function flavourLogLikelihood(t: FlavourPointTables, predict: FlavourPredictor, x: Float64Array, xo: number, scratch: Float64Array, residual: Float64Array): number {
  const n = t.code.length;
  predict(t, x, xo, scratch, residual);
  for (let o = 0; o < n; o++) residual[o] = t.gain[o] * residual[o] - t.target[o];
  let chi2 = 0;
  for (let k = 0; k < n; k++) {
    let w = 0;
    const row = k * n;
    for (let o = t.rowStart[k]; o <= k; o++) w += t.whitening[row + o] * residual[o];
    chi2 += w * w;
  }
  return -0.5 * chi2;
}
