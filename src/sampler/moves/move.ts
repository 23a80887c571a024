import type { RandomStream } from '../random.ts';

/**
 * A move proposes new positions for a group of walkers. As in emcee (anchors.md §1.2–1.4), two kinds:
 *
 * - red-blue moves update the ensemble in `nsplits` groups, one after the other, each group proposing
 *   from the *current* positions of the complementary walkers (stretch, DE, snooker, walk);
 * - Metropolis moves update all walkers at once from their own positions (GaussianMove).
 *
 * A move only writes proposals and log proposal factors; the sampler scores them in one batched call
 * and does the accept test in float64. Driven moves (below: slice samplers) are the third kind: split like
 * red-blue moves, they update their group themselves over several rounds of batched scoring.
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

/**
 * Draws of one step's proposal rows, indexed by the row of the batch: the walker each proposal moves
 * (`row`), the partner walker and the scale (stretch: z). Filled serially, in the order the move's
 * `propose` draws, so the arithmetic on them can be split over threads without touching the random stream.
 */
export interface RowPlan {
  row: Int32Array;
  partner: Int32Array;
  scale: Float64Array;
}

/**
 * A red-blue move whose proposals split into a serial draw (`planRows`) and per-row arithmetic named by
 * `rowKernel` (stretch-rows.ts) that any thread runs on any range of rows with the same doubles. Its
 * `propose` is `planRows` followed by the kernel on every row, so both paths give the same chain.
 */
export interface RowPlannedMove extends Move {
  readonly rowKernel: 'stretch';
  /** Draws the group's random numbers into plan rows offset … offset + nActive and writes its logFactor. */
  planRows(group: ProposalGroup, plan: RowPlan, offset: number): void;
}

export function isRowPlanned(move: SamplerMove): move is RowPlannedMove {
  return 'rowKernel' in move && typeof (move as RowPlannedMove).planRows === 'function';
}

/**
 * A driven move updates its group itself over several rounds of scoring (slice samplers: stepping out,
 * shrinking). The sampler splits the ensemble as for red-blue moves and hands each group to the move's
 * updater; every round, the pending points of every ensemble's group are scored together in ONE batched
 * call, and walkers whose update is finished wait. The move writes the new positions, log-probabilities
 * and acceptance counts of its active walkers itself; it never changes the complementary walkers.
 */
export interface DrivenGroup {
  /** Positions and log-probabilities of all walkers; the updater writes those of its active walkers. */
  coords: Float64Array;
  logProb: Float64Array;
  /** Per-walker count of moves that changed the position (acceptance for driven moves). */
  accepted: Float64Array;
  active: Int32Array;
  nActive: number;
  complement: Int32Array;
  nComplement: number;
  nDim: number;
  random: RandomStream;
  iteration: number;
  /** Index of this group in the step (0 … nsplits − 1); the last one closes the step (adaptation). */
  group: number;
  /**
   * This move's adaptation state for this ensemble (plain numbers, saved in checkpoints so that a
   * resumed run continues bit-identically); the updater reads and writes it in place.
   */
  tuning: number[];
}

/** Updates one ensemble's group: a state machine of rounds, each a batch of points to score. */
export interface GroupUpdater {
  begin(group: DrivenGroup): void;
  /** Writes the next points to score (rows of nDim) into `points`; returns their number, 0 once the group is done. */
  request(points: Float64Array): number;
  /** Takes the log-densities of the points of the last request (same order); returns how many walkers moved. */
  receive(logProb: Float64Array): number;
}

export interface DrivenMove {
  readonly name: string;
  readonly kind: 'driven';
  readonly nsplits: number;
  readonly randomizeSplit: boolean;
  /**
   * Most points one walker asks for in one round (slice stepping out: both ends). The sampler's batch
   * holds nEnsembles · nWalkers points, so the groups must satisfy maxPointsPerWalker · group ≤ nWalkers.
   */
  readonly maxPointsPerWalker: number;
  /**
   * Steps during which the move adapts to the run's own past (0 or absent: it never does); the summary
   * discards at least these (diagnostics/burn-in.ts).
   */
  readonly adaptationSteps?: number;
  /** The adaptation state of a fresh run (per ensemble) of nDim parameters. */
  initialTuning(nDim: number): number[];
  /**
   * For moves that learn from the run's history: called at the start of every step, whichever move the
   * step draws, with one ensemble's walkers (rows first … first + count − 1 of `coords`, nDim columns) and
   * its state.
   */
  readonly observe?: (coords: Float64Array, first: number, count: number, nDim: number, iteration: number, tuning: number[]) => void;
  /** One updater per ensemble, its buffers sized once for groups of up to nWalkers walkers. */
  createUpdater(nWalkers: number, nDim: number): GroupUpdater;
}

/** Any move the ensemble sampler can draw. */
export type SamplerMove = Move | DrivenMove;

/**
 * A move with its probability of being drawn for a step (weights are normalised at draw time, over the
 * moves in use at that step). `from`/`until` limit it to steps [from, until): e.g. differential evolution
 * while the walkers leave their start ball, a fitted move once its fit is made.
 */
export interface WeightedMove {
  move: SamplerMove;
  weight: number;
  from?: number;
  until?: number;
}

/** The steps [from, until) of a move in a mixture. */
export type MoveSteps = Pick<WeightedMove, 'from' | 'until'>;

/** Whether the move is in use at step `iteration`. */
export function inUseAt(move: MoveSteps, iteration: number): boolean {
  return iteration >= (move.from ?? 0) && iteration < (move.until ?? Infinity);
}

/**
 * The first step at which no move of the mixture is in use (their from/until leave a gap), or undefined.
 * Which moves are in use changes only at their from/until steps, so those are the steps to look at.
 */
export function firstGap(moves: readonly MoveSteps[]): number | undefined {
  for (const step of [0, ...moves.flatMap((m) => [m.from ?? 0, m.until ?? 0])].sort((a, b) => a - b)) {
    if (!moves.some((m) => inUseAt(m, step))) return step;
  }
  return undefined;
}

/** The longest adaptation of a mixture's moves, in steps (0 when none adapts to the past). */
export function adaptationSteps(moves: readonly WeightedMove[]): number {
  return Math.max(0, ...moves.map(({ move }) => ('adaptationSteps' in move ? (move.adaptationSteps ?? 0) : 0)));
}

export interface RedBlueOptions {
  nsplits?: number;
  randomizeSplit?: boolean;
}
