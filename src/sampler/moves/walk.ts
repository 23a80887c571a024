import type { Move, ProposalGroup, RedBlueOptions } from './move.ts';

/**
 * Goodman & Weare walk move, as emcee's WalkMove (anchors.md §1.4): per walker, s helpers drawn without
 * replacement from the complement (all of it when s is undefined); q ~ N(x, cov(helpers)); factor 0.
 *
 * The normal draw uses q = x + Σ_i ζ_i (h_i − h̄)/√(s − 1), ζ_i ~ N(0,1), which has exactly the helpers'
 * sample covariance (ddof 1, numpy.cov's default) without forming or factorising it.
 */
export class WalkMove implements Move {
  readonly name = 'walk';
  readonly kind = 'red-blue' as const;
  readonly nsplits: number;
  readonly randomizeSplit: boolean;

  constructor(
    readonly s?: number,
    options: RedBlueOptions = {},
  ) {
    if (s !== undefined && !(Number.isInteger(s) && s >= 2)) throw new RangeError(`walk move: s must be an integer ≥ 2 (got ${s})`);
    this.nsplits = options.nsplits ?? 2;
    this.randomizeSplit = options.randomizeSplit ?? true;
  }

  propose(g: ProposalGroup): void {
    const { nDim } = g;
    const s = Math.min(this.s ?? g.nComplement, g.nComplement);
    if (s < 2) throw new RangeError('walk move: needs at least 2 complementary walkers');
    const order = new Int32Array(g.nComplement);
    const mean = new Float64Array(nDim);
    const scale = 1 / Math.sqrt(s - 1);
    for (let k = 0; k < g.nActive; k++) {
      for (let i = 0; i < order.length; i++) order[i] = i;
      // Partial Fisher–Yates: the first s entries are a uniform draw without replacement.
      for (let i = 0; i < s; i++) {
        const j = i + g.random.integer(order.length - i);
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      mean.fill(0);
      for (let i = 0; i < s; i++) {
        const h = g.complement[order[i]] * nDim;
        for (let d = 0; d < nDim; d++) mean[d] += g.coords[h + d] / s;
      }
      const x = g.active[k] * nDim;
      const out = k * nDim;
      for (let d = 0; d < nDim; d++) g.proposal[out + d] = g.coords[x + d];
      for (let i = 0; i < s; i++) {
        const zeta = g.random.normal() * scale;
        const h = g.complement[order[i]] * nDim;
        for (let d = 0; d < nDim; d++) g.proposal[out + d] += zeta * (g.coords[h + d] - mean[d]);
      }
      g.logFactor[k] = 0;
    }
  }
}
