/**
 * B → K ℓ⁺ℓ⁻ binned branching fractions at one parameter point with the 9 BCL form-factor coefficients free
 * (flavour-spec.md §3.2, §7), for batched evaluation: the BCL basis functions, kinematics and SM coefficients
 * are tabulated once per Gauss–Legendre node; the per-point body is a bounded scalar loop (no allocation).
 * Exact: equals b-to-k-ll.ts at the same nodes (test/physics/flavour/point-kernels.test.ts).
 *
 * PDD has no hadronic term in B → K (spec §4.4: absh_0_MP = absh_1_MP = 0); the universal ΔC9 = −h_−^(1) and
 * ΔC7 = −h_−^(0) of the K* parametrisation are not applied here either, as in HEPfit's MPll. PMD has none
 * either, unless the caller passes HEPfit's B → K quirk as `c9Shift` (pmd.ts pmdBToKCharmShift).
 *
 * Point layout: x[npOffset], x[npOffset+1] = C9^NP, C10^NP; x[ffOffset..+9] = b0_f+, b1_f+, b2_f+, b0_f0,
 * b1_f0, b2_f0, b0_fT, b1_fT, b2_fT (BCL_ORDER; permuted from the file by the caller-independent ffIndex).
 */
import { kallen } from './b-to-kstar-ll.ts';
import type { CorrelatedParameterSet } from './data-files.ts';
import type { FlavourTheory, Lepton } from './bin-kernels.ts';
import { binRule } from './quadrature.ts';
import { type FlavourPointTables, PLL_CONSTANT, PLL_NODE } from '../../likelihood/flavour-point-layout.ts';

export const BCL_ORDER = ['b0_f+', 'b1_f+', 'b2_f+', 'b0_f0', 'b1_f0', 'b2_f0', 'b0_fT', 'b1_fT', 'b2_fT'] as const;

// per-node fields: flavour-point-layout.ts, which the WGSL kernel reads too
const F_Q2 = PLL_NODE.q2;
const F_W = PLL_NODE.weight; // w_n τ Γ0 √λ β
const F_LAM = PLL_NODE.lambda;
const F_BETA2 = PLL_NODE.beta2;
const F_C7RE = PLL_NODE.c7Re;
const F_C7IM = PLL_NODE.c7Im;
const F_C9RE = PLL_NODE.c9Re;
const F_C9IM = PLL_NODE.c9Im;
const F_BPLUS = PLL_NODE.basisPlus; // 3 basis values of f+ and f_T (shared shape, divided by the f+ pole)
const F_B0 = PLL_NODE.basisZero; // 3 basis values of f0
const STRIDE = PLL_NODE.stride;

export class PllPointKernel {
  readonly nBins: number;
  /** Per-node tables (STRIDE numbers per node; read by the kernel tables of point-observables.ts too). */
  readonly nodes: Float64Array;
  readonly binStart: Int32Array;
  /** Position of each BCL_ORDER coefficient in the file's label order. */
  readonly ffIndex: Int32Array;
  readonly mB: number;
  readonly mK: number;
  readonly ml: number;
  readonly mb: number;
  readonly c10sm: number;
  /** The constants above in the PLL_CONSTANT layout (np = 0: C9^NP sits at the npOffset of `evaluate`). */
  readonly constants: Float64Array;
  /** This kernel as one-kernel flat tables (pllBinIntegral reads them). */
  private readonly tables: PllBinTables;

