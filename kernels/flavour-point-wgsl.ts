/**
 * The measurement χ² of the full b → sℓℓ likelihood (PDD/PMD, every hadronic input free) as a WGSL compute
 * shader: the float32 twin of flavourLogLikelihood (src/likelihood/flavour-point-tables.ts), reading the
 * same tables, with the same arithmetic in the same order.
 *
 * One thread per point (walker). Each thread integrates every q² bin (≈ 130 bins × 16 Gauss–Legendre
 * nodes), keeps the bin integrals in a private array, forms the observables and the whitened residuals
 * w = W t (W lower triangular, rows starting at their first non-zero). A thread per (point, bin) would
 * need a second pass or shared memory for the dense whitening over all observables; at the batch sizes a
 * GPU is used for (thousands of walkers per half-ensemble) one thread per point already fills it.
 *
 * Float32 design: the point arrives centred, δ = θ − μ formed in float64 on the CPU (which also checks the
 * prior box and the unit discs), so the Gaussian priors −½|L⁻¹δ|² never subtract nearly equal float32
 * numbers; the θ step (kernels/flavour-theta-wgsl.ts) rebuilds the point layout from δ; observables enter
 * as y/σ against y_exp/σ and the covariance as the pre-whitened W = L⁻¹ diag(σ), so every number the
 * kernel sums is of order one. Integer tables travel as f32 (exact below 2²⁴).
 *
 * The formulas the float64 side has too (the angular observables, the PMD shape, Ei) are emitted from its
 * tables (kernels/flavour-formulas-wgsl.ts); every table is read through the named offsets of
 * flavour-point-layout.ts. With output 'predictions' the same kernel writes the N_OBS predictions of each
 * point instead of log p (result[p·N_OBS + o]), so the two evaluations can be compared observable by observable.
 */
import {
  BSLL_CONSTANT,
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
  PDD_BLOCK,
  PMD_BLOCK,
  RADIATIVE_CONSTANT,
  SPECTATOR_BLOCK,
  SPECTATOR_CONSTANT,
  SPECTATOR_NODE,
  VLL_CONSTANT,
  VLL_NODE,
} from '../src/likelihood/flavour-point-layout.ts';
import { wgslFloat as f } from '../src/physics/flavour/shared-formula.ts';
import { angularWgsl, eiWgsl, pmdWgsl, timeIntegrationWgsl } from './flavour-formulas-wgsl.ts';
import { thetaParts, thetaWgsl } from './flavour-theta-wgsl.ts';
import { ENTRY, HEADER, pack, WORKGROUP_SIZE, type WgslKernel } from './wgsl-common.ts';

/** What a thread writes: log p of its point (the backend's kernel), or the point's N_OBS predictions. */
export type FlavourKernelOutput = 'log-density' | 'predictions';

