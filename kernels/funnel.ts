/**
 * gpu.js kernel: Neal's funnel (the funnel10 target of scaling-targets.json), one thread per point, points
 * row-major (v, x_1 … x_{n−1}): log p = −v²/(2σ_v²) − (n−1) v/2 − ½ e^{−v} Σ x_i². The points arrive
 * uncentred (the mode is at the origin); the engine's float32 error bound (float32-error-bound.ts
 * funnelBound) checks the terms at compile time, including the exp.
 */
import type { IKernelFunctionThis } from 'gpu.js';

export interface FunnelConstants {
  [name: string]: number;
  nDim: number;
  halfPrecisionV: number; // 1/(2σ_v²)
}

export function funnelKernel(this: IKernelFunctionThis<FunnelConstants>, points: Float32Array): number {
  const base = this.thread.x * this.constants.nDim;
  const v = points[base];
  let sumSq = 0;
  for (let i = 1; i < this.constants.nDim; i++) sumSq += points[base + i] * points[base + i];
  return -this.constants.halfPrecisionV * v * v - 0.5 * (this.constants.nDim - 1) * v - 0.5 * Math.exp(-v) * sumSq;
}
