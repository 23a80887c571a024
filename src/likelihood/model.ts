/**
 * Model descriptions: plain data that a backend compiles into a BatchLogDensity.
 *
 * Physics and test targets describe *what* to evaluate (matrices, vectors, priors); the engine
 * decides *how* (hand-written Float64Array loops, gpu.js CPU mode, gpu.js on a GPU). Matrices are
 * uploaded once at compile time; only the batch of points travels per call.
 */

import type { FlavourPointTables } from './flavour-point-layout.ts';
import type { FlavourPredictor } from './flavour-point-tables.ts';

/** Prior on one parameter. Flat priors are proper boxes; Gaussian priors may also carry a box. */
export type Prior =
  | { kind: 'flat'; lower: number; upper: number }
  | { kind: 'gaussian'; mean: number; sd: number; lower?: number; upper?: number };

/**
 * Correlated Gaussian likelihood of predictions that are at most quadratic in the parameters
 * around a reference point θ_ref (the form the physics likelihoods reduce to):
 *
 *   y_k(θ) = y0_k + Σ_i A_ki δ_i + ½ Σ_ij B_kij δ_i δ_j,   δ = θ − θ_ref
 *   log L  = −½ (y − y_exp)ᵀ C⁻¹ (y − y_exp)
 *
 * plus the priors. `quadratic` is sparse: only the listed (observable, i, j) entries are non-zero
 * (give each unordered pair once with i ≤ j; the compiler symmetrises).
 */
export interface LinearisedGaussianModel {
  kind: 'linearised-gaussian';
  parameterNames: string[];
  observableNames: string[];
  reference: Float64Array; // θ_ref, length npar
  y0: Float64Array; // nobs
  jacobian: Float64Array; // nobs × npar, row-major
  quadratic?: { observable: number; i: number; j: number; value: number }[];
  measured: Float64Array; // nobs
  covariance: Float64Array; // nobs × nobs, symmetric positive definite
  priors: Prior[]; // npar
}

/** log p(x) = −½ (x − mean)ᵀ P (x − mean): the gauss20/gauss50 targets of baseline-targets.json. */
export interface GaussianTargetModel {
  kind: 'gaussian-target';
  parameterNames: string[];
  mean: Float64Array;
  precision: Float64Array; // ndim × ndim, row-major
  /** Optional prior box (−∞ outside). */
  priors?: Prior[];
}

/** log p(x1, x2) = −(100 (x2 − x1²)² + (1 − x1)²) / 20 (Goodman & Weare 2010). */
export interface RosenbrockTargetModel {
  kind: 'rosenbrock';
  parameterNames: string[];
}

/**
 * Neal's funnel (Neal 2003, Ann. Stat. 31, 705, §8): v ~ N(0, σ_v²), x_i | v ~ N(0, e^v), i = 1..n−1,
 * parameters (v, x_1, …): log p = −v²/(2σ_v²) − (n−1) v/2 − ½ e^{−v} Σ x_i² (+ const). The funnel10
 * target of scaling-targets.json: a scale that changes by orders of magnitude along v.
 */
export interface FunnelTargetModel {
  kind: 'funnel';
  parameterNames: string[];
  /** σ_v, the sd of the log-scale coordinate v. */
  logScaleSd: number;
}

/**
 * Escape hatch for likelihoods that no kernel expresses yet: a CPU function over the batch.
 * Backends other than `cpu` refuse it with a clear error rather than silently falling back.
 */
export interface CpuFunctionModel {
  kind: 'cpu-function';
  parameterNames: string[];
  logProbBatch(points: Float64Array, count: number, out: Float64Array): void;
}

/**
 * A log-density written in code by a user of the library (src/library/): a float64 batch function, which the
 * `cpu` backend calls and a float32 kernel is measured against, and optionally the body of a WGSL function
 * of one point, which the `webgpu` backend compiles into its kernel (kernels/user-wgsl.ts). With no a-priori
 * bound on user code, the float32 error is measured on the device at `probePoints` before the run, as for
 * the full flavour kernel (precision-guard.ts).
 */
export interface UserDensityModel {
  kind: 'user-density';
  parameterNames: string[];
  /** Fills out[0 … count) with log p of the points (row-major, count × ndim); a Promise when `asynchronous`. */
  logProbBatch(points: Float64Array, count: number, out: Float64Array): void | Promise<void>;
  asynchronous: boolean;
  /** WGSL body of `(x: array<f32, ndim>) -> f32`, and constants it reads as `params[k]` (uploaded as f32). */
  kernel?: { wgsl: string; constants: Float64Array };
  /** Support box, checked on the CPU in float64 on every backend (−∞ outside, never through a kernel). */
  bounds?: { lower: Float64Array; upper: Float64Array };
  /** Points where a float32 backend measures its error against float64 before it is used. */
  probePoints(): { points: Float64Array; count: number };
}

