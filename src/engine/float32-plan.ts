/**
 * What a float32 kernel evaluates for a compiled form, and how a float64 point becomes its input.
 *
 * The CPU does the float64 part of every evaluation (centring, the rotation to the Fisher eigenbasis,
 * κ = Mθ, the prior box); the kernel gets O(1) float32 numbers. Every float32 backend (gpu.js and WebGPU)
 * goes through the same plan, and the precision guard bounds exactly what the plan's kernel computes.
 */
import type { CompiledForm, FunnelForm } from '../likelihood/compiled-form.ts';
import type { PriorBox } from '../likelihood/prior-box.ts';
import type { FlavourPointTables } from '../likelihood/flavour-point-layout.ts';
import { gaussianLogPrior, stageTheta } from '../likelihood/flavour-point-theta.ts';
import { toCouplings, type QuadraticRatioForm } from '../likelihood/quadratic-ratio-form.ts';
import { rotateResiduals, toRotatedUnits } from '../likelihood/rotated-form.ts';
import type { CentredGaussianForm } from '../likelihood/centred-gaussian-form.ts';
import type { WhitenedResidualForm } from '../likelihood/whitened-form.ts';
import { float32ErrorBound, quadraticRatioBound } from './float32-error-bound.ts';

export type KernelForm =
  | WhitenedResidualForm
  | CentredGaussianForm
  | QuadraticRatioForm
  | { kind: 'rosenbrock'; nDim: 2 }
  | FunnelForm
  | { kind: 'flavour-point'; tables: FlavourPointTables }
  | { kind: 'user-density'; nDim: number; wgsl: string; constants: Float64Array };

export interface Float32Plan {
  /** The arrays the kernel reads (for whitened residuals: the rotated form, in v units). */
  kernelForm: KernelForm;
  /** Parameters per point of the float64 batch. */
  ndim: number;
  /** Float32 numbers per point the kernel reads. */
  inputWidth: number;
  /** Writes point `row` in kernel units into out[slot·inputWidth ..]. */
  stage(points: Float64Array, row: number, out: Float32Array | Float64Array, slot: number): void;
  /**
   * Where part of log p is evaluated on the CPU in float64 (the full flavour model's priors and
   * pseudo-measurements): stages the point and returns that part (−∞ outside the prior); the kernel's value
   * is added to it. Replaces `stage` and `box` when present.
   */
  stageWithTerms?(points: Float64Array, row: number, out: Float32Array | Float64Array, slot: number): number;
  /** Float32 error bound of the kernel at point `row` (log-density units). */
  boundAt(points: Float64Array, row: number): number;
  /** Checked on the CPU in float64; null when unbounded. */
  box: PriorBox | null;
  /** Added to the kernel's value on the CPU. */
  constant: number;
}

/**
 * Candidate plans, best first: whitened residuals have two (rotated to the Fisher eigenbasis, and the
 * plain per-coordinate scaling, which keeps sparse quadratic terms and wins when the rotation would make
 * many dense pair terms); the precision guard keeps the one with the smaller error bound.
 */
export function float32Plans(form: CompiledForm): Float32Plan[] {
  if (form.kind !== 'whitened-residuals') return [float32Plan(form)];
  const n = form.nPar;
  const plain: Float32Plan = {
    kernelForm: form,
    ndim: n,
    inputWidth: n,
    stage: (points, row, out, slot) => {
      for (let i = 0; i < n; i++) out[slot * n + i] = (points[row * n + i] - form.reference[i]) * form.inverseScale[i];
    },
    boundAt: (points, row) => float32ErrorBound(form, points, row),
    box: form.box.bounded ? form.box : null,
    constant: 0,
  };
  return [float32Plan(form), plain];
}

