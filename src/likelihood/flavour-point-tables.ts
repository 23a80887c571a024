/**
 * The measurement part of the full b → sℓℓ likelihood (PDD/PMD, every hadronic input free) as flat tables,
 * and its float64 evaluation: the one description that both the `cpu` backend and the WGSL kernel
 * (kernels/flavour-point-wgsl.ts) evaluate.
 *
 * Input per point: the point layout x (Wilson coefficients at μ_b, all form-factor coefficients, the
 * cartesian PDD h_λ or the PMD numbers, f_Bs), built from θ by the θ step (flavour-point-theta.ts).
 *
 *   1. per q² bin, the τ-weighted Gauss–Legendre integrals of the 11 J_i of B → V ℓℓ (V = K*, φ) and of
 *      dΓ/dq² of B → K ℓℓ, from per-node tables (kinematics, SM coefficients with NLO and spectator terms,
 *      form-factor basis values) and per-kernel constants (masses, C7′, C10^SM);
 *   2. per observable a plan (angular ratio, rate, ratio of rates, B_s → ℓℓ, B → Vγ) over those integrals;
 *   3. t_o = gain_o · y_o − target_o (gain = 1/σ_o, target = y_exp,o/σ_o), w = W t with W = L⁻¹ diag(σ)
 *      lower triangular (L the Cholesky factor of the measurement covariance; row k starts at rowStart[k]),
 *      log L = −½ |w|².
 *
 * The physics of each step is that of vll-point-kernel.ts, pll-point-kernel.ts, point-observables.ts and
 * radiative.ts (flavour-spec.md §4–8), which build these tables; only the arithmetic lives here, in the
 * order the kernel repeats it.
 */

import {
  BSZ_A0_A1,
  BSZ_A0_T1,
  BSZ_A0_V,
  type FlavourPointTables,
  N_BCL,
  N_BSZ,
  N_J,
  PLAN,
  PLL_CONSTANT,
  PLL_NODE,
  PMD_JPSI_MASS2,
  RADIATIVE_CONSTANT,
  VLL_CONSTANT,
  VLL_NODE,
} from './flavour-point-layout.ts';

export { scratchSize, type FlavourPointTables } from './flavour-point-layout.ts';

