/**
 * B → V ℓ⁺ℓ⁻ (V = K*, φ) binned angular coefficients at one parameter point with every hadronic input free:
 * the 21 BSZ2015 form-factor coefficients (flavour-spec.md §3.1) and the 16 PDD h_λ numbers (spec §4.4), plus
 * C9^NP, C10^NP of the lepton. Built for batched evaluation (and a later GPU port): everything that does not
 * depend on the point is precomputed once per Gauss–Legendre node into flat Float64Arrays, and the per-point
 * body is a bounded loop over nodes with scalar arithmetic only — no allocation, no closures, no objects.
 *
 * Exactness: the BSZ form factors are linear in their coefficients, F(q²) = Σ_k α_k^F b_k^F(q²) with the basis
 * b_k^F = [z(q²) − z(0)]^k/(1 − q²/m_R,F²) tabulated per node; the h_λ and NP coefficients add to the
 * helicity amplitudes (spec §4.4–4.5). Nothing is linearised: the result equals the direct evaluation of
 * b-to-kstar-ll.ts at the same nodes (test/physics/flavour/point-kernels.test.ts).
 *
 * Point layout read by `evaluate` (offsets passed by the caller):
 *   np:  C9^NP, C10^NP (real);
 *   ff:  the 21 BSZ coefficients in flavour-theory-inputs.json order (a0_A12 and a0_T2 are overwritten by the
 *        endpoint relations, spec §3.1);
 *   h:   8 complex PDD coefficients as (re, im) pairs in the order H_ORDER (absent: pass hOffset = −1).
 */
import { kallen } from './b-to-kstar-ll.ts';
import { J_NAMES } from './b-to-kstar-ll.ts';
import { BSZ_FORM_FACTORS, bszResonanceMasses } from './form-factors-bsz.ts';
import type { CorrelatedParameterSet } from './data-files.ts';
import { type FlavourTheory, type Lepton, type SpectatorVllProcess, smC7Prime } from './bin-kernels.ts';
import { binRule } from './quadrature.ts';
import { type FlavourPointTables, PDD_BLOCK, PMD_BLOCK, SPECTATOR_NODE, VLL_CONSTANT, VLL_NODE } from '../../likelihood/flavour-point-layout.ts';
import { pmdCharmSubtraction, type PmdOptions } from './pmd.ts';
import { pmdShape } from './pmd-formula.ts';
import { timeIntegrate } from './time-integration.ts';
import { SPECTATOR_INPUT, spectatorInputsAt, spectatorNodeShifts, ysAt } from './spectator-point.ts';
import { spectatorShiftFactors } from './spectator-scattering.ts';

/** PDD coefficients (spec §4.4): h_0^(0), h_+^(0), h_−^(0), h_0^(1), h_+^(1), h_−^(1), h_+^(2), h_−^(2). */
export const H_ORDER = ['h0_0', 'hp_0', 'hm_0', 'h0_1', 'hp_1', 'hm_1', 'hp_2', 'hm_2'] as const;
export const N_J = J_NAMES.length;
const N_FF = 21;
const SIXTEEN_PI2 = 16 * Math.PI * Math.PI;

export interface VllMeson {
  mB: number;
  mV: number;
  /** τ_B in GeV⁻¹ (the J integrals are τ-weighted, so rates come out as branching fractions). */
  tau: number;
  /** BSZ parameter set (labels, central values) and its resonance masses. */
  ffSet: CorrelatedParameterSet & { resonance_masses_GeV: Record<string, Record<string, number>> };
}

