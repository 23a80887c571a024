/**
 * Refuses a float32 backend for a model it cannot evaluate accurately, instead of sampling silently
 * wrong numbers (the float32 version of emcee's longdouble test, peer-tests.md §1).
 *
 * At compile time the rigorous float32 error bound (float32-error-bound.ts) is evaluated at probe
 * points spread over the region the sampler will visit: the mode and ±R along every whitened axis
 * (where −½|w|² = −R²/2), R = √ndim + 5 by default (a χ²_ndim draw exceeds (√ndim + 5)² with
 * probability < 10⁻⁶ for every ndim ≥ 1). If the worst bound exceeds `maxLogDensityError` the backend
 * is refused with an InputError that says why and what to do.
 */
import { InputError } from '../errors.ts';
import type { CompiledForm } from '../likelihood/compiled-form.ts';
import { choleskyLower, invertLowerTriangular, symmetricEigen } from '../numerics/linear-algebra.ts';
import { quadraticRatioLogLikelihood, scaledResiduals, toCouplings, type QuadraticRatioForm } from '../likelihood/quadratic-ratio-form.ts';
import { cpuDensity } from './cpu-density.ts';
import type { BatchLogDensity } from './density.ts';
import { float32Plans, type Float32Plan } from './float32-plan.ts';

/**
 * Default tolerance on |Δ log p| from float32: an error ε changes a Metropolis acceptance probability
 * by at most a factor e^{±2ε} (two evaluations per ratio), 2% for ε = 0.01, well below the Monte Carlo
 * noise of any chain we run. An engineering choice, hence an option.
 */
export const DEFAULT_MAX_LOG_DENSITY_ERROR = 0.01;

/**
 * Tail allowance of the measured guard, per nat below the best probe point. A float32 log p carries a rounding
 * error proportional to |log p| itself (its χ² is a sum of O(100) float32 terms; measured ≈ 2.5e-7 |log p| on
 * the full flavour kernel), which no input design removes. A point Δ nats below the best one is accepted with
 * probability ≤ e^{−Δ} from anywhere near the bulk, and an error δ only rescales that by e^{δ}: allowing
 * δ = ε + 1e-6 Δ there changes no decision the chain can take, while the bulk (Δ small) keeps the limit ε.
 */
export const TAIL_ERROR_PER_NAT = 1e-6;

export function defaultProbeRadius(ndim: number): number {
  return Math.sqrt(ndim) + 5;
}

/** Probe points (row-major, float64) for `form`; empty for cpu-function. */
export function probePoints(form: CompiledForm, radius: number): { points: Float64Array; count: number } {
  switch (form.kind) {
    case 'centred-gaussian': {
      const n = form.nDim;
      // P = L Lᵀ and w = Lᵀ(x − μ): x = μ ± R·L⁻ᵀ e_k has w = ±R e_k; (L⁻ᵀ e_k)_i = (L⁻¹)_ki.
      const lower = new Float64Array(n * n);
      let at = 0;
      for (let k = 0; k < n; k++) for (let i = k; i < n; i++) lower[i * n + k] = form.upperPacked[at++];
      const inv = invertLowerTriangular(lower, n);
      return axisProbes(form.mean, n, radius, (k, i) => inv[k * n + i]);
    }
    case 'whitened-residuals': {
      const { nPar: n, nRow, jacobian, offset, reference, scale } = form;
      // Linear approximation w ≈ c + J u: Fisher F = JᵀJ, mode u* = −F⁻¹Jᵀc.
      const fisher = new Float64Array(n * n);
      const jtc = new Float64Array(n);
      for (let r = 0; r < nRow; r++) {
        for (let i = 0; i < n; i++) {
          jtc[i] += jacobian[r * n + i] * offset[r];
          for (let j = 0; j < n; j++) fisher[i * n + j] += jacobian[r * n + i] * jacobian[r * n + j];
        }
      }
      const chol = choleskyLower(fisher, n);
      const centreU = new Float64Array(n);
      let direction: (k: number, i: number) => number = (k, i) => (k === i ? 1 : 0);
      if (chol !== null) {
        const inv = invertLowerTriangular(chol, n);
        for (let i = 0; i < n; i++) {
          let s = 0;
          for (let k = 0; k < n; k++) {
            let finvJtc = 0; // (F⁻¹ Jᵀc)_i = Σ_k (L⁻ᵀ)_ik (L⁻¹ Jᵀc)_k
            for (let j = 0; j < n; j++) finvJtc += inv[k * n + j] * jtc[j];
            s += inv[k * n + i] * finvJtc;
          }
          centreU[i] = -s;
        }
        direction = (k, i) => inv[k * n + i];
      }
      const centreTheta = new Float64Array(n);
      for (let i = 0; i < n; i++) centreTheta[i] = reference[i] + scale[i] * centreU[i];
      const probes = axisProbes(centreTheta, n, radius, (k, i) => scale[i] * direction(k, i));
      clipToBox(probes.points, probes.count, n, form.box.lower, form.box.upper);
      return probes;
    }
    case 'rosenbrock': {
      // x1 ~ N(1, 10), x2 | x1 ~ N(x1², 0.1) (baseline-targets.json doc): the banana's spine and edges.
      const rows: number[] = [];
      for (const s1 of [-1, 0, 1]) {
        const x1 = 1 + s1 * radius * Math.sqrt(10);
        for (const s2 of [-1, 0, 1]) rows.push(x1, x1 * x1 + s2 * radius * Math.sqrt(0.1));
      }
      return { points: Float64Array.from(rows), count: 9 };
    }
    case 'funnel': {
      // v at its mode and ±R σ_v; at each, x = 0 and ±R e^{v/2} along every x axis (the conditional sd).
      const n = form.nDim;
      const rows: number[] = [];
      for (const sv of [-1, 0, 1]) {
        const v = sv * radius * form.logScaleSd;
        const xs = radius * Math.exp(v / 2);
        rows.push(v, ...new Array(n - 1).fill(0));
        for (let k = 1; k < n; k++) {
          for (const sx of [-1, 1]) {
            const point = new Array(n).fill(0);
            point[0] = v;
            point[k] = sx * xs;
            rows.push(...point);
          }
        }
      }
      return { points: Float64Array.from(rows), count: rows.length / n };
    }
    case 'quadratic-ratio':
      return quadraticRatioProbes(form, radius);
    case 'cpu-function':
      return { points: new Float64Array(0), count: 0 };
    case 'flavour-point':
    case 'user-density':
      return form.model.probePoints();
  }
}

