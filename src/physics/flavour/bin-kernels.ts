/**
 * Per-bin quadratic kernels: binned rates and angular coefficients as quadratic forms in (C9^NP, C10^NP)
 * of one lepton, precomputed once per hadronic (form-factor) point so a batch of Wilson-coefficient points
 * costs a few flops each (feasibility.md stage A).
 *
 * The SM pieces that do not depend on form factors — C7^eff + ΔC7 and C9 + Y + ΔC9 at every quadrature
 * node — are cached per bin and reused when form factors are resampled for the theory covariance.
 */
import { type Complex, add, complex } from './complex.ts';
import { BclFormFactors } from './form-factors-bcl.ts';
import { BszFormFactors } from './form-factors-bsz.ts';
import { J_NAMES, angularCoefficients, rateFromJ, vllAmplitudes, type VllKinematics } from './b-to-kstar-ll.ts';
import { bToKRateOverGamma0, gamma0BToK, type PllKinematics } from './b-to-k-ll.ts';
import { bsToLLPrefactor } from './bs-to-ll.ts';
import { charmLoopY } from './charm-loop.ts';
import { NloGrid, nloShifts } from './nlo-corrections.ts';
import type { FlavourParameters } from './parameters.ts';
import { type SpectatorBasis, type SpectatorKinematics, type SpectatorShifts, SPECTATOR_Q2_MAX, spectatorBasis, spectatorShifts } from './spectator-scattering.ts';
import { type SpectatorInputs, spectatorInputs } from './spectator-inputs.ts';
import { QF_SIZE, SAMPLE_POINTS, formsFromSamples } from './quadratic-form.ts';
import { binRule } from './quadrature.ts';
import { loadTheoryInputs } from './data-files.ts';
import type { FlDefinition } from './angular-table.ts';

export type Lepton = 'mu' | 'e';
export type VllProcess = 'B0->K*' | 'B+->K*';
/** The B → Vℓℓ processes with a spectator-scattering term: B → K* and B_s → φ (per-point kernels only). */
export type SpectatorVllProcess = VllProcess | 'Bs->phi';

/** φ mass (GeV; flavour-spec.md §3.3, = HEPfit's Mphi and flavio's m_phi). */
export const M_PHI = 1.019461;
export type PllProcess = 'B+->K';

export interface TheoryOptions {
  /** Include the NLO ΔC7, ΔC9 of spec §4.3 (false = naive factorisation, for cross-checks). */
  nlo: boolean;
  /**
   * Include the QCD-factorisation hard-spectator scattering in B → K*ℓℓ (spectator-scattering.ts; absent or
   * true = on, as in flavio; false = off, for cross-checks). Applies only together with `nlo`.
   */
  spectator?: boolean;
  /** Include the SM's C7′ = (m_s/m_b) C7 (absent or true = on, as flavio and HEPfit; false for cross-checks). */
  smC7Prime?: boolean;
  /** F_L definition (observables.ts; absent = 'lhcb'). */
  flDefinition?: FlDefinition;
  /** HEPfit's Y(q²) without its constant term 4/3 C3 + 64/9 C5 + 64/27 C6 (charm-loop.ts; absent or false: kept). */
  yConstantQuirk?: boolean;
  /** Gauss–Legendre sub-intervals and order per bin (in ln q²). */
  subintervals: number;
  order: number;
}

export const DEFAULT_THEORY_OPTIONS: TheoryOptions = { nlo: true, spectator: true, subintervals: 4, order: 16 };

/** Hadronic inputs that are varied for the theory covariance: BSZ (21, file order), BCL (9), f_Bs. */
export interface HadronicPoint {
  bsz: ArrayLike<number>;
  bcl: ArrayLike<number>;
  fBs: number;
}

interface BinNodes {
  q2: Float64Array;
  weight: Float64Array;
  c7: Complex[];
  c9sm: Complex[];
}

const nodeCache = new Map<string, BinNodes>();
const spectatorCache = new Map<string, (SpectatorShifts | undefined)[]>();

