import type { EnsembleState } from './ensemble-state.ts';
import type { DrivenMove, GroupUpdater, SamplerMove, WeightedMove } from './moves/move.ts';
import { NaNLogProbError } from './nan-log-prob.ts';

/**
 * The ensemble sampler's side of driven moves (move.ts): for each round of a step, every ensemble whose
 * drawn move is driven hands its group to that move's updater, and the updaters' pending points of all
 * ensembles are concatenated into one batch. Ensemble e consumes only its own generator, in an order fixed
 * by its own walkers, so ensemble e of a several-ensemble run is still the single-ensemble run of its seed.
 */
export class DrivenRounds {
  private readonly nWalkers: number;
  private readonly nDim: number;
  /** Per driven move: its key in EnsembleState.moveStates and one updater per ensemble (made on first use). */
  private readonly keys = new Map<SamplerMove, string>();
  private readonly updaters = new Map<SamplerMove, GroupUpdater[]>();
  private readonly active: Int32Array[];
  private readonly complement: Int32Array[];
  /** Per ensemble: the updater working this round (undefined once done) and the size of its last request. */
  private readonly pending: (GroupUpdater | undefined)[];
  private readonly requested: Int32Array;
  private readonly pendingName: string[];

  constructor(options: { nWalkers: number; nDim: number; nEnsembles: number; moves: WeightedMove[] }) {
    const { nWalkers, nDim, nEnsembles, moves } = options;
    this.nWalkers = nWalkers;
    this.nDim = nDim;
    moves.forEach(({ move }, i) => {
      if (move.kind !== 'driven') return;
      // The batch holds nWalkers points per ensemble: a group may ask for maxPointsPerWalker each.
      const largestGroup = Math.ceil(nWalkers / move.nsplits);
      if (move.maxPointsPerWalker * largestGroup > nWalkers) {
        throw new RangeError(`${move.name} move: ${nWalkers} walkers in ${move.nsplits} groups ask for more points per round than the ensemble has walkers; use an even number of walkers`);
      }
      this.keys.set(move, moveStateKey(i, move));
      this.updaters.set(move, new Array<GroupUpdater>(nEnsembles));
    });
    this.active = Array.from({ length: nEnsembles }, () => new Int32Array(nWalkers));
    this.complement = Array.from({ length: nEnsembles }, () => new Int32Array(nWalkers));
    this.pending = new Array<GroupUpdater | undefined>(nEnsembles);
    this.requested = new Int32Array(nEnsembles);
    this.pendingName = new Array<string>(nEnsembles).fill('');
  }

  /** Lets every driven move that learns from the run's history see each ensemble's walkers, before the step's draws. */
  observe(state: EnsembleState): void {
    for (const move of this.keys.keys()) {
      if (move.kind !== 'driven' || move.observe === undefined) continue;
      for (let e = 0; e < state.nEnsembles; e++) move.observe(state.coords, e * this.nWalkers, this.nWalkers, this.nDim, state.iteration, this.tuningOf(state, move, e));
    }
  }

  /** Starts group `round` of every ensemble whose move this step is driven. */
  begin(state: EnsembleState, stepMove: readonly SamplerMove[], groupOf: readonly Int32Array[], round: number): void {
    const { nWalkers, nDim } = this;
    for (let e = 0; e < stepMove.length; e++) {
      const move = stepMove[e];
      this.pending[e] = undefined;
      if (move.kind !== 'driven' || round >= move.nsplits) continue;
      const base = e * nWalkers;
      const labels = groupOf[e];
      const active = this.active[e];
      const complement = this.complement[e];
      let nActive = 0;
      let nComplement = 0;
      for (let w = 0; w < nWalkers; w++) {
        if (labels[w] === round) active[nActive++] = base + w;
        else complement[nComplement++] = base + w;
      }
      const updater = this.updaterOf(move, e);
      updater.begin({
        coords: state.coords,
        logProb: state.logProb,
        accepted: state.accepted,
        active,
        nActive,
        complement,
        nComplement,
        nDim,
        random: state.randoms[e],
        iteration: state.iteration,
        group: round,
        tuning: this.tuningOf(state, move, e),
      });
      this.pending[e] = updater;
      this.pendingName[e] = move.name;
    }
  }

  /** Writes every pending group's next points into `points`, ensemble after ensemble; returns their number. */
  request(points: Float64Array): number {
    let offset = 0;
    for (let e = 0; e < this.pending.length; e++) {
      const updater = this.pending[e];
      const n = updater === undefined ? 0 : updater.request(points.subarray(offset * this.nDim));
      if (n === 0) this.pending[e] = undefined;
      this.requested[e] = n;
      offset += n;
    }
    return offset;
  }

  /** Hands each group the scores of its points; returns how many walkers moved this round. */
  receive(state: EnsembleState, scores: Float64Array): number {
    let moved = 0;
    let offset = 0;
    for (let e = 0; e < this.pending.length; e++) {
      const n = this.requested[e];
      const updater = this.pending[e];
      if (updater === undefined || n === 0) continue;
      const own = scores.subarray(offset, offset + n);
      for (let k = 0; k < n; k++) {
        if (Number.isNaN(own[k])) {
          throw new NaNLogProbError(`log-probability is NaN at a point tried for ensemble ${e} at step ${state.iteration} (${this.pendingName[e]} move)`);
        }
      }
      moved += updater.receive(own);
      offset += n;
    }
    return moved;
  }

  private updaterOf(move: DrivenMove, e: number): GroupUpdater {
    const list = this.updaters.get(move);
    if (list === undefined) throw new Error(`driven move ${move.name} is not one of the sampler's moves`);
    return (list[e] ??= move.createUpdater(this.nWalkers, this.nDim));
  }

  /** The move's adaptation state for ensemble e, created from the move's initial state when missing. */
  private tuningOf(state: EnsembleState, move: DrivenMove, e: number): number[] {
    const key = this.keys.get(move)!;
    // Every driven move of the mixture gets its entry at once, in mixture order (empty lists until an
    // ensemble first draws it), so a state's JSON is the same however the draws fell (merge relies on it).
    state.moveStates ??= Object.fromEntries([...this.keys.values()].map((k) => [k, Array.from({ length: state.nEnsembles }, () => [] as number[])]));
    const perEnsemble = (state.moveStates[key] ??= Array.from({ length: state.nEnsembles }, () => []));
    if (perEnsemble[e].length === 0) perEnsemble[e] = move.initialTuning(this.nDim);
    return perEnsemble[e];
  }
}

/** Where the adaptation state of the move at place `index` of the mixture lives in EnsembleState.moveStates. */
export function moveStateKey(index: number, move: SamplerMove): string {
  return `${index}:${move.name}`;
}
