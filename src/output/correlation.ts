/**
 * Posterior correlation matrix of a run (the paper's fig. 2 shows it for the EW-fit Wilson coefficients).
 * Pearson coefficients in float64 with the two-pass algorithm — means first, then the centred
 * cross-products — which avoids the cancellation of the one-pass Σxy − n·x̄ȳ form when |mean| ≫ sd
 * (Chan, Golub & LeVeque 1983, "Algorithms for computing the sample variance").
 */
import { InputError } from '../errors.ts';
import type { ChainStore } from '../sampler/chain-store.ts';
import { posteriorPoints, subsampleStride } from './posterior-points.ts';

export interface CorrelationMatrix {
  names: string[];
  /** matrix[a][b] = ρ between the a-th and b-th selected parameter; NaN where a variance is zero. */
  matrix: number[][];
  /** Number of posterior points it was computed from. */
  samples: number;
}

/**
 * Correlation of the selected parameters over the stored rows after `discardRows`.
 * `parameterNames` are the names of all the store's dimensions (the scenario's parameter order);
 * without them the names are `theta[i]`. `maxPoints` caps the work on huge chains with an evenly
 * strided sub-sample (default: every point).
 */
export function posteriorCorrelation(
  store: ChainStore,
  discardRows: number,
  parameterIndices?: readonly number[],
  parameterNames?: readonly string[],
  options: { maxPoints?: number } = {},
): CorrelationMatrix {
  const indices = parameterIndices ?? Array.from({ length: store.nDim }, (_, i) => i);
  for (const i of indices) {
    if (!Number.isInteger(i) || i < 0 || i >= store.nDim) throw new InputError(`correlation: parameter index ${i} is not in [0, ${store.nDim})`);
  }
  const points = posteriorPoints(store, discardRows);
  const stride = subsampleStride(points.nPoints, options.maxPoints ?? Infinity);
  const matrix = pearsonMatrix(points.data, points.nPoints, points.nDim, indices, stride);
  const names = indices.map((i) => parameterNames?.[i] ?? `theta[${i}]`);
  return { names, matrix, samples: Math.ceil(points.nPoints / stride) };
}

/** Pearson matrix of columns `indices` of every `stride`-th row of a row-major nPoints × nDim array (two passes). */
export function pearsonMatrix(data: Float64Array, nPoints: number, nDim: number, indices: readonly number[], stride = 1): number[][] {
  const k = indices.length;
  const rowStep = stride * nDim;
  const used = Math.ceil(nPoints / stride);
  const mean = new Float64Array(k);
  for (let p = 0; p < used; p++) {
    const row = p * rowStep;
    for (let a = 0; a < k; a++) mean[a] += data[row + indices[a]];
  }
  for (let a = 0; a < k; a++) mean[a] /= used;
  const cross = new Float64Array(k * k); // upper triangle of Σ (x_a − x̄_a)(x_b − x̄_b)
  const centred = new Float64Array(k);
  for (let p = 0; p < used; p++) {
    const row = p * rowStep;
    for (let a = 0; a < k; a++) centred[a] = data[row + indices[a]] - mean[a];
    for (let a = 0; a < k; a++) {
      const ca = centred[a];
      for (let b = a; b < k; b++) cross[a * k + b] += ca * centred[b];
    }
  }
  const matrix: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(NaN));
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      const denominator = Math.sqrt(cross[a * k + a] * cross[b * k + b]);
      // Rounding can push |ρ| a hair past 1 for (anti)collinear columns; the diagonal is 1 by definition.
      const rho = a === b ? 1 : Math.min(1, Math.max(-1, cross[a * k + b] / denominator));
      const value = denominator > 0 ? rho : NaN;
      matrix[a][b] = value;
      matrix[b][a] = value;
    }
  }
  return matrix;
}
