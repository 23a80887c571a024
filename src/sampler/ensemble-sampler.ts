import type { BatchLogDensity } from '../engine/density.ts';
import { driveAsync, driveNow, type SamplerStep, type SteppingSampler } from './batch-requests.ts';
import type { EnsembleState } from './ensemble-state.ts';
import { DrivenRounds } from './driven-rounds.ts';
import { NaNLogProbError } from './nan-log-prob.ts';
import { firstGap, inUseAt, isRowPlanned, type ProposalGroup, type RowPlan, type SamplerMove, type WeightedMove } from './moves/move.ts';
import type { RandomStream } from './random.ts';
import { sharedFloat64, sharedInt32, type StepBuffers, type StepThreads } from './step-threads.ts';

export interface EnsembleSamplerOptions {
  nWalkers: number;
  nDim: number;
  /** Independent ensembles advanced together; their half-batches share one likelihood call. */
  nEnsembles: number;
  moves: WeightedMove[];
  /** emcee's live_dangerously: allow fewer walkers than 2·ndim for red-blue moves. */
  allowFewWalkers?: boolean;
  /**
   * Threads for the proposal rows of row-planned moves (stretch) and the accepted-row copies: the chain is
   * the same with or without them (step-threads.ts); they pay only at large ensembles. The caller owns them.
   */
  stepThreads?: StepThreads;
}

export { NaNLogProbError };

/**
 * Affine-invariant ensemble sampler with emcee's semantics (anchors.md §1.1–1.2): each step draws one
 * move per ensemble; red-blue moves update the `nsplits` groups one after the other, each group
 * proposing from the *current* positions of the others, and accept walker by walker in index order with
 * one uniform each: accept iff factor + lp_new − lp_old > log U. All of that runs in float64 here.
 *
 * Several ensembles (for a legitimate multi-chain R̂) advance in lock-step: for group r, the proposals
 * of every ensemble are concatenated and scored by ONE batched call, so a GPU launch sees
 * nEnsembles · nWalkers / nsplits points. Each ensemble owns its generator, so ensemble e of a run with
 * several ensembles is the same chain as a single-ensemble run with ensemble e's seed.
 */
export class EnsembleSampler implements SteppingSampler<EnsembleState> {
  readonly options: EnsembleSamplerOptions;
  private readonly weights: number[];
  /** Some move has from/until: the weights of a step are those of the moves in use (weightsAt). */
  private readonly scheduled: boolean;
  private readonly stepWeights: number[] = [];
  private readonly batch: Float64Array;
  private readonly batchLogProb: Float64Array;
  private readonly batchFactor: Float64Array;
  private readonly complementIndex: Int32Array;
  private readonly activeIndex: Int32Array[];
  /** Per ensemble, reused every step (no allocation per step): its move, group labels and group size. */
  private readonly stepMove: SamplerMove[];
  /** Groups of driven moves (slice samplers), advanced round by round beside the proposals. */
  private readonly driven: DrivenRounds;
  private readonly groupOf: Int32Array[];
  private readonly groupSize: Int32Array;
  private readonly groups: ProposalGroup[];
  /** With step threads: the plan of a round's rows and the accepted rows to copy (shared with the threads). */
  private readonly threaded: (RowPlan & { copyFrom: Int32Array; copyTo: Int32Array }) | undefined;
  /** The buffers the threads were last given (rebuilt only for another state's positions). */
  private stepBuffers: StepBuffers | undefined;

  constructor(
    private readonly density: BatchLogDensity,
    options: EnsembleSamplerOptions,
  ) {
    const { nWalkers, nDim, nEnsembles, moves } = options;
    if (density.ndim !== nDim) throw new RangeError(`log-density has ${density.ndim} dimensions, sampler ${nDim}`);
    if (moves.length === 0) throw new RangeError('at least one move is needed');
    if (moves.some((m) => !(m.weight > 0))) throw new RangeError('move weights must be positive');
    if (!options.allowFewWalkers && nWalkers < 2 * nDim && moves.some((m) => m.move.kind !== 'metropolis')) {
      throw new RangeError(
        `${nWalkers} walkers for ${nDim} dimensions: fewer walkers than twice the number of dimensions makes ` +
          'red-blue moves unreliable (emcee refuses it too); use more walkers or allow it with the option allowFewWalkers: true ' +
          '(in a run config: sampler.allowFewWalkers: true)',
      );
    }
    if (moves.some((m) => (m.from ?? 0) < 0 || !((m.until ?? Infinity) > (m.from ?? 0)))) throw new RangeError('a move\'s steps [from, until) must be non-empty and start at 0 or later');
    const gap = firstGap(moves);
    if (gap !== undefined) throw new RangeError(`no move is in use at step ${gap} (their from/until leave a gap)`);
    this.options = options;
    this.weights = moves.map((m) => m.weight);
    this.scheduled = moves.some((m) => m.from !== undefined || m.until !== undefined);
    const total = nEnsembles * nWalkers;
    const threads = options.stepThreads;
    // Proposals are written where the density (threads) reads them, when it offers such a buffer.
    const densityPoints = density.sharedPoints?.();
    this.batch =
      densityPoints !== undefined && densityPoints.length >= total * nDim
        ? densityPoints.subarray(0, total * nDim)
        : threads
          ? sharedFloat64(total * nDim)
          : new Float64Array(total * nDim);
    this.threaded = threads && {
      row: sharedInt32(total),
      partner: sharedInt32(total),
      scale: sharedFloat64(total),
      copyFrom: sharedInt32(total),
      copyTo: sharedInt32(total),
    };
    this.batchLogProb = new Float64Array(total);
    this.batchFactor = new Float64Array(total);
    this.complementIndex = new Int32Array(nWalkers);
    this.activeIndex = Array.from({ length: nEnsembles }, () => new Int32Array(nWalkers));
    this.stepMove = new Array<SamplerMove>(nEnsembles).fill(moves[0].move);
    this.driven = new DrivenRounds(options);
    this.groupOf = Array.from({ length: nEnsembles }, () => new Int32Array(nWalkers));
    this.groupSize = new Int32Array(nEnsembles);
    this.groups = this.activeIndex.map((active) => ({
      coords: this.batch,
      active,
      nActive: 0,
      complement: this.complementIndex,
      nComplement: 0,
      nDim,
      random: undefined as unknown as RandomStream,
      iteration: 0,
      proposal: this.batch,
      logFactor: this.batchFactor,
    }));
  }

