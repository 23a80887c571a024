/**
 * The θ step of the full flavour likelihood (FlavourThetaTables) in float64: the CPU part every backend
 * runs (prior box, unit discs, δ = θ − centre, the Gaussian priors) and the part the WGSL kernel repeats
 * in float32 (δ → the point layout x, the PDD pseudo-measurements). The physics is that of
 * flavour-hadronic.ts (θ layout, matching to C9, C10), pdd.ts (the h maps) and the
 * correlated Gaussian priors of flavour-theory-inputs.json.
 */
import { type FlavourThetaTables, PSEUDO_CONSTANT } from './flavour-point-layout.ts';

/** Box and disc check of point `row`; writes δ = θ − centre to out[slot·nPar..]. False outside the prior. */
export function stageTheta(t: FlavourThetaTables, points: Float64Array, row: number, out: Float32Array | Float64Array, slot: number): boolean {
  const { nPar: n, lower, upper, discPairs, centre } = t;
  const base = row * n;
  for (let i = 0; i < n; i++) {
    const v = points[base + i];
    if (!(v >= lower[i] && v <= upper[i])) return false;
  }
  for (let k = 0; k < discPairs.length; k++) {
    const a = points[base + discPairs[k]];
    const b = points[base + discPairs[k] + 1];
    if (!(a * a + b * b <= 1)) return false;
  }
  const o = slot * n;
  for (let i = 0; i < n; i++) out[o + i] = points[base + i] - centre[i];
  return true;
}

/**
 * −½ |L⁻¹δ|² summed over the Gaussian prior blocks, δ at d[dOff..] (float64, on the CPU in every backend:
 * the form-factor correlations are strong, so L⁻¹ has large entries of both signs whose sum cancels far
 * below its terms, which float32 would not resolve).
 */
export function gaussianLogPrior(t: FlavourThetaTables, d: ArrayLike<number>, dOff: number): number {
  const { priorBlocks: blocks, priorInverse: inverse } = t;
  let chi2 = 0;
  for (let b = 0; b < blocks.length; b += 3) {
    const off = dOff + blocks[b];
    const n = blocks[b + 1];
    let row = blocks[b + 2];
    for (let i = 0; i < n; i++, row += n) {
      let z = 0;
      for (let j = 0; j <= i; j++) z += inverse[row + j] * d[off + j];
      chi2 += z * z;
    }
  }
  return -0.5 * chi2;
}

/** BSZ form factor at q² (a0 + a1 dz + a2 dz²)/(1 − q²/m_R²), spec §3.1. */
function bsz(a0: number, a1: number, a2: number, dz: number, q2: number, mR: number): number {
  return (a0 + a1 * dz + a2 * dz * dz) / (1 - q2 / (mR * mR));
}

/**
 * δ at d[dOff..] → the point layout at x[xo..] (hOffset: x index of the cartesian h, −1 for PMD); returns
 * −½ χ² of the PDD pseudo-measurements (pddPseudoObservables below, which the model's float64 map calls too; 0 for PMD).
 */
export function thetaTerms(t: FlavourThetaTables, hOffset: number, d: ArrayLike<number>, dOff: number, x: Float64Array, xo: number, pointSize: number): number {
  x.fill(0, xo, xo + pointSize);
  for (let r = 0; r < 4; r++) {
    let s = 0;
    for (let j = 0; j < t.nWc; j++) s += t.wcMap[r * t.nWc + j] * d[dOff + j];
    x[xo + r] = s;
  }
  for (let k = 0; k < t.copyFrom.length; k++) x[xo + t.copyTo[k]] = t.centre[t.copyFrom[k]] + d[dOff + t.copyFrom[k]];
  const h = xo + hOffset;
  for (let i = 0; i < 8 && t.hMode !== 0; i++) {
    const u = d[dOff + t.hFrom + 2 * i];
    const v = d[dOff + t.hFrom + 2 * i + 1];
    if (t.hMode === 1) {
      x[h + 2 * i] = u * Math.cos(v);
      x[h + 2 * i + 1] = u * Math.sin(v);
    } else {
      const scale = t.radii[i] * Math.sqrt(u * u + v * v);
      x[h + 2 * i] = scale * u;
      x[h + 2 * i + 1] = scale * v;
    }
  }
  return t.pseudoValue.length > 0 ? -0.5 * pseudoChi2(t, x, xo + t.pseudoFf, h) : 0;
}

/** Σ ((y_i − value_i)/σ_i)² of the six PDD pseudo-observables. */
function pseudoChi2(t: FlavourThetaTables, x: Float64Array, fo: number, ho: number): number {
  pddPseudoObservables(t.pseudoConstants, x, fo, ho, pseudo);
  let chi2 = 0;
  for (let i = 0; i < 6; i++) chi2 += ((pseudo[i] - t.pseudoValue[i]) / t.pseudoSigma[i]) ** 2;
  return chi2;
}

/** Scratch of pseudoChi2 (one per thread: JavaScript runs one evaluation at a time here). */
const pseudo = new Float64Array(6);

