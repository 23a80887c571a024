/**
 * A list of flavio-named b → sℓℓ observables compiled for evaluation at one point of the full parameter
 * vector (NP coefficients, all form factors, PDD h_λ, f_Bs), for the nuisance-sampling flavour fits.
 *
 * Names are parsed once into small integer plans over per-(process, lepton) kernels (vll-point-kernel.ts,
 * pll-point-kernel.ts) that share their bins, and laid out as the flat tables of the full flavour likelihood
 * (flavour-point-layout.ts); `evaluate` runs them through point-predictions.ts, the float64 evaluation the
 * likelihood's cpu backend uses too: each kernel once into a preallocated scratch buffer, then per observable
 * its plan — no allocation per point.
 *
 * Point layout (POINT_LAYOUT): C9μ, C10μ, C9e, C10e (NP at μ_b), the 21 B → K* BSZ coefficients, the 21 B_s → φ
 * BSZ coefficients (file order, dependent a0's overwritten), the 9 B → K BCL coefficients (file order), the 16
 * PDD numbers (re, im of H_ORDER), f_Bs, the 12 PMD numbers (read only when the treatment is 'pmd'), and — read
 * only when built with `pointSpectator` — the spectator inputs of B → K* and of B_s → φ (λ_B, a1⊥, a2⊥, a1∥,
 * a2∥ each, SPECTATOR_BLOCK), f_Bs/f_Bd and ΔΓ_s/Γ_s; without it those are the scheme's central values.
 */
import { InputError } from '../../errors.ts';
import { type FlavourTheory, type Lepton, type SpectatorVllProcess, M_PHI, smC7Prime } from './bin-kernels.ts';
import { bsToLLPrefactor } from './bs-to-ll.ts';
import { loadTheoryInputs } from './data-files.ts';
import { nloShifts, NloGrid } from './nlo-corrections.ts';
import { ANGULAR, type Angular, type FlDefinition } from './angular-table.ts';
import { parseObservableName } from './observable-name.ts';
import { PllPointKernel } from './pll-point-kernel.ts';
import { type FlavourPredictionTables, flavourPredictions } from './point-predictions.ts';
import { type RadiativeInputs, radiativeConstants, radiativeSpectator } from './radiative.ts';
import { N_J, VllPointKernel } from './vll-point-kernel.ts';
import { type PmdOptions, pmdCharmSubtraction } from './pmd.ts';
import { BSLL_CONSTANT, PLAN, PLL_CONSTANT, RADIATIVE_CONSTANT, VLL_CONSTANT } from '../../likelihood/flavour-point-layout.ts';

export const POINT_LAYOUT = { npMu: 0, npE: 2, ffKstar: 4, ffPhi: 25, ffK: 46, h: 55, fBs: 71, pmd: 72, spectatorKstar: 84, spectatorPhi: 89, fBsOverFBd: 94, dGammaOverGammaS: 95, size: 96 } as const;

/** Gauss–Legendre rule per q² bin of the full fits (flavour-hadronic.ts default): 2 subintervals of order 8. */
export const FULL_FIT_QUADRATURE = { subintervals: 2, order: 8 } as const;

/** Which hadronic parametrisation the point carries: PDD h_λ (x[h..]) or PMD (x[pmd..], pmd.ts). */
export type HadronicTreatment = 'pdd' | 'pmd';

/** K0 mass (GeV; PDG, which the HEPfit cards do not list separately). */
const M_K0 = 0.497611;

type VllKey = 'B0->K*|mu' | 'B0->K*|e' | 'B+->K*|mu' | 'B+->K*|e' | 'Bs->phi|mu' | 'Bs->phi|e';
type PllKey = 'B+->K|mu' | 'B+->K|e' | 'B0->K|mu' | 'B0->K|e';

type Code = (typeof PLAN)[keyof typeof PLAN];

interface Plan {
  code: Code;
  /** Kernel slot(s) and bin(s). */
  a: number;
  binA: number;
  b: number;
  binB: number;
  /** Angular kind, or rate factor (1/width, time-integration), or radiative slot. */
  kind: number;
  factor: number;
}

const LEPTONS: Record<string, Lepton> = { mumu: 'mu', ee: 'e' };

export class PointObservables {
  readonly names: readonly string[];
  private readonly vll: VllPointKernel[] = [];
  private readonly vllNp: number[] = [];
  private readonly vllFf: number[] = [];
  private readonly vllOffset: number[] = [];
  private readonly pll: PllPointKernel[] = [];
  private readonly pllNp: number[] = [];
  private readonly pllOffset: number[] = [];
  private readonly plans: Plan[];
  private readonly scratch: Float64Array;
  private readonly tables: FlavourPredictionTables;