/**
 * The SM's C7′ = (m_s/m_b) C7 with C7 the non-effective coefficient, C7 = C7^eff − Σ y_i C_i,
 * y = (0, 0, −1/3, −4/9, −20/3, −80/9) (flavio `wctot_dict`/`get_C78eff`; C7′^eff = C7′ since the primed
 * four-quark coefficients vanish).
 */
export function smC7Prime(params: FlavourParameters): number {
  const { C3, C4, C5, C6, C7eff } = params.wc;
  const c7 = C7eff - ((-1 / 3) * C3 + (-4 / 9) * C4 + (-20 / 3) * C5 + (-80 / 9) * C6);
  return params.msOverMb * c7;
}

export class FlavourTheory {
  private readonly kernelCache = new Map<string, Float64Array>();
  private readonly grid: NloGrid | null;

  constructor(
    readonly params: FlavourParameters,
    readonly hadronic: HadronicPoint,
    readonly options: TheoryOptions = DEFAULT_THEORY_OPTIONS,
    private readonly dataDir?: string,
  ) {
    this.grid = options.nlo ? NloGrid.load(dataDir) : null;
  }

  /** Central hadronic point from flavour-theory-inputs.json and the scheme's f_Bs. */
  static centralHadronic(params: FlavourParameters, dataDir?: string): HadronicPoint {
    const inputs = loadTheoryInputs(dataDir);
    return { bsz: inputs.BSZ2015_B_to_Kstar.central, bcl: inputs.FNALMILC2015_B_to_K_BCL.central, fBs: params.fBs };
  }

  private leptonMass(l: Lepton): number {
    return l === 'mu' ? this.params.mass.mu : this.params.mass.e;
  }

  private nodes(q2min: number, q2max: number): BinNodes {
    const { params, options } = this;
    const key = `${params.scheme}|${options.nlo}|${options.yConstantQuirk === true}|${options.subintervals}|${options.order}|${q2min}|${q2max}`;
    const hit = nodeCache.get(key);
    if (hit) return hit;
    const rule = binRule(q2min, q2max, options.subintervals, options.order);
    const c7: Complex[] = [];
    const c9sm: Complex[] = [];
    for (const q2 of rule.nodes) {
      const y = charmLoopY(q2, params.wc, params.mcPole, params.mbPole, params.muB, options.yConstantQuirk !== true);
      let c7q = complex(params.wc.C7eff);
      let c9q = add(complex(params.wc.C9), y);
      if (this.grid) {
        const d = nloShifts(q2, params, this.grid);
        c7q = add(c7q, d.deltaC7);
        c9q = add(c9q, d.deltaC9);
      }
      c7.push(c7q);
      c9sm.push(c9q);
    }
    const nodes = { q2: rule.nodes, weight: rule.weights, c7, c9sm };
    nodeCache.set(key, nodes);
    return nodes;
  }

  /** Whether the hard-spectator terms are on (they belong to the NLO QCD-factorisation set). */
  get spectatorOn(): boolean {
    return this.options.nlo && this.options.spectator !== false;
  }

  /** Spectator-scattering shifts of the H_V brackets at the bin's nodes (undefined where off). */
  private spectatorNodes(process: VllProcess, q2min: number, q2max: number): (SpectatorShifts | undefined)[] {
    const { params, options } = this;
    const key = `${params.scheme}|${process}|${options.subintervals}|${options.order}|${q2min}|${q2max}|${this.dataDir ?? ''}`;
    const hit = spectatorCache.get(key);
    if (hit) return hit;
    const out = Array.from(this.nodes(q2min, q2max).q2, (q2) => this.spectatorShiftsAt(process, q2));
    spectatorCache.set(key, out);
    return out;
  }

  /** Spectator-scattering shifts at one q² (undefined when switched off; for tests and diagnostics). */
  spectatorShiftsAt(process: SpectatorVllProcess, q2: number): SpectatorShifts | undefined {
    if (!this.spectatorOn) return undefined;
    return spectatorShifts(q2, this.spectatorKinematics(process), this.params.wc, this.spectatorInputsOf(process));
  }