/** τ-weighted J_i integrals of B → V bin `bin` at x[xo..] into s[11·bin..]. */
function vllBin(t: FlavourPointTables, bin: number, x: Float64Array, xo: number, s: Float64Array): void {
  const nodes = t.vllNodes;
  const k = t.vllBinKernel[bin];
  const c = t.vllConstants;
  const co = k * VLL_CONSTANT.stride;
  const mB = c[co + VLL_CONSTANT.mB];
  const mV = c[co + VLL_CONSTANT.mV];
  const ml = c[co + VLL_CONSTANT.ml];
  const c7p = c[co + VLL_CONSTANT.c7p];
  const np = xo + c[co + VLL_CONSTANT.np];
  const c9np = x[np];
  const c10 = c[co + VLL_CONSTANT.c10] + x[np + 1];
  const fi = t.vllFfIndex;
  const fo = k * N_BSZ;
  const ff = (i: number): number => x[xo + fi[fo + i]];
  const aA0 = ff(0);
  const aA12 = c[co + VLL_CONSTANT.a12Endpoint] * aA0;
  const aT1 = ff(12);
  const ho = t.hOffset >= 0 ? xo + t.hOffset : -1;
  const h = (i: number): number => (ho >= 0 ? x[ho + i] : 0);
  const h00r = h(0), h00i = h(1), hp0r = h(2), hp0i = h(3), hm0r = h(4), hm0i = h(5), h01r = h(6), h01i = h(7);
  const hp1r = h(8), hp1i = h(9), hm1r = h(10), hm1i = h(11), hp2r = h(12), hp2i = h(13), hm2r = h(14), hm2i = h(15);
  const pmdOffset = t.pmdOffset >= 0 ? xo + t.pmdOffset : -1;
  const mB2 = mB * mB;
  const mV2 = mV * mV;
  const dipBase = (2 * c[co + VLL_CONSTANT.mb]) / mB;
  const sixteenPi2 = 16 * Math.PI * Math.PI;
  const ys = c[co + VLL_CONSTANT.ys];
  let m1s = 0, m2s = 0, m3 = 0; // B_s → φ: h_1s/2, h_2s/2, h_3/2 of the time integration (time-integration.ts)
  let j1s = 0, j1c = 0, j2s = 0, j2c = 0, j3 = 0, j4 = 0, j5 = 0, j6s = 0, j7 = 0, j8 = 0, j9 = 0;
  for (let n = t.vllBinNodes[bin]; n < t.vllBinNodes[bin + 1]; n++) {
    const o = n * VLL_NODE.stride;
    const w = nodes[o + VLL_NODE.weight];
    if (w === 0) continue;
    const q2 = nodes[o + VLL_NODE.q2];
    const sq = nodes[o + VLL_NODE.sqrtQ2];
    const sl = nodes[o + VLL_NODE.sqrtLambda];
    const b = o + VLL_NODE.basis;
    const A0 = aA0 * nodes[b] + ff(1) * nodes[b + 1] + ff(2) * nodes[b + 2];
    const A1 = ff(3) * nodes[b + 3] + ff(4) * nodes[b + 4] + ff(5) * nodes[b + 5];
    const A12 = aA12 * nodes[b + 6] + ff(7) * nodes[b + 7] + ff(8) * nodes[b + 8];
    const V = ff(9) * nodes[b + 9] + ff(10) * nodes[b + 10] + ff(11) * nodes[b + 11];
    const T1 = aT1 * nodes[b + 12] + ff(13) * nodes[b + 13] + ff(14) * nodes[b + 14];
    const T2 = aT1 * nodes[b + 15] + ff(16) * nodes[b + 16] + ff(17) * nodes[b + 17];
    const T23 = ff(18) * nodes[b + 18] + ff(19) * nodes[b + 19] + ff(20) * nodes[b + 20];
    const v0 = (4 * mV * A12) / sq;
    const vA = 0.5 * (1 + mV / mB) * A1;
    const vV = (0.5 * sl * V) / (mB * (mB + mV));
    const vp = vA - vV;
    const vm = vA + vV;
    const t0 = (2 * sq * mV * T23) / (mB * (mB + mV));
    const tA = ((mB2 - mV2) * T2) / (2 * mB2);
    const tV = (sl * T1) / (2 * mB2);
    const tp = tA - tV;
    const tm = tA + tV;
    const dip = (mB2 / q2) * dipBase;
    const hfac = (mB2 / q2) * sixteenPi2;
    const c7r = nodes[o + VLL_NODE.c7Re] - hm0r;
    const c7i = nodes[o + VLL_NODE.c7Im] - hm0i;
    const c9r = nodes[o + VLL_NODE.c9Re] + c9np - hm1r;
    const c9i = nodes[o + VLL_NODE.c9Im] - hm1i;
    const q4 = q2 * q2;
    const hpR = hp0r + hp1r * q2 + hp2r * q4;
    const hpI = hp0i + hp1i * q2 + hp2i * q4;
    const hmR = hm2r * q4;
    const hmI = hm2i * q4;
    const h0R = sq * (h00r + h01r * q2);
    const h0I = sq * (h00i + h01i * q2);
    let V0r = c9r * v0 + dip * (c7r * t0 - c7p * t0) - hfac * h0R + nodes[o + VLL_NODE.spectatorZeroRe];
    let V0i = c9i * v0 + dip * c7i * t0 - hfac * h0I + nodes[o + VLL_NODE.spectatorZeroIm];
    let Vpr = c9r * vp + dip * (c7r * tp - c7p * tm) - hfac * hpR;
    let Vpi = c9i * vp + dip * c7i * tp - hfac * hpI;
    let Vmr = c9r * vm + dip * (c7r * tm - c7p * tp) - hfac * hmR + nodes[o + VLL_NODE.spectatorMinusRe];
    let Vmi = c9i * vm + dip * c7i * tm - hfac * hmI + nodes[o + VLL_NODE.spectatorMinusIm];
    if (pmdOffset >= 0) {
      const v0A1 = ((mB + mV) * (mB + mV) * (mB2 - mV2 - q2) * A1) / (4 * mB * mV * (mB + mV) * sq);
      const v0A2 = v0 - v0A1;
      const gr = nodes[o + VLL_NODE.charmRe];
      const gi = nodes[o + VLL_NODE.charmIm];
      let d1r = 0, d1i = 0, d2r = 0, d2i = 0, d3r = 0, d3i = 0;
      for (let i = 0; i < 3; i++) {
        const b4 = pmdOffset + 4 * i;
        const shape = (x[b4] * (1 - 1 / q2) + x[b4 + 2] / q2) / (1 + (x[b4 + 1] * (1 - q2)) / PMD_JPSI_MASS2);
        const re = shape + gr;
        const cs = Math.cos(x[b4 + 3]);
        const sn = Math.sin(x[b4 + 3]);
        const dr = cs * re - sn * gi;
        const di = sn * re + cs * gi;
        if (i === 0) (d1r = dr), (d1i = di);
        else if (i === 1) (d2r = dr), (d2i = di);
        else (d3r = dr), (d3i = di);
      }
      Vpr += d2r * vA - d1r * vV;
      Vpi += d2i * vA - d1i * vV;
      Vmr += d2r * vA + d1r * vV;
      Vmi += d2i * vA + d1i * vV;
      V0r += d2r * v0A1 + d3r * v0A2;
      V0i += d2i * v0A1 + d3i * v0A2;
    }
    const A0h = c10 * v0;
    const Aph = c10 * vp;
    const Amh = c10 * vm;
    const P = ((ml * sl) / (q2 * mB)) * c10 * A0;
    const beta = nodes[o + VLL_NODE.beta];
    const beta2 = nodes[o + VLL_NODE.beta2];
    const r = nodes[o + VLL_NODE.r];
    const absVp = Vpr * Vpr + Vpi * Vpi;
    const absVm = Vmr * Vmr + Vmi * Vmi;
    const absV0 = V0r * V0r + V0i * V0i;
    const sumT = absVp + absVm + Aph * Aph + Amh * Amh;
    const diffT = absVp + absVm - Aph * Aph - Amh * Amh;
    const sumL = absV0 + A0h * A0h;
    const diffL = absV0 - A0h * A0h;
    const sVr = Vmr + Vpr;
    const sVi = Vmi + Vpi;
    const dVr = Vmr - Vpr;
    const dVi = Vmi - Vpi;
    const sA = Amh + Aph;
    const dA = Amh - Aph;
    j1s += w * (((beta2 + 2) / 8) * sumT + r * diffT);
    j1c += w * (0.5 * sumL + P * P + 2 * r * diffL);
    j2s += w * (beta2 / 8) * sumT;
    j2c -= w * (beta2 / 2) * sumL;
    j3 -= w * (beta2 / 2) * (Vpr * Vmr + Vpi * Vmi + Aph * Amh);
    j4 += w * (beta2 / 4) * (sVr * V0r + sVi * V0i + sA * A0h);
    j5 += w * (beta / 2) * (dVr * A0h + dA * V0r);
    j6s += w * beta * (Vmr * Amh - Vpr * Aph);
    j7 += w * (beta / 2) * (sVi * A0h - sA * V0i);
    j8 += w * (beta2 / 4) * (dVi * V0r - dVr * V0i);
    j9 += w * (beta2 / 2) * (Vpi * Vmr - Vpr * Vmi);
    if (ys !== 0) {
      const crossV = Vpr * Vmr + Vpi * Vmi;
      const crossA = Aph * Amh;
      m1s += w * (((beta2 + 2) / 4) * (crossV + crossA) + 2 * r * (crossV - crossA));
      m2s += w * (beta2 / 4) * (crossV + crossA);
      m3 -= w * (beta2 / 4) * (absVp + absVm + Aph * Aph + Amh * Amh);
    }
  }
  if (ys !== 0) {
    // untagged time integration: Σ̃_i = (J_i − y h_i/2)/(1 − y²); longitudinal and 0–± terms 1/(1 + y)
    const inv = 1 / (1 - ys * ys);
    const longitudinal = 1 / (1 + ys);
    j1s = (j1s - ys * m1s) * inv;
    j1c *= longitudinal;
    j2s = (j2s - ys * m2s) * inv;
    j2c *= longitudinal;
    j3 = (j3 - ys * m3) * inv;
    j4 *= longitudinal;
    j5 *= inv;
    j6s *= inv;
    j7 *= longitudinal;
    j8 *= inv;
    j9 *= inv;
  }
  const k0 = N_J * bin;
  s[k0] = j1s;
  s[k0 + 1] = j1c;
  s[k0 + 2] = j2s;
  s[k0 + 3] = j2c;
  s[k0 + 4] = j3;
  s[k0 + 5] = j4;
  s[k0 + 6] = j5;
  s[k0 + 7] = j6s;
  s[k0 + 8] = j7;
  s[k0 + 9] = j8;
  s[k0 + 10] = j9;
}

