/**
 * Hard spectator scattering in B → K* ℓℓ at large recoil (QCD factorisation: Beneke–Feldmann–Seidel,
 * hep-ph/0106067 [BFS01] and hep-ph/0412400 [BFS05]; the terms flavio's `bvll/qcdf.py` includes):
 *
 *  - T_⊥ = ∫du φ_⊥(u) { N/λ_{B,+} [T_⊥,+^(O8) + T_⊥,+^(4q)] + N T_⊥^(WA,1)/(ū + u q²/m_B²) }
 *          + N/λ_{B,+} (f_∥/f_⊥) m_V/(1 − q²/m_B²) T_⊥^(WA,2),       N = π²/3 f_B f_⊥/m_B
 *    (BFS01 eqs. (15), (23)–(26); the O(1/m_b) weak-annihilation pieces of BFS05 eq. (51));
 *  - T_∥ = ∫du φ_∥(u) { N/λ_{B,−}(q²) [T_∥,−^(WA) + T_∥,−^(O8) + T_∥,−^(4q)] + N/λ_{B,+} T_∥,+^(4q) },
 *          N = π²/3 f_B f_∥/m_B · m_V/E_V   (BFS01 eqs. (15), (18), (23)–(26); BFS05 eqs. (47)–(48)),
 *
 * with the K* light-cone distribution amplitude φ(u) = 6uū[1 + a1 C1^{3/2}(2u−1) + a2 C2^{3/2}(2u−1)] and
 * λ_{B,−}(q²)⁻¹ = e^{−q²/(m_B ω0)}/ω0 [−Ei(q²/(m_B ω0)) + iπ] (BFS01 eq. (54)). m_b, m_c are pole masses.
 *
 * They enter only H_V^− and H_V^0. In the bracket of b-to-kstar-ll.ts (H_V^λ = −iN[…]) the terms are
 *   Δ_− = 2 m_b (m_B² − q²) T_⊥/(q² m_B),   Δ_0 = −m_b (m_B² − q²)² T_∥/(2 m_B³ m_V √q²),   Δ_+ = 0,
 * which is flavio's `transversity_amps_qcdf` (perp_L = −para_L = N √2·2(m_B²−q²) m_b T_⊥/q², 0_L =
 * N m_b (m_B²−q²)² T_∥/(m_B² m_V √q²), N = prefactor/4) mapped through its `transversity_to_helicity` and
 * the overall factors ∓i·m_B between flavio's and this project's amplitudes (flavour-spec.md §4.5).
 * They depend only on the SM C1–C8, so they are the same at every (C9^NP, C10^NP) point.
 */
import { type Complex, add, complex, mul, scale, sub } from './complex.ts';
import { catan, clog, csqrt, ei, li2 } from './complex-functions.ts';
import { fermionLoop } from './charm-loop.ts';
import type { SmWilsonCoefficients } from './parameters.ts';
import { gaussLegendre } from './quadrature.ts';
import type { SpectatorInputs } from './spectator-inputs.ts';

export interface SpectatorKinematics {
  mB: number;
  mV: number;
  /** Pole masses (BFS01 use the pole scheme for m_b and m_c in these loops). */
  mb: number;
  mc: number;
  mu: number;
  alphaS: number;
}

const ED = -1 / 3;
const EU = 2 / 3;
/** i·ε of the Feynman prescription m² → m² − iε, as in the reference implementation (flavio `qcdf.py`). */
const I_EPSILON = 1e-8;

const energyV = (mB: number, mV: number, q2: number): number => (mB * mB - q2 + mV * mV) / (2 * mB);

/** L1(x) of BFS01 eq. (32): ln((x−1)/x) ln(1−x) − π²/6 + Li2(x/(x−1)). */
export function L1(x: Complex): Complex {
  if (x.re === 0 && x.im === 0) return complex(-(Math.PI ** 2) / 6);
  if (x.re === 1 && x.im === 0) return complex(0);
  const xm1 = complex(x.re - 1, x.im);
  const ratio = divC(xm1, x);
  return add(sub(mul(clog(ratio), clog(complex(1 - x.re, -x.im))), complex((Math.PI ** 2) / 6)), li2(divC(x, xm1)));
}

