import type { Move, ProposalGroup, RedBlueOptions } from './move.ts';

/**
 * Goodman & Weare (2010) stretch move, as emcee's StretchMove (anchors.md §1.3):
 * z = ((a − 1)U + 1)² / a draws g(z) ∝ 1/√z on [1/a, a]; partner j uniform with replacement from the
 * complement; Y = X_j + z (X_k − X_j); log factor (ndim − 1) log z.
 */
export class StretchMove implements Move {
  readonly name = 'stretch';
  readonly kind = 'red-blue' as const;
  readonly nsplits: number;
  readonly randomizeSplit: boolean;

  constructor(
    readonly a = 2,
    options: RedBlueOptions = {},
  ) {
    if (!(a > 1)) throw new RangeError(`stretch move: a must be > 1 (got ${a})`);
    this.nsplits = options.nsplits ?? 2;
    this.randomizeSplit = options.randomizeSplit ?? true;
  }

  /** The inverse-CDF map from U(0,1) to z (pinned by peer-fixtures.json stretch_z). */
  static stretchFactor(u: number, a: number): number {
    const t = (a - 1) * u + 1;
    return (t * t) / a;
  }

  propose(g: ProposalGroup): void {
    const { nDim, coords, proposal, logFactor, active, complement, nComplement, random } = g;
    const a = this.a;
    for (let k = 0; k < g.nActive; k++) {
      const z = StretchMove.stretchFactor(random.uniform(), a);
      const j = complement[random.integer(nComplement)] * nDim;
      const x = active[k] * nDim;
      const out = k * nDim;
      for (let d = 0; d < nDim; d++) {
        const cj = coords[j + d];
        proposal[out + d] = cj - (cj - coords[x + d]) * z;
      }
      logFactor[k] = (nDim - 1) * Math.log(z);
    }
  }
}
