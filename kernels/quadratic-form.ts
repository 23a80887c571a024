/**
 * gpu.js kernel: the Gaussian benchmark targets, log p = −½ |Uᵀ(z − m)|² (one thread per point).
 *
 * `points` holds z = (x − c)/s, centred and scaled on the CPU in float64; `mean` is m = (μ − c)/s and
 * `upper` the dense n×n matrix Uᵀ (U Uᵀ = diag(s) P diag(s); zeros below the diagonal), built in
 * src/likelihood/centred-gaussian-form.ts. With the default centre c = μ, m = 0 and every number the
 * kernel touches is O(1), so float32 keeps log-density differences accurate.
 */
import type { IKernelFunctionThis } from 'gpu.js';

export interface QuadraticFormConstants {
  [name: string]: number | Float32Array;
  nDim: number;
  mean: Float32Array; // nDim
  upper: Float32Array; // nDim × nDim, row k non-zero from column k on
}

export function quadraticFormKernel(this: IKernelFunctionThis<QuadraticFormConstants>, points: Float32Array): number {
  const base = this.thread.x * this.constants.nDim;
  let sum = 0;
  for (let k = 0; k < this.constants.nDim; k++) {
    let w = 0;
    // Columns below k are zero in Uᵀ; the full loop keeps the bounds constant (GLSL ES 1.0 loops).
    for (let i = 0; i < this.constants.nDim; i++) {
      w += this.constants.upper[k * this.constants.nDim + i] * (points[base + i] - this.constants.mean[i]);
    }
    sum += w * w;
  }
  return -0.5 * sum;
}
