/**
 * The pre-run adaptation rules of BAT 1.x's adaptive Metropolis (bat/bat src/BCEngineMCMC.cxx,
 * MetropolisPreRun, UpdateMultivariateProposalFunctionCovariances, RValue), as pure functions so that
 * each rule is unit-tested on its own:
 *
 * - scale factor: efficiency below the window → scale ÷ 1.5, above → × 1.5, clamped to the limits;
 * - covariance: Σ ← (1 − a) Σ + a S with a = (t + 2)^(−λ), λ = 1/2, t = updates made so far, S the
 *   chain's cumulative pre-run sample covariance (BAT keeps means and covariances over the whole pre-run);
 * - convergence: Brooks & Gelman (1998) R per parameter from the chains' means and variances,
 *   R = √(((m(n−1)/(mn−1)) W + (n(m−1)/(mn−1)) B) / W), B = var(chain means, ddof 1), W = mean variance.
 */

export interface ScaleRule {
  efficiencyMin: number;
  efficiencyMax: number;
  multiplier: number;
  lowerLimit: number;
  upperLimit: number;
}

/** New scale factor of one chain and whether the efficiency was out of range (BAT's multivariate branch). */
export function adjustScale(scale: number, efficiency: number, rule: ScaleRule): { scale: number; outOfRange: boolean; adjustable: boolean } {
  if (efficiency >= rule.efficiencyMin && efficiency <= rule.efficiencyMax) return { scale, outOfRange: false, adjustable: false };
  if (efficiency < rule.efficiencyMin) {
    const next = scale / rule.multiplier;
    return next > rule.lowerLimit ? { scale: next, outOfRange: true, adjustable: true } : { scale: rule.lowerLimit, outOfRange: true, adjustable: false };
  }
  const next = scale * rule.multiplier;
  return next < rule.upperLimit ? { scale: next, outOfRange: true, adjustable: true } : { scale: rule.upperLimit, outOfRange: true, adjustable: false };
}

/** Weight of the new sample covariance at update number t (0-based): a = (t + 2)^(−λ) (BAT: pow(1 + t + 1, −λ)). */
export function covarianceUpdateWeight(updatesSoFar: number, lambda = 0.5): number {
  return Math.pow(updatesSoFar + 2, -lambda);
}

/** Σ ← (1 − a) Σ + a S, in place (n × n, row-major). */
export function blendCovariance(sigma: Float64Array | number[], sample: ArrayLike<number>, a: number): void {
  for (let i = 0; i < sigma.length; i++) sigma[i] = (1 - a) * sigma[i] + a * sample[i];
}

/**
 * Brooks & Gelman R from m chains' means and (ddof 1) variances of n samples each, BAT's RValue without
 * the sampling-variability correction (BAT's default). 1 when every variance and the spread are zero.
 */
export function brooksGelmanR(means: ArrayLike<number>, variances: ArrayLike<number>, n: number): number {
  const m = means.length;
  if (m < 2 || n < 2) return NaN;
  let meanOfMeans = 0;
  let meanOfVariances = 0;
  for (let c = 0; c < m; c++) {
    meanOfMeans += means[c] / m;
    meanOfVariances += variances[c] / m;
  }
  let varianceOfMeans = 0;
  for (let c = 0; c < m; c++) varianceOfMeans += (means[c] - meanOfMeans) ** 2 / (m - 1);
  const full = ((m * (n - 1)) / (m * n - 1)) * meanOfVariances + ((n * (m - 1)) / (m * n - 1)) * varianceOfMeans;
  if (meanOfVariances === 0) return full === 0 ? 1 : Infinity;
  return Math.sqrt(full / meanOfVariances);
}

/**
 * Running mean and co-moment of one chain (Welford), BAT's per-chain Statistics: covariance = M/(n − 1),
 * the same ddof-1 estimate as BAT's recursive update.
 */
export interface RunningMoments {
  n: number;
  mean: number[];
  /** Σ (x − x̄)(x − x̄)ᵀ, n × n row-major. */
  comoment: number[];
}

export function emptyMoments(nDim: number): RunningMoments {
  return { n: 0, mean: new Array<number>(nDim).fill(0), comoment: new Array<number>(nDim * nDim).fill(0) };
}

export function addSample(m: RunningMoments, x: ArrayLike<number>, delta: Float64Array): void {
  const d = m.mean.length;
  m.n += 1;
  for (let i = 0; i < d; i++) {
    delta[i] = x[i] - m.mean[i];
    m.mean[i] += delta[i] / m.n;
  }
  // (x − mean_old)(x − mean_new)ᵀ = δ δᵀ (n − 1)/n
  const f = (m.n - 1) / m.n;
  for (let i = 0; i < d; i++) {
    const di = delta[i] * f;
    for (let j = 0; j < d; j++) m.comoment[i * d + j] += di * delta[j];
  }
}

export function sampleCovariance(m: RunningMoments): Float64Array {
  const out = new Float64Array(m.comoment.length);
  if (m.n < 2) return out;
  for (let i = 0; i < out.length; i++) out[i] = m.comoment[i] / (m.n - 1);
  return out;
}