  /**
   * The spectator terms at one q² split by their λ_B and Gegenbauer dependence (spectator-scattering.ts
   * spectatorBasis), with the inputs they were built from; undefined where the terms are off or q² is above
   * SPECTATOR_Q2_MAX.
   */
  spectatorBasisAt(process: SpectatorVllProcess, q2: number): { basis: SpectatorBasis; inputs: SpectatorInputs } | undefined {
    if (!this.spectatorOn || q2 >= SPECTATOR_Q2_MAX) return undefined;
    const inputs = this.spectatorInputsOf(process);
    return { basis: spectatorBasis(q2, this.spectatorKinematics(process), this.params.wc, inputs), inputs };
  }

  /** The spectator inputs of a process (central values of the scheme). */
  spectatorInputsOf(process: SpectatorVllProcess): SpectatorInputs {
    return spectatorInputs(this.params, process, this.dataDir);
  }

  /** Masses, scale and α_s of the spectator loops (pole m_b, m_c, as BFS01). */
  private spectatorKinematics(process: SpectatorVllProcess): SpectatorKinematics {
    const { params } = this;
    const kin = this.vllKinematics(process, 'mu');
    return { mB: kin.mB, mV: kin.mV, mb: params.mbPole, mc: params.mcPole, mu: params.muB, alphaS: params.alphaSMuB };
  }

  /** SM coefficients at one q² (for tests and diagnostics). */
  smCoefficientsAt(q2: number): { c7: Complex; c9: Complex } {
    const { params, options } = this;
    const y = charmLoopY(q2, params.wc, params.mcPole, params.mbPole, params.muB, options.yConstantQuirk !== true);
    let c7 = complex(params.wc.C7eff);
    let c9 = add(complex(params.wc.C9), y);
    if (this.grid) {
      const d = nloShifts(q2, params, this.grid);
      c7 = add(c7, d.deltaC7);
      c9 = add(c9, d.deltaC9);
    }
    return { c7, c9 };
  }

  vllKinematics(process: SpectatorVllProcess, lepton: Lepton): VllKinematics {
    const m = this.params.mass;
    if (process === 'Bs->phi') return { mB: m.Bs, mV: M_PHI, ml: this.leptonMass(lepton), mb: this.params.mbDipole };
    return process === 'B0->K*'
      ? { mB: m.B0, mV: m.Kstar0, ml: this.leptonMass(lepton), mb: this.params.mbDipole }
      : { mB: m.Bplus, mV: m.KstarPlus, ml: this.leptonMass(lepton), mb: this.params.mbDipole };
  }

  private vllLifetime(process: VllProcess): number {
    return process === 'B0->K*' ? this.params.tau.B0 : this.params.tau.Bplus;
  }

  /**
   * τ_B ∫ J_i dq² over the bin for the 11 angular coefficients (J_NAMES order), each as a quadratic form:
   * returns 11 × QF_SIZE numbers.
   */
  vllJKernels(process: VllProcess, lepton: Lepton, q2min: number, q2max: number): Float64Array {
    const key = `J|${process}|${lepton}|${q2min}|${q2max}`; // options are fixed per instance
    const hit = this.kernelCache.get(key);
    if (hit) return hit;
    const kin = this.vllKinematics(process, lepton);
    const ffs = BszFormFactors.fromParameterSet(loadTheoryInputs(this.dataDir).BSZ2015_B_to_Kstar, kin.mB, kin.mV, this.hadronic.bsz);
    const { GF, alphaE, lambdaT } = this.params;
    const norm2 = ((GF * alphaE * Math.hypot(lambdaT.re, lambdaT.im) * kin.mB) / (Math.SQRT2 * Math.PI)) ** 2;
    const nodes = this.nodes(q2min, q2max);
    const nJ = J_NAMES.length;
    const samples = new Float64Array(SAMPLE_POINTS.length * nJ);
    const J = new Float64Array(nJ);
    const tau = this.vllLifetime(process);
    const { C10 } = this.params.wc;
    const c7p = this.options.smC7Prime === false ? 0 : smC7Prime(this.params);
    const spectator = this.spectatorOn ? this.spectatorNodes(process, q2min, q2max) : undefined;
    for (let n = 0; n < nodes.q2.length; n++) {
      const q2 = nodes.q2[n];
      const ff = ffs.at(q2);
      const w = nodes.weight[n] * tau;
      SAMPLE_POINTS.forEach(([c9np, c10np], p) => {
        const c9 = complex(nodes.c9sm[n].re + c9np, nodes.c9sm[n].im);
        const h = vllAmplitudes(q2, kin, ff, { c7: nodes.c7[n], c7p, c9, c10: C10 + c10np, spectator: spectator?.[n] });
        angularCoefficients(q2, kin, h, norm2, J);
        for (let i = 0; i < nJ; i++) samples[p * nJ + i] += w * J[i];
      });
    }
    const forms = formsFromSamples(samples, nJ);
    this.kernelCache.set(key, forms);
    return forms;
  }