/** Per-node fields (flavour-point-layout.ts, which the WGSL kernel reads too). */
const F_Q2 = VLL_NODE.q2;
const F_SQRTQ2 = VLL_NODE.sqrtQ2;
const F_SQRTLAM = VLL_NODE.sqrtLambda;
const F_WEIGHT = VLL_NODE.weight; // w_n τ F(q²) N²: multiplies the bracket combinations of spec §4.6
const F_BETA = VLL_NODE.beta;
const F_BETA2 = VLL_NODE.beta2;
const F_R = VLL_NODE.r; // m_ℓ²/q²
const F_C7RE = VLL_NODE.c7Re;
const F_C7IM = VLL_NODE.c7Im;
const F_C9RE = VLL_NODE.c9Re;
const F_C9IM = VLL_NODE.c9Im;
const F_SPECTATOR = VLL_NODE.spectator; // the λ_B/Gegenbauer pieces of the H_V^−, H_V^0 spectator shifts
const F_GRE = VLL_NODE.charmRe; // −(3C1 + C2)_KMPW g(m_c, q²) of the PMD dispersion form (pmd.ts)
const F_GIM = VLL_NODE.charmIm;
const F_BASIS = VLL_NODE.basis; // 21 basis values b_k^F, F in BSZ_FORM_FACTORS order
const NODE_STRIDE = VLL_NODE.stride;

export class VllPointKernel {
  readonly nBins: number;
  /** Per-node tables (NODE_STRIDE numbers per node; read by the kernel tables of point-observables.ts too). */
  readonly nodes: Float64Array;
  /** First node of each bin, and one past the last. */
  readonly binStart: Int32Array;
  /** Index into the 21-vector of coefficient k of form factor F (F·3 + k), in the file's label order. */
  readonly ffIndex: Int32Array;
  readonly mB: number;
  readonly mV: number;
  readonly ml: number;
  readonly mb: number;
  readonly c7p: number;
  readonly c10sm: number;
  readonly a12Endpoint: number;
  /** y_s of the time integration (B_s → φ; 0 = none; time-integration.ts). */
  readonly ys: number;
  /** The constants above in the VLL_CONSTANT layout (np = 0: C9^NP sits at the npOffset of `evaluate`). */
  readonly constants: Float64Array;
  /** This kernel as one-kernel flat tables (vllBinIntegrals reads them). */
  private readonly tables: VllBinTables;