export function float32Plan(form: CompiledForm): Float32Plan {
  switch (form.kind) {
    case 'whitened-residuals': {
      const rotated = rotateResiduals(form);
      const n = form.nPar;
      const scratch = new Float64Array(n);
      const v = new Float64Array(n);
      return {
        kernelForm: rotated.form,
        ndim: n,
        inputWidth: n,
        stage: (points, row, out, slot) => toRotatedUnits(rotated, points, row, out, slot, scratch),
        boundAt: (points, row) => {
          toRotatedUnits(rotated, points, row, v, 0, scratch);
          return float32ErrorBound(rotated.form, v, 0);
        },
        box: form.box.bounded ? form.box : null,
        constant: 0,
      };
    }
    case 'centred-gaussian': {
      const { nDim: n, centre, inverseScale } = form;
      return {
        kernelForm: form,
        ndim: n,
        inputWidth: n,
        stage: (points, row, out, slot) => {
          for (let i = 0; i < n; i++) out[slot * n + i] = (points[row * n + i] - centre[i]) * inverseScale[i];
        },
        boundAt: (points, row) => float32ErrorBound(form, points, row),
        box: form.box.bounded ? form.box : null,
        constant: form.constant,
      };
    }
    case 'quadratic-ratio': {
      const kappa = new Float64Array(form.nCoupling);
      return {
        kernelForm: form,
        ndim: form.nDim,
        inputWidth: form.nCoupling,
        stage: (points, row, out, slot) => toCouplings(form, points, row, out, slot),
        boundAt: (points, row) => {
          toCouplings(form, points, row, kappa, 0);
          return quadraticRatioBound(form, kappa);
        },
        box: form.box.bounded ? form.box : null,
        constant: 0,
      };
    }
    case 'rosenbrock':
      return {
        kernelForm: form,
        ndim: 2,
        inputWidth: 2,
        stage: (points, row, out, slot) => {
          out[2 * slot] = points[2 * row];
          out[2 * slot + 1] = points[2 * row + 1];
        },
        boundAt: (points, row) => float32ErrorBound(form, points, row),
        box: null,
        constant: 0,
      };
    case 'funnel':
      return {
        kernelForm: form,
        ndim: form.nDim,
        inputWidth: form.nDim,
        stage: (points, row, out, slot) => {
          for (let i = 0; i < form.nDim; i++) out[slot * form.nDim + i] = points[row * form.nDim + i];
        },
        boundAt: (points, row) => float32ErrorBound(form, points, row),
        box: null,
        constant: 0,
      };
    case 'flavour-point': {
      // The CPU checks the box and the discs, centres θ and evaluates the Gaussian priors in float64; the
      // kernel does the rest.
      const theta = form.model.tables.theta;
      const delta = new Float64Array(theta.nPar);
      const stageWithTerms = (points: Float64Array, row: number, out: Float32Array | Float64Array, slot: number): number => {
        if (!stageTheta(theta, points, row, delta, 0)) return -Infinity;
        out.set(delta, slot * theta.nPar);
        return gaussianLogPrior(theta, delta, 0);
      };
      return {
        kernelForm: { kind: 'flavour-point', tables: form.model.tables },
        ndim: form.nDim,
        inputWidth: theta.nPar,
        stage: (points, row, out, slot) => void stageWithTerms(points, row, out, slot),
        stageWithTerms,
        // no a-priori bound through this physics: the error is measured on the device (precision-guard.ts)
        boundAt: () => NaN,
        box: null,
        constant: 0,
      };
    }
    case 'user-density': {
      const { nDim: n, model, box } = form;
      if (model.kernel === undefined) throw new Error('a user density without a WGSL body has no kernel (compile.ts refuses it before this point)');
      return {
        kernelForm: { kind: 'user-density', nDim: n, wgsl: model.kernel.wgsl, constants: model.kernel.constants },
        ndim: n,
        inputWidth: n,
        // The user's WGSL reads the point itself: the float64 → float32 rounding of x is part of the measured error.
        stage: (points, row, out, slot) => {
          for (let i = 0; i < n; i++) out[slot * n + i] = points[row * n + i];
        },
        // no a-priori bound on user code: the error is measured on the device (precision-guard.ts)
        boundAt: () => NaN,
        box: box.bounded ? box : null,
        constant: 0,
      };
    }
    case 'cpu-function':
      throw new Error('cpu-function models have no kernel (compile.ts refuses them before this point)');
  }
}