/**
 * Ratio models are not linear: find the mode by Gauss–Newton on the whitened residuals (numerical
 * Jacobian in θ, float64, starting at θ = 0, the SM point), then probe ±R along the eigen-directions of
 * the Gauss–Newton Fisher matrix that the data constrain (along the others κ = Mθ, hence log p, does not
 * change), clipped to the box.
 */
function quadraticRatioProbes(form: QuadraticRatioForm, radius: number): { points: Float64Array; count: number } {
  const { nDim: n, nObs, whitening } = form;
  const kappa = new Float64Array(form.nCoupling);
  const t = new Float64Array(nObs);
  const residuals = (theta: Float64Array): Float64Array => {
    toCouplings(form, theta, 0, kappa, 0);
    scaledResiduals(form, kappa, 0, t);
    const w = new Float64Array(nObs);
    for (let k = 0; k < nObs; k++) for (let o = 0; o <= k; o++) w[k] += whitening[k * nObs + o] * t[o];
    return w;
  };
  let theta: Float64Array = new Float64Array(n);
  let values: Float64Array = new Float64Array(n);
  let vectors: Float64Array = new Float64Array(n * n);
  for (let iteration = 0; iteration < 8; iteration++) {
    const w0 = residuals(theta);
    const jac = new Float64Array(nObs * n);
    for (let i = 0; i < n; i++) {
      const h = 1e-4;
      const up = Float64Array.from(theta);
      const down = Float64Array.from(theta);
      up[i] += h;
      down[i] -= h;
      const wu = residuals(up);
      const wd = residuals(down);
      for (let r = 0; r < nObs; r++) jac[r * n + i] = (wu[r] - wd[r]) / (2 * h);
    }
    const fisher = new Float64Array(n * n);
    const jtw = new Float64Array(n);
    for (let r = 0; r < nObs; r++) {
      for (let i = 0; i < n; i++) {
        jtw[i] += jac[r * n + i] * w0[r];
        for (let j = 0; j < n; j++) fisher[i * n + j] += jac[r * n + i] * jac[r * n + j];
      }
    }
    ({ values, vectors } = symmetricEigen(fisher, n));
    const lambdaMax = Math.max(...values);
    const next = Float64Array.from(theta);
    for (let k = 0; k < n; k++) {
      if (!(values[k] > 1e-12 * lambdaMax)) continue;
      let proj = 0;
      for (let i = 0; i < n; i++) proj += vectors[i * n + k] * jtw[i];
      for (let i = 0; i < n; i++) next[i] -= (vectors[i * n + k] * proj) / values[k];
    }
    clipToBox(next, 1, n, form.box.lower, form.box.upper);
    toCouplings(form, next, 0, kappa, 0);
    const better = quadraticRatioLogLikelihood(form, kappa, 0, t);
    toCouplings(form, theta, 0, kappa, 0);
    if (!(better >= quadraticRatioLogLikelihood(form, kappa, 0, t))) break;
    theta = next;
  }
  const lambdaMax = Math.max(...values);
  const constrained = Array.from(values.keys()).filter((k) => values[k] > 1e-12 * lambdaMax);
  const rows: number[] = [...theta];
  for (const k of constrained) {
    for (const sign of [1, -1]) for (let i = 0; i < n; i++) rows.push(theta[i] + (sign * radius * vectors[i * n + k]) / Math.sqrt(values[k]));
  }
  const points = Float64Array.from(rows);
  const count = rows.length / n;
  clipToBox(points, count, n, form.box.lower, form.box.upper);
  return { points, count };
}

