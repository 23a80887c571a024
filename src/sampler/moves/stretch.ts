import type { ProposalGroup, RedBlueOptions, RowPlan, RowPlannedMove } from './move.ts';
import { stretchRows } from './stretch-rows.ts';

/**
 * Goodman & Weare (2010) stretch move, as emcee's StretchMove (anchors.md §1.3):
 * z = ((a − 1)U + 1)² / a draws g(z) ∝ 1/√z on [1/a, a]; partner j uniform with replacement from the
 * complement; Y = X_j + z (X_k − X_j); log factor (ndim − 1) log z.
 */
export class StretchMove implements RowPlannedMove {
  readonly name = 'stretch';
  readonly rowKernel = 'stretch' as const;
  /** The serial path's own plan (grown to the largest group seen; no allocation per step). */
  private plan: RowPlan = { row: new Int32Array(0), partner: new Int32Array(0), scale: new Float64Array(0) };
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

  /**
   * Draws every random number of the group's proposals, in emcee's order (per walker: U for z, then the
   * partner), into plan rows offset … offset + nActive, with the log factors; stretchRows does the rest.
   */
  planRows(g: ProposalGroup, plan: RowPlan, offset: number): void {
    const { nDim, active, complement, nComplement, random, logFactor } = g;
    const { row, partner, scale } = plan;
    const a = this.a;
    for (let k = 0; k < g.nActive; k++) {
      const z = StretchMove.stretchFactor(random.uniform(), a);
      scale[offset + k] = z;
      partner[offset + k] = complement[random.integer(nComplement)];
      row[offset + k] = active[k];
      logFactor[k] = (nDim - 1) * Math.log(z);
    }
  }

  propose(g: ProposalGroup): void {
    if (this.plan.row.length < g.nActive) {
      this.plan = { row: new Int32Array(g.nActive), partner: new Int32Array(g.nActive), scale: new Float64Array(g.nActive) };
    }
    this.planRows(g, this.plan, 0);
    stretchRows(g.coords, this.plan.row, this.plan.partner, this.plan.scale, g.proposal, g.nDim, 0, g.nActive);
  }
}
