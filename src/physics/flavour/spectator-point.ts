/**
 * The hard-spectator terms at one parameter point, from the per-node pieces of spectator-scattering.ts
 * spectatorBasis (SPECTATOR_NODE of flavour-point-layout.ts): λ_B, the Gegenbauer moments a1, a2 of the ⊥ and ∥
 * light-cone distribution amplitudes and f_B are read from the point (flavour-spec.md §3.3, §5.3: HEPfit
 * samples λ_B flat in 0.35 ± 0.15 GeV, the moments flat, f_Bs and f_Bs/f_Bd Gaussian) or, where the point does
 * not carry them, from the central values in the kernel's constants. Scalar arithmetic on flat arrays, the
 * float64 twin of the spectator lines of kernels/flavour-point-wgsl.ts.
 */
import { SPECTATOR_BLOCK, SPECTATOR_CONSTANT, SPECTATOR_NODE } from '../../likelihood/flavour-point-layout.ts';
import { ei } from './complex-functions.ts';

/** What spectatorInputsAt writes: 1/λ_B, λ_B, a1⊥, a2⊥, a1∥, a2∥, f_B/f_B,ref. */
export const SPECTATOR_INPUT = { lambdaBInverse: 0, lambdaB: 1, a1Perp: 2, a2Perp: 3, a1Para: 4, a2Para: 5, fBScale: 6, size: 7 } as const;

/**
 * The spectator inputs of one kernel at the point x[xBase..] into out (SPECTATOR_INPUT), the constants at
 * c[base..] (base: the kernel's spectatorAt field); withPara false (B → Vγ) leaves a1∥, a2∥ at 0.
 */
export function spectatorInputsAt(c: ArrayLike<number>, base: number, x: ArrayLike<number>, xBase: number, withPara: boolean, out: Float64Array): void {
  const at = c[base + SPECTATOR_CONSTANT.spectatorAt];
  if (at >= 0) {
    const s = xBase + at;
    out[SPECTATOR_INPUT.lambdaB] = x[s + SPECTATOR_BLOCK.lambdaB];
    out[SPECTATOR_INPUT.a1Perp] = x[s + SPECTATOR_BLOCK.a1Perp];
    out[SPECTATOR_INPUT.a2Perp] = x[s + SPECTATOR_BLOCK.a2Perp];
    out[SPECTATOR_INPUT.a1Para] = withPara ? x[s + SPECTATOR_BLOCK.a1Para] : 0;
    out[SPECTATOR_INPUT.a2Para] = withPara ? x[s + SPECTATOR_BLOCK.a2Para] : 0;
    const ratioAt = c[base + SPECTATOR_CONSTANT.fBRatioAt];
    const fB = x[xBase + c[base + SPECTATOR_CONSTANT.fBsAt]] / (ratioAt >= 0 ? x[xBase + ratioAt] : 1);
    out[SPECTATOR_INPUT.fBScale] = fB / c[base + SPECTATOR_CONSTANT.fBRef];
  } else {
    out[SPECTATOR_INPUT.lambdaB] = c[base + SPECTATOR_CONSTANT.lambdaB];
    out[SPECTATOR_INPUT.a1Perp] = c[base + SPECTATOR_CONSTANT.a1Perp];
    out[SPECTATOR_INPUT.a2Perp] = c[base + SPECTATOR_CONSTANT.a2Perp];
    out[SPECTATOR_INPUT.a1Para] = withPara ? c[base + SPECTATOR_CONSTANT.a1Para] : 0;
    out[SPECTATOR_INPUT.a2Para] = withPara ? c[base + SPECTATOR_CONSTANT.a2Para] : 0;
    out[SPECTATOR_INPUT.fBScale] = 1;
  }
  out[SPECTATOR_INPUT.lambdaBInverse] = 1 / out[SPECTATOR_INPUT.lambdaB];
}

/** y_s of a kernel: ½ ΔΓ_s/Γ_s read from the point where it carries it (ysAt ≥ 0), else the constant. */
export function ysAt(c: ArrayLike<number>, ysIndex: number, base: number, x: ArrayLike<number>, xBase: number): number {
  const at = c[base + SPECTATOR_CONSTANT.ysAt];
  return at >= 0 && c[ysIndex] !== 0 ? 0.5 * x[xBase + at] : c[ysIndex];
}

/** Σ_k a_k (P_k/λ_B + Q_k) of two complex triples at t[p..], t[q..] (re, im interleaved) into out[o], out[o + 1]. */
export function perpSum(t: ArrayLike<number>, p: number, q: number, inp: Float64Array, out: Float64Array, o: number): void {
  const li = inp[SPECTATOR_INPUT.lambdaBInverse];
  const a1 = inp[SPECTATOR_INPUT.a1Perp];
  const a2 = inp[SPECTATOR_INPUT.a2Perp];
  const s = inp[SPECTATOR_INPUT.fBScale];
  out[o] = s * (t[p] * li + t[q] + a1 * (t[p + 2] * li + t[q + 2]) + a2 * (t[p + 4] * li + t[q + 4]));
  out[o + 1] = s * (t[p + 1] * li + t[q + 1] + a1 * (t[p + 3] * li + t[q + 3]) + a2 * (t[p + 5] * li + t[q + 5]));
}

/**
 * Δ_− and Δ_0 of the node whose spectator block starts at nodes[so] into out[0..4) (re, im each); zeros where
 * the node has no spectator term. λ_{B,−}(q²)⁻¹ = e^{−x}/λ_B (−Ei(x) + iπ), x = q²/(m_B λ_B) (BFS01 eq. (54)).
 */
export function spectatorNodeShifts(nodes: ArrayLike<number>, so: number, inp: Float64Array, out: Float64Array): void {
  const q2OverMB = nodes[so + SPECTATOR_NODE.q2OverMB];
  if (q2OverMB === 0) {
    out[0] = out[1] = out[2] = out[3] = 0;
    return;
  }
  perpSum(nodes, so + SPECTATOR_NODE.perpPlus, so + SPECTATOR_NODE.perpPower, inp, out, 0);
  const li = inp[SPECTATOR_INPUT.lambdaBInverse];
  const xm = q2OverMB * li;
  const pre = Math.exp(-xm) * li;
  const lr = -pre * ei(xm);
  const lm = pre * Math.PI;
  const a1 = inp[SPECTATOR_INPUT.a1Para];
  const a2 = inp[SPECTATOR_INPUT.a2Para];
  const m = so + SPECTATOR_NODE.paraMinus;
  const p = so + SPECTATOR_NODE.paraPlus;
  // Σ_k a_k M_k (complex) times λ_{B,−}⁻¹, plus Σ_k a_k P_k / λ_B
  const mr = nodes[m] + a1 * nodes[m + 2] + a2 * nodes[m + 4];
  const mi = nodes[m + 1] + a1 * nodes[m + 3] + a2 * nodes[m + 5];
  const pr = nodes[p] + a1 * nodes[p + 2] + a2 * nodes[p + 4];
  const pi = nodes[p + 1] + a1 * nodes[p + 3] + a2 * nodes[p + 5];
  const s = inp[SPECTATOR_INPUT.fBScale];
  out[2] = s * (mr * lr - mi * lm + pr * li);
  out[3] = s * (mr * lm + mi * lr + pi * li);
}
