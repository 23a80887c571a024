/**
 * A set of observables compiled to flat arrays of quadratic forms for fast repeated evaluation:
 * each distinct kernel group is computed once, its forms stored contiguously with the lepton they belong to.
 * Evaluating all observables at one (C9μ, C10μ, C9e, C10e) point costs 6 multiply-adds per form.
 */
import type { FlavourTheory } from './bin-kernels.ts';
import { type ObservableDefinition, defineObservable } from './observables.ts';
import { QF_SIZE, evaluateQuadraticForm } from './quadratic-form.ts';

export interface NpPoint {
  c9mu: number;
  c10mu: number;
  c9e: number;
  c10e: number;
}

export class CompiledObservables {
  readonly definitions: ObservableDefinition[];
  /** All forms, QF_SIZE numbers each. */
  readonly forms: Float64Array;
  /** 0 = muon, 1 = electron, per form. */
  readonly formLepton: Uint8Array;
  /** Per observable, per group: [first form, number of forms]. */
  private readonly groupRanges: [number, number][][];
  private readonly scratch: Float64Array[][];

  constructor(names: readonly string[], theory: FlavourTheory) {
    this.definitions = names.map((n) => defineObservable(n, theory.options.flDefinition));
    const groupIndex = new Map<string, [number, number]>();
    const chunks: Float64Array[] = [];
    const leptons: number[] = [];
    let nForms = 0;
    this.groupRanges = this.definitions.map((def) =>
      def.groups.map((g) => {
        const hit = groupIndex.get(g.key);
        if (hit) return hit;
        const forms = g.compute(theory);
        const n = forms.length / QF_SIZE;
        const range: [number, number] = [nForms, n];
        chunks.push(forms);
        for (let i = 0; i < n; i++) leptons.push(g.lepton === 'mu' ? 0 : 1);
        nForms += n;
        groupIndex.set(g.key, range);
        return range;
      }),
    );
    this.forms = new Float64Array(nForms * QF_SIZE);
    let off = 0;
    for (const c of chunks) {
      this.forms.set(c, off);
      off += c.length;
    }
    this.formLepton = Uint8Array.from(leptons);
    this.scratch = this.groupRanges.map((groups) => groups.map(([, n]) => new Float64Array(n)));
  }

  get size(): number {
    return this.definitions.length;
  }

  /** Predictions of every observable at one NP point, written to out[offset..]. */
  evaluate(p: NpPoint, out: Float64Array, offset = 0): void {
    const { forms, formLepton } = this;
    for (let o = 0; o < this.definitions.length; o++) {
      const ranges = this.groupRanges[o];
      const values = this.scratch[o];
      for (let g = 0; g < ranges.length; g++) {
        const [first, n] = ranges[g];
        const v = values[g];
        for (let i = 0; i < n; i++) {
          const f = first + i;
          const mu = formLepton[f] === 0;
          v[i] = evaluateQuadraticForm(forms, f * QF_SIZE, mu ? p.c9mu : p.c9e, mu ? p.c10mu : p.c10e);
        }
      }
      out[offset + o] = this.definitions[o].combine(values);
    }
  }

  /**
   * Every observable as factor · form[numerator] / form[denominator] (−1: none), or null when one of
   * them is not such a ratio (angular observables): the data of a quadratic-ratio-gaussian model.
   */
  asRatios(): { numerator: Int32Array; denominator: Int32Array; factor: Float64Array } | null {
    const n = this.definitions.length;
    const numerator = new Int32Array(n);
    const denominator = new Int32Array(n).fill(-1);
    const factor = new Float64Array(n);
    for (let o = 0; o < n; o++) {
      const def = this.definitions[o];
      const ranges = this.groupRanges[o];
      if (def.ratio === undefined || ranges.some(([, count]) => count !== 1) || ranges.length > 2) return null;
      numerator[o] = ranges[0][0];
      if (ranges.length === 2) denominator[o] = ranges[1][0];
      factor[o] = def.ratio.factor;
    }
    return { numerator, denominator, factor };
  }
}