/** τ-weighted ∫ dΓ/dq² of B → K bin `bin` (BHP form, spec §7). */
function pllBin(t: FlavourPointTables, bin: number, x: Float64Array, xo: number): number {
  const nodes = t.pllNodes;
  const k = t.pllBinKernel[bin];
  const c = t.pllConstants;
  const co = k * PLL_CONSTANT.stride;
  const mB = c[co + PLL_CONSTANT.mB];
  const mK = c[co + PLL_CONSTANT.mK];
  const ml = c[co + PLL_CONSTANT.ml];
  const np = xo + c[co + PLL_CONSTANT.np];
  const c9np = x[np];
  const c10 = c[co + PLL_CONSTANT.c10] + x[np + 1];
  const fo = k * N_BCL;
  const ff = (i: number): number => x[xo + t.pllFfIndex[fo + i]];
  const bp0 = ff(0), bp1 = ff(1), bp2 = ff(2), b00 = ff(3), b01 = ff(4), b02 = ff(5), bt0 = ff(6), bt1 = ff(7), bt2 = ff(8);
  const dip = (2 * c[co + PLL_CONSTANT.mb]) / (mB + mK);
  const dm2 = mB * mB - mK * mK;
  let sum = 0;
  for (let n = t.pllBinNodes[bin]; n < t.pllBinNodes[bin + 1]; n++) {
    const o = n * PLL_NODE.stride;
    const w = nodes[o + PLL_NODE.weight];
    if (w === 0) continue;
    const q2 = nodes[o + PLL_NODE.q2];
    const bp = o + PLL_NODE.basisPlus;
    const bz = o + PLL_NODE.basisZero;
    const fp = bp0 * nodes[bp] + bp1 * nodes[bp + 1] + bp2 * nodes[bp + 2];
    const fT = bt0 * nodes[bp] + bt1 * nodes[bp + 1] + bt2 * nodes[bp + 2];
    const f0 = b00 * nodes[bz] + b01 * nodes[bz + 1] + b02 * nodes[bz + 2];
    const fvr = (nodes[o + PLL_NODE.c9Re] + c9np) * fp + dip * nodes[o + PLL_NODE.c7Re] * fT;
    const fvi = nodes[o + PLL_NODE.c9Im] * fp + dip * nodes[o + PLL_NODE.c7Im] * fT;
    const FA = c10 * fp;
    const FP = ml * c10 * ((dm2 / q2) * (f0 - fp) - fp);
    const lam = nodes[o + PLL_NODE.lambda];
    const beta2 = nodes[o + PLL_NODE.beta2];
    const va = fvr * fvr + fvi * fvi + FA * FA;
    const a = q2 * FP * FP + (lam / 4) * va + 4 * ml * ml * mB * mB * FA * FA + 2 * ml * (dm2 + q2) * FP * FA;
    const cc = -lam * beta2 * 0.25 * va;
    sum += w * 2 * (a + cc / 3);
  }
  return sum;
}