/**
 * The six PDD pseudo-observables in the order of pdd.ts pddPseudoMeasurements (DC7_1, DC7_2, hp0_hm0,
 * |g̃_1,2,3(1 GeV²)|, flavour-spec.md §5.1) into out[0..6), from the K* BSZ coefficients at x[fo..+21] (file
 * order) and the cartesian h_λ at x[ho..+16]; k: the pseudoConstants of the θ tables.
 */
export function pddPseudoObservables(k: ArrayLike<number>, x: Float64Array, fo: number, ho: number, out: Float64Array): void {
  const mB = k[PSEUDO_CONSTANT.mB];
  const mV = k[PSEUDO_CONSTANT.mV];
  const mb = k[PSEUDO_CONSTANT.mb];
  const pi2 = Math.PI * Math.PI;
  const d0 = mB * mB - mV * mV;
  const t10 = x[fo + 12];
  const fm = ((2 * mb) / mB) * ((t10 * d0) / (16 * pi2 * mB * mB));
  const hm0r = x[ho + 4] * fm;
  const hm0i = x[ho + 5] * fm;
  const hp0r = x[ho + 2] + k[PSEUDO_CONSTANT.msOverMb] * hm0r;
  const hp0i = x[ho + 3] + k[PSEUDO_CONSTANT.msOverMb] * hm0i;
  const kappa = (8 * pi2 * mB ** 3) / (d0 * mb * t10);
  out[0] = Math.sqrt((x[ho + 4] - kappa * hp0r) ** 2 + (x[ho + 5] - kappa * hp0i) ** 2);
  out[1] = Math.sqrt((x[ho + 4] + kappa * hp0r) ** 2 + (x[ho + 5] + kappa * hp0i) ** 2);
  out[2] = Math.sqrt(hp0r * hp0r + hp0i * hp0i) / Math.sqrt(hm0r * hm0r + hm0i * hm0i);
  const q2 = 1;
  const lam = mB ** 4 + mV ** 4 + q2 * q2 - 2 * (mB * mB * mV * mV + mB * mB * q2 + mV * mV * q2);
  const sl = Math.sqrt(lam);
  const dz = k[PSEUDO_CONSTANT.dz1];
  const mRp = k[PSEUDO_CONSTANT.mRPlus];
  const mRm = k[PSEUDO_CONSTANT.mRMinus];
  const A1 = bsz(x[fo + 3], x[fo + 4], x[fo + 5], dz, q2, mRp);
  const A12 = bsz(((mB * mB - mV * mV) / (8 * mB * mV)) * x[fo], x[fo + 7], x[fo + 8], dz, q2, mRp);
  const V = bsz(x[fo + 9], x[fo + 10], x[fo + 11], dz, q2, mRm);
  const T1 = bsz(t10, x[fo + 13], x[fo + 14], dz, q2, mRm);
  const T2 = bsz(t10, x[fo + 16], x[fo + 17], dz, q2, mRp);
  const T23 = bsz(x[fo + 18], x[fo + 19], x[fo + 20], dz, q2, mRp);
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
  const hpR = x[ho + 2] + x[ho + 8] * q2 + x[ho + 12] * q2 * q2 + u7 * tp * x[ho + 4] + u9 * vp * x[ho + 10];
  const hpI = x[ho + 3] + x[ho + 9] * q2 + x[ho + 13] * q2 * q2 + u7 * tp * x[ho + 5] + u9 * vp * x[ho + 11];
  const hmR = x[ho + 14] * q2 * q2 + u7 * tm * x[ho + 4] + u9 * vm * x[ho + 10];
  const hmI = x[ho + 15] * q2 * q2 + u7 * tm * x[ho + 5] + u9 * vm * x[ho + 11];
  const h0R = sq * (x[ho] + x[ho + 6] * q2) + u7 * t0 * x[ho + 4] + u9 * v0 * x[ho + 10];
  const h0I = sq * (x[ho + 1] + x[ho + 7] * q2) + u7 * t0 * x[ho + 5] + u9 * v0 * x[ho + 11];
  const c2 = 1 / (2 * k[PSEUDO_CONSTANT.c2]);
  const g1 = c2 * ((-16 * pi2 * mB ** 3 * (mB + mV)) / (sl * V)) / q2;
  out[3] = Math.abs(g1) * Math.sqrt((hmR - hpR) ** 2 + (hmI - hpI) ** 2);
  const g2 = c2 * ((-16 * pi2 * mB ** 3) / ((mB + mV) * A1)) / q2;
  out[4] = Math.abs(g2) * Math.sqrt((hmR + hpR) ** 2 + (hmI + hpI) ** 2);
  const g3 = c2 * ((64 * pi2 * mB ** 3 * mV * (mB + mV)) / (lam * A2));
  const w = (mB * mB - mV * mV - q2) / (4 * mV);
  out[5] = Math.abs(g3) * Math.sqrt(((sq * h0R) / q2 - (w * (hmR + hpR)) / q2) ** 2 + ((sq * h0I) / q2 - (w * (hmI + hpI)) / q2) ** 2);
}
