/**
 * PDD (phenomenological data-driven) hadronic treatment, HEPfit "KD" (flavour-spec.md §5.1): 8 complex
 * h_λ coefficients sampled in polar form with flat priors in |h| and phase (the boxes of
 * flavour-theory-inputs.json PDD_HEPfit_KD), and the Gaussian pseudo-measurements DC7_1, DC7_2, hp0_hm0 and
 * |g̃_{1,2,3}(1 GeV²)| (KMPW at q² = 1 GeV² and the q² → 0 helicity constraints).
 */
import { loadTheoryInputs } from './data-files.ts';
import type { FlavourParameters } from './parameters.ts';
import { H_ORDER } from './vll-point-kernel.ts';

export interface PddPrior {
  /** 16 names (|h|, arg per coefficient in H_ORDER order) and their flat boxes. */
  names: string[];
  lower: number[];
  upper: number[];
}

export function pddPrior(dataDir?: string): PddPrior {
  const set = loadTheoryInputs(dataDir).PDD_HEPfit_KD as { parameters_polar_flat_priors: Record<string, [number, number]> };
  const boxes = Object.values(set.parameters_polar_flat_priors);
  if (boxes.length !== 16) throw new Error(`PDD_HEPfit_KD: expected 16 polar parameters, got ${boxes.length}`);
  const names = H_ORDER.flatMap((h) => [`abs_${h}`, `arg_${h}`]);
  return { names, lower: boxes.map((b) => b[0]), upper: boxes.map((b) => b[1]) };
}

/**
 * How the sampler sees each complex h_λ. 'polar': (|h|, φ) in the boxes of the file, as HEPfit samples
 * them. 'disc' (default): (a, b) on the unit disc with h = R (a, b) √(a² + b²), R the |h| bound of the box.
 * Both carry the same prior — flat in |h| ∈ [0, R] and φ over a full turn: with ρ = √(a² + b²),
 * |h| = Rρ², dh_abs dφ = 2Rρ dρ dφ = 2R da db, a constant Jacobian — but the disc has no edge at |h| = 0
 * and no cut in φ. Those edges are where the polar boxes put the posterior of the h that the data barely
 * constrain (|h_+^(0)|, |h_±^(2)| ≤ 10⁻⁴): there, and around the cut, the affine-invariant moves
 * proposed out of the box most of the time (acceptance 0.03–0.06 on flavour-pdd).
 */
export type PddCoordinates = 'disc' | 'polar';

/** Sampled-coordinate names per coefficient in H_ORDER order (two each). */
export function pddCoordinateNames(coordinates: PddCoordinates): string[] {
  return H_ORDER.flatMap((h) => (coordinates === 'polar' ? [`abs_${h}`, `arg_${h}`] : [`disc_re_${h}`, `disc_im_${h}`]));
}

/** The |h| bound R of each coefficient (H_ORDER order), from the polar boxes; every phase box must be a full turn. */
export function pddRadii(prior: PddPrior): Float64Array {
  const radii = new Float64Array(8);
  for (let i = 0; i < 8; i++) {
    if (prior.lower[2 * i] !== 0) throw new Error(`PDD_HEPfit_KD: the |${H_ORDER[i]}| box must start at 0 for disc coordinates`);
    const turn = prior.upper[2 * i + 1] - prior.lower[2 * i + 1];
    if (Math.abs(turn - 2 * Math.PI) > 1e-6) throw new Error(`PDD_HEPfit_KD: the phase box of ${H_ORDER[i]} is not a full turn`);
    radii[i] = prior.upper[2 * i];
  }
  return radii;
}

/** Disc (a, b) pairs at disc[po..+16] → (re, im) of h = R (a, b) √(a² + b²) at out[oo..+16]. */
export function pddDiscToCartesian(disc: ArrayLike<number>, po: number, radii: Float64Array, out: Float64Array, oo: number): void {
  for (let i = 0; i < 8; i++) {
    const a = disc[po + 2 * i];
    const b = disc[po + 2 * i + 1];
    const scale = radii[i] * Math.sqrt(a * a + b * b);
    out[oo + 2 * i] = scale * a;
    out[oo + 2 * i + 1] = scale * b;
  }
}

/** Polar (|h|, φ) pairs at polar[po..+16] → (re, im) pairs at out[oo..+16]. */
export function pddToCartesian(polar: ArrayLike<number>, po: number, out: Float64Array, oo: number): void {
  for (let i = 0; i < 8; i++) {
    const r = polar[po + 2 * i];
    const phi = polar[po + 2 * i + 1];
    out[oo + 2 * i] = r * Math.cos(phi);
    out[oo + 2 * i + 1] = r * Math.sin(phi);
  }
}

export interface PddPseudoMeasurements {
  names: string[];
  value: Float64Array;
  sigma: Float64Array;
}

export function pddPseudoMeasurements(dataDir?: string): PddPseudoMeasurements {
  const set = loadTheoryInputs(dataDir).PDD_HEPfit_KD as { gaussian_pseudo_observables: { name: string; value: number; sigma: number }[] };
  const list = set.gaussian_pseudo_observables;
  return { names: list.map((o) => o.name), value: Float64Array.from(list, (o) => o.value), sigma: Float64Array.from(list, (o) => o.sigma) };
}

/** BSZ form factor F·3 + k at q² (coefficients a, resonance mass mR), z-expansion of spec §3.1. */
function bsz(a0: number, a1: number, a2: number, dz: number, q2: number, mR: number): number {
  return (a0 + a1 * dz + a2 * dz * dz) / (1 - q2 / (mR * mR));
}

export interface PddKinematics {
  mB: number;
  mV: number;
  /** z(1 GeV²) − z(0) of the BSZ expansion and the resonance masses (A1, A12, V: 1+, 1+, 1−). */
  dz1: number;
  mRPlus: number;
  mRMinus: number;
}