/** Binned angular observable from the 11 J's at s[o..] (observables.ts angularFromJ). */
function angular(kind: number, s: Float64Array, o: number, flDefinition: number): number {
  const gamma = 0.75 * (2 * s[o] + s[o + 1]) - 0.25 * (2 * s[o + 2] + s[o + 3]);
  const d = 2 * Math.sqrt(-s[o + 3] * s[o + 2]);
  switch (kind) {
    case 0:
      return flDefinition === 0 ? -s[o + 3] / gamma : (3 * s[o + 1] - s[o + 3]) / (4 * gamma);
    case 1:
      return (-0.75 * s[o + 7]) / gamma;
    case 2:
      return s[o + 4] / gamma;
    case 3:
      return -s[o + 5] / gamma;
    case 4:
      return s[o + 6] / gamma;
    case 5:
      return -s[o + 8] / gamma;
    case 6:
      return s[o + 9] / gamma;
    case 7:
      return -s[o + 10] / gamma;
    case 8:
      return s[o + 4] / (2 * s[o + 2]);
    case 9:
      return -s[o + 7] / (8 * s[o + 2]);
    case 10:
      return s[o + 10] / (4 * s[o + 2]);
    case 11:
      return -s[o + 5] / d;
    case 12:
      return s[o + 6] / d;
    case 13:
      return -s[o + 8] / d;
    default:
      return s[o + 9] / d;
  }
}

