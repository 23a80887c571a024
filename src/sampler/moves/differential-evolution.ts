import type { Move, ProposalGroup, RedBlueOptions } from './move.ts';

/**
 * Differential-evolution move (ter Braak 2006; Nelson et al. 2014), as emcee's DEMove (anchors.md §1.4):
 * an ordered pair (i ≠ j) of complementary walkers drawn uniformly, γ = γ0 (1 + σ N(0,1)) one scalar per
 * walker (σ is the relative sd of γ, keeping the move affine invariant), q = x + γ (c_j − c_i), factor 0.
 * γ0 defaults to 2.38 / √(2 ndim).
 */
export class DifferentialEvolutionMove implements Move {
  readonly name = 'de';
  readonly kind = 'red-blue' as const;
  readonly nsplits: number;
  readonly randomizeSplit: boolean;

  constructor(
    readonly sigma = 1e-5,
    readonly gamma0?: number,
    options: RedBlueOptions = {},
  ) {
    this.nsplits = options.nsplits ?? 2;
    this.randomizeSplit = options.randomizeSplit ?? true;
  }

  propose(g: ProposalGroup): void {
    const { nDim, coords, proposal, logFactor, active, complement, nComplement, random } = g;
    if (nComplement < 2) throw new RangeError('de move: needs at least 2 complementary walkers');
    const gamma0 = this.gamma0 ?? 2.38 / Math.sqrt(2 * nDim);
    const sigma = this.sigma;
    for (let k = 0; k < g.nActive; k++) {
      // Uniform ordered pair with i ≠ j: draw i, then j from the remaining n − 1.
      const i = random.integer(nComplement);
      let j = random.integer(nComplement - 1);
      if (j >= i) j += 1;
      const gamma = gamma0 * (1 + sigma * random.normal());
      const x = active[k] * nDim;
      const out = k * nDim;
      const ci = complement[i] * nDim;
      const cj = complement[j] * nDim;
      for (let d = 0; d < nDim; d++) {
        proposal[out + d] = coords[x + d] + gamma * (coords[cj + d] - coords[ci + d]);
      }
      logFactor[k] = 0;
    }
  }
}