function divC(a: Complex, b: Complex): Complex {
  const d = b.re * b.re + b.im * b.im;
  return complex((a.re * b.re + a.im * b.im) / d, (a.im * b.re - a.re * b.im) / d);
}

/** B0(s, m) of BFS01 eq. (29) with m² → m² − iε. */
function B0(s: number, m: number): Complex {
  if (s === 0) return complex(-2);
  if ((4 * m * m) / s === 1) return complex(0);
  const r = csqrt(complex((4 * m * m) / s - 1, (-4 * I_EPSILON) / s));
  return scale(mul(r, catan(divC(complex(1), r))), -2);
}

/** B0(ū m_B² + u q², m) − B0(q², m). */
export function B0diff(q2: number, u: number, m: number, mB: number): Complex {
  const s = (1 - u) * mB * mB + u * q2;
  if (m === 0) return complex(Math.log(q2 / s)); // the iπ of both logarithms cancels
  return sub(B0(s, m), B0(q2, m));
}

/** I1(u) of BFS01 eqs. (30)–(31) with m² → m² − iε (exactly 1 for a massless quark). */
export function I1(q2: number, u: number, m: number, mB: number): Complex {
  if (m === 0) return complex(1);
  const ubar = 1 - u;
  const m2 = complex(m * m, -I_EPSILON);
  const s = ubar * mB * mB + u * q2;
  const x0 = csqrt(complex(0.25 - m2.re / s, -m2.im / s));
  const y0 = csqrt(complex(0.25 - m2.re / q2, -m2.im / q2));
  const sumL = sub(
    add(L1(complex(0.5 + x0.re, x0.im)), L1(complex(0.5 - x0.re, -x0.im))),
    add(L1(complex(0.5 + y0.re, y0.im)), L1(complex(0.5 - y0.re, -y0.im))),
  );
  return add(complex(1), mul(scale(m2, 2 / (ubar * (mB * mB - q2))), sumL));
}

/** t_⊥(u, m) of BFS01 eq. (27). */
export function tPerp(q2: number, u: number, m: number, k: SpectatorKinematics): Complex {
  const E = energyV(k.mB, k.mV, q2);
  const ubar = 1 - u;
  return add(scale(I1(q2, u, m, k.mB), (2 * k.mB) / (ubar * E)), scale(B0diff(q2, u, m, k.mB), q2 / (ubar * ubar * E * E)));
}

/** t_∥(u, m) of BFS01 eq. (28). */
export function tPara(q2: number, u: number, m: number, k: SpectatorKinematics): Complex {
  const E = energyV(k.mB, k.mV, q2);
  const ubar = 1 - u;
  const s = ubar * k.mB * k.mB + u * q2;
  return add(scale(I1(q2, u, m, k.mB), (2 * k.mB) / (ubar * E)), scale(B0diff(q2, u, m, k.mB), s / (ubar * ubar * E * E)));
}

/** The Gegenbauer pieces 6uū C_k^{3/2}(2u − 1), k = 0, 1, 2, of the LCDA phiV. */
function gegenbauerPieces(u: number): [number, number, number] {
  const x = 2 * u - 1;
  const g = 6 * u * (1 - u);
  return [g, g * 3 * x, g * 1.5 * (5 * x * x - 1)];
}

/** K* light-cone distribution amplitude to second order in Gegenbauer polynomials C_n^{3/2}. */
export function phiV(u: number, a1: number, a2: number): number {
  const [g0, g1, g2] = gegenbauerPieces(u);
  return g0 + a1 * g1 + a2 * g2;
}

/** 1/λ_{B,−}(q²) in the exponential model with ω0 = λ_{B,+} (BFS01 eq. (54)). */
export function inverseLambdaBMinus(q2: number, mB: number, omega0: number): Complex {
  const x = q2 / (mB * omega0);
  const pre = Math.exp(-x) / omega0;
  return complex(-pre * ei(x), pre * Math.PI);
}

