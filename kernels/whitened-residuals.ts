/**
 * gpu.js kernel: log-likelihood of the linearised Gaussian model in whitened form (one thread per point).
 *
 *   w_r = offset_r + Σ_i jacobian_ri u_i + Σ_p quadratic_rp u_{pairI_p} u_{pairJ_p},   log L = −½ Σ_r w_r²
 *
 * `points` holds the batch in scaled units u = (θ − θ_ref)/s, row-major (thread x reads row x); the
 * whitening, scaling and Gaussian-prior rows were folded into the constants in float64 on the CPU
 * (src/likelihood/whitened-form.ts). Transpilable subset only: a plain `function`, bounded loops over
 * constant sizes, flat numeric arrays, one number out (gpu.js README "Types"; style anchors §5).
 */
import type { IKernelFunctionThis } from 'gpu.js';

export interface WhitenedResidualConstants {
  [name: string]: number | Float32Array;
  nPar: number;
  nRow: number;
  nPair: number;
  offset: Float32Array; // nRow
  jacobian: Float32Array; // nRow × nPar
  quadratic: Float32Array; // nRow × nPair (length ≥ 1)
  pairI: Float32Array; // nPair (length ≥ 1)
  pairJ: Float32Array;
}

export function whitenedResidualKernel(
  this: IKernelFunctionThis<WhitenedResidualConstants>,
  points: Float32Array,
): number {
  const base = this.thread.x * this.constants.nPar;
  let sum = 0;
  for (let r = 0; r < this.constants.nRow; r++) {
    let w = this.constants.offset[r];
    for (let i = 0; i < this.constants.nPar; i++) {
      w += this.constants.jacobian[r * this.constants.nPar + i] * points[base + i];
    }
    for (let p = 0; p < this.constants.nPair; p++) {
      // Indices first, as plain locals: a texture read nested inside another read's index trips gpu.js'
      // index-read hoisting in GLSL (duplicate 'hoisted_0_kernel' declarations).
      const first = this.constants.pairI[p];
      const second = this.constants.pairJ[p];
      const ui = points[base + first];
      const uj = points[base + second];
      w += this.constants.quadratic[r * this.constants.nPair + p] * ui * uj;
    }
    sum += w * w;
  }
  return -0.5 * sum;
}