  constructor(
    names: readonly string[],
    readonly theory: FlavourTheory,
    private readonly flDefinition: FlDefinition = 'lhcb',
    dataDir?: string,
    private readonly treatment: HadronicTreatment = 'pdd',
    pmdOptions: PmdOptions = {},
    /** Whether the point carries the spectator inputs, f_Bs/f_Bd and ΔΓ_s/Γ_s (the hadronic scenarios sample them). */
    private readonly pointSpectator = false,
  ) {
    this.names = names;
    const p = theory.params;
    const inputs = loadTheoryInputs(dataDir);
    const vllBins = new Map<VllKey, [number, number][]>();
    const pllBins = new Map<PllKey, [number, number][]>();
    const binIndex = <K>(map: Map<K, [number, number][]>, key: K, a: number, b: number): number => {
      const list = map.get(key) ?? [];
      map.set(key, list);
      const i = list.findIndex(([x, y]) => x === a && y === b);
      if (i >= 0) return i;
      list.push([a, b]);
      return list.length - 1;
    };
    // First pass: parse, collect bins; kernel slots are resolved after the kernels exist.
    const raw = names.map((name) => parse(name));
    const keyedPlans = raw.map((r) => {
      const plan = { ...r.plan } as Plan & { keyA?: string; keyB?: string };
      if (r.vllA) plan.binA = binIndex(vllBins, r.vllA, r.bin[0], r.bin[1]);
      if (r.vllB) plan.binB = binIndex(vllBins, r.vllB, r.bin[0], r.bin[1]);
      if (r.pllA) plan.binA = binIndex(pllBins, r.pllA, r.bin[0], r.bin[1]);
      if (r.pllB) plan.binB = binIndex(pllBins, r.pllB, r.bin[0], r.bin[1]);
      plan.keyA = r.vllA ?? r.pllA;
      plan.keyB = r.vllB ?? r.pllB;
      return plan;
    });
    let size = 0;
    const vllSlot = new Map<string, number>();
    for (const [key, bins] of vllBins) {
      const [process, lepton] = key.split('|') as ['B0->K*' | 'B+->K*' | 'Bs->phi', Lepton];
      const meson =
        process === 'B0->K*'
          ? { mB: p.mass.B0, mV: p.mass.Kstar0, tau: p.tau.B0, ffSet: inputs.BSZ2015_B_to_Kstar }
          : process === 'B+->K*'
            ? { mB: p.mass.Bplus, mV: p.mass.KstarPlus, tau: p.tau.Bplus, ffSet: inputs.BSZ2015_B_to_Kstar }
            : { mB: p.mass.Bs, mV: M_PHI, tau: p.tau.Bs, ffSet: inputs.BSZ2015_Bs_to_phi as typeof inputs.BSZ2015_B_to_Kstar };
      vllSlot.set(key, this.vll.length);
      this.vll.push(new VllPointKernel(theory, process, lepton, meson, bins, pmdOptions));
      this.vllNp.push(lepton === 'mu' ? POINT_LAYOUT.npMu : POINT_LAYOUT.npE);
      this.vllFf.push(process === 'Bs->phi' ? POINT_LAYOUT.ffPhi : POINT_LAYOUT.ffKstar);
      this.vllOffset.push(size);
      size += bins.length * N_J;
    }
    const pllSlot = new Map<string, number>();
    for (const [key, bins] of pllBins) {
      const [process, lepton] = key.split('|') as ['B+->K' | 'B0->K', Lepton];
      const meson =
        process === 'B+->K'
          ? { mB: p.mass.Bplus, mK: p.mass.Kplus, tau: p.tau.Bplus, ffSet: inputs.FNALMILC2015_B_to_K_BCL }
          : { mB: p.mass.B0, mK: M_K0, tau: p.tau.B0, ffSet: inputs.FNALMILC2015_B_to_K_BCL };
      pllSlot.set(key, this.pll.length);
      // PMD with HEPfit's B → K quirk: ΔC9^BK = −(3C1 + C2)_KMPW g(m_c, q²) (pmd.ts)
      const bToKShift = treatment === 'pmd' && pmdOptions.bToKCharmQuirk ? (q2: number) => pmdCharmSubtraction(q2, p, pmdOptions) : undefined;
      this.pll.push(new PllPointKernel(theory, lepton, meson, bins, bToKShift));
      this.pllNp.push(lepton === 'mu' ? POINT_LAYOUT.npMu : POINT_LAYOUT.npE);
      this.pllOffset.push(size);
      size += bins.length;
    }
    this.scratch = new Float64Array(size);
    this.plans = keyedPlans.map((plan) => {
      const slot = (key?: string): number => (key === undefined ? -1 : (vllSlot.get(key) ?? pllSlot.get(key) ?? -1));
      // B_s → φμμ: the kernel returns the time-integrated coefficients (time-integration.ts), so rates and
      // angular observables need no further factor (no BR(φ → KK) factor either, spec §4.7)
      return { code: plan.code, a: slot(plan.keyA), binA: plan.binA, b: slot(plan.keyB), binB: plan.binB, kind: plan.kind, factor: plan.factor };
    });
    // Radiative slots 0: B0 → K*γ, 1: B+ → K*γ, 2: B_s → φγ (ΔC7 at q² → 0; the ΔC9 part is not used).
    const grid = theory.options.nlo ? NloGrid.load(dataDir) : null;
    const d7 = grid ? nloShifts(1e-6, p, grid).deltaC7 : { re: 0, im: 0 };
    const c7p = theory.options.smC7Prime === false ? 0 : smC7Prime(p);
    const rad = (process: SpectatorVllProcess, tau: number, ys: number): RadiativeInputs => {
      const { mB, mV } = theory.vllKinematics(process, 'mu');
      return { mB, mV, tau, c7Re: p.wc.C7eff + d7.re, c7Im: d7.im, c7p, ys, spectator: radiativeSpectator(theory, process) };
    };
    this.tables = this.buildTables([rad('B0->K*', p.tau.B0, 0), rad('B+->K*', p.tau.Bplus, 0), rad('Bs->phi', p.tau.Bs, p.ys)]);
  }