  constructor(
    theory: FlavourTheory,
    process: SpectatorVllProcess,
    lepton: Lepton,
    meson: VllMeson,
    bins: readonly (readonly [number, number])[],
    pmd: PmdOptions = {},
  ) {
    const p = theory.params;
    const { mB, mV, tau, ffSet } = meson;
    this.mB = mB;
    this.mV = mV;
    this.ml = lepton === 'mu' ? p.mass.mu : p.mass.e;
    this.mb = p.mbDipole;
    this.c7p = theory.options.smC7Prime === false ? 0 : smC7Prime(p);
    this.c10sm = p.wc.C10;
    this.a12Endpoint = (mB * mB - mV * mV) / (8 * mB * mV);
    this.ys = process === 'Bs->phi' ? p.ys : 0;
    this.nBins = bins.length;
    this.ffIndex = new Int32Array(N_FF);
    BSZ_FORM_FACTORS.forEach((ff, f) => {
      for (let k = 0; k < 3; k++) {
        const i = ffSet.parameter_labels.indexOf(`a${k}_${ff}`);
        if (i < 0) throw new Error(`BSZ parameter a${k}_${ff} missing`);
        this.ffIndex[f * 3 + k] = i;
      }
    });
    const res = bszResonanceMasses(ffSet);
    const tPlus = (mB + mV) ** 2;
    const tMinus = (mB - mV) ** 2;
    const sqrtTpT0 = Math.sqrt(tPlus - tPlus * (1 - Math.sqrt(1 - tMinus / tPlus)));
    const zOf = (q2: number): number => (Math.sqrt(tPlus - q2) - sqrtTpT0) / (Math.sqrt(tPlus - q2) + sqrtTpT0);
    const z0 = zOf(0);
    const norm2 = ((p.GF * p.alphaE * Math.hypot(p.lambdaT.re, p.lambdaT.im) * mB) / (Math.SQRT2 * Math.PI)) ** 2;
    const { subintervals, order } = theory.options;
    const perBin = subintervals * order;
    this.binStart = new Int32Array(bins.length + 1);
    this.nodes = new Float64Array(bins.length * perBin * NODE_STRIDE);
    const spectatorOn = theory.spectatorOn;
    let n = 0;
    bins.forEach(([a, b], bin) => {
      this.binStart[bin] = n;
      const rule = binRule(a, b, subintervals, order);
      for (let i = 0; i < rule.nodes.length; i++, n++) {
        const q2 = rule.nodes[i];
        const o = n * NODE_STRIDE;
        const lam = kallen(mB * mB, mV * mV, q2);
        const beta2 = 1 - (4 * this.ml * this.ml) / q2;
        const physical = lam > 0 && beta2 > 0;
        const sm = theory.smCoefficientsAt(q2);
        const sb = spectatorOn ? theory.spectatorBasisAt(process, q2) : undefined;
        this.nodes[o + F_Q2] = q2;
        this.nodes[o + F_SQRTQ2] = Math.sqrt(q2);
        this.nodes[o + F_SQRTLAM] = physical ? Math.sqrt(lam) : 0;
        // spec §4.6: F(q²) = √λ β q²/(96π³ m_B³), times N² and the τ-weighted quadrature weight
        this.nodes[o + F_WEIGHT] = physical
          ? rule.weights[i] * tau * norm2 * ((Math.sqrt(lam) * Math.sqrt(beta2) * q2) / (96 * Math.PI ** 3 * mB ** 3))
          : 0;
        this.nodes[o + F_BETA] = physical ? Math.sqrt(beta2) : 0;
        this.nodes[o + F_BETA2] = physical ? beta2 : 0;
        this.nodes[o + F_R] = (this.ml * this.ml) / q2;
        this.nodes[o + F_C7RE] = sm.c7.re;
        this.nodes[o + F_C7IM] = sm.c7.im;
        this.nodes[o + F_C9RE] = sm.c9.re;
        this.nodes[o + F_C9IM] = sm.c9.im;
        if (sb) {
          // spectator-scattering.ts spectatorBasis times the Δ_−, Δ_0 factors (SPECTATOR_NODE)
          const fac = spectatorShiftFactors(q2, { mB, mV, mb: p.mbPole });
          const so = o + F_SPECTATOR;
          const put = (at: number, parts: readonly { re: number; im: number }[], factor: number): void =>
            parts.forEach((z, k) => ((this.nodes[so + at + 2 * k] = factor * z.re), (this.nodes[so + at + 2 * k + 1] = factor * z.im)));
          put(SPECTATOR_NODE.perpPlus, sb.basis.perpPlus, fac.minus);
          put(SPECTATOR_NODE.perpPower, sb.basis.perpPower, fac.minus);
          put(SPECTATOR_NODE.paraMinus, sb.basis.paraMinus, fac.zero);
          put(SPECTATOR_NODE.paraPlus, sb.basis.paraPlus, fac.zero);
          this.nodes[so + SPECTATOR_NODE.q2OverMB] = q2 / mB;
        }
        const g = pmdCharmSubtraction(q2, theory.params, pmd);
        this.nodes[o + F_GRE] = g.re;
        this.nodes[o + F_GIM] = g.im;
        const dz = zOf(q2) - z0;
        BSZ_FORM_FACTORS.forEach((ff, f) => {
          const pole = 1 / (1 - q2 / res[ff] ** 2);
          this.nodes[o + F_BASIS + f * 3] = pole;
          this.nodes[o + F_BASIS + f * 3 + 1] = pole * dz;
          this.nodes[o + F_BASIS + f * 3 + 2] = pole * dz * dz;
        });
      }
    });
    this.binStart[bins.length] = n;
    this.constants = new Float64Array(VLL_CONSTANT.stride);
    this.constants[VLL_CONSTANT.mB] = mB;
    this.constants[VLL_CONSTANT.mV] = mV;
    this.constants[VLL_CONSTANT.ml] = this.ml;
    this.constants[VLL_CONSTANT.mb] = this.mb;
    this.constants[VLL_CONSTANT.c7p] = this.c7p;
    this.constants[VLL_CONSTANT.c10] = this.c10sm;
    this.constants[VLL_CONSTANT.a12Endpoint] = this.a12Endpoint;
    this.constants[VLL_CONSTANT.ys] = this.ys;
    // the spectator inputs the tables were built at; the point's own (if it carries them) replace them through
    // the x indices that PointObservables sets (−1 here: these central values)
    const spec = theory.spectatorInputsOf(process);
    this.constants[VLL_CONSTANT.spectatorAt] = -1;
    this.constants[VLL_CONSTANT.fBsAt] = -1;
    this.constants[VLL_CONSTANT.fBRatioAt] = -1;
    this.constants[VLL_CONSTANT.fBRef] = spec.fB;
    this.constants[VLL_CONSTANT.ysAt] = -1;
    this.constants[VLL_CONSTANT.lambdaB] = spec.lambdaBPlus;
    this.constants[VLL_CONSTANT.a1Perp] = spec.a1Perp;
    this.constants[VLL_CONSTANT.a2Perp] = spec.a2Perp;
    this.constants[VLL_CONSTANT.a1Para] = spec.a1Para;
    this.constants[VLL_CONSTANT.a2Para] = spec.a2Para;
    const vllBinKernel = new Int32Array(this.nBins);
    this.tables = { vllNodes: this.nodes, vllBinNodes: this.binStart, vllBinKernel, vllConstants: this.constants, vllFfIndex: this.ffIndex };
  }

