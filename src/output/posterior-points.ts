/**
 * The posterior sample a run's outputs are computed from: every stored row after burn-in, all walkers of
 * all ensembles. The chain store keeps rows contiguous (steps × walkers × dims, step-major), so the
 * post-burn-in points are a zero-copy subarray; only the per-parameter columns the plots need are copied,
 * and those at most `maxPoints` long (an evenly strided sub-sample of a long chain is still a fair sample,
 * merely more correlated, and it bounds the cost of sorting and histogramming).
 */
import type { ChainStore } from '../sampler/chain-store.ts';

export interface PosteriorPoints {
  /** nPoints × nDim, row-major, a view into the store (do not write). */
  data: Float64Array;
  nPoints: number;
  nDim: number;
}

export function posteriorPoints(store: ChainStore, discardRows: number): PosteriorPoints {
  const view = store.chain(discardRows);
  const [nSteps, nWalkers, nDim] = view.shape;
  if (view.stride[0] !== nWalkers * nDim || view.stride[1] !== nDim || view.stride[2] !== 1) {
    throw new Error('posteriorPoints: the chain view is not contiguous');
  }
  const nPoints = nSteps * nWalkers;
  return { data: view.data.subarray(view.offset, view.offset + nPoints * nDim), nPoints, nDim };
}

/** Stride that keeps at most `maxPoints` of `nPoints` points. */
export function subsampleStride(nPoints: number, maxPoints: number): number {
  return Math.max(1, Math.ceil(nPoints / Math.max(1, maxPoints)));
}

/** Column `dim` of every `stride`-th point. */
export function column(points: PosteriorPoints, dim: number, stride = 1): Float64Array {
  const count = Math.ceil(points.nPoints / stride);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = points.data[i * stride * points.nDim + dim];
  return out;
}

/**
 * column(points, d, stride) for every d of `dims`, in one pass over the points: each point's row is read
 * once, in memory order, where a column at a time reads one double per row (100 passes of cache misses
 * at 100 parameters).
 */
export function columns(points: PosteriorPoints, dims: readonly number[], stride = 1): Map<number, Float64Array> {
  const count = Math.ceil(points.nPoints / stride);
  const outs = dims.map(() => new Float64Array(count));
  const { data, nDim } = points;
  for (let i = 0; i < count; i++) {
    const row = i * stride * nDim;
    for (let k = 0; k < dims.length; k++) outs[k][i] = data[row + dims[k]];
  }
  return new Map(dims.map((d, k) => [d, outs[k]]));
}