  get size(): number {
    return this.names.length;
  }

  /** Predictions of every observable at x[xOffset..+POINT_LAYOUT.size] into out[outOffset..] (point-predictions.ts). */
  evaluate(x: Float64Array, xOffset: number, out: Float64Array, outOffset: number): void {
    flavourPredictions(this.tables, x, xOffset, this.scratch, out, outOffset);
  }

  /**
   * The observables as flat tables (flavour-point-layout.ts), which `evaluate`, the cpu backend and the WGSL
   * kernel read: the per-node tables of every kernel, their constants, and per observable its plan with
   * scratch offsets. The measurement part (gain, target, whitening) and the θ step are the caller's.
   */
  kernelTables(): FlavourPredictionTables {
    return this.tables;
  }

  private buildTables(radiativeInputs: readonly RadiativeInputs[]): FlavourPredictionTables {
    const concat = (arrays: Float64Array[]): Float64Array => {
      const out = new Float64Array(arrays.reduce((n, a) => n + a.length, 0));
      let at = 0;
      for (const a of arrays) (out.set(a, at), (at += a.length));
      return out;
    };
    const binTables = (kernels: { nBins: number; binStart: Int32Array }[]): { binKernel: Int32Array; binNodes: Int32Array } => {
      const binKernel: number[] = [];
      const binNodes: number[] = [0];
      kernels.forEach((k, index) => {
        for (let b = 0; b < k.nBins; b++) {
          binKernel.push(index);
          binNodes.push(binNodes[binNodes.length - 1] + k.binStart[b + 1] - k.binStart[b]);
        }
      });
      return { binKernel: Int32Array.from(binKernel), binNodes: Int32Array.from(binNodes) };
    };
    const vllBins = binTables(this.vll);
    const pllBins = binTables(this.pll);
    const vllConstants = new Float64Array(this.vll.length * VLL_CONSTANT.stride);
    const vllFfIndex = new Int32Array(this.vll.length * 21);
    const spectatorIndices = (c: Float64Array, at: number, fields: typeof VLL_CONSTANT | typeof RADIATIVE_CONSTANT, phi: boolean): void => {
      if (!this.pointSpectator) return;
      c[at + fields.spectatorAt] = phi ? POINT_LAYOUT.spectatorPhi : POINT_LAYOUT.spectatorKstar;
      c[at + fields.fBsAt] = POINT_LAYOUT.fBs;
      c[at + fields.fBRatioAt] = phi ? -1 : POINT_LAYOUT.fBsOverFBd;
      c[at + fields.ysAt] = POINT_LAYOUT.dGammaOverGammaS;
    };
    this.vll.forEach((k, i) => {
      vllConstants.set(k.constants, i * VLL_CONSTANT.stride);
      vllConstants[i * VLL_CONSTANT.stride + VLL_CONSTANT.np] = this.vllNp[i];
      spectatorIndices(vllConstants, i * VLL_CONSTANT.stride, VLL_CONSTANT, this.vllFf[i] === POINT_LAYOUT.ffPhi);
      for (let f = 0; f < 21; f++) vllFfIndex[i * 21 + f] = this.vllFf[i] + k.ffIndex[f];
    });
    const pllConstants = new Float64Array(this.pll.length * PLL_CONSTANT.stride);
    const pllFfIndex = new Int32Array(this.pll.length * 9);
    this.pll.forEach((k, i) => {
      pllConstants.set(k.constants, i * PLL_CONSTANT.stride);
      pllConstants[i * PLL_CONSTANT.stride + PLL_CONSTANT.np] = this.pllNp[i];
      for (let f = 0; f < 9; f++) pllFfIndex[i * 9 + f] = POINT_LAYOUT.ffK + k.ffIndex[f];
    });
    const p = this.theory.params;
    const radiative = new Float64Array(3 * RADIATIVE_CONSTANT.stride);
    radiativeInputs.forEach((r, slot) => {
      radiative.set(radiativeConstants(p, r, slot === 2 ? POINT_LAYOUT.ffPhi : POINT_LAYOUT.ffKstar), slot * RADIATIVE_CONSTANT.stride);
      spectatorIndices(radiative, slot * RADIATIVE_CONSTANT.stride, RADIATIVE_CONSTANT, slot === 2);
    });
    const offset = (code: Code, slot: number, bin: number): number => {
      if (slot < 0) return 0;
      if (code === PLAN.pllRate || code === PLAN.pllRatio) return this.pllOffset[slot] + bin;
      return this.vllOffset[slot] + bin * N_J;
    };
    const pmd = this.treatment === 'pmd';
    // B_s → ℓℓ: BR = P(f_Bs) (C10^SM,Bsll + C10^NP)², P ∝ f_Bs²/(1 − y_s) (bs-to-ll.ts)
    const bsll = new Float64Array(BSLL_CONSTANT.size);
    bsll[BSLL_CONSTANT.c10] = p.wc.C10Bsll;
    bsll[BSLL_CONSTANT.prefactor] = bsToLLPrefactor(p, p.mass.mu, 1);
    bsll[BSLL_CONSTANT.prefactor + 1] = bsToLLPrefactor(p, p.mass.e, 1);
    bsll[BSLL_CONSTANT.npAt] = POINT_LAYOUT.npMu;
    bsll[BSLL_CONSTANT.npAt + 1] = POINT_LAYOUT.npE;
    bsll[BSLL_CONSTANT.dGammaAt] = this.pointSpectator ? POINT_LAYOUT.dGammaOverGammaS : -1;
    bsll[BSLL_CONSTANT.ysPrefactor] = p.ys;
    return {
      pointSize: POINT_LAYOUT.size,
      hOffset: pmd ? -1 : POINT_LAYOUT.h,
      pmdOffset: pmd ? POINT_LAYOUT.pmd : -1,
      fBsOffset: POINT_LAYOUT.fBs,
      flDefinition: this.flDefinition === 'lhcb' ? 0 : 1,
      vllConstants,
      vllFfIndex,
      vllBinKernel: vllBins.binKernel,
      vllBinNodes: vllBins.binNodes,
      vllNodes: concat(this.vll.map((k) => k.nodes)),
      pllConstants,
      pllFfIndex,
      pllBinKernel: pllBins.binKernel,
      pllBinNodes: pllBins.binNodes,
      pllNodes: concat(this.pll.map((k) => k.nodes)),
      code: Int32Array.from(this.plans, (pl) => pl.code),
      a: Int32Array.from(this.plans, (pl) => offset(pl.code, pl.a, pl.binA)),
      b: Int32Array.from(this.plans, (pl) => offset(pl.code, pl.b, pl.binB)),
      kind: Int32Array.from(this.plans, (pl) => pl.kind),
      factor: Float64Array.from(this.plans, (pl) => pl.factor),
      radiative,
      bsll,
    };
  }
}