/** C_q^{34} − ε_u C_q^{12} (BFS05 eqs. (47)–(48)): the four-quark combination of weak annihilation. */
function weakAnnihilationCoefficient(wc: SmWilsonCoefficients, inp: SpectatorInputs): number {
  const top = wc.C3 + (4 / 3) * (wc.C4 + 12 * wc.C5 + 16 * wc.C6) + (inp.strangeVector ? 6 * (wc.C3 + 10 * wc.C5) : 0);
  // An up-type spectator (B+ → K*+) also annihilates through O2 (flavio `Cq34`); for B0 → K*0 the u piece is 0.
  const up = inp.spectatorCharge > 0 ? -3 * wc.C2 : 0;
  return top + inp.epsilonU * up;
}

/** Four-quark (light, charm and bottom loop) kernel T_⊥,+ (BFS01 eqs. (23)–(26)). */
function tPerpPlus4q(q2: number, u: number, wc: SmWilsonCoefficients, k: SpectatorKinematics, epsU: number): Complex {
  const tc = tPerp(q2, u, k.mc, k);
  const tb = tPerp(q2, u, k.mb, k);
  const t0 = tPerp(q2, u, 0, k);
  const pre = (k.alphaS / (3 * Math.PI)) * (k.mB / (2 * k.mb));
  const { C1, C2, C3, C4, C5, C6 } = wc;
  const top = add(
    add(
      scale(tc, EU * (-C1 / 6 + C2 + 6 * C6)),
      scale(tb, ED * (C3 - C4 / 6 + 16 * C5 + (10 * C6) / 3 + (k.mb / k.mB) * (-C3 + C4 / 6 - 4 * C5 + (2 * C6) / 3))),
    ),
    scale(t0, ED * (C3 - C4 / 6 + 16 * C5 - (8 * C6) / 3)),
  );
  const upQuark = scale(sub(tc, t0), EU * (C2 - C1 / 6));
  return scale(add(top, scale(upQuark, epsU)), pre);
}

/** Four-quark kernel T_∥,+ (BFS01 eqs. (23)–(26)). */
function tParaPlus4q(q2: number, u: number, wc: SmWilsonCoefficients, k: SpectatorKinematics, epsU: number): Complex {
  const tc = tPara(q2, u, k.mc, k);
  const tb = tPara(q2, u, k.mb, k);
  const t0 = tPara(q2, u, 0, k);
  const pre = (k.alphaS / (3 * Math.PI)) * (k.mB / k.mb);
  const { C1, C2, C3, C4, C5, C6 } = wc;
  const top = add(
    add(scale(tc, EU * (-C1 / 6 + C2 + 6 * C6)), scale(tb, ED * (C3 - C4 / 6 + 16 * C5 + (10 * C6) / 3))),
    scale(t0, ED * (C3 - C4 / 6 + 16 * C5 - (8 * C6) / 3)),
  );
  const upQuark = scale(sub(tc, t0), EU * (C2 - C1 / 6));
  return scale(add(top, scale(upQuark, epsU)), pre);
}

/** Four-quark kernel T_∥,− (BFS01 eqs. (23)–(26)): fermion loops at s = ū m_B² + u q². */
function tParaMinus4q(q2: number, u: number, wc: SmWilsonCoefficients, k: SpectatorKinematics, eq: number, epsU: number): Complex {
  const s = (1 - u) * k.mB * k.mB + u * q2;
  const hc = fermionLoop(s, k.mc, k.mu);
  const hb = fermionLoop(s, k.mb, k.mu);
  const h0 = fermionLoop(s, 0, k.mu);
  const pre = (k.alphaS / (3 * Math.PI)) * eq * 6 * (k.mB / k.mb);
  const { C1, C2, C3, C4, C5, C6 } = wc;
  const top = add(
    add(scale(hc, -C1 / 6 + C2 + C4 + 10 * C6), scale(hb, C3 + (5 * C4) / 6 + 16 * C5 + (22 * C6) / 3)),
    complex(h0.re * (C3 + (17 * C4) / 6 + 16 * C5 + (82 * C6) / 3) - (8 / 27) * ((-15 * C4) / 2 + 12 * C5 - 32 * C6),
      h0.im * (C3 + (17 * C4) / 6 + 16 * C5 + (82 * C6) / 3)),
  );
  const upQuark = scale(sub(hc, h0), C2 - C1 / 6);
  return scale(add(top, scale(upQuark, epsU)), pre);
}