  /**
   * Writes the τ-weighted bin integrals of the 11 J_i (J_NAMES order) for every bin to out[outOffset + 11·bin + i].
   * x[npOffset], x[npOffset + 1] = C9^NP, C10^NP; x[ffOffset..+21] BSZ; x[hOffset..+16] PDD (hOffset < 0: h = 0).
   */
  evaluate(x: Float64Array, npOffset: number, ffOffset: number, hOffset: number, out: Float64Array, outOffset: number, pmdOffset = -1): void {
    for (let bin = 0; bin < this.nBins; bin++) vllBinIntegrals(this.tables, bin, x, npOffset, ffOffset, hOffset, pmdOffset, out, outOffset + bin * N_J);
  }
}

/** Scratch of vllBinIntegrals (one evaluation at a time per thread): the spectator inputs, and Δ_−, Δ_0 of a node. */
const spectatorInput = new Float64Array(SPECTATOR_INPUT.size);
const shift = new Float64Array(4);

/** The B → V ℓℓ part of the flat tables (flavour-point-layout.ts); one VllPointKernel is such tables with one kernel. */
export type VllBinTables = Pick<FlavourPointTables, 'vllNodes' | 'vllBinNodes' | 'vllBinKernel' | 'vllConstants' | 'vllFfIndex'>;

/**
 * The τ-weighted integrals of the 11 J_i (J_NAMES order) of bin `bin` of the tables into out[at..at + 10]: the
 * one float64 evaluation of B → V ℓℓ that VllPointKernel and the flat tables of the full flavour likelihood
 * (point-predictions.ts) share; kernels/flavour-point-wgsl.ts is its float32 twin. The point is read from x:
 * C9^NP, C10^NP at npBase + (the kernel's np constant), BSZ coefficient F·3 + k at ffBase + vllFfIndex[21·kernel
 * + F·3 + k] (a0_A12 and a0_T2 from the endpoint relations), the 16 PDD numbers at hAt (−1: none), the 12 PMD
 * numbers at pmdAt (−1: PDD).
 */