/**
 * The point at central hadronic inputs: NP coefficients as given (C9μ, C10μ, C9e, C10e), the BSZ and BCL
 * form-factor coefficients and f_Bs at their central values, h_λ = 0 (the clean fits' hadronic point,
 * FlavourTheory.centralHadronic); spectator and PMD slots are not read by observables built without them.
 */
export function centralPoint(theory: FlavourTheory, np: readonly [number, number, number, number], dataDir?: string): Float64Array {
  const inputs = loadTheoryInputs(dataDir);
  const x = new Float64Array(POINT_LAYOUT.size);
  x.set(np, POINT_LAYOUT.npMu);
  x.set(inputs.BSZ2015_B_to_Kstar.central, POINT_LAYOUT.ffKstar);
  x.set((inputs.BSZ2015_Bs_to_phi as typeof inputs.BSZ2015_B_to_Kstar).central, POINT_LAYOUT.ffPhi);
  x.set(inputs.FNALMILC2015_B_to_K_BCL.central, POINT_LAYOUT.ffK);
  x[POINT_LAYOUT.fBs] = theory.params.fBs;
  return x;
}

/** Throws InputError unless `name` is an observable PointObservables computes (the full fits' float64 code). */
export function assertComputable(name: string): void {
  parse(name);
}

interface Parsed {
  plan: Omit<Plan, 'a' | 'b'>;
  bin: [number, number];
  vllA?: VllKey;
  vllB?: VllKey;
  pllA?: PllKey;
  pllB?: PllKey;
}