/**
 * Correlated Gaussian likelihood of predictions that are ratios of quadratic forms in a few linear
 * couplings of the parameters (the clean b → sℓℓ likelihood: R_K = rate_μ/rate_e, B_s → μμ):
 *
 *   κ = M θ                                   (couplings, e.g. C9^μ, C10^μ, C9^e, C10^e)
 *   q_f(κ) = k00 + 2k01 a + 2k02 b + k11 a² + 2k12 ab + k22 b²,  (a, b) = (κ_{A_f}, κ_{B_f})
 *   y_o = factor_o · q_{num_o}(κ) / q_{den_o}(κ)   (den_o = −1: no denominator)
 *   log L = −½ (y − y_exp)ᵀ C⁻¹ (y − y_exp)
 *
 * plus flat priors (a box). A model kind of its own so that every backend, the float32 kernels included,
 * can evaluate it.
 */
export interface QuadraticRatioGaussianModel {
  kind: 'quadratic-ratio-gaussian';
  parameterNames: string[];
  /** Names of the measured observables and the measurement (catalogue name) each comes from, for pull tables; no backend reads them. */
  observableNames?: string[];
  observableSources?: string[];
  nCoupling: number;
  couplingMap: Float64Array; // nCoupling × npar, row-major
  forms: Float64Array; // nForm × 6: [k00, k01, k02, k11, k12, k22]
  formCouplings: Int32Array; // nForm × 2: indices (A_f, B_f) into κ
  numerator: Int32Array; // nobs: form index
  denominator: Int32Array; // nobs: form index or −1
  factor: Float64Array; // nobs
  measured: Float64Array; // nobs
  covariance: Float64Array; // nobs × nobs, symmetric positive definite
  priors: Prior[]; // npar, flat
}

/**
 * Independent likelihoods over overlapping parameter sets (EW + flavour): log p = Σ_parts log p_part.
 * Part k sees the parameters `parameterIndex[k]` (indices into `parameterNames`, in the part's own
 * order). Each part carries its own priors; a parameter shared by several parts must have flat priors
 * there (the boxes then intersect; a Gaussian prior would be counted twice).
 */
export interface SumModel {
  kind: 'sum';
  parameterNames: string[];
  parts: { name: string; model: ModelDescription; parameterIndex: number[] }[];
}

/**
 * A reparametrised likelihood (a UV model sampled in its own parameters): log p(θ) = log p_inner(map(θ))
 * plus the priors on θ. `map` writes the inner model's full point (Wilson coefficients and nuisances)
 * for one outer point; the inner priors still apply to the mapped values. The map runs on the CPU in
 * float64; the inner model compiles on the requested backend as usual.
 */
export interface MappedModel {
  kind: 'mapped';
  parameterNames: string[];
  priors: Prior[];
  inner: ModelDescription;
  map(theta: Float64Array, innerPoint: Float64Array): void;
}

/**
 * The full b → sℓℓ likelihood with every hadronic input sampled (PDD/PMD), as flat tables
 * (flavour-point-layout.ts) that the cpu backend evaluates in float64 and the webgpu backend in a WGSL
 * kernel: the θ step (on the CPU in float64: prior box, unit discs, δ = θ − centre; then δ → the point
 * layout x, the Gaussian priors, the PDD pseudo-measurements) and the measurement χ² (per-bin integrals,
 * observables, log L = −½ |W(gain ∘ y(x) − target)|²).
 */
export interface FlavourPointModel {
  kind: 'flavour-point';
  parameterNames: string[];
  /** Names of the measured observables and the measurement (catalogue name) each comes from, for pull tables; no backend reads them. */
  observableNames?: string[];
  observableSources?: string[];
  tables: FlavourPointTables;
  /** The float64 predictions y(x) from `tables` (the cpu backend; the WGSL kernel is their float32 twin). */
  predict: FlavourPredictor;
  /**
   * The θ step through the physics functions it was tabulated from (pdd.ts, the scenario's θ layout), in
   * float64: writes x for the point at theta[row·npar..] and returns the log prior minus ½ χ² of the
   * pseudo-measurements (−∞ outside the prior). No backend calls it; tests check the tables against it.
   */
  map(theta: Float64Array, row: number, x: Float64Array, xOffset: number): number;
  /**
   * Points (row-major) where a float32 backend measures its error against float64 before it is used:
   * draws from the prior and from the region the sampler visits.
   */
  probePoints(): { points: Float64Array; count: number };
}

export type ModelDescription =
  | FlavourPointModel
  | LinearisedGaussianModel
  | GaussianTargetModel
  | RosenbrockTargetModel
  | FunnelTargetModel
  | QuadraticRatioGaussianModel
  | CpuFunctionModel
  | UserDensityModel
  | SumModel
  | MappedModel;
