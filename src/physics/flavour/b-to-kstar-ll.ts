/**
 * B → K* ℓ⁺ℓ⁻ at large recoil: helicity amplitudes with massive leptons and the angular coefficients J_i
 * (flavour-spec.md §4.2, §4.5, §4.6), in HEPfit/Jäger–Martin Camalich normalisation.
 *
 * The paper's New Physics is C9^NP, C10^NP only (no primed, scalar or pseudoscalar operators); the only
 * primed coefficient is the SM's C7′ = (m_s/m_b) C7 (the opposite-chirality dipole, kept by HEPfit's MVll and
 * flavio's `wctot_dict`; it feeds the helicity-suppressed H^+ that S3, S9, P1, P3 probe at low q²), so
 *   H_V^λ = −iN [C9^eff Ṽ_λ + (m_B²/q²)(2m_b/m_B)(C7^eff T̃_λ − C7′ T̃_{−λ})],  H_A^λ = −iN C10 Ṽ_λ,
 *   H_P   = iN (2m_ℓ/q²) C10 (m_b + m_s) S̃ = −iN (m_ℓ √λ/(q² m_B)) C10 A0,   H_S = 0,
 * with N = G_F α_e |λ_t| m_B/(√2 π). The common factor −i (and the phase of λ_t) drops out of every J_i,
 * so the amplitudes below are H/(−i). The m_s dependence of H_P cancels against S̃.
 */
import { type Complex, abs2, complex, imMulConj, reMulConj } from './complex.ts';
import type { VectorFormFactors } from './form-factors-bsz.ts';

/** Källén function λ(a, b, c). */
export const kallen = (a: number, b: number, c: number): number => a * a + b * b + c * c - 2 * (a * b + a * c + b * c);

export interface VllKinematics {
  mB: number;
  mV: number;
  ml: number;
  /** m_b in the 2m_b/m_B dipole factor. */
  mb: number;
}

export interface VllCoefficients {
  c7: Complex; // C7^eff(q²) including ΔC7
  c9: Complex; // C9^eff(q²) = C9^SM + C9^NP + Y + ΔC9
  c10: number; // C10^SM + C10^NP (real)
  /** C7′ (real; the SM's (m_s/m_b) C7). */
  c7p?: number;
  /** Hard-spectator-scattering terms added to the H_V^− and H_V^0 brackets (spectator-scattering.ts). */
  spectator?: { minus: Complex; zero: Complex };
}

export interface VllAmplitudes {
  V0: Complex;
  Vp: Complex;
  Vm: Complex;
  A0: Complex;
  Ap: Complex;
  Am: Complex;
  P: Complex;
}

/** Helicity amplitudes divided by (−i) and by the normalisation N (N is applied in the J's). */
export function vllAmplitudes(q2: number, k: VllKinematics, ff: VectorFormFactors, c: VllCoefficients): VllAmplitudes {
  const { mB, mV, ml, mb } = k;
  const lam = kallen(mB * mB, mV * mV, q2);
  const sqrtLam = Math.sqrt(Math.max(lam, 0));
  const sqrtQ2 = Math.sqrt(q2);
  // Helicity form factors (spec §4.2)
  const v0 = (4 * mV * ff.A12) / sqrtQ2;
  const vp = 0.5 * ((1 + mV / mB) * ff.A1 - (sqrtLam / (mB * (mB + mV))) * ff.V);
  const vm = 0.5 * ((1 + mV / mB) * ff.A1 + (sqrtLam / (mB * (mB + mV))) * ff.V);
  const t0 = (2 * sqrtQ2 * mV * ff.T23) / (mB * (mB + mV));
  const tp = ((mB * mB - mV * mV) * ff.T2 - sqrtLam * ff.T1) / (2 * mB * mB);
  const tm = ((mB * mB - mV * mV) * ff.T2 + sqrtLam * ff.T1) / (2 * mB * mB);
  const dip = ((mB * mB) / q2) * ((2 * mb) / mB);
  const c7p = c.c7p ?? 0;
  // tOpp = T̃_{−λ} (T̃_{−0} ≡ T̃_0), entering with C7′ (spec §4.5)
  const hv = (v: number, t: number, tOpp: number): Complex =>
    complex(c.c9.re * v + dip * (c.c7.re * t - c7p * tOpp), c.c9.im * v + dip * c.c7.im * t);
  // H_P/(−i) = −(m_ℓ √λ/(q² m_B)) C10 A0 · (i/(−i)) → overall sign irrelevant (only |H_P|² enters).
  const p = ((ml * sqrtLam) / (q2 * mB)) * c.c10 * ff.A0;
  const ss = c.spectator;
  const V0 = hv(v0, t0, t0);
  const Vm = hv(vm, tm, tp);
  return {
    V0: ss ? complex(V0.re + ss.zero.re, V0.im + ss.zero.im) : V0,
    Vp: hv(vp, tp, tm),
    Vm: ss ? complex(Vm.re + ss.minus.re, Vm.im + ss.minus.im) : Vm,
    A0: complex(c.c10 * v0),
    Ap: complex(c.c10 * vp),
    Am: complex(c.c10 * vm),
    P: complex(p),
  };
}

