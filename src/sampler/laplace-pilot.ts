/**
 * A pilot fit from the log-density alone, before the first step: the posterior mode and the Laplace
 * covariance (−H)⁻¹ there, for gess `fit: laplace` (moves/gess.ts) and the walkers' start
 * (initial-walkers.ts). It needs no chain, so the move it feeds is one fixed π-invariant kernel from step 0.
 *
 * In the unbounded coordinates of box-coordinates.ts (boxes through a logit, half-lines through a log: the
 * mode of a parameter that fills its box is then interior, and no difference steps over a bound), Newton steps from the start centres on central finite differences: the gradient and the
 * Hessian from one batch of 1 + 2d + 2d(d − 1) points a step, each step taken in the Hessian's eigenbasis with
 * |λ| (floored), so a saddle is climbed out of, and halved until log p rises (Nocedal & Wright,
 * Numerical Optimization, 2nd ed., §3.4, modified Newton with eigenvalue modification).
 *
 * The covariance is carried back to the model coordinates by the delta method, Σ_x = J Σ_z J with
 * J = diag(dx/dz) at the mode; a boxed parameter's variance is capped at its box's, width²/12 (a posterior
 * that fills a box is flat, not a logistic bump; the row and column are scaled so the correlations stay).
 * Measured on the 2020 PMD fits (bench/laplace-start-gess.ts), GESS with the fit frozen needs 4.6–5.5
 * evaluations per walker update and τ ≈ 100 steps where differential evolution needs τ ≈ 650–890.
 *
 * Finite differences need the log-density's precision. On float32 kernels (gpu, webgpu) no step works: at
 * h = 10⁻³ second differences are rounding noise (≈ 4·6·10⁻⁸·|log p|/h²), and at the 3·10⁻² used there the
 * ew pilot's mode is still 0.1–0.5 σ and its sds 5–10 % from the float64 pilot's (measured on the software
 * adapter). So `smeftfit run` gives the pilot the cpu backend's density whatever the sampler's backend
 * (ensemble-run.ts `pilotDensity`); the float32 step is for a density that has no float64 twin.
 */
import type { BatchLogDensity } from '../engine/density.ts';
import { symmetricEigen } from '../numerics/linear-algebra.ts';
import type { ParameterSpec } from '../scenarios/scenario.ts';
import { boxCoordinates, priorRange } from './box-coordinates.ts';
import { choleskyWithJitter } from './moves/complement-fit.ts';

export interface LaplacePilotOptions {
  /** Most points per call of the density (the sampler's batch). */
  batch: number;
  /** Finite-difference step: this times 1 unit of z for bounded parameters, times the start width otherwise (default 10⁻³ on the float64 cpu backend, 3·10⁻² on float32 ones). */
  relativeStep?: number;
  /** Most Newton steps (default 30). */
  maxNewtonSteps?: number;
}

export interface LaplacePilot {
  /** The mode, in model coordinates. */
  mean: Float64Array;
  /** Lower Cholesky factor of the Laplace covariance in model coordinates (row-major nDim × nDim). */
  cholesky: Float64Array;
  newtonSteps: number;
  /** Log-density evaluations the pilot made. */
  evaluations: number;
}

interface Derivatives {
  value: number;
  gradient: Float64Array;
  hessian: Float64Array;
}

const FLOAT64_STEP = 1e-3;
const FLOAT32_STEP = 3e-2;
const DEFAULT_NEWTON_STEPS = 30;
/** Newton stops once the quadratic model promises less than this rise of log p. */
const RISE_TOLERANCE = 1e-4;

