/**
 * The `cpu` backend: hand-written float64 loops over the compiled arrays. It is the default without a
 * GPU and the reference the float32 kernels are tested against, so it must be both exact and fast:
 * flat typed arrays, scratch buffers allocated once at compile time, no per-call allocation, and the
 * Gaussian targets as ½|Lᵀ(x − μ)|² over the packed triangle (≈ n²/2 multiply-adds per point).
 * Linearised models without quadratic terms take the same triangular path after a QR reduction
 * (linear-reduction.ts); with quadratic terms they evaluate the whitened residuals row by row.
 *
 * Points go through the matrix four at a time (lanes interleaved in the scratch buffer): each matrix
 * entry is loaded once for four independent accumulators, which breaks the add-latency chain of a
 * single dot product (≈ 2.4× faster on gauss20/gauss50). Every point still sees exactly the same
 * operations in the same order, so the results are bit-identical to the one-point loop.
 */
import type { BatchLogDensity } from './density.ts';
import { FlavourPointCpuDensity } from './flavour-point-cpu-density.ts';
import type { CentredGaussianForm } from '../likelihood/centred-gaussian-form.ts';
import type { CompiledForm, CpuFunctionForm, UserDensityForm } from '../likelihood/compiled-form.ts';
import { quadraticRatioLogLikelihood, toCouplings, type QuadraticRatioForm } from '../likelihood/quadratic-ratio-form.ts';
import { reduceLinearResiduals, type PackedTriangularForm } from '../likelihood/linear-reduction.ts';
import type { PriorBox } from '../likelihood/prior-box.ts';
import type { WhitenedResidualForm } from '../likelihood/whitened-form.ts';

export function cpuDensity(form: CompiledForm): BatchLogDensity {
  switch (form.kind) {
    case 'whitened-residuals': {
      // Purely linear models are exactly Gaussian: nPar²/2 instead of nRow·nPar per point.
      const reduced = reduceLinearResiduals(form);
      return reduced !== null ? new PackedTriangularCpuDensity(reduced) : new WhitenedResidualCpuDensity(form);
    }
    case 'centred-gaussian':
      if (isDiagonal(form.upperPacked, form.nDim)) return new DiagonalGaussianCpuDensity(form);
      return new PackedTriangularCpuDensity({
        nDim: form.nDim,
        shift: form.mean,
        upperPacked: form.upperPacked,
        rowOffset: new Float64Array(form.nDim),
        constant: form.constant,
        box: form.box,
      });
    case 'quadratic-ratio':
      return new QuadraticRatioCpuDensity(form);
    case 'rosenbrock':
      return new RosenbrockCpuDensity();
    case 'funnel':
      return new FunnelCpuDensity(form.nDim, form.logScaleSd);
    case 'cpu-function':
      return new FunctionCpuDensity(form);
    case 'flavour-point':
      return new FlavourPointCpuDensity(form.model);
    case 'user-density':
      return new UserCpuDensity(form);
  }
}

/** Sets out[pt] = −Infinity for every point outside the closed box (NaN counts as outside). */
function applyBox(box: PriorBox, points: Float64Array, count: number, n: number, out: Float64Array): void {
  if (!box.bounded) return;
  const { lower, upper } = box;
  for (let pt = 0; pt < count; pt++) {
    const base = pt * n;
    for (let i = 0; i < n; i++) {
      const x = points[base + i];
      if (!(x >= lower[i] && x <= upper[i])) {
        out[pt] = -Infinity;
        break;
      }
    }
  }
}

const LANES = 4;

/**
 * Whitened residuals with quadratic terms. The pair products π_p = u_{I_p} u_{J_p} are formed once per
 * point and appended to u, so each row is one dense dot product with [J | Q] (nPar + nPair entries):
 * w_r = c_r + Σ_j K_rj v_j, v = (u, π). Same sums as the kernel, about half the multiplies, and no
 * index indirection in the inner loop.
 */