/** Names of the angular coefficients in the order `angularCoefficients` returns them. */
export const J_NAMES = ['1s', '1c', '2s', '2c', '3', '4', '5', '6s', '7', '8', '9'] as const;
export type JName = (typeof J_NAMES)[number];
export const J_INDEX: Record<JName, number> = Object.fromEntries(J_NAMES.map((n, i) => [n, i])) as Record<JName, number>;

/**
 * Angular coefficients J_i(q²) (spec §4.6, HEPfit MVll::I_*) with H_S = 0, written into `out[offset..+11]`.
 * `norm2` = N² = (G_F α_e |λ_t| m_B/(√2π))².
 */
export function angularCoefficients(
  q2: number,
  k: VllKinematics,
  h: VllAmplitudes,
  norm2: number,
  out: Float64Array,
  offset = 0,
): void {
  const { mB, mV, ml } = k;
  const lam = kallen(mB * mB, mV * mV, q2);
  const beta2 = 1 - (4 * ml * ml) / q2;
  if (beta2 <= 0 || lam <= 0) {
    out.fill(0, offset, offset + J_NAMES.length);
    return;
  }
  const beta = Math.sqrt(beta2);
  const F = ((Math.sqrt(lam) * beta * q2) / (96 * Math.PI ** 3 * mB ** 3)) * norm2;
  const r = (ml * ml) / q2;
  const { V0, Vp, Vm, A0, Ap, Am, P } = h;
  const sumT = abs2(Vp) + abs2(Vm) + abs2(Ap) + abs2(Am);
  const diffT = abs2(Vp) + abs2(Vm) - abs2(Ap) - abs2(Am);
  const sumL = abs2(V0) + abs2(A0);
  const diffL = abs2(V0) - abs2(A0);
  const vSum = complex(Vm.re + Vp.re, Vm.im + Vp.im);
  const vDiff = complex(Vm.re - Vp.re, Vm.im - Vp.im);
  const aSum = complex(Am.re + Ap.re, Am.im + Ap.im);
  const aDiff = complex(Am.re - Ap.re, Am.im - Ap.im);
  out[offset + 0] = F * (((beta2 + 2) / 8) * sumT + r * diffT); // J1s
  out[offset + 1] = F * (0.5 * sumL + abs2(P) + 2 * r * diffL); // J1c
  out[offset + 2] = F * (beta2 / 8) * sumT; // J2s
  out[offset + 3] = -F * (beta2 / 2) * sumL; // J2c
  out[offset + 4] = -F * (beta2 / 2) * (reMulConj(Vp, Vm) + reMulConj(Ap, Am)); // J3
  out[offset + 5] = F * (beta2 / 4) * (reMulConj(vSum, V0) + reMulConj(aSum, A0)); // J4
  out[offset + 6] = F * (beta / 2) * (reMulConj(vDiff, A0) + reMulConj(aDiff, V0)); // J5
  out[offset + 7] = F * beta * (reMulConj(Vm, Am) - reMulConj(Vp, Ap)); // J6s
  out[offset + 8] = F * (beta / 2) * (imMulConj(vSum, A0) + imMulConj(aSum, V0)); // J7
  out[offset + 9] = F * (beta2 / 4) * (imMulConj(vDiff, V0) + imMulConj(aDiff, A0)); // J8
  out[offset + 10] = F * (beta2 / 2) * (imMulConj(Vp, Vm) + imMulConj(Ap, Am)); // J9
}

/** dΓ/dq² = ¾(2J1s + J1c) − ¼(2J2s + J2c) (spec §4.7), from a J vector. */
export const rateFromJ = (J: ArrayLike<number>, offset = 0): number =>
  0.75 * (2 * J[offset + 0] + J[offset + 1]) - 0.25 * (2 * J[offset + 2] + J[offset + 3]);