  get asynchronous(): boolean {
    return this.density.asynchronous === true;
  }

  /** Scores a whole state's walkers (one batched call); NaN is an error naming the walker. */
  scoreInitial(state: EnsembleState): void {
    driveNow(this.initialScores(state), this.density);
  }

  async scoreInitialAsync(state: EnsembleState): Promise<void> {
    await driveAsync(this.initialScores(state), this.density);
  }

  /** Advances every ensemble by one step, in place (synchronous backends). */
  step(state: EnsembleState): { acceptedThisStep: number } {
    return driveNow(this.steps(state), this.density);
  }

  /** Advances every ensemble by one step, in place, awaiting each batch (any backend). */
  stepAsync(state: EnsembleState): Promise<{ acceptedThisStep: number }> {
    return driveAsync(this.steps(state), this.density);
  }

  private *initialScores(state: EnsembleState): SamplerStep<void> {
    const n = state.nEnsembles * state.nWalkers;
    yield { points: state.coords, count: n, out: state.logProb };
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(state.logProb[i])) throw this.nanError(state, i, state.coords.subarray(i * state.nDim, (i + 1) * state.nDim));
    }
  }

  private *steps(state: EnsembleState): SamplerStep<{ acceptedThisStep: number }> {
    if (this.threaded !== undefined) this.shareWithThreads(state);
    this.driven.observe(state);
    const rounds = this.drawStepPlans(state);
    let acceptedThisStep = 0;
    for (let round = 0; round < rounds; round++) {
      const proposed = this.proposeRound(state, round);
      // Driven moves' first points share the call of the proposals; their later rounds get calls of their own.
      this.driven.begin(state, this.stepMove, this.groupOf, round);
      let count = proposed + this.driven.request(this.batch.subarray(proposed * this.options.nDim));
      if (count > 0) {
        yield { points: this.batch, count, out: this.batchLogProb };
        acceptedThisStep += this.acceptRound(state, round);
        acceptedThisStep += this.driven.receive(state, this.batchLogProb.subarray(proposed));
      }
      for (count = this.driven.request(this.batch); count > 0; count = this.driven.request(this.batch)) {
        yield { points: this.batch, count, out: this.batchLogProb };
        acceptedThisStep += this.driven.receive(state, this.batchLogProb);
      }
    }
    state.iteration += 1;
    return { acceptedThisStep };
  }

  /** Moves the positions into shared memory once per state (the threads read and write them there). */
  private shareWithThreads(state: EnsembleState): void {
    if (!(state.coords.buffer instanceof SharedArrayBuffer)) {
      const coords = sharedFloat64(state.coords.length);
      coords.set(state.coords);
      state.coords = coords;
    }
    if (this.stepBuffers?.coords !== state.coords) this.stepBuffers = { coords: state.coords, batch: this.batch, ...this.threaded! };
    this.options.stepThreads!.use(this.stepBuffers);
  }

  /** Draws each ensemble's move and (red-blue) its random partition; returns the number of rounds. */
  private drawStepPlans(state: EnsembleState): number {
    const { nWalkers, nEnsembles } = this.options;
    const weights = this.weightsAt(state.iteration);
    let rounds = 0;
    for (let e = 0; e < nEnsembles; e++) {
      const random = state.randoms[e];
      const move = this.options.moves[random.choice(weights)].move;
      const groupOf = this.groupOf[e];
      if (move.kind !== 'metropolis') {
        const nsplits = move.nsplits;
        for (let w = 0; w < nWalkers; w++) groupOf[w] = w % nsplits;
        if (move.randomizeSplit) random.shuffle(groupOf);
      } else groupOf.fill(0);
      this.stepMove[e] = move;
      rounds = Math.max(rounds, move.nsplits);
    }
    return rounds;
  }

  /** The mixture's weights at a step: 0 for a move outside its [from, until) (the draw still takes one uniform). */
  private weightsAt(iteration: number): readonly number[] {
    if (!this.scheduled) return this.weights;
    const { moves } = this.options;
    for (let i = 0; i < moves.length; i++) this.stepWeights[i] = inUseAt(moves[i], iteration) ? moves[i].weight : 0;
    return this.stepWeights;
  }

  /** Every ensemble that has a group `round` writes its proposals into the shared batch; returns its size. */
  private proposeRound(state: EnsembleState, round: number): number {
    const { nWalkers, nDim, nEnsembles } = this.options;
    // With threads, a round whose every proposing move is row-planned draws serially and computes on all threads.
    let planned = this.threaded !== undefined;
    for (let e = 0; e < nEnsembles && planned; e++) {
      const move = this.stepMove[e];
      if (round < move.nsplits && move.kind !== 'driven' && !isRowPlanned(move)) planned = false;
    }
    let offset = 0;
    for (let e = 0; e < nEnsembles; e++) {
      const move = this.stepMove[e];
      if (round >= move.nsplits || move.kind === 'driven') {
        this.groupSize[e] = 0;
        continue;
      }
      const base = e * nWalkers;
      const groupOf = this.groupOf[e];
      const index = this.activeIndex[e];
      const complement = this.complementIndex;
      let nActive = 0;
      let nComplement = 0;
      for (let w = 0; w < nWalkers; w++) {
        if (groupOf[w] === round) index[nActive++] = base + w;
        else complement[nComplement++] = base + w;
      }
      const group = this.groups[e];
      group.coords = state.coords;
      group.nActive = nActive;
      group.nComplement = nComplement;
      group.random = state.randoms[e];
      group.iteration = state.iteration;
      group.proposal = this.batch.subarray(offset * nDim, (offset + nActive) * nDim);
      group.logFactor = this.batchFactor.subarray(offset, offset + nActive);
      if (planned && isRowPlanned(move)) move.planRows(group, this.threaded!, offset);
      else move.propose(group);
      this.groupSize[e] = nActive;
      offset += nActive;
    }
    if (planned) this.options.stepThreads!.stretch(offset, nDim);
    return offset;
  }

  /** Accept/reject in float64, walker by walker in index order, one uniform each; returns the number accepted. */
  private acceptRound(state: EnsembleState, round: number): number {
    const { nDim, nEnsembles } = this.options;
    const { coords, logProb, accepted } = state;
    const batch = this.batch;
    const batchLogProb = this.batchLogProb;
    const batchFactor = this.batchFactor;
    // With threads, the accepted rows are listed here (same uniforms, same order) and copied on every thread.
    const deferred = this.threaded;
    let nCopies = 0;
    let acceptedNow = 0;
    let offset = 0;
    for (let e = 0; e < nEnsembles; e++) {
      if (round >= this.stepMove[e].nsplits) continue;
      const index = this.activeIndex[e];
      const random = state.randoms[e];
      const size = this.groupSize[e];
      for (let k = 0; k < size; k++) {
        const b = offset + k;
        const walker = index[k];
        const lpNew = batchLogProb[b];
        if (Number.isNaN(lpNew)) {
          if (nCopies > 0) this.options.stepThreads!.copy(nCopies, nDim); // the walkers before it moved, as without threads
          throw this.nanError(state, walker, batch.subarray(b * nDim, (b + 1) * nDim));
        }
        const logRatio = batchFactor[b] + lpNew - logProb[walker];
        if (logRatio > Math.log(random.uniform())) {
          if (deferred !== undefined) {
            deferred.copyFrom[nCopies] = b;
            deferred.copyTo[nCopies] = walker;
            nCopies += 1;
            logProb[walker] = lpNew;
            accepted[walker] += 1;
            acceptedNow += 1;
            continue;
          }
          const from = b * nDim;
          const to = walker * nDim;
          for (let d = 0; d < nDim; d++) coords[to + d] = batch[from + d];
          logProb[walker] = lpNew;
          accepted[walker] += 1;
          acceptedNow += 1;
        }
      }
      offset += size;
    }
    if (nCopies > 0) this.options.stepThreads!.copy(nCopies, nDim);
    return acceptedNow;
  }

  private nanError(state: EnsembleState, walker: number, point: Float64Array): NaNLogProbError {
    const e = Math.floor(walker / state.nWalkers);
    const w = walker % state.nWalkers;
    return new NaNLogProbError(
      `log-probability is NaN for walker ${w} of ensemble ${e} at step ${state.iteration}, point [${Array.from(point).join(', ')}]`,
    );
  }
}