/** Integration nodes in u ∈ (0, 1), split at the charm threshold ū m_B² + u q² = 4m_c² (a square-root kink). */
function uNodes(q2: number, k: SpectatorKinematics, order: number): { u: number[]; w: number[] } {
  const uSing = (k.mB * k.mB - 4 * k.mc * k.mc) / (k.mB * k.mB - q2);
  const breaks = uSing > 0 && uSing < 1 ? [0, uSing, 1] : [0, 1];
  const { x, w } = gaussLegendre(order);
  const us: number[] = [];
  const ws: number[] = [];
  for (let b = 0; b + 1 < breaks.length; b++) {
    const [a, c] = [breaks[b], breaks[b + 1]];
    for (let i = 0; i < x.length; i++) {
      us.push(a + 0.5 * (c - a) * (x[i] + 1));
      ws.push(0.5 * (c - a) * w[i]);
    }
  }
  return { u: us, w: ws };
}

export interface SpectatorTerms {
  tPerp: Complex;
  tPara: Complex;
}

/**
 * T_⊥ and T_∥ at q² split by their dependence on the distribution-amplitude inputs, so that λ_{B,+} and the
 * Gegenbauer moments can be sampled without redoing the u integrals (the LCDA is linear in a1, a2, and 1/λ_{B,+},
 * 1/λ_{B,−}(q²) multiply whole kernels). With a = (1, a1, a2) of the meson's ⊥ or ∥ amplitude,
 *   T_⊥ = (f_B/f_B,ref) [ (1/λ_{B,+}) Σ_k a_k perpPlus_k + Σ_k a_k perpPower_k ],
 *   T_∥ = (f_B/f_B,ref) [ λ_{B,−}(q²)⁻¹ Σ_k a_k paraMinus_k + (1/λ_{B,+}) Σ_k a_k paraPlus_k ],
 * with λ_{B,−}(q²)⁻¹ of the exponential model at ω0 = λ_{B,+} (inverseLambdaBMinus). f_B,ref is the f_B of the
 * inputs the basis was built with; f_⊥, f_∥ and the Wilson coefficients are fixed. Each entry is three complex
 * numbers, k = 0, 1, 2.
 */
export interface SpectatorBasis {
  perpPlus: Complex[];
  perpPower: Complex[];
  paraMinus: Complex[];
  paraPlus: Complex[];
}

export function spectatorBasis(q2: number, k: SpectatorKinematics, wc: SmWilsonCoefficients, inp: SpectatorInputs, order = 24): SpectatorBasis {
  const { mB, mV, mb } = k;
  const eq = inp.spectatorCharge;
  const epsU = inp.epsilonU;
  const as3pi = k.alphaS / (3 * Math.PI);
  const nPerp = ((Math.PI ** 2) / 3) * ((inp.fB * inp.fPerp) / mB);
  const nPara = ((Math.PI ** 2) / 3) * ((inp.fB * inp.fPara) / mB) * (mV / energyV(mB, mV, q2));
  const cq34 = weakAnnihilationCoefficient(wc, inp);
  const waPara = (-eq * 4 * mB * cq34) / mb; // T_∥,−^(WA), BFS01 eq. (18)
  // O(1/m_b) weak annihilation in T_⊥ (BFS05 eq. (51))
  const waPerp1 = ((-eq * 4) / mb) * (wc.C3 + (4 / 3) * (wc.C4 + 3 * wc.C5 + 4 * wc.C6));
  const waPerp2 = ((eq * 2) / mb) * cq34;
  const zero = (): Complex[] => [complex(0), complex(0), complex(0)];
  const basis: SpectatorBasis = { perpPlus: zero(), perpPower: zero(), paraMinus: zero(), paraPlus: zero() };
  const accumulate = (into: Complex[], g: readonly number[], v: Complex, weight: number): void => {
    for (let j = 0; j < 3; j++) into[j] = add(into[j], scale(v, weight * g[j]));
  };
  const { u: us, w: ws } = uNodes(q2, k, order);
  for (let n = 0; n < us.length; n++) {
    const u = us[n];
    const ubar = 1 - u;
    const g = gegenbauerPieces(u);
    // T_⊥: O8 (BFS01 eq. (23)) and four-quark terms over λ_{B,+}, plus the WA power correction
    const perpO8 = (-as3pi * 4 * ED * wc.C8eff) / (u + (ubar * q2) / (mB * mB));
    accumulate(basis.perpPlus, g, add(complex(perpO8), tPerpPlus4q(q2, u, wc, k, epsU)), nPerp * ws[n]);
    accumulate(basis.perpPower, g, complex(waPerp1 / (ubar + (u * q2) / (mB * mB))), nPerp * ws[n]);
    // T_∥: WA, O8 and four-quark terms over λ_{B,−}(q²), four-quark terms over λ_{B,+}
    const paraO8 = (as3pi * eq * 8 * wc.C8eff) / (ubar + (u * q2) / (mB * mB));
    accumulate(basis.paraMinus, g, add(complex(waPara + paraO8), tParaMinus4q(q2, u, wc, k, eq, epsU)), nPara * ws[n]);
    accumulate(basis.paraPlus, g, tParaPlus4q(q2, u, wc, k, epsU), nPara * ws[n]);
  }
  // the WA term of BFS05 eq. (51) with f_∥ over λ_{B,+}, independent of the LCDA: on the a_0 piece
  basis.perpPlus[0] = add(basis.perpPlus[0], complex(nPerp * (inp.fPara / inp.fPerp) * (mV / (1 - q2 / (mB * mB))) * waPerp2));
  return basis;
}

