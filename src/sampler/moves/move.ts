import type { RandomStream } from '../random.ts';

/**
 * A move proposes new positions for a group of walkers. As in emcee (anchors.md §1.2–1.4), two kinds:
 *
 * - red-blue moves update the ensemble in `nsplits` groups, one after the other, each group proposing
 *   from the *current* positions of the complementary walkers (stretch, DE, snooker, walk);
 * - Metropolis moves update all walkers at once from their own positions (GaussianMove).
 *
 * A move only writes proposals and log proposal factors; the sampler scores them in one batched call
 * and does the accept test in float64.
 */
export interface ProposalGroup {
  /** Positions of all walkers, row-major (walker rows × nDim); moves only read it. */
  coords: Float64Array;
  /** Rows of `coords` of the active walkers (the first nActive entries). */
  active: Int32Array;
  nActive: number;
  /** Rows of `coords` of the complementary walkers (none for Metropolis moves). */
  complement: Int32Array;
  nComplement: number;
  nDim: number;
  random: RandomStream;
  /** Index of the step being made (lets stateless moves cycle, e.g. GaussianMove 'sequential'). */
  iteration: number;
  /** Output: proposed positions nActive × nDim, in the order of `active`. */
  proposal: Float64Array;
  /** Output: log of the proposal-density ratio added to the acceptance log-ratio. */
  logFactor: Float64Array;
}

export interface Move {
  readonly name: string;
  /** 'red-blue' splits the ensemble in nsplits groups; 'metropolis' updates all walkers at once. */
  readonly kind: 'red-blue' | 'metropolis';
  /** Number of groups per step for red-blue moves (1 for Metropolis moves). */
  readonly nsplits: number;
  /** Re-draw the equal-size partition every step (emcee's randomize_split, default true). */
  readonly randomizeSplit: boolean;
  propose(group: ProposalGroup): void;
}

/** A move with its probability of being drawn for a step (weights are normalised at draw time). */
export interface WeightedMove {
  move: Move;
  weight: number;
}

export interface RedBlueOptions {
  nsplits?: number;
  randomizeSplit?: boolean;
}
