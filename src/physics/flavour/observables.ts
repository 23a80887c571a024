/**
 * flavio-style observable names and how each is built from per-lepton quadratic kernels.
 *
 * Supported: `<Rmue>(B+->Kll)[a,b]`, `<Rmue>(B0->K*ll)[a,b]`, `<Rmue>(B+->K*ll)[a,b]`,
 * `<dBR/dq2>(B+->Kℓℓ)[a,b]`, `<dBR/dq2>(B0->K*ℓℓ)[a,b]`, the binned B0 → K*ℓℓ angular observables
 * `<FL|AFB|S3|S4|S5|S7|S8|S9|P1|P2|P3|P4p|P5p|P6p|P8p>(B0->K*ℓℓ)[a,b]` (ℓℓ = mumu or ee; LHCb conventions,
 * flavour-spec.md §4.7), and `BR(Bs->mumu)`, `BR(Bs->ee)` (time-integrated).
 */
import { InputError } from '../../errors.ts';
import type { FlavourTheory, Lepton, PllProcess, VllProcess } from './bin-kernels.ts';
import { ANGULAR, type Angular, type FlDefinition, angularObservable } from './angular-table.ts';
import { parseObservableName } from './observable-name.ts';
import { QF_SIZE } from './quadratic-form.ts';

export { ANGULAR, type Angular, type FlDefinition, angularObservable, vllRateFromJ } from './angular-table.ts';

/** One group of quadratic forms that share a lepton. */
export interface KernelGroup {
  key: string;
  lepton: Lepton;
  compute(theory: FlavourTheory): Float64Array; // n × QF_SIZE
}

export interface ObservableDefinition {
  name: string;
  groups: KernelGroup[];
  /** values[g] = evaluated forms of group g. */
  combine(values: Float64Array[]): number;
  /**
   * Set when the observable is factor · (form of group 0) / (form of group 1, if any), each group one
   * form: then a kernel can evaluate it (quadratic-ratio-gaussian models).
   */
  ratio?: { factor: number };
}

const LEPTON_OF: Record<string, Lepton> = { mumu: 'mu', ee: 'e' };

const vllJ = (process: VllProcess, lepton: Lepton, a: number, b: number): KernelGroup => ({
  key: `J|${process}|${lepton}|${a}|${b}`,
  lepton,
  compute: (t) => t.vllJKernels(process, lepton, a, b),
});
const vllRate = (process: VllProcess, lepton: Lepton, a: number, b: number): KernelGroup => ({
  key: `VR|${process}|${lepton}|${a}|${b}`,
  lepton,
  compute: (t) => t.vllRateKernel(process, lepton, a, b),
});
const pllRate = (process: PllProcess, lepton: Lepton, a: number, b: number): KernelGroup => ({
  key: `PR|${process}|${lepton}|${a}|${b}`,
  lepton,
  compute: (t) => t.pllRateKernel(process, lepton, a, b),
});
const bsll = (lepton: Lepton): KernelGroup => ({ key: `BS|${lepton}`, lepton, compute: (t) => t.bsllKernel(lepton) });

/** Binned angular observable from the 11 integrated J's (spec §4.7, LHCb sign conventions; angular-table.ts). */
export function angularFromJ(kind: Angular, J: ArrayLike<number>, flDefinition: FlDefinition = 'lhcb', offset = 0): number {
  return angularObservable(ANGULAR.indexOf(kind), J, offset, flDefinition === 'lhcb' ? 0 : 1);
}

/** Physical q² range per process (m_ℓ thresholds are handled inside the rates). */
const Q2_MAX: Record<string, number> = { 'B0->K*': (5.279 - 0.8955) ** 2, 'B+->K*': (5.279 - 0.8917) ** 2, 'B+->K': (5.279 - 0.4937) ** 2 };

function checkBin(name: string, process: string, a: number, b: number): void {
  if (!(a > 0) || !(b > a) || b > Q2_MAX[process]) {
    throw new InputError(`observable ${name}: q² bin [${a},${b}] is not inside (0, ${Q2_MAX[process].toFixed(2)}] GeV² with min < max`);
  }
}

/** Parse a flavio-style name into its kernel groups and combination; unknown names raise InputError. */
export function defineObservable(name: string, flDefinition: FlDefinition = 'lhcb'): ObservableDefinition {
  if (name === 'BR(Bs->mumu)' || name === 'BR(Bs->ee)') {
    const lepton: Lepton = name === 'BR(Bs->mumu)' ? 'mu' : 'e';
    return { name, groups: [bsll(lepton)], combine: ([v]) => v[0], ratio: { factor: 1 } };
  }
  const { quantity: kind, decay, bin } = parseObservableName(name);
  if (!bin) throw new InputError(`unknown flavour observable '${name}'`);
  const [a, b] = bin;
  if (kind === 'Rmue') {
    if (decay === 'B+->Kll') {
      checkBin(name, 'B+->K', a, b);
      return { name, groups: [pllRate('B+->K', 'mu', a, b), pllRate('B+->K', 'e', a, b)], combine: ([n, d]) => n[0] / d[0], ratio: { factor: 1 } };
    }
    if (decay === 'B0->K*ll' || decay === 'B+->K*ll') {
      const p: VllProcess = decay === 'B0->K*ll' ? 'B0->K*' : 'B+->K*';
      checkBin(name, p, a, b);
      return { name, groups: [vllRate(p, 'mu', a, b), vllRate(p, 'e', a, b)], combine: ([n, d]) => n[0] / d[0], ratio: { factor: 1 } };
    }
  }
  const dm = /^(B\+->K|B0->K\*)(mumu|ee)$/.exec(decay);
  if (dm) {
    const lepton = LEPTON_OF[dm[2]];
    if (kind === 'dBR/dq2') {
      if (dm[1] === 'B+->K') {
        checkBin(name, 'B+->K', a, b);
        return { name, groups: [pllRate('B+->K', lepton, a, b)], combine: ([v]) => v[0] / (b - a), ratio: { factor: 1 / (b - a) } };
      }
      checkBin(name, 'B0->K*', a, b);
      return { name, groups: [vllRate('B0->K*', lepton, a, b)], combine: ([v]) => v[0] / (b - a), ratio: { factor: 1 / (b - a) } };
    }
    if (dm[1] === 'B0->K*' && (ANGULAR as readonly string[]).includes(kind)) {
      checkBin(name, 'B0->K*', a, b);
      return { name, groups: [vllJ('B0->K*', lepton, a, b)], combine: ([J]) => angularFromJ(kind as Angular, J, flDefinition) };
    }
  }
  throw new InputError(`unknown flavour observable '${name}'`);
}

/** Forms per group, for sizing (J groups have 11, all others 1). */
export const groupSize = (forms: Float64Array): number => forms.length / QF_SIZE;