/** T_⊥, T_∥ from the basis at λ_{B,+} = lambdaB and moments (a1, a2) for ⊥ and ∥, at the basis' own f_B. */
function spectatorFromBasis(b: SpectatorBasis, q2: number, mB: number, lambdaB: number, perp: readonly [number, number], para: readonly [number, number]): SpectatorTerms {
  const ap = [1, perp[0], perp[1]];
  const al = [1, para[0], para[1]];
  const lbMinusInv = inverseLambdaBMinus(q2, mB, lambdaB);
  let tp = complex(0);
  let tl = complex(0);
  for (let j = 0; j < 3; j++) {
    tp = add(tp, scale(add(scale(b.perpPlus[j], 1 / lambdaB), b.perpPower[j]), ap[j]));
    tl = add(tl, scale(add(mul(b.paraMinus[j], lbMinusInv), scale(b.paraPlus[j], 1 / lambdaB)), al[j]));
  }
  return { tPerp: tp, tPara: tl };
}

/** T_⊥ and T_∥ at q² (the form-factor-independent spectator parts of BFS01 eq. (15) plus BFS05 eq. (51)). */
export function spectatorAmplitudes(
  q2: number,
  k: SpectatorKinematics,
  wc: SmWilsonCoefficients,
  inp: SpectatorInputs,
  order = 24,
): SpectatorTerms {
  const b = spectatorBasis(q2, k, wc, inp, order);
  return spectatorFromBasis(b, q2, k.mB, inp.lambdaBPlus, [inp.a1Perp, inp.a2Perp], [inp.a1Para, inp.a2Para]);
}

/** The factors that turn T_⊥ into Δ_− and T_∥ into Δ_0 (see the header). */
export function spectatorShiftFactors(q2: number, k: Pick<SpectatorKinematics, 'mB' | 'mV' | 'mb'>): { minus: number; zero: number } {
  const { mB, mV, mb } = k;
  const d = mB * mB - q2;
  return { minus: (2 * mb * d) / (q2 * mB), zero: -(mb * d * d) / (2 * mB ** 3 * mV * Math.sqrt(q2)) };
}

/** Additive terms Δ_− and Δ_0 of the H_V brackets of b-to-kstar-ll.ts (Δ_+ = 0). */
export interface SpectatorShifts {
  minus: Complex;
  zero: Complex;
}

/** Largest q² where the spectator terms are applied (flavio: QCDF is evaluated, and tabulated, below 9 GeV²). */
export const SPECTATOR_Q2_MAX = 9;

export function spectatorShifts(q2: number, k: SpectatorKinematics, wc: SmWilsonCoefficients, inp: SpectatorInputs): SpectatorShifts {
  if (q2 >= SPECTATOR_Q2_MAX) return { minus: complex(0), zero: complex(0) };
  const { tPerp: tp, tPara: tl } = spectatorAmplitudes(q2, k, wc, inp);
  const f = spectatorShiftFactors(q2, k);
  return { minus: scale(tp, f.minus), zero: scale(tl, f.zero) };
}