export function flavourPointKernel(t: FlavourPointTables, output: FlavourKernelOutput = 'log-density'): WgslKernel {
  const nVllBins = t.vllBinKernel.length;
  const nPllBins = t.pllBinKernel.length;
  const nObs = t.code.length;
  const parts: [string, ArrayLike<number>][] = [
    ['VLL_CONST', t.vllConstants],
    ['VLL_FF', t.vllFfIndex],
    ['VLL_BK', t.vllBinKernel],
    ['VLL_BN', t.vllBinNodes],
    ['VLL_NODES', t.vllNodes],
    ['PLL_CONST', t.pllConstants],
    ['PLL_FF', t.pllFfIndex],
    ['PLL_BK', t.pllBinKernel],
    ['PLL_BN', t.pllBinNodes],
    ['PLL_NODES', t.pllNodes],
    ['CODE', t.code],
    ['A', t.a],
    ['B', t.b],
    ['KIND', t.kind],
    ['FACTOR', t.factor],
    ['RAD', t.radiative],
    ['BSLL', t.bsll],
    ['GAIN', t.gain],
    ['TARGET', t.target],
    ['W', t.whitening],
    ['ROW_START', t.rowStart],
    ...thetaParts(t.theta),
  ];
  let at = 0;
  const offsets = parts.map(([name, values]) => {
    const line = `const OFF_${name}: u32 = ${at}u;`;
    at += values.length;
    return line;
  });
  const hasH = t.hOffset >= 0;
  const hasPmd = t.pmdOffset >= 0;
  const V = VLL_NODE;
  const P = PLL_NODE;
  const R = RADIATIVE_CONSTANT;
  const B = BSLL_CONSTANT;
  const C = SPECTATOR_CONSTANT;
  // the 16 PDD numbers as h00r, h00i, …, hm2i (PDD_BLOCK)
  const pddReads = Object.entries(PDD_BLOCK)
    .filter(([name]) => name !== 'size')
    .map(([name, at]) => `  let ${name}r = h(${at}u); let ${name}i = h(${at + 1}u);`)
    .join('\n');
  const source = `${HEADER}
const POINT: u32 = ${t.pointSize}u;
const N_VLL_BINS: u32 = ${nVllBins}u;
const N_PLL_BINS: u32 = ${nPllBins}u;
const N_OBS: u32 = ${nObs}u;
const H_OFF: u32 = ${Math.max(t.hOffset, 0)}u;
const PMD_OFF: u32 = ${Math.max(t.pmdOffset, 0)}u;
const FBS_OFF: u32 = ${t.fBsOffset}u;
const SIXTEEN_PI2: f32 = ${f(16 * Math.PI * Math.PI)};
${offsets.join('\n')}

var<private> x: array<f32, ${t.pointSize}>;
var<private> scratch: array<f32, ${Math.max(N_J * nVllBins + nPllBins, 1)}>;
var<private> residual: array<f32, ${Math.max(nObs, 1)}>;

fn at(i: u32) -> u32 { return u32(params[i]); }
fn h(i: u32) -> f32 { ${hasH ? 'return x[H_OFF + i];' : 'return 0.0;'} }

${pmdWgsl()}
// ΔC9^(i)(q²) of the PMD dispersion form (pmd.ts), complex.
fn pmdShift(i: u32, q2: f32, gr: f32, gi: f32) -> vec2<f32> {
  let b4 = PMD_OFF + ${PMD_BLOCK.size}u * i;
  let re = pmdShape(b4, q2) + gr;
  let c = cos(x[b4 + ${PMD_BLOCK.phase}u]);
  let s = sin(x[b4 + ${PMD_BLOCK.phase}u]);
  return vec2<f32>(c * re - s * gi, s * re + c * gi);
}

// The spectator inputs of a kernel (spectator-point.ts spectatorInputsAt), constants from base = its spectatorAt field.
struct Spectator { li: f32, a1p: f32, a2p: f32, a1l: f32, a2l: f32, s: f32 }
fn spectatorInputs(base: u32, withPara: bool) -> Spectator {
  var sp: Spectator;
  let at = params[base];
  if (at >= 0.0) {
    let b = u32(at);
    sp.li = 1.0 / x[b + ${SPECTATOR_BLOCK.lambdaB}u];
    sp.a1p = x[b + ${SPECTATOR_BLOCK.a1Perp}u];
    sp.a2p = x[b + ${SPECTATOR_BLOCK.a2Perp}u];
    if (withPara) { sp.a1l = x[b + ${SPECTATOR_BLOCK.a1Para}u]; sp.a2l = x[b + ${SPECTATOR_BLOCK.a2Para}u]; }
    var fB = x[u32(params[base + ${C.fBsAt}u])];
    if (params[base + ${C.fBRatioAt}u] >= 0.0) { fB = fB / x[u32(params[base + ${C.fBRatioAt}u])]; }
    sp.s = fB / params[base + ${C.fBRef}u];
  } else {
    sp.li = 1.0 / params[base + ${C.lambdaB}u];
    sp.a1p = params[base + ${C.a1Perp}u];
    sp.a2p = params[base + ${C.a2Perp}u];
    if (withPara) { sp.a1l = params[base + ${C.a1Para}u]; sp.a2l = params[base + ${C.a2Para}u]; }
    sp.s = 1.0;
  }
  return sp;
}

// y_s = ½ΔΓ_s/Γ_s from the point where it carries it (spectator-point.ts ysAt).
fn ysOf(ysIndex: u32, base: u32) -> f32 {
  let at = params[base + ${C.ysAt}u];
  let c = params[ysIndex];
  if (at >= 0.0 && c != 0.0) { return 0.5 * x[u32(at)]; }
  return c;
}

// Ei(x) for 0 < x ≤ 9 (ei-series.ts): the float64 series, 40 positive terms.
${eiWgsl()}
// s Σ_k a_k (P_k/λ_B + Q_k) of the complex triples at params[p..], params[q..] (spectator-point.ts perpSum).
fn perpSum(p: u32, q: u32, sp: Spectator) -> vec2<f32> {
  let re = params[p] * sp.li + params[q] + sp.a1p * (params[p + 2u] * sp.li + params[q + 2u]) + sp.a2p * (params[p + 4u] * sp.li + params[q + 4u]);
  let im = params[p + 1u] * sp.li + params[q + 1u] + sp.a1p * (params[p + 3u] * sp.li + params[q + 3u]) + sp.a2p * (params[p + 5u] * sp.li + params[q + 5u]);
  return sp.s * vec2<f32>(re, im);
}

// Δ_0 of a node's spectator block at so (spectator-point.ts spectatorNodeShifts; the caller checks q²/m_B > 0).
fn paraShift(so: u32, sp: Spectator) -> vec2<f32> {
  let xm = params[so + ${SPECTATOR_NODE.q2OverMB}u] * sp.li;
  let pre = exp(-xm) * sp.li;
  let lr = -pre * ei(xm);
  let lm = pre * ${f(Math.PI)};
  let m = so + ${SPECTATOR_NODE.paraMinus}u;
  let p = so + ${SPECTATOR_NODE.paraPlus}u;
  let mr = params[m] + sp.a1l * params[m + 2u] + sp.a2l * params[m + 4u];
  let mi = params[m + 1u] + sp.a1l * params[m + 3u] + sp.a2l * params[m + 5u];
  let pr = params[p] + sp.a1l * params[p + 2u] + sp.a2l * params[p + 4u];
  let pi = params[p + 1u] + sp.a1l * params[p + 3u] + sp.a2l * params[p + 5u];
  return sp.s * vec2<f32>(mr * lr - mi * lm + pr * sp.li, mr * lm + mi * lr + pi * sp.li);
}

fn vllBin(bin: u32) {
  let k = at(OFF_VLL_BK + bin);
  let co = OFF_VLL_CONST + k * ${VLL_CONSTANT.stride}u;
  let mB = params[co + ${VLL_CONSTANT.mB}u];
  let mV = params[co + ${VLL_CONSTANT.mV}u];
  let ml = params[co + ${VLL_CONSTANT.ml}u];
  let c7p = params[co + ${VLL_CONSTANT.c7p}u];
  let np = at(co + ${VLL_CONSTANT.np}u);
  let c9np = x[np];
  let c10 = params[co + ${VLL_CONSTANT.c10}u] + x[np + 1u];
  var a: array<f32, ${N_BSZ}>;
  for (var i = 0u; i < ${N_BSZ}u; i++) { a[i] = x[at(OFF_VLL_FF + k * ${N_BSZ}u + i)]; }
  let aA12 = params[co + ${VLL_CONSTANT.a12Endpoint}u] * a[0];
${pddReads}
  let mB2 = mB * mB;
  let mV2 = mV * mV;
  let dipBase = (2.0 * params[co + ${VLL_CONSTANT.mb}u]) / mB;
  let ys = ysOf(co + ${VLL_CONSTANT.ys}u, co + ${VLL_CONSTANT.spectatorAt}u);
  let sp = spectatorInputs(co + ${VLL_CONSTANT.spectatorAt}u, true);
  var m1s = 0.0; var m2s = 0.0; var m3 = 0.0;
  var j1s = 0.0; var j1c = 0.0; var j2s = 0.0; var j2c = 0.0; var j3 = 0.0; var j4 = 0.0;
  var j5 = 0.0; var j6s = 0.0; var j7 = 0.0; var j8 = 0.0; var j9 = 0.0;
  let nEnd = at(OFF_VLL_BN + bin + 1u);
  for (var n = at(OFF_VLL_BN + bin); n < nEnd; n++) {
    let o = OFF_VLL_NODES + n * ${V.stride}u;
    let w = params[o + ${V.weight}u];
    if (w == 0.0) { continue; }
    let q2 = params[o + ${V.q2}u];
    let sq = params[o + ${V.sqrtQ2}u];
    let sl = params[o + ${V.sqrtLambda}u];
    let b = o + ${V.basis}u;
    let A0 = a[0] * params[b] + a[1] * params[b + 1u] + a[2] * params[b + 2u];
    let A1 = a[3] * params[b + 3u] + a[4] * params[b + 4u] + a[5] * params[b + 5u];
    let A12 = aA12 * params[b + 6u] + a[7] * params[b + 7u] + a[8] * params[b + 8u];
    let Vf = a[9] * params[b + 9u] + a[10] * params[b + 10u] + a[11] * params[b + 11u];
    let T1 = a[12] * params[b + 12u] + a[13] * params[b + 13u] + a[14] * params[b + 14u];
    let T2 = a[12] * params[b + 15u] + a[16] * params[b + 16u] + a[17] * params[b + 17u];
    let T23 = a[18] * params[b + 18u] + a[19] * params[b + 19u] + a[20] * params[b + 20u];
    let v0 = (4.0 * mV * A12) / sq;
    let vA = 0.5 * (1.0 + mV / mB) * A1;
    let vV = (0.5 * sl * Vf) / (mB * (mB + mV));
    let vp = vA - vV;
    let vm = vA + vV;
    let t0 = (2.0 * sq * mV * T23) / (mB * (mB + mV));
    let tA = ((mB2 - mV2) * T2) / (2.0 * mB2);
    let tV = (sl * T1) / (2.0 * mB2);
    let tp = tA - tV;
    let tm = tA + tV;
    let dip = (mB2 / q2) * dipBase;
    let hfac = (mB2 / q2) * SIXTEEN_PI2;
    let c7r = params[o + ${V.c7Re}u] - hm0r;
    let c7i = params[o + ${V.c7Im}u] - hm0i;
    let c9r = params[o + ${V.c9Re}u] + c9np - hm1r;
    let c9i = params[o + ${V.c9Im}u] - hm1i;
    let q4 = q2 * q2;
    let hpR = hp0r + hp1r * q2 + hp2r * q4;
    let hpI = hp0i + hp1i * q2 + hp2i * q4;
    let hmR = hm2r * q4;
    let hmI = hm2i * q4;
    let h0R = sq * (h00r + h01r * q2);
    let h0I = sq * (h00i + h01i * q2);
    var dm = vec2<f32>(0.0, 0.0);
    var d0 = vec2<f32>(0.0, 0.0);
    let so = o + ${V.spectator}u;
    if (params[so + ${SPECTATOR_NODE.q2OverMB}u] != 0.0) {
      dm = perpSum(so + ${SPECTATOR_NODE.perpPlus}u, so + ${SPECTATOR_NODE.perpPower}u, sp);
      d0 = paraShift(so, sp);
    }
    var V0r = c9r * v0 + dip * (c7r * t0 - c7p * t0) - hfac * h0R + d0.x;
    var V0i = c9i * v0 + dip * c7i * t0 - hfac * h0I + d0.y;
    var Vpr = c9r * vp + dip * (c7r * tp - c7p * tm) - hfac * hpR;
    var Vpi = c9i * vp + dip * c7i * tp - hfac * hpI;
    var Vmr = c9r * vm + dip * (c7r * tm - c7p * tp) - hfac * hmR + dm.x;
    var Vmi = c9i * vm + dip * c7i * tm - hfac * hmI + dm.y;
${
  hasPmd
    ? `    {
      let v0A1 = ((mB + mV) * (mB + mV) * (mB2 - mV2 - q2) * A1) / (4.0 * mB * mV * (mB + mV) * sq);
      let v0A2 = v0 - v0A1;
      let gr = params[o + ${V.charmRe}u];
      let gi = params[o + ${V.charmIm}u];
      let d1 = pmdShift(0u, q2, gr, gi);
      let d2 = pmdShift(1u, q2, gr, gi);
      let d3 = pmdShift(2u, q2, gr, gi);
      Vpr += d2.x * vA - d1.x * vV;
      Vpi += d2.y * vA - d1.y * vV;
      Vmr += d2.x * vA + d1.x * vV;
      Vmi += d2.y * vA + d1.y * vV;
      V0r += d2.x * v0A1 + d3.x * v0A2;
      V0i += d2.y * v0A1 + d3.y * v0A2;
    }`
    : ''
}
    let A0h = c10 * v0;
    let Aph = c10 * vp;
    let Amh = c10 * vm;
    let Pp = ((ml * sl) / (q2 * mB)) * c10 * A0;
    let beta = params[o + ${V.beta}u];
    let beta2 = params[o + ${V.beta2}u];
    let r = params[o + ${V.r}u];
    let absVp = Vpr * Vpr + Vpi * Vpi;
    let absVm = Vmr * Vmr + Vmi * Vmi;
    let absV0 = V0r * V0r + V0i * V0i;
    let sumT = absVp + absVm + Aph * Aph + Amh * Amh;
    let diffT = absVp + absVm - Aph * Aph - Amh * Amh;
    let sumL = absV0 + A0h * A0h;
    let diffL = absV0 - A0h * A0h;
    let sVr = Vmr + Vpr;
    let sVi = Vmi + Vpi;
    let dVr = Vmr - Vpr;
    let dVi = Vmi - Vpi;
    let sA = Amh + Aph;
    let dA = Amh - Aph;
    j1s += w * (((beta2 + 2.0) / 8.0) * sumT + r * diffT);
    j1c += w * (0.5 * sumL + Pp * Pp + 2.0 * r * diffL);
    j2s += w * (beta2 / 8.0) * sumT;
    j2c -= w * (beta2 / 2.0) * sumL;
    j3 -= w * (beta2 / 2.0) * (Vpr * Vmr + Vpi * Vmi + Aph * Amh);
    j4 += w * (beta2 / 4.0) * (sVr * V0r + sVi * V0i + sA * A0h);
    j5 += w * (beta / 2.0) * (dVr * A0h + dA * V0r);
    j6s += w * beta * (Vmr * Amh - Vpr * Aph);
    j7 += w * (beta / 2.0) * (sVi * A0h - sA * V0i);
    j8 += w * (beta2 / 4.0) * (dVi * V0r - dVr * V0i);
    j9 += w * (beta2 / 2.0) * (Vpi * Vmr - Vpr * Vmi);
    if (ys != 0.0) {
      let crossV = Vpr * Vmr + Vpi * Vmi;
      let crossA = Aph * Amh;
      m1s += w * (((beta2 + 2.0) / 4.0) * (crossV + crossA) + 2.0 * r * (crossV - crossA));
      m2s += w * (beta2 / 4.0) * (crossV + crossA);
      m3 -= w * (beta2 / 4.0) * (absVp + absVm + Aph * Aph + Amh * Amh);
    }
  }
  if (ys != 0.0) {
    // B_s → φ, untagged time integration (time-integration.ts)
${timeIntegrationWgsl('    ')}
  }
  let s0 = ${N_J}u * bin;
  scratch[s0] = j1s; scratch[s0 + 1u] = j1c; scratch[s0 + 2u] = j2s; scratch[s0 + 3u] = j2c;
  scratch[s0 + 4u] = j3; scratch[s0 + 5u] = j4; scratch[s0 + 6u] = j5; scratch[s0 + 7u] = j6s;
  scratch[s0 + 8u] = j7; scratch[s0 + 9u] = j8; scratch[s0 + 10u] = j9;
}

fn pllBin(bin: u32) -> f32 {
  let k = at(OFF_PLL_BK + bin);
  let co = OFF_PLL_CONST + k * ${PLL_CONSTANT.stride}u;
  let mB = params[co + ${PLL_CONSTANT.mB}u];
  let mK = params[co + ${PLL_CONSTANT.mK}u];
  let ml = params[co + ${PLL_CONSTANT.ml}u];
  let np = at(co + ${PLL_CONSTANT.np}u);
  let c9np = x[np];
  let c10 = params[co + ${PLL_CONSTANT.c10}u] + x[np + 1u];
  var bc: array<f32, ${N_BCL}>;
  for (var i = 0u; i < ${N_BCL}u; i++) { bc[i] = x[at(OFF_PLL_FF + k * ${N_BCL}u + i)]; }
  let dip = (2.0 * params[co + ${PLL_CONSTANT.mb}u]) / (mB + mK);
  let dm2 = mB * mB - mK * mK;
  var sum = 0.0;
  let nEnd = at(OFF_PLL_BN + bin + 1u);
  for (var n = at(OFF_PLL_BN + bin); n < nEnd; n++) {
    let o = OFF_PLL_NODES + n * ${P.stride}u;
    let w = params[o + ${P.weight}u];
    if (w == 0.0) { continue; }
    let q2 = params[o + ${P.q2}u];
    let bp = o + ${P.basisPlus}u;
    let bz = o + ${P.basisZero}u;
    let fp = bc[0] * params[bp] + bc[1] * params[bp + 1u] + bc[2] * params[bp + 2u];
    let fT = bc[6] * params[bp] + bc[7] * params[bp + 1u] + bc[8] * params[bp + 2u];
    let f0 = bc[3] * params[bz] + bc[4] * params[bz + 1u] + bc[5] * params[bz + 2u];
    let fvr = (params[o + ${P.c9Re}u] + c9np) * fp + dip * params[o + ${P.c7Re}u] * fT;
    let fvi = params[o + ${P.c9Im}u] * fp + dip * params[o + ${P.c7Im}u] * fT;
    let FA = c10 * fp;
    let FP = ml * c10 * ((dm2 / q2) * (f0 - fp) - fp);
    let lam = params[o + ${P.lambda}u];
    let beta2 = params[o + ${P.beta2}u];
    let va = fvr * fvr + fvi * fvi + FA * FA;
    let aa = q2 * FP * FP + (lam / 4.0) * va + 4.0 * ml * ml * mB * mB * FA * FA + 2.0 * ml * (dm2 + q2) * FP * FA;
    let cc = -lam * beta2 * 0.25 * va;
    sum += w * 2.0 * (aa + cc / 3.0);
  }
  return sum;
}

${angularWgsl(t.flDefinition)}
fn radiative(slot: u32) -> f32 {
  let ro = OFF_RAD + slot * ${R.stride}u;
  let ffo = at(ro + ${R.ff}u);
  let ffT = x[ffo + ${BSZ_A0_T1}u] * params[ro + ${R.t1Scale}u];
  let f16 = params[ro + ${R.f16}u];
${
  hasH
    ? `  let dc7r = x[H_OFF + ${PDD_BLOCK.hm0}u];
  let dc7i = x[H_OFF + ${PDD_BLOCK.hm0 + 1}u];
  let hp0r = x[H_OFF + ${PDD_BLOCK.hp0}u];
  let hp0i = x[H_OFF + ${PDD_BLOCK.hp0 + 1}u];
  let hm0r = 0.0;
  let hm0i = 0.0;`
    : `  let mB = params[ro + ${R.mB}u];
  let mV = params[ro + ${R.mV}u];
  let b2 = PMD_OFF + ${PMD_BLOCK.size}u;
  let m1 = pmdPoleLimit(PMD_OFF);
  let m2 = pmdPoleLimit(b2);
  let d1r = m1 * cos(x[PMD_OFF + ${PMD_BLOCK.phase}u]);
  let d1i = m1 * sin(x[PMD_OFF + ${PMD_BLOCK.phase}u]);
  let d2r = m2 * cos(x[b2 + ${PMD_BLOCK.phase}u]);
  let d2i = m2 * sin(x[b2 + ${PMD_BLOCK.phase}u]);
  let pre = -1.0 / (SIXTEEN_PI2 * mB * mB);
  let av = ((mB + mV) / (2.0 * mB)) * x[ffo + ${BSZ_A0_A1}u];
  let vv = ((mB * mB - mV * mV) / (2.0 * mB * (mB + mV))) * x[ffo + ${BSZ_A0_V}u];
  let dc7r = 0.0;
  let dc7i = 0.0;
  let hp0r = pre * (av * d2r - vv * d1r);
  let hp0i = pre * (av * d2i - vv * d1i);
  let hm0r = pre * (av * d2r + vv * d1r);
  let hm0i = pre * (av * d2i + vv * d1i);`
}
  let tPerp0 = perpSum(ro + ${R.perpPlus}u, ro + ${R.perpPower}u, spectatorInputs(ro + ${R.spectatorAt}u, false));
  let hmR = (params[ro + ${R.c7Re}u] - dc7r) * ffT + tPerp0.x - f16 * hm0r;
  let hmI = (params[ro + ${R.c7Im}u] - dc7i) * ffT + tPerp0.y - f16 * hm0i;
  let hpR = -params[ro + ${R.c7p}u] * ffT - f16 * hp0r;
  let hpI = -f16 * hp0i;
  let absP = hpR * hpR + hpI * hpI;
  let absM = hmR * hmR + hmI * hmI;
  let ys = ysOf(ro + ${R.ys}u, ro + ${R.spectatorAt}u);
  var aDG = 0.0;
  if (absP + absM > 0.0) { aDG = (2.0 * (hpR * hmR + hpI * hmI)) / (absP + absM); }
  var tInt = 1.0;
  if (ys > 0.0) { tInt = (1.0 - aDG * ys) / (1.0 - ys * ys); }
  return params[ro + ${R.pre2}u] * (absP + absM) * tInt;
}

fn prediction(o: u32) -> f32 {
  let a = at(OFF_A + o);
  let kind = at(OFF_KIND + o);
  switch at(OFF_CODE + o) {
    case ${PLAN.angular}u: { return angular(kind, a); }
    case ${PLAN.vllRate}u: { return params[OFF_FACTOR + o] * rate(a); }
    case ${PLAN.vllRatio}u: { return rate(a) / rate(at(OFF_B + o)); }
    case ${PLAN.pllRate}u: { return params[OFF_FACTOR + o] * scratch[a]; }
    case ${PLAN.pllRatio}u: { return scratch[a] / scratch[at(OFF_B + o)]; }
    case ${PLAN.bsll}u: {
      let fBs = x[FBS_OFF];
      let c10 = params[OFF_BSLL + ${B.c10}u] + x[at(OFF_BSLL + ${B.npAt}u + kind) + 1u];
      var time = 1.0;
      if (params[OFF_BSLL + ${B.dGammaAt}u] >= 0.0) { time = (1.0 - params[OFF_BSLL + ${B.ysPrefactor}u]) / (1.0 - 0.5 * x[at(OFF_BSLL + ${B.dGammaAt}u)]); }
      return params[OFF_BSLL + ${B.prefactor}u + kind] * fBs * fBs * c10 * c10 * time;
    }
    default: { return radiative(kind); }
  }
}

${thetaWgsl(t.theta, Math.max(t.hOffset, 0))}
fn binIntegrals() {
  for (var bin = 0u; bin < N_VLL_BINS; bin++) { vllBin(bin); }
  for (var bin = 0u; bin < N_PLL_BINS; bin++) { scratch[${N_J}u * N_VLL_BINS + bin] = pllBin(bin); }
}
${output === 'predictions' ? predictionsEntry : logDensityEntry}`;
  return { source, params: pack(parts.map(([, values]) => values)) };
}

const logDensityEntry = `fn logDensity(p: u32) -> f32 {
  let cpuFree = thetaStep(p);
  binIntegrals();
  for (var o = 0u; o < N_OBS; o++) { residual[o] = params[OFF_GAIN + o] * prediction(o) - params[OFF_TARGET + o]; }
  var chi2 = 0.0;
  for (var k = 0u; k < N_OBS; k++) {
    var w = 0.0;
    let row = OFF_W + k * N_OBS;
    for (var o = at(OFF_ROW_START + k); o <= k; o++) { w += params[row + o] * residual[o]; }
    chi2 += w * w;
  }
  return cpuFree - 0.5 * chi2;
}
${ENTRY}`;

const predictionsEntry = `@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let p = gid.x;
  if (p >= batch.count) { return; }
  _ = thetaStep(p);
  binIntegrals();
  for (var o = 0u; o < N_OBS; o++) { result[p * N_OBS + o] = prediction(o); }
}
`;