function vllRate(s: Float64Array, o: number): number {
  return 0.75 * (2 * s[o] + s[o + 1]) - 0.25 * (2 * s[o + 2] + s[o + 3]);
}

/** BR(B → Vγ) of radiative slot `slot` (radiative.ts; PMD: h_±(0) of pmd.ts pmdHAtZero). */
function radiativeBr(t: FlavourPointTables, slot: number, x: Float64Array, xo: number): number {
  const r = t.radiative;
  const ro = slot * RADIATIVE_CONSTANT.stride;
  const ffo = xo + r[ro + RADIATIVE_CONSTANT.ff];
  const ffT = x[ffo + BSZ_A0_T1] * r[ro + RADIATIVE_CONSTANT.t1Scale];
  const f16 = r[ro + RADIATIVE_CONSTANT.f16];
  let dc7r = 0, dc7i = 0, hp0r = 0, hp0i = 0, hm0r = 0, hm0i = 0;
  if (t.hOffset >= 0) {
    const ho = xo + t.hOffset;
    dc7r = x[ho + 4];
    dc7i = x[ho + 5];
    hp0r = x[ho + 2];
    hp0i = x[ho + 3];
  } else {
    const mB = r[ro + RADIATIVE_CONSTANT.mB];
    const mV = r[ro + RADIATIVE_CONSTANT.mV];
    const po = xo + t.pmdOffset;
    const lim = (i: number): number => (x[po + 4 * i + 2] - x[po + 4 * i]) / (1 + x[po + 4 * i + 1] / PMD_JPSI_MASS2);
    const m1 = lim(0);
    const m2 = lim(1);
    const d1r = m1 * Math.cos(x[po + 3]), d1i = m1 * Math.sin(x[po + 3]);
    const d2r = m2 * Math.cos(x[po + 7]), d2i = m2 * Math.sin(x[po + 7]);
    const pre = -1 / (16 * Math.PI * Math.PI * mB * mB);
    const a = ((mB + mV) / (2 * mB)) * x[ffo + BSZ_A0_A1];
    const v = ((mB * mB - mV * mV) / (2 * mB * (mB + mV))) * x[ffo + BSZ_A0_V];
    hp0r = pre * (a * d2r - v * d1r);
    hp0i = pre * (a * d2i - v * d1i);
    hm0r = pre * (a * d2r + v * d1r);
    hm0i = pre * (a * d2i + v * d1i);
  }
  const hmR = (r[ro + RADIATIVE_CONSTANT.c7Re] - dc7r) * ffT + r[ro + RADIATIVE_CONSTANT.spectatorRe] - f16 * hm0r;
  const hmI = (r[ro + RADIATIVE_CONSTANT.c7Im] - dc7i) * ffT + r[ro + RADIATIVE_CONSTANT.spectatorIm] - f16 * hm0i;
  const hpR = -r[ro + RADIATIVE_CONSTANT.c7p] * ffT - f16 * hp0r;
  const hpI = -f16 * hp0i;
  const absP = hpR * hpR + hpI * hpI;
  const absM = hmR * hmR + hmI * hmI;
  const ys = r[ro + RADIATIVE_CONSTANT.ys];
  const aDG = absP + absM > 0 ? (2 * (hpR * hmR + hpI * hmI)) / (absP + absM) : 0;
  const tInt = ys > 0 ? (1 - aDG * ys) / (1 - ys * ys) : 1;
  return r[ro + RADIATIVE_CONSTANT.pre2] * (absP + absM) * tInt;
}