/**
 * The six pseudo-observables in the order of pddPseudoMeasurements (DC7_1, DC7_2, hp0_hm0, |g̃1|, |g̃2|, |g̃3|)
 * from the cartesian h at h[ho..+16] and the K* BSZ coefficients at ff[fo..+21] (file order).
 */
export function pddPseudoObservables(p: FlavourParameters, k: PddKinematics, h: Float64Array, ho: number, ff: Float64Array, fo: number, out: Float64Array): void {
  const { mB, mV } = k;
  const mb = p.mbDipole;
  const pi2 = Math.PI * Math.PI;
  const d0 = mB * mB - mV * mV;
  const t10 = ff[fo + 12]; // a0_T1 = T1(0)
  // h_−(0) = h_−^(0)(2m_b/m_B) T1(0) (m_B² − m_V²)/(16π² m_B²); h_+(0) = h_+^(0) + (m_s/m_b) h_−(0)
  const fm = ((2 * mb) / mB) * ((t10 * d0) / (16 * pi2 * mB * mB));
  const hm0r = h[ho + 4] * fm;
  const hm0i = h[ho + 5] * fm;
  const hp0r = h[ho + 2] + p.msOverMb * hm0r;
  const hp0i = h[ho + 3] + p.msOverMb * hm0i;
  const kappa = (8 * pi2 * mB ** 3) / (d0 * mb * t10);
  out[0] = Math.hypot(h[ho + 4] - kappa * hp0r, h[ho + 5] - kappa * hp0i);
  out[1] = Math.hypot(h[ho + 4] + kappa * hp0r, h[ho + 5] + kappa * hp0i);
  out[2] = Math.hypot(hp0r, hp0i) / Math.hypot(hm0r, hm0i);
  // g̃_i at q² = 1 GeV² from the full h_λ(q²) of spec §4.4
  const q2 = 1;
  const lam = mB ** 4 + mV ** 4 + q2 * q2 - 2 * (mB * mB * mV * mV + mB * mB * q2 + mV * mV * q2);
  const sl = Math.sqrt(lam);
  const dz = k.dz1;
  // A0 = 0 … T23 = 6 in BSZ_FORM_FACTORS order; A12's a0 from the endpoint relation
  const A1 = bsz(ff[fo + 3], ff[fo + 4], ff[fo + 5], dz, q2, k.mRPlus);
  const A12 = bsz(((mB * mB - mV * mV) / (8 * mB * mV)) * ff[fo], ff[fo + 7], ff[fo + 8], dz, q2, k.mRPlus);
  const V = bsz(ff[fo + 9], ff[fo + 10], ff[fo + 11], dz, q2, k.mRMinus);
  const T1 = bsz(t10, ff[fo + 13], ff[fo + 14], dz, q2, k.mRMinus);
  const T2 = bsz(t10, ff[fo + 16], ff[fo + 17], dz, q2, k.mRPlus);
  const T23 = bsz(ff[fo + 18], ff[fo + 19], ff[fo + 20], dz, q2, k.mRPlus);
  const A2 = ((mB + mV) ** 2 * (mB * mB - mV * mV - q2) * A1 - 16 * mB * mV * mV * (mB + mV) * A12) / lam;
  const sq = Math.sqrt(q2);
  const vp = 0.5 * ((1 + mV / mB) * A1 - (sl / (mB * (mB + mV))) * V);
  const vm = 0.5 * ((1 + mV / mB) * A1 + (sl / (mB * (mB + mV))) * V);
  const v0 = (4 * mV * A12) / sq;
  const tp = (d0 * T2 - sl * T1) / (2 * mB * mB);
  const tm = (d0 * T2 + sl * T1) / (2 * mB * mB);
  const t0 = (2 * sq * mV * T23) / (mB * (mB + mV));
  const u7 = (2 * mb) / mB / (16 * pi2);
  const u9 = q2 / (mB * mB) / (16 * pi2);
  const uni = (t: number, v: number, c: number): number => u7 * t * h[ho + 4 + c] + u9 * v * h[ho + 10 + c];
  const hpR = h[ho + 2] + h[ho + 8] * q2 + h[ho + 12] * q2 * q2 + uni(tp, vp, 0);
  const hpI = h[ho + 3] + h[ho + 9] * q2 + h[ho + 13] * q2 * q2 + uni(tp, vp, 1);
  const hmR = h[ho + 14] * q2 * q2 + uni(tm, vm, 0);
  const hmI = h[ho + 15] * q2 * q2 + uni(tm, vm, 1);
  const h0R = sq * (h[ho] + h[ho + 6] * q2) + uni(t0, v0, 0);
  const h0I = sq * (h[ho + 1] + h[ho + 7] * q2) + uni(t0, v0, 1);
  const c2 = 1 / (2 * p.wc.C2);
  const g1 = c2 * ((-16 * pi2 * mB ** 3 * (mB + mV)) / (sl * V)) / q2;
  out[3] = Math.abs(g1) * Math.hypot(hmR - hpR, hmI - hpI);
  const g2 = c2 * ((-16 * pi2 * mB ** 3) / ((mB + mV) * A1)) / q2;
  out[4] = Math.abs(g2) * Math.hypot(hmR + hpR, hmI + hpI);
  const g3 = c2 * ((64 * pi2 * mB ** 3 * mV * (mB + mV)) / (lam * A2));
  const w = (mB * mB - mV * mV - q2) / (4 * mV);
  out[5] = Math.abs(g3) * Math.hypot((sq * h0R) / q2 - (w * (hmR + hpR)) / q2, (sq * h0I) / q2 - (w * (hmI + hpI)) / q2);
}