export function vllBinIntegrals(t: VllBinTables, bin: number, x: Float64Array, npBase: number, ffBase: number, hAt: number, pmdAt: number, out: Float64Array, at: number): void {
  const nodes = t.vllNodes;
  const kernel = t.vllBinKernel[bin];
  const c = t.vllConstants;
  const co = kernel * VLL_CONSTANT.stride;
  const ffIndex = t.vllFfIndex;
  const fo = kernel * N_FF;
  const mB = c[co + VLL_CONSTANT.mB];
  const mV = c[co + VLL_CONSTANT.mV];
  const ml = c[co + VLL_CONSTANT.ml];
  const c7p = c[co + VLL_CONSTANT.c7p];
  const np = npBase + c[co + VLL_CONSTANT.np];
  const c9np = x[np];
  const c10 = c[co + VLL_CONSTANT.c10] + x[np + 1];
  // Form-factor coefficients α_k^F (F·3 + k), with the endpoint relations a0_A12 ∝ a0_A0 and a0_T2 = a0_T1.
  const ff = (i: number): number => x[ffBase + ffIndex[fo + i]];
  const aA0 = ff(0);
  const aA12 = c[co + VLL_CONSTANT.a12Endpoint] * aA0;
  const aT1 = ff(12);
  // read once per bin (a closure call per node and coefficient costs the node loop its inlining)
  const a1 = ff(1), a2 = ff(2), a3 = ff(3), a4 = ff(4), a5 = ff(5), a7 = ff(7), a8 = ff(8), a9 = ff(9), a10 = ff(10), a11 = ff(11);
  const a13 = ff(13), a14 = ff(14), a16 = ff(16), a17 = ff(17), a18 = ff(18), a19 = ff(19), a20 = ff(20);
  // PDD pieces (spec §4.4); h_−^(0) and h_−^(1) act as universal ΔC7 = −h_−^(0) and ΔC9 = −h_−^(1).
  const h = (i: number): number => (hAt >= 0 ? x[hAt + i] : 0);
  const H = PDD_BLOCK;
  const h00r = h(H.h00), h00i = h(H.h00 + 1), hp0r = h(H.hp0), hp0i = h(H.hp0 + 1), hm0r = h(H.hm0), hm0i = h(H.hm0 + 1), h01r = h(H.h01), h01i = h(H.h01 + 1);
  const hp1r = h(H.hp1), hp1i = h(H.hp1 + 1), hm1r = h(H.hm1), hm1i = h(H.hm1 + 1), hp2r = h(H.hp2), hp2i = h(H.hp2 + 1), hm2r = h(H.hm2), hm2i = h(H.hm2 + 1);
  const mB2 = mB * mB;
  const mV2 = mV * mV;
  const dipBase = (2 * c[co + VLL_CONSTANT.mb]) / mB;
  const ys = ysAt(c, co + VLL_CONSTANT.ys, co + VLL_CONSTANT.spectatorAt, x, npBase);
  spectatorInputsAt(c, co + VLL_CONSTANT.spectatorAt, x, npBase, true, spectatorInput);
  let h1s = 0, h2s = 0, h3 = 0; // B_s → φ: w-weighted h_1s/2, h_2s/2, h_3/2 of time-integration.ts
  let j1s = 0, j1c = 0, j2s = 0, j2c = 0, j3 = 0, j4 = 0, j5 = 0, j6s = 0, j7 = 0, j8 = 0, j9 = 0;
  const end = t.vllBinNodes[bin + 1];
  for (let n = t.vllBinNodes[bin]; n < end; n++) {
    const o = n * NODE_STRIDE;
    const w = nodes[o + F_WEIGHT];
    if (w === 0) continue;
    const q2 = nodes[o + F_Q2];
    const sq = nodes[o + F_SQRTQ2];
    const sl = nodes[o + F_SQRTLAM];
    const b = o + F_BASIS;
    // form factors A0, A1, A12, V, T1, T2, T23 (BSZ_FORM_FACTORS order)
    const A0 = aA0 * nodes[b] + a1 * nodes[b + 1] + a2 * nodes[b + 2];
    const A1 = a3 * nodes[b + 3] + a4 * nodes[b + 4] + a5 * nodes[b + 5];
    const A12 = aA12 * nodes[b + 6] + a7 * nodes[b + 7] + a8 * nodes[b + 8];
    const V = a9 * nodes[b + 9] + a10 * nodes[b + 10] + a11 * nodes[b + 11];
    const T1 = aT1 * nodes[b + 12] + a13 * nodes[b + 13] + a14 * nodes[b + 14];
    const T2 = aT1 * nodes[b + 15] + a16 * nodes[b + 16] + a17 * nodes[b + 17];
    const T23 = a18 * nodes[b + 18] + a19 * nodes[b + 19] + a20 * nodes[b + 20];
    // helicity form factors (spec §4.2)
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
    const hfac = (mB2 / q2) * SIXTEEN_PI2;
    // effective coefficients with the universal PDD shifts
    const c7r = nodes[o + F_C7RE] - hm0r;
    const c7i = nodes[o + F_C7IM] - hm0i;
    const c9r = nodes[o + F_C9RE] + c9np - hm1r;
    const c9i = nodes[o + F_C9IM] - hm1i;
    // helicity-specific PDD polynomials (spec §4.4)
    const q4 = q2 * q2;
    const hpR = hp0r + hp1r * q2 + hp2r * q4;
    const hpI = hp0i + hp1i * q2 + hp2i * q4;
    const hmR = hm2r * q4;
    const hmI = hm2i * q4;
    const h0R = sq * (h00r + h01r * q2);
    const h0I = sq * (h00i + h01i * q2);
    // H_V brackets (spec §4.5): C9 Ṽ_λ + dip (C7 T̃_λ − C7′ T̃_−λ) − (m_B²/q²)16π² h_λ + spectator
    spectatorNodeShifts(nodes, o + F_SPECTATOR, spectatorInput, shift);
    let V0r = c9r * v0 + dip * (c7r * t0 - c7p * t0) - hfac * h0R + shift[2];
    let V0i = c9i * v0 + dip * c7i * t0 - hfac * h0I + shift[3];
    let Vpr = c9r * vp + dip * (c7r * tp - c7p * tm) - hfac * hpR;
    let Vpi = c9i * vp + dip * c7i * tp - hfac * hpI;
    let Vmr = c9r * vm + dip * (c7r * tm - c7p * tp) - hfac * hmR + shift[0];
    let Vmi = c9i * vm + dip * c7i * tm - hfac * hmI + shift[1];
    if (pmdAt >= 0) {
      // PMD (spec §5.2): ΔC9^(i)(q²) = e^{iφ_i}{[r1(1 − 1/q²) + ΔC9(1)/q²]/[1 + r2(1 − q²)/m_J/ψ²] − (3C1+C2)g}
      // is ΔC9^(2) on the A1 part and ΔC9^(1) (V), ΔC9^(3) (A2) on theirs: Ṽ_± = vA ∓ vV, Ṽ_0 = v0A1 + v0A2.
      const v0A1 = ((mB + mV) * (mB + mV) * (mB2 - mV2 - q2) * A1) / (4 * mB * mV * (mB + mV) * sq);
      const v0A2 = v0 - v0A1;
      const gr = nodes[o + F_GRE];
      const gi = nodes[o + F_GIM];
      let d1r = 0, d1i = 0, d2r = 0, d2i = 0, d3r = 0, d3i = 0;
      for (let i = 0; i < 3; i++) {
        const b4 = pmdAt + PMD_BLOCK.size * i;
        const re = pmdShape(x, b4, q2) + gr;
        const cs = Math.cos(x[b4 + PMD_BLOCK.phase]);
        const sn = Math.sin(x[b4 + PMD_BLOCK.phase]);
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
    // angular coefficients (spec §4.6, H_S = 0; the A's are real)
    const beta = nodes[o + F_BETA];
    const beta2 = nodes[o + F_BETA2];
    const r = nodes[o + F_R];
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
    // Im(a b*) = a_i b_r − a_r b_i with real A's
    j7 += w * (beta / 2) * (sVi * A0h - sA * V0i);
    j8 += w * (beta2 / 4) * (dVi * V0r - dVr * V0i);
    j9 += w * (beta2 / 2) * (Vpi * Vmr - Vpr * Vmi);
    if (ys !== 0) {
      // h_i/2 of time-integration.ts (real C9^NP, C10^NP, no mixing phase): V₊V₋* and A₊A₋ replace |V|², A²
      const crossV = Vpr * Vmr + Vpi * Vmi;
      const crossA = Aph * Amh;
      h1s += w * (((beta2 + 2) / 4) * (crossV + crossA) + 2 * r * (crossV - crossA));
      h2s += w * (beta2 / 4) * (crossV + crossA);
      h3 -= w * (beta2 / 4) * (absVp + absVm + Aph * Aph + Amh * Amh);
    }
  }
  out[at] = j1s;
  out[at + 1] = j1c;
  out[at + 2] = j2s;
  out[at + 3] = j2c;
  out[at + 4] = j3;
  out[at + 5] = j4;
  out[at + 6] = j5;
  out[at + 7] = j6s;
  out[at + 8] = j7;
  out[at + 9] = j8;
  out[at + 10] = j9;
  // B_s → φ: the untagged time-integrated coefficients (time-integration.ts)
  if (ys !== 0) timeIntegrate(out, at, ys, h1s, h2s, h3);
}