function axisProbes(
  centre: Float64Array,
  n: number,
  radius: number,
  direction: (k: number, i: number) => number,
): { points: Float64Array; count: number } {
  const count = 2 * n + 1;
  const points = new Float64Array(count * n);
  points.set(centre, 0);
  for (let k = 0; k < n; k++) {
    for (const [slot, sign] of [[1 + 2 * k, 1], [2 + 2 * k, -1]]) {
      for (let i = 0; i < n; i++) points[slot * n + i] = centre[i] + sign * radius * direction(k, i);
    }
  }
  return { points, count };
}

function clipToBox(points: Float64Array, count: number, n: number, lower: Float64Array, upper: Float64Array): void {
  for (let p = 0; p < count; p++) {
    for (let i = 0; i < n; i++) points[p * n + i] = Math.min(Math.max(points[p * n + i], lower[i]), upper[i]);
  }
}

export interface PrecisionCheck {
  /** Largest float32 error bound over the probe points, in log-density units. */
  worstBound: number;
  probeRadius: number;
  maxLogDensityError: number;
  /** The float32 plan (kernel inputs and constants) whose bound this is: the kernel must use it. */
  plan: Float32Plan;
}

/** Throws InputError naming `backend` when the float32 kernel cannot meet `maxLogDensityError`. */
export function checkFloat32Accuracy(
  form: CompiledForm,
  backend: string,
  maxLogDensityError = DEFAULT_MAX_LOG_DENSITY_ERROR,
  probeRadius?: number,
): PrecisionCheck {
  const ndim = form.kind === 'whitened-residuals' ? form.nPar : form.nDim;
  const radius = probeRadius ?? defaultProbeRadius(ndim);
  const { points, count } = probePoints(form, radius);
  let worstBound = Infinity;
  let plan: Float32Plan | null = null;
  for (const candidate of float32Plans(form)) {
    let worst = 0;
    for (let p = 0; p < count; p++) worst = Math.max(worst, candidate.boundAt(points, p));
    if (plan === null || worst < worstBound) {
      worstBound = worst;
      plan = candidate;
    }
  }
  if (!(worstBound <= maxLogDensityError)) {
    throw new InputError(
      `backend ${backend}: float32 kernel cannot evaluate this model accurately ` +
        `(log-density error bound ${worstBound.toExponential(2)} > ${maxLogDensityError} within ${radius.toFixed(1)} ` +
        `whitened units of the mode); use backend cpu (float64), or a centre closer to the mode`,
    );
  }
  return { worstBound, probeRadius: radius, maxLogDensityError, plan: plan! };
}

/**
 * For kernels without an a-priori bound (the full flavour likelihood, whose physics passes through
 * divisions, square roots and ratios): the largest |log p_float32 − log p_float64| over the model's probe
 * points (prior draws and draws around the walkers' start), less TAIL_ERROR_PER_NAT per nat below the best
 * probe point, measured on the device that will run the chain. Refuses, as checkFloat32Accuracy does, when it exceeds `maxLogDensityError` or when the kernel
 * loses a point the float64 evaluation keeps (or the reverse).
 */
export async function measureFloat32Error(
  form: CompiledForm,
  float32: BatchLogDensity,
  plan: Float32Plan,
  backend: string,
  maxLogDensityError = DEFAULT_MAX_LOG_DENSITY_ERROR,
): Promise<PrecisionCheck> {
  const { points, count } = probePoints(form, NaN);
  const reference = new Float64Array(count);
  const measured = new Float64Array(count);
  await cpuDensity(form).logProbBatch(points, count, reference);
  await float32.logProbBatch(points, count, measured);
  let best = -Infinity;
  for (let p = 0; p < count; p++) if (reference[p] > best) best = reference[p];
  // the error beyond the tail allowance (TAIL_ERROR_PER_NAT): |Δ log p| at the best points, less far out
  let worstBound = 0;
  for (let p = 0; p < count; p++) {
    const finite = Number.isFinite(reference[p]);
    if (finite !== Number.isFinite(measured[p])) worstBound = Infinity;
    else if (finite) worstBound = Math.max(worstBound, Math.abs(measured[p] - reference[p]) - TAIL_ERROR_PER_NAT * (best - reference[p]));
  }
  if (!(worstBound <= maxLogDensityError)) {
    throw new InputError(
      `backend ${backend}: float32 kernel cannot evaluate this model accurately ` +
        `(largest |Δ log p| − ${TAIL_ERROR_PER_NAT}·(log p_max − log p) over ${count} prior and start-region draws ${worstBound.toExponential(2)} > ${maxLogDensityError}); use backend cpu (float64)`,
    );
  }
  return { worstBound, probeRadius: NaN, maxLogDensityError, plan };
}