  constructor(
    theory: FlavourTheory,
    lepton: Lepton,
    meson: { mB: number; mK: number; tau: number; ffSet: CorrelatedParameterSet },
    bins: readonly (readonly [number, number])[],
    /** A q²-dependent shift of C9^eff (complex; none by default). */
    c9Shift?: (q2: number) => { re: number; im: number },
  ) {
    const p = theory.params;
    const { mB, mK, tau, ffSet } = meson;
    this.mB = mB;
    this.mK = mK;
    this.ml = lepton === 'mu' ? p.mass.mu : p.mass.e;
    this.mb = p.mbDipole;
    this.c10sm = p.wc.C10;
    this.nBins = bins.length;
    this.ffIndex = Int32Array.from(BCL_ORDER, (label) => {
      const i = ffSet.parameter_labels.indexOf(label);
      if (i < 0) throw new Error(`BCL parameter ${label} missing`);
      return i;
    });
    const tPlus = (mB + mK) ** 2;
    const sqrtTpT0 = Math.sqrt(tPlus - (mB + mK) * (Math.sqrt(mB) - Math.sqrt(mK)) ** 2);
    const gamma0 = (p.GF * p.GF * p.alphaE * p.alphaE * (p.lambdaT.re ** 2 + p.lambdaT.im ** 2)) / (512 * Math.PI ** 5 * mB ** 3);
    const { subintervals, order } = theory.options;
    this.binStart = new Int32Array(bins.length + 1);
    this.nodes = new Float64Array(bins.length * subintervals * order * STRIDE);
    let n = 0;
    bins.forEach(([a, b], bin) => {
      this.binStart[bin] = n;
      const rule = binRule(a, b, subintervals, order);
      for (let i = 0; i < rule.nodes.length; i++, n++) {
        const q2 = rule.nodes[i];
        const o = n * STRIDE;
        const lam = kallen(mB * mB, mK * mK, q2);
        const beta2 = 1 - (4 * this.ml * this.ml) / q2;
        const ok = lam > 0 && beta2 > 0;
        const sm = theory.smCoefficientsAt(q2);
        const z = (Math.sqrt(tPlus - q2) - sqrtTpT0) / (Math.sqrt(tPlus - q2) + sqrtTpT0);
        const polePlus = 1 / (1 - q2 / p.bclPole.fplus ** 2);
        const pole0 = 1 / (1 - q2 / p.bclPole.f0 ** 2);
        this.nodes[o + F_Q2] = q2;
        this.nodes[o + F_W] = ok ? rule.weights[i] * tau * gamma0 * Math.sqrt(lam) * Math.sqrt(beta2) : 0;
        this.nodes[o + F_LAM] = ok ? lam : 0;
        this.nodes[o + F_BETA2] = ok ? beta2 : 0;
        this.nodes[o + F_C7RE] = sm.c7.re;
        this.nodes[o + F_C7IM] = sm.c7.im;
        const shift = c9Shift?.(q2) ?? { re: 0, im: 0 };
        this.nodes[o + F_C9RE] = sm.c9.re + shift.re;
        this.nodes[o + F_C9IM] = sm.c9.im + shift.im;
        // BCL K = 3 (spec §3.2): f+,T ∝ b0 + b1(z − z³/3) + b2(z² + 2z³/3); f0 ∝ b0 + b1 z + b2 z²
        this.nodes[o + F_BPLUS] = polePlus;
        this.nodes[o + F_BPLUS + 1] = polePlus * (z - (z * z * z) / 3);
        this.nodes[o + F_BPLUS + 2] = polePlus * (z * z + (2 * z * z * z) / 3);
        this.nodes[o + F_B0] = pole0;
        this.nodes[o + F_B0 + 1] = pole0 * z;
        this.nodes[o + F_B0 + 2] = pole0 * z * z;
      }
    });
    this.binStart[bins.length] = n;
    this.constants = new Float64Array(PLL_CONSTANT.stride);
    this.constants[PLL_CONSTANT.mB] = mB;
    this.constants[PLL_CONSTANT.mK] = mK;
    this.constants[PLL_CONSTANT.ml] = this.ml;
    this.constants[PLL_CONSTANT.mb] = this.mb;
    this.constants[PLL_CONSTANT.c10] = this.c10sm;
    const pllBinKernel = new Int32Array(this.nBins);
    this.tables = { pllNodes: this.nodes, pllBinNodes: this.binStart, pllBinKernel, pllConstants: this.constants, pllFfIndex: this.ffIndex };
  }