function parse(name: string): Parsed {
  const plan = { code: PLAN.bsll, binA: 0, binB: 0, kind: 0, factor: 1 };
  const none: [number, number] = [0, 0];
  if (name === 'BR(Bs->mumu)') return { plan: { ...plan, code: PLAN.bsll, kind: 0 }, bin: none };
  if (name === 'BR(Bs->ee)') return { plan: { ...plan, code: PLAN.bsll, kind: 1 }, bin: none };
  const rad = ['BR(B0->K*gamma)', 'BR(B+->K*gamma)', 'BR(Bs->phigamma)'].indexOf(name);
  if (rad >= 0) return { plan: { ...plan, code: PLAN.radiative, kind: rad }, bin: none };
  const { quantity: kind, decay, bin: parsedBin } = parseObservableName(name);
  if (!parsedBin) throw new InputError(`unknown flavour observable '${name}'`);
  const [a, b] = parsedBin;
  if (!(a > 0) || !(b > a) || b > 19.5) throw new InputError(`observable ${name}: q² bin [${a},${b}] is not an increasing range inside (0, 19.5] GeV²`);
  const bin: [number, number] = [a, b];
  if (kind === 'Rmue') {
    const vll: Record<string, 'B0->K*' | 'B+->K*'> = { 'B0->K*ll': 'B0->K*', 'B+->K*ll': 'B+->K*' };
    const pll: Record<string, 'B+->K' | 'B0->K'> = { 'B+->Kll': 'B+->K', 'B0->Kll': 'B0->K' };
    if (vll[decay]) return { plan: { ...plan, code: PLAN.vllRatio }, bin, vllA: `${vll[decay]}|mu`, vllB: `${vll[decay]}|e` };
    if (pll[decay]) return { plan: { ...plan, code: PLAN.pllRatio }, bin, pllA: `${pll[decay]}|mu`, pllB: `${pll[decay]}|e` };
    throw new InputError(`unknown flavour observable '${name}'`);
  }
  const dm = /^(B0->K\*|B\+->K\*|Bs->phi|B\+->K|B0->K)(mumu|ee)$/.exec(decay);
  if (!dm) throw new InputError(`unknown flavour observable '${name}'`);
  const lepton = LEPTONS[dm[2]];
  const width = 1 / (b - a);
  if (dm[1] === 'B+->K' || dm[1] === 'B0->K') {
    if (kind !== 'dBR/dq2') throw new InputError(`unknown flavour observable '${name}'`);
    return { plan: { ...plan, code: PLAN.pllRate, factor: width }, bin, pllA: `${dm[1]}|${lepton}` as PllKey };
  }
  const key = `${dm[1]}|${lepton}` as VllKey;
  if (kind === 'dBR/dq2') {
    // kind 1 marks B_s → φμμ (time-integrated in its kernel)
    return { plan: { ...plan, code: PLAN.vllRate, factor: width, kind: dm[1] === 'Bs->phi' ? 1 : 0 }, bin, vllA: key };
  }
  const k = (ANGULAR as readonly string[]).indexOf(kind);
  if (k < 0) throw new InputError(`unknown flavour observable '${name}'`);
  return { plan: { ...plan, code: PLAN.angular, kind: k as number }, bin, vllA: key };
}

export type { Angular };
