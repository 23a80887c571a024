/**
 * Benchmark and test targets as ModelDescriptions: gauss20, gauss50, rosen2 (baseline-targets.json),
 * gauss100 and funnel10 (scaling-targets.json, written by scripts/generate-scaling-targets.py with the
 * same recipe) and the standard normal.
 *
 * The JSON files are the authority; `correlatedGaussianRecipe` re-derives their matrices from the
 * recipe documented in the files' `doc` (exact 32-bit LCG, modified Gram–Schmidt, fixed eigenvalues),
 * so the numbers can be audited (the tests check the recipe reproduces the files).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.ts';
import type { FunnelTargetModel, GaussianTargetModel, ModelDescription, RosenbrockTargetModel } from './model.ts';

export type BaselineTargetName = 'gauss20' | 'gauss50' | 'gauss100' | 'rosen2' | 'funnel10';

export interface TargetWithTruth {
  model: ModelDescription;
  truth: { mean: number[]; sd: number[] };
}

interface BaselineTargetsFile {
  targets: Record<string, {
    kind: string;
    ndim: number;
    mean?: number[];
    prec?: number[][];
    cov?: number[][];
    log_scale_sd?: number;
    truth_mean: number[];
    truth_std: number[];
  }>;
}

/** Which file of `<dataDir>/sampler/` holds each target. */
const TARGET_FILES: Record<BaselineTargetName, string> = {
  gauss20: 'baseline-targets.json',
  gauss50: 'baseline-targets.json',
  rosen2: 'baseline-targets.json',
  gauss100: 'scaling-targets.json',
  funnel10: 'scaling-targets.json',
};

export const BASELINE_NAMES = Object.keys(TARGET_FILES) as readonly BaselineTargetName[];

/** The file of `<dataDir>/sampler/` that defines target `name`. */
export function targetFile(name: BaselineTargetName, dataDir: string): string {
  return path.join(dataDir, 'sampler', TARGET_FILES[name]);
}

function parameterNames(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `x${i}`);
}

/** One target of `<dataDir>/sampler/{baseline,scaling}-targets.json` with its exact moments. */
export function baselineTarget(name: BaselineTargetName, dataDir: string): TargetWithTruth {
  if (!BASELINE_NAMES.includes(name)) {
    throw new InputError(`target: unknown baseline target '${name}' (known: ${BASELINE_NAMES.join(', ')})`);
  }
  const file = targetFile(name, dataDir);
  const data = JSON.parse(readFileSync(file, 'utf8')) as BaselineTargetsFile;
  const entry = data.targets[name];
  if (entry === undefined) throw new InputError(`target: '${name}' missing from ${path.basename(file)}`);

  if (entry.kind === 'rosenbrock') {
    const model: RosenbrockTargetModel = { kind: 'rosenbrock', parameterNames: ['x1', 'x2'] };
    // Exact moments (file doc): x1 ~ N(1, 10), x2 | x1 ~ N(x1², 0.1) ⇒ E x2 = 11, Var x2 = 240.1.
    return { model, truth: { mean: [...entry.truth_mean], sd: [...entry.truth_std] } };
  }
  if (entry.kind === 'funnel') {
    const model: FunnelTargetModel = { kind: 'funnel', parameterNames: ['v', ...Array.from({ length: entry.ndim - 1 }, (_, i) => `x${i + 1}`)], logScaleSd: entry.log_scale_sd! };
    // Exact moments (file doc): sd v = σ_v, sd x_i = √E e^v = e^{σ_v²/4}.
    return { model, truth: { mean: [...entry.truth_mean], sd: [...entry.truth_std] } };
  }
  const n = entry.ndim;
  const model: GaussianTargetModel = {
    kind: 'gaussian-target',
    parameterNames: parameterNames(n),
    mean: Float64Array.from(entry.mean!),
    precision: Float64Array.from(entry.prec!.flat()),
  };
  const sd = entry.cov!.map((row, i) => Math.sqrt(row[i]));
  return { model, truth: { mean: [...entry.mean!], sd } };
}

/** N(0, I_ndim): the target of emcee's `_test_normal`. */
export function standardNormalTarget(ndim: number): TargetWithTruth {
  if (!Number.isInteger(ndim) || ndim < 1) throw new InputError(`ndim: expected a positive integer, got ${ndim}`);
  const precision = new Float64Array(ndim * ndim);
  for (let i = 0; i < ndim; i++) precision[i * ndim + i] = 1;
  const model: GaussianTargetModel = {
    kind: 'gaussian-target',
    parameterNames: parameterNames(ndim),
    mean: new Float64Array(ndim),
    precision,
  };
  return { model, truth: { mean: new Array(ndim).fill(0), sd: new Array(ndim).fill(1) } };
}

/** Numerical Recipes LCG, s ← (1664525 s + 1013904223) mod 2³², u = s/2³² (exact in doubles). */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (1664525 * s + 1013904223) % 4294967296;
    return s / 4294967296;
  };
}

export interface CorrelatedGaussianRecipe {
  mean: Float64Array;
  eigenvalues: Float64Array;
  q: Float64Array; // n×n row-major, orthonormal columns
  covariance: Float64Array;
  precision: Float64Array;
}

/** G(n, seed) of baseline-targets.json `doc`, step by step in the documented order of operations. */
export function correlatedGaussianRecipe(n: number, seed: number): CorrelatedGaussianRecipe {
  const next = lcg(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = next() - 0.5;

  // Modified Gram–Schmidt on the columns of A, in column order.
  const q = new Float64Array(n * n);
  const v = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < n; i++) v[i] = a[i * n + k];
    for (let p = 0; p < k; p++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += q[i * n + p] * v[i];
      for (let i = 0; i < n; i++) v[i] -= dot * q[i * n + p];
    }
    let norm2 = 0;
    for (let i = 0; i < n; i++) norm2 += v[i] * v[i];
    const norm = Math.sqrt(norm2);
    for (let i = 0; i < n; i++) q[i * n + k] = v[i] / norm;
  }

  // V8's `**` is not correctly rounded (fdlibm pow): a few λ_k differ from CPython's by 1 ulp.
  const eigenvalues = new Float64Array(n);
  for (let k = 0; k < n; k++) eigenvalues[k] = 10 ** ((4 * k) / (n - 1));
  const { covariance, precision } = matricesFromSpectrum(q, eigenvalues, n);
  const mean = new Float64Array(n);
  for (let i = 0; i < n; i++) mean[i] = -1 + (2 * i) / (n - 1);
  return { mean, eigenvalues, q, covariance, precision };
}

/** cov = Q diag(λ) Qᵀ and prec = Q diag(1/λ) Qᵀ in the recipe's order of operations (i ≤ j, mirrored). */
export function matricesFromSpectrum(
  q: ArrayLike<number>,
  eigenvalues: ArrayLike<number>,
  n: number,
): { covariance: Float64Array; precision: Float64Array } {
  const covariance = new Float64Array(n * n);
  const precision = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let c = 0;
      let p = 0;
      for (let k = 0; k < n; k++) {
        c += q[i * n + k] * eigenvalues[k] * q[j * n + k];
        p += q[i * n + k] * (1 / eigenvalues[k]) * q[j * n + k];
      }
      covariance[i * n + j] = covariance[j * n + i] = c;
      precision[i * n + j] = precision[j * n + i] = p;
    }
  }
  return { covariance, precision };
}