class WhitenedResidualCpuDensity implements BatchLogDensity {
  readonly backend = 'cpu';
  readonly ndim: number;
  private readonly width: number; // nPar + nPair
  private readonly combined: Float64Array; // nRow × width: [J | Q]
  private readonly v: Float64Array; // LANES interleaved: v[LANES·j + lane]
  constructor(private readonly form: WhitenedResidualForm) {
    const { nPar, nRow, nPair, jacobian, quadratic } = form;
    this.ndim = nPar;
    this.width = nPar + nPair;
    this.combined = new Float64Array(nRow * this.width);
    for (let r = 0; r < nRow; r++) {
      this.combined.set(jacobian.subarray(r * nPar, (r + 1) * nPar), r * this.width);
      this.combined.set(quadratic.subarray(r * nPair, (r + 1) * nPair), r * this.width + nPar);
    }
    this.v = new Float64Array(LANES * this.width);
  }
  logProbBatch(points: Float64Array, count: number, out: Float64Array): void {
    const { nPar, nRow, nPair, reference, inverseScale, offset, pairI, pairJ } = this.form;
    const { v, width, combined } = this;
    for (let pt = 0; pt < count; pt += LANES) {
      const lanes = Math.min(LANES, count - pt);
      // Missing lanes of the last block repeat its first point; their results are not stored.
      for (let lane = 0; lane < LANES; lane++) {
        const base = (pt + (lane < lanes ? lane : 0)) * nPar;
        for (let i = 0; i < nPar; i++) v[LANES * i + lane] = (points[base + i] - reference[i]) * inverseScale[i];
        for (let p = 0; p < nPair; p++) {
          v[LANES * (nPar + p) + lane] = v[LANES * pairI[p] + lane] * v[LANES * pairJ[p] + lane];
        }
      }
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let r = 0; r < nRow; r++) {
        const c = offset[r];
        let w0 = c;
        let w1 = c;
        let w2 = c;
        let w3 = c;
        const row = r * width;
        for (let j = 0; j < width; j++) {
          const a = combined[row + j];
          const k = LANES * j;
          w0 += a * v[k];
          w1 += a * v[k + 1];
          w2 += a * v[k + 2];
          w3 += a * v[k + 3];
        }
        s0 += w0 * w0;
        s1 += w1 * w1;
        s2 += w2 * w2;
        s3 += w3 * w3;
      }
      out[pt] = -0.5 * s0;
      if (lanes > 1) out[pt + 1] = -0.5 * s1;
      if (lanes > 2) out[pt + 2] = -0.5 * s2;
      if (lanes > 3) out[pt + 3] = -0.5 * s3;
    }
    applyBox(this.form.box, points, count, nPar, out);
  }
}

/** −½ Σ_k (g_k + Σ_{i≥k} U_ki (x_i − shift_i))² + constant: Gaussian targets (g = 0) and reduced linear models. */
class PackedTriangularCpuDensity implements BatchLogDensity {
  readonly backend = 'cpu';
  readonly ndim: number;
  private readonly d: Float64Array; // LANES interleaved: d[LANES·i + lane] = x_i − shift_i
  constructor(private readonly form: PackedTriangularForm) {
    this.ndim = form.nDim;
    this.d = new Float64Array(LANES * form.nDim);
  }
  logProbBatch(points: Float64Array, count: number, out: Float64Array): void {
    const { nDim: n, shift: mean, upperPacked, rowOffset, constant } = this.form;
    const d = this.d;
    for (let pt = 0; pt < count; pt += LANES) {
      const lanes = Math.min(LANES, count - pt);
      for (let lane = 0; lane < LANES; lane++) {
        const base = (pt + (lane < lanes ? lane : 0)) * n;
        for (let i = 0; i < n; i++) d[LANES * i + lane] = points[base + i] - mean[i];
      }
      // w_k = Σ_{i ≥ k} (Lᵀ)_ki d_i; row k of the packed triangle starts where rows 0..k−1 end.
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let at = 0;
      for (let k = 0; k < n; k++) {
        const g = rowOffset[k];
        let w0 = g;
        let w1 = g;
        let w2 = g;
        let w3 = g;
        for (let i = k; i < n; i++) {
          const a = upperPacked[at++];
          const j = LANES * i;
          w0 += a * d[j];
          w1 += a * d[j + 1];
          w2 += a * d[j + 2];
          w3 += a * d[j + 3];
        }
        s0 += w0 * w0;
        s1 += w1 * w1;
        s2 += w2 * w2;
        s3 += w3 * w3;
      }
      out[pt] = -0.5 * s0 + constant;
      if (lanes > 1) out[pt + 1] = -0.5 * s1 + constant;
      if (lanes > 2) out[pt + 2] = -0.5 * s2 + constant;
      if (lanes > 3) out[pt + 3] = -0.5 * s3 + constant;
    }
    applyBox(this.form.box, points, count, n, out);
  }
}

class RosenbrockCpuDensity implements BatchLogDensity {
  readonly backend = 'cpu';
  readonly ndim = 2;
  logProbBatch(points: Float64Array, count: number, out: Float64Array): void {
    for (let pt = 0; pt < count; pt++) {
      const x1 = points[2 * pt];
      const x2 = points[2 * pt + 1];
      const a = x2 - x1 * x1;
      const b = 1 - x1;
      out[pt] = -(100 * a * a + b * b) / 20;
    }
  }
}