  /** τ_B ∫ dΓ/dq² dq² (= BR in the bin) for B → V ℓℓ as one quadratic form. */
  vllRateKernel(process: VllProcess, lepton: Lepton, q2min: number, q2max: number): Float64Array {
    const J = this.vllJKernels(process, lepton, q2min, q2max);
    const out = new Float64Array(QF_SIZE);
    const offsets = ['1s', '1c', '2s', '2c'].map((n) => J_NAMES.indexOf(n as (typeof J_NAMES)[number]) * QF_SIZE);
    const tmp = new Float64Array(4);
    for (let e = 0; e < QF_SIZE; e++) {
      offsets.forEach((o, i) => (tmp[i] = J[o + e]));
      out[e] = rateFromJ(tmp);
    }
    return out;
  }

  /** τ_B ∫ dΓ/dq² dq² for B⁺ → K⁺ ℓℓ as one quadratic form. */
  pllRateKernel(process: PllProcess, lepton: Lepton, q2min: number, q2max: number): Float64Array {
    const key = `P|${process}|${lepton}|${q2min}|${q2max}`;
    const hit = this.kernelCache.get(key);
    if (hit) return hit;
    const m = this.params.mass;
    const kin: PllKinematics = { mB: m.Bplus, mK: m.Kplus, ml: this.leptonMass(lepton), mb: this.params.mbDipole };
    const ffs = BclFormFactors.fromParameterSet(loadTheoryInputs(this.dataDir).FNALMILC2015_B_to_K_BCL, kin.mB, kin.mK, this.params.bclPole, this.hadronic.bcl);
    const { GF, alphaE, lambdaT, wc, tau } = this.params;
    const g0 = gamma0BToK(GF, alphaE, Math.hypot(lambdaT.re, lambdaT.im), kin.mB) * tau.Bplus;
    const nodes = this.nodes(q2min, q2max);
    const samples = new Float64Array(SAMPLE_POINTS.length);
    for (let n = 0; n < nodes.q2.length; n++) {
      const q2 = nodes.q2[n];
      const ff = ffs.at(q2);
      const w = nodes.weight[n] * g0;
      SAMPLE_POINTS.forEach(([c9np, c10np], p) => {
        const c9 = complex(nodes.c9sm[n].re + c9np, nodes.c9sm[n].im);
        samples[p] += w * bToKRateOverGamma0(q2, kin, ff, nodes.c7[n], c9, wc.C10 + c10np);
      });
    }
    const forms = formsFromSamples(samples, 1);
    this.kernelCache.set(key, forms);
    return forms;
  }

  /** Time-integrated BR(B_s → ℓℓ) = P |C10^SM + C10^NP|² as a quadratic form (no C9 dependence). */
  bsllKernel(lepton: Lepton): Float64Array {
    const p = bsToLLPrefactor(this.params, this.leptonMass(lepton), this.hadronic.fBs);
    const c10 = this.params.wc.C10Bsll;
    return Float64Array.from([p * c10 * c10, 0, p * c10, 0, 0, p]);
  }
}