/** Predictions y_o of every observable at x[xo..] (scratch: scratchSize(t) numbers). */
export function flavourPredictions(t: FlavourPointTables, x: Float64Array, xo: number, scratch: Float64Array, out: Float64Array): void {
  const nVllBins = t.vllBinKernel.length;
  for (let bin = 0; bin < nVllBins; bin++) vllBin(t, bin, x, xo, scratch);
  for (let bin = 0; bin < t.pllBinKernel.length; bin++) scratch[N_J * nVllBins + bin] = pllBin(t, bin, x, xo);
  for (let o = 0; o < t.code.length; o++) {
    const a = t.a[o];
    const b = t.b[o];
    let v = 0;
    switch (t.code[o]) {
      case PLAN.angular:
        v = angular(t.kind[o], scratch, a, t.flDefinition);
        break;
      case PLAN.vllRate:
        v = t.factor[o] * vllRate(scratch, a);
        break;
      case PLAN.vllRatio:
        v = vllRate(scratch, a) / vllRate(scratch, b);
        break;
      case PLAN.pllRate:
        v = t.factor[o] * scratch[a];
        break;
      case PLAN.pllRatio:
        v = scratch[a] / scratch[b];
        break;
      case PLAN.bsll: {
        const fBs = x[xo + t.fBsOffset];
        const c10 = t.bsll[0] + x[xo + t.bsll[3 + t.kind[o]] + 1];
        v = t.bsll[1 + t.kind[o]] * fBs * fBs * c10 * c10;
        break;
      }
      case PLAN.radiative:
        v = radiativeBr(t, t.kind[o], x, xo);
        break;
    }
    out[o] = v;
  }
}

/** −½ |W (gain ∘ y − target)|² at x[xo..]; scratch: scratchSize(t), residual: nObs numbers. */
export function flavourLogLikelihood(t: FlavourPointTables, x: Float64Array, xo: number, scratch: Float64Array, residual: Float64Array): number {
  const n = t.code.length;
  flavourPredictions(t, x, xo, scratch, residual);
  for (let o = 0; o < n; o++) residual[o] = t.gain[o] * residual[o] - t.target[o];
  let chi2 = 0;
  for (let k = 0; k < n; k++) {
    let w = 0;
    const row = k * n;
    for (let o = t.rowStart[k]; o <= k; o++) w += t.whitening[row + o] * residual[o];
    chi2 += w * w;
  }
  return -0.5 * chi2;
}