  /** τ-weighted ∫ dΓ/dq² per bin (BHP form, spec §7) into out[outOffset + bin]; x[ffOffset + ffIndex[i]] read. */
  evaluate(x: Float64Array, npOffset: number, ffOffset: number, out: Float64Array, outOffset: number): void {
    for (let bin = 0; bin < this.nBins; bin++) {
      out[outOffset + bin] = pllBinIntegral(this.tables, bin, x, npOffset, ffOffset);
    }
  }
}

/** The B → K ℓℓ part of the flat tables (flavour-point-layout.ts); one PllPointKernel is such tables with one kernel. */
export type PllBinTables = Pick<FlavourPointTables, 'pllNodes' | 'pllBinNodes' | 'pllBinKernel' | 'pllConstants' | 'pllFfIndex'>;

/**
 * τ-weighted ∫ dΓ/dq² (BHP form, spec §7) of bin `bin` of the tables: the one float64 evaluation of B → K ℓℓ
 * that PllPointKernel and the flat tables of the full flavour likelihood (point-predictions.ts) share. C9^NP,
 * C10^NP are read at x[npBase + (the kernel's np constant)], BCL coefficient i (BCL_ORDER) at
 * x[ffBase + pllFfIndex[9·kernel + i]].
 */
export function pllBinIntegral(t: PllBinTables, bin: number, x: Float64Array, npBase: number, ffBase: number): number {
  const nodes = t.pllNodes;
  const kernel = t.pllBinKernel[bin];
  const c = t.pllConstants;
  const co = kernel * PLL_CONSTANT.stride;
  const ffIndex = t.pllFfIndex;
  const fo = kernel * BCL_ORDER.length;
  const mB = c[co + PLL_CONSTANT.mB];
  const mK = c[co + PLL_CONSTANT.mK];
  const ml = c[co + PLL_CONSTANT.ml];
  const np = npBase + c[co + PLL_CONSTANT.np];
  const c9np = x[np];
  const c10 = c[co + PLL_CONSTANT.c10] + x[np + 1];
  const ff = (i: number): number => x[ffBase + ffIndex[fo + i]];
  const bp0 = ff(0), bp1 = ff(1), bp2 = ff(2), b00 = ff(3), b01 = ff(4), b02 = ff(5), bt0 = ff(6), bt1 = ff(7), bt2 = ff(8);
  const dip = (2 * c[co + PLL_CONSTANT.mb]) / (mB + mK);
  const dm2 = mB * mB - mK * mK;
  let sum = 0;
  const end = t.pllBinNodes[bin + 1];
  for (let n = t.pllBinNodes[bin]; n < end; n++) {
    const o = n * STRIDE;
    const w = nodes[o + F_W];
    if (w === 0) continue;
    const q2 = nodes[o + F_Q2];
    const fp = bp0 * nodes[o + F_BPLUS] + bp1 * nodes[o + F_BPLUS + 1] + bp2 * nodes[o + F_BPLUS + 2];
    const fT = bt0 * nodes[o + F_BPLUS] + bt1 * nodes[o + F_BPLUS + 1] + bt2 * nodes[o + F_BPLUS + 2];
    const f0 = b00 * nodes[o + F_B0] + b01 * nodes[o + F_B0 + 1] + b02 * nodes[o + F_B0 + 2];
    const fvr = (nodes[o + F_C9RE] + c9np) * fp + dip * nodes[o + F_C7RE] * fT;
    const fvi = nodes[o + F_C9IM] * fp + dip * nodes[o + F_C7IM] * fT;
    const FA = c10 * fp;
    const FP = ml * c10 * ((dm2 / q2) * (f0 - fp) - fp);
    const lam = nodes[o + F_LAM];
    const beta2 = nodes[o + F_BETA2];
    const va = fvr * fvr + fvi * fvi + FA * FA;
    const a = q2 * FP * FP + (lam / 4) * va + 4 * ml * ml * mB * mB * FA * FA + 2 * ml * (dm2 + q2) * FP * FA;
    const cl = -lam * beta2 * 0.25 * va; // c_ℓ/(Γ0 √λ β) = −λ β² ¼ (|F_A|² + |F_V|²)
    sum += w * 2 * (a + cl / 3);
  }
  return sum;
}
