/**
 * gpu.js kernel: the rosen2 target, log p(x1, x2) = −(100 (x2 − x1²)² + (1 − x1)²)/20
 * (Goodman & Weare 2010; baseline-targets.json), one thread per point, points row-major (x1, x2).
 * It is not translation invariant, so points arrive uncentred; its natural scale (x1 ~ N(1, 10)) keeps
 * the terms moderate, and the engine's float32 error bound checks that at compile time.
 */
import type { IKernelFunctionThis } from 'gpu.js';

export function rosenbrockKernel(this: IKernelFunctionThis, points: Float32Array): number {
  const x1 = points[this.thread.x * 2];
  const x2 = points[this.thread.x * 2 + 1];
  const a = x2 - x1 * x1;
  const b = 1 - x1;
  return -(100 * a * a + b * b) / 20;
}