export async function laplacePilot(density: BatchLogDensity, parameters: readonly ParameterSpec[], options: LaplacePilotOptions): Promise<LaplacePilot> {
  const D = parameters.length;
  const coordinates = boxCoordinates(parameters);
  const batch = Math.max(1, options.batch);
  let evaluations = 0;
  const modelPoints = new Float64Array(batch * D);
  const logJacobian = new Float64Array(batch);
  /** log p in unbounded coordinates of n points, in chunks of the density's batch. */
  const logProb = async (z: Float64Array, n: number, out: Float64Array): Promise<void> => {
    for (let start = 0; start < n; start += batch) {
      const count = Math.min(batch, n - start);
      coordinates.toModel(z.subarray(start * D, (start + count) * D), count, modelPoints, logJacobian);
      const chunk = out.subarray(start, start + count);
      await density.logProbBatch(modelPoints.subarray(0, count * D), count, chunk);
      for (let k = 0; k < count; k++) chunk[k] += logJacobian[k];
      evaluations += count;
    }
  };
  const relative = options.relativeStep ?? (density.backend === 'cpu' ? FLOAT64_STEP : FLOAT32_STEP);
  const unbounded = Float64Array.from(parameters, (p) => (priorRange(p).every((v) => !Number.isFinite(v)) ? 1 : 0));
  const h = Float64Array.from(parameters, (p, d) => relative * (unbounded[d] ? p.start.width : 1));
  let z = coordinates.toUnbounded(Float64Array.from(parameters, (p) => p.start.center), 1);
  let at = await derivatives(logProb, z, h);
  if (!Number.isFinite(at.value)) throw new RangeError(`laplace pilot: log p at the start centres is ${at.value}; move the start centres inside the support`);
  let newtonSteps = 0;
  const limit = options.maxNewtonSteps ?? DEFAULT_NEWTON_STEPS;
  const trial = new Float64Array(D);
  const trialValue = new Float64Array(1);
  for (; newtonSteps < limit; newtonSteps++) {
    const delta = ascent(at, D);
    let expectedRise = 0;
    for (let d = 0; d < D; d++) expectedRise += 0.5 * at.gradient[d] * delta[d];
    if (!(expectedRise >= RISE_TOLERANCE)) break;
    let improved = false;
    for (let step = 1; step > 1e-4 && !improved; step /= 2) {
      for (let d = 0; d < D; d++) trial[d] = z[d] + step * delta[d];
      await logProb(trial, 1, trialValue);
      improved = trialValue[0] > at.value;
    }
    if (!improved) break;
    z = Float64Array.from(trial);
    at = await derivatives(logProb, z, h);
  }

  // (−H)⁻¹ = V diag(1/|λ|) Vᵀ in z, then J Σ_z J in x.
  const { values, vectors } = positiveCurvature(at.hessian, D);
  const slopes = coordinates.slopes(z);
  const covariance = new Float64Array(D * D);
  for (let i = 0; i < D; i++) {
    for (let j = 0; j <= i; j++) {
      let v = 0;
      for (let k = 0; k < D; k++) v += (vectors[i * D + k] * vectors[j * D + k]) / values[k];
      covariance[i * D + j] = covariance[j * D + i] = v * slopes[i] * slopes[j];
    }
  }
  const shrink = Float64Array.from(coordinates.boxes, (box, d) => (box ? Math.min(1, box.width / Math.sqrt(12 * covariance[d * D + d])) : 1));
  for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) covariance[i * D + j] *= shrink[i] * shrink[j];
  const mean = new Float64Array(D);
  coordinates.toModel(z, 1, mean, new Float64Array(1));
  return { mean, cholesky: choleskyWithJitter(covariance, D), newtonSteps, evaluations };
}

/** The modified Newton step V diag(1/|λ|) Vᵀ g: uphill in every direction. */
function ascent(at: Derivatives, D: number): Float64Array {
  const { values, vectors } = positiveCurvature(at.hessian, D);
  const delta = new Float64Array(D);
  for (let k = 0; k < D; k++) {
    let projection = 0;
    for (let d = 0; d < D; d++) projection += vectors[d * D + k] * at.gradient[d];
    for (let d = 0; d < D; d++) delta[d] += (vectors[d * D + k] * projection) / values[k];
  }
  return delta;
}

/** −H's eigenvalues made positive (|λ|, floored at 10⁻⁸ of the largest) and its eigenvectors (columns). */
function positiveCurvature(hessian: Float64Array, D: number): { values: Float64Array; vectors: Float64Array } {
  const { values, vectors } = symmetricEigen(Float64Array.from(hessian, (v) => -v), D);
  const floor = 1e-8 * Math.max(...values.map(Math.abs));
  return { values: Float64Array.from(values, (v) => Math.max(Math.abs(v), floor)), vectors };
}

/** Value, gradient and Hessian of f at z by central differences with steps h, from one batch of 1 + 2d + 2d(d − 1) points. */
async function derivatives(f: (z: Float64Array, n: number, out: Float64Array) => Promise<void>, z: Float64Array, h: Float64Array): Promise<Derivatives> {
  const D = z.length;
  const n = 1 + 2 * D + 2 * D * (D - 1);
  const points = new Float64Array(n * D);
  for (let k = 0; k < n; k++) points.set(z, k * D);
  let k = 1;
  for (let i = 0; i < D; i++, k += 2) {
    points[k * D + i] += h[i];
    points[(k + 1) * D + i] -= h[i];
  }
  for (let i = 0; i < D; i++) {
    for (let j = 0; j < i; j++, k += 4) {
      for (const [m, si, sj] of CORNERS) {
        points[(k + m) * D + i] += si * h[i];
        points[(k + m) * D + j] += sj * h[j];
      }
    }
  }
  const out = new Float64Array(n);
  await f(points, n, out);
  const value = out[0];
  const gradient = new Float64Array(D);
  const hessian = new Float64Array(D * D);
  k = 1;
  for (let i = 0; i < D; i++, k += 2) {
    gradient[i] = (out[k] - out[k + 1]) / (2 * h[i]);
    hessian[i * D + i] = (out[k] - 2 * value + out[k + 1]) / (h[i] * h[i]);
  }
  for (let i = 0; i < D; i++) {
    for (let j = 0; j < i; j++, k += 4) hessian[i * D + j] = hessian[j * D + i] = (out[k] - out[k + 1] - out[k + 2] + out[k + 3]) / (4 * h[i] * h[j]);
  }
  return { value, gradient, hessian };
}

/** The four corners (±h_i, ±h_j) of a mixed second difference. */
const CORNERS = [
  [0, 1, 1],
  [1, 1, -1],
  [2, -1, 1],
  [3, -1, -1],
] as const;