/** log p = −v²/(2σ_v²) − (n−1) v/2 − ½ e^{−v} Σ x_i² (Neal's funnel, model.ts). */
class FunnelCpuDensity implements BatchLogDensity {
  readonly backend = 'cpu';
  constructor(
    readonly ndim: number,
    private readonly logScaleSd: number,
  ) {}
  logProbBatch(points: Float64Array, count: number, out: Float64Array): void {
    const n = this.ndim;
    const halfPrecisionV = 0.5 / (this.logScaleSd * this.logScaleSd);
    for (let pt = 0; pt < count; pt++) {
      const base = pt * n;
      const v = points[base];
      let sumSq = 0;
      for (let i = 1; i < n; i++) sumSq += points[base + i] * points[base + i];
      out[pt] = -halfPrecisionV * v * v - 0.5 * (n - 1) * v - 0.5 * Math.exp(-v) * sumSq;
    }
  }
}

/** True when the packed upper triangle has nothing off its diagonal (the `normal` target). */
function isDiagonal(upperPacked: Float64Array, n: number): boolean {
  let at = 0;
  for (let k = 0; k < n; k++) {
    for (let i = k; i < n; i++, at++) if (i !== k && upperPacked[at] !== 0) return false;
  }
  return true;
}

/**
 * A Gaussian target with a diagonal precision (the `normal` target): n multiply-adds per point instead of
 * the triangle's n²/2, which at 100 dimensions is what made the likelihood dominate a step of a huge
 * ensemble. Same operations in the same order as PackedTriangularCpuDensity minus the additions of exact
 * zeros (w + 0·d = w for finite d), so the two give the same doubles at every finite point.
 */
class DiagonalGaussianCpuDensity implements BatchLogDensity {
  readonly backend = 'cpu';
  readonly ndim: number;
  private readonly diagonal: Float64Array;
  constructor(private readonly form: CentredGaussianForm) {
    const n = form.nDim;
    this.ndim = n;
    this.diagonal = new Float64Array(n);
    let at = 0;
    for (let k = 0; k < n; k++) {
      this.diagonal[k] = form.upperPacked[at];
      at += n - k;
    }
  }
  logProbBatch(points: Float64Array, count: number, out: Float64Array): void {
    const { nDim: n, mean, constant } = this.form;
    const diagonal = this.diagonal;
    for (let pt = 0; pt < count; pt++) {
      const base = pt * n;
      let s = 0;
      for (let k = 0; k < n; k++) {
        const w = diagonal[k] * (points[base + k] - mean[k]);
        s += w * w;
      }
      out[pt] = -0.5 * s + constant;
    }
    applyBox(this.form.box, points, count, n, out);
  }
}

class FunctionCpuDensity implements BatchLogDensity {
  readonly backend = 'cpu';
  readonly ndim: number;
  constructor(private readonly form: CpuFunctionForm) {
    this.ndim = form.nDim;
  }
  logProbBatch(points: Float64Array, count: number, out: Float64Array): void {
    this.form.model.logProbBatch(points, count, out);
  }
}

/** A user's function (library API), the support box applied after it in float64. */
class UserCpuDensity implements BatchLogDensity {
  readonly backend = 'cpu';
  readonly ndim: number;
  readonly asynchronous: boolean;
  constructor(private readonly form: UserDensityForm) {
    this.ndim = form.nDim;
    this.asynchronous = form.model.asynchronous;
  }
  logProbBatch(points: Float64Array, count: number, out: Float64Array): void | Promise<void> {
    const { model, box, nDim } = this.form;
    const pending = model.logProbBatch(points, count, out);
    if (pending === undefined) return applyBox(box, points, count, nDim, out);
    return pending.then(() => applyBox(box, points, count, nDim, out));
  }
}

/** Ratios of quadratic forms in κ = Mθ (clean b → sℓℓ), float64, box checked first. */
class QuadraticRatioCpuDensity implements BatchLogDensity {
  readonly backend = 'cpu';
  readonly ndim: number;
  private readonly kappa: Float64Array;
  private readonly t: Float64Array;
  constructor(private readonly form: QuadraticRatioForm) {
    this.ndim = form.nDim;
    this.kappa = new Float64Array(form.nCoupling);
    this.t = new Float64Array(form.nObs);
  }
  logProbBatch(points: Float64Array, count: number, out: Float64Array): void {
    for (let pt = 0; pt < count; pt++) {
      toCouplings(this.form, points, pt, this.kappa, 0);
      out[pt] = quadraticRatioLogLikelihood(this.form, this.kappa, 0, this.t);
    }
    applyBox(this.form.box, points, count, this.ndim, out);
  }
}
