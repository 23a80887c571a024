import { complementCholesky } from './complement-fit.ts';
import type { DrivenGroup, DrivenMove, GroupUpdater, RedBlueOptions } from './move.ts';

export type SliceDirections = 'differential' | 'gaussian';

export interface SliceOptions extends RedBlueOptions {
  /** 'differential': x_a − x_b of two complementary walkers (zeus' DifferentialMove); 'gaussian': N(0, cov of the complement). */
  directions?: SliceDirections;
  /** Initial scale μ of the directions (zeus' mu, default 1). */
  mu?: number;
  /** Adapt μ at the start of the run until the expansions are half of all interval changes (zeus' tune). */
  tune?: boolean;
  /** Tuning stops after `patience` + 1 consecutive steps with |expansions/(expansions + contractions) − ½| < tolerance. */
  tolerance?: number;
  patience?: number;
  /** Most stepping-out steps per walker update (zeus' maxsteps). */
  maxSteps?: number;
  /** Most rounds of one group before the move gives up (zeus' maxiter): a broken density, not a hard target. */
  maxRounds?: number;
}

/** Layout of the move's adaptation state (DrivenGroup.tuning). */
const MU = 0;
const TUNING = 1;
const CALM_STEPS = 2;
const EXPANSIONS = 3;
const CONTRACTIONS = 4;

/**
 * Ensemble slice sampling (Karamanis & Beutler 2021, zeus; anchors.md §2). Each active walker x gets a
 * direction d from the complementary walkers (a scaled difference of two of them, or a draw from their
 * covariance) and is updated by univariate slice sampling along x + t d (Neal 2003, §4): slice height
 * log p(x) − Exp(1), a unit interval placed at random around t = 0, stepped out by one unit while its ends
 * lie inside the slice (budgets J, K with J + K = maxSteps − 1), then shrunk towards 0 until a point inside
 * the slice is drawn. Every walker moves (acceptance 1); the cost is the number of evaluations.
 *
 * Batched: each round, every walker still stepping out asks for its open ends and every walker shrinking
 * for one point; walkers done wait. The scale μ is tuned as zeus does (Robbins–Monro,
 * μ ← μ · 2 n_exp / (n_exp + n_con) per step) until the expansions stay within `tolerance` of half, then
 * fixed; the tuning state is part of the resumable run state.
 */
export class SliceMove implements DrivenMove {
  readonly name = 'slice';
  readonly kind = 'driven' as const;
  readonly nsplits: number;
  readonly randomizeSplit: boolean;
  readonly maxPointsPerWalker = 2;
  readonly directions: SliceDirections;
  readonly mu: number;
  readonly tune: boolean;
  readonly tolerance: number;
  readonly patience: number;
  readonly maxSteps: number;
  readonly maxRounds: number;

  constructor(options: SliceOptions = {}) {
    this.nsplits = options.nsplits ?? 2;
    this.randomizeSplit = options.randomizeSplit ?? true;
    this.directions = options.directions ?? 'differential';
    this.mu = options.mu ?? 1;
    this.tune = options.tune ?? true;
    this.tolerance = options.tolerance ?? 0.05;
    this.patience = options.patience ?? 5;
    this.maxSteps = options.maxSteps ?? 10_000;
    this.maxRounds = options.maxRounds ?? 10_000;
    if (!(this.mu > 0)) throw new RangeError(`slice move: mu must be > 0 (got ${this.mu})`);
    if (!(this.maxSteps >= 1)) throw new RangeError(`slice move: maxSteps must be ≥ 1 (got ${this.maxSteps})`);
  }

  initialTuning(): number[] {
    return [this.mu, this.tune ? 1 : 0, 0, 0, 0];
  }

  createUpdater(nWalkers: number, nDim: number): GroupUpdater {
    return new SliceUpdater(this, nWalkers, nDim);
  }
}

const EXPANDING = 0;
const SHRINKING = 1;
const DONE = 2;

/** Kinds of requested points: an end of the interval or a point drawn inside it. */
const LEFT = 0;
const RIGHT = 1;
const INSIDE = 2;

class SliceUpdater implements GroupUpdater {
  private group!: DrivenGroup;
  private readonly direction: Float64Array;
  private readonly height: Float64Array;
  private readonly left: Float64Array;
  private readonly right: Float64Array;
  private readonly tried: Float64Array;
  private readonly leftBudget: Float64Array;
  private readonly rightBudget: Float64Array;
  private readonly leftOpen: Uint8Array;
  private readonly rightOpen: Uint8Array;
  private readonly phase: Uint8Array;
  /** For each requested point: the walker (index into active) and what the point is. */
  private readonly askedBy: Int32Array;
  private readonly askedFor: Uint8Array;
  private nAsked = 0;
  private remaining = 0;
  private rounds = 0;
  private readonly difference: Float64Array;

  constructor(
    private readonly move: SliceMove,
    nWalkers: number,
    private readonly nDim: number,
  ) {
    this.direction = new Float64Array(nWalkers * nDim);
    this.height = new Float64Array(nWalkers);
    this.left = new Float64Array(nWalkers);
    this.right = new Float64Array(nWalkers);
    this.tried = new Float64Array(nWalkers);
    this.leftBudget = new Float64Array(nWalkers);
    this.rightBudget = new Float64Array(nWalkers);
    this.leftOpen = new Uint8Array(nWalkers);
    this.rightOpen = new Uint8Array(nWalkers);
    this.phase = new Uint8Array(nWalkers);
    this.askedBy = new Int32Array(2 * nWalkers);
    this.askedFor = new Uint8Array(2 * nWalkers);
    this.difference = new Float64Array(nDim);
  }

  begin(g: DrivenGroup): void {
    this.group = g;
    if (g.nComplement < 2) throw new RangeError('slice move: needs at least 2 complementary walkers');
    const { random, tuning, logProb, active } = g;
    if (g.group === 0) {
      tuning[EXPANSIONS] = 0;
      tuning[CONTRACTIONS] = 0;
    }
    const scale = 2 * tuning[MU];
    if (this.move.directions === 'differential') this.differentialDirections(g, scale);
    else this.gaussianDirections(g, scale);
    const maxSteps = this.move.maxSteps;
    for (let k = 0; k < g.nActive; k++) {
      // Slice height in log space: log p(x) + log U = log p(x) − Exp(1).
      this.height[k] = logProb[active[k]] + Math.log(random.uniform());
      this.left[k] = -random.uniform();
      this.right[k] = this.left[k] + 1;
      const j = Math.floor(maxSteps * random.uniform());
      // A walker at log p = −∞ (outside the prior) has no slice to step out of: every finite point would
      // extend it, for maxSteps rounds. It only shrinks, towards the first finite point its interval holds.
      const open = this.height[k] > -Infinity;
      this.leftBudget[k] = open ? j : 0;
      this.rightBudget[k] = open ? maxSteps - 1 - j : 0;
      this.leftOpen[k] = 1;
      this.rightOpen[k] = 1;
      this.phase[k] = EXPANDING;
    }
    this.remaining = g.nActive;
    this.rounds = 0;
  }

  /** d = 2μ (x_a − x_b), an ordered pair a ≠ b of complementary walkers drawn uniformly per walker. */
  private differentialDirections(g: DrivenGroup, scale: number): void {
    const { nDim } = this;
    const { coords, complement, nComplement, random } = g;
    for (let k = 0; k < g.nActive; k++) {
      const i = random.integer(nComplement);
      let j = random.integer(nComplement - 1);
      if (j >= i) j += 1;
      const a = complement[i] * nDim;
      const b = complement[j] * nDim;
      const out = k * nDim;
      for (let d = 0; d < nDim; d++) this.direction[out + d] = scale * (coords[a + d] - coords[b + d]);
    }
  }

  /** d = 2μ L z with L L^T the complement's covariance (zeus' GaussianMove). */
  private gaussianDirections(g: DrivenGroup, scale: number): void {
    const { nDim } = this;
    const fit = complementCholesky(g.coords, g.complement, g.nComplement, nDim);
    const z = this.difference;
    for (let k = 0; k < g.nActive; k++) {
      for (let d = 0; d < nDim; d++) z[d] = g.random.normal();
      const out = k * nDim;
      for (let r = 0; r < nDim; r++) {
        let s = 0;
        for (let c = 0; c <= r; c++) s += fit.cholesky[r * nDim + c] * z[c];
        this.direction[out + r] = scale * s;
      }
    }
  }

  request(points: Float64Array): number {
    if (this.remaining === 0) return 0;
    if (++this.rounds > this.move.maxRounds) {
      throw new Error(`slice move: more than ${this.move.maxRounds} rounds of expansions and contractions in one step; the log-density may be improper (flat without bound along some direction)`);
    }
    const { coords, active, nActive } = this.group;
    let n = 0;
    for (let k = 0; k < nActive; k++) {
      const phase = this.phase[k];
      if (phase === DONE) continue;
      if (phase === EXPANDING) {
        if (this.leftOpen[k]) n = this.ask(points, n, coords, active[k], k, LEFT, this.left[k]);
        if (this.rightOpen[k]) n = this.ask(points, n, coords, active[k], k, RIGHT, this.right[k]);
      } else n = this.ask(points, n, coords, active[k], k, INSIDE, this.tried[k]);
    }
    this.nAsked = n;
    return n;
  }

  private ask(points: Float64Array, n: number, coords: Float64Array, walker: number, k: number, kind: number, t: number): number {
    const { nDim } = this;
    const x = walker * nDim;
    const dir = k * nDim;
    const out = n * nDim;
    for (let d = 0; d < nDim; d++) points[out + d] = coords[x + d] + t * this.direction[dir + d];
    this.askedBy[n] = k;
    this.askedFor[n] = kind;
    return n + 1;
  }

  receive(scores: Float64Array): number {
    const g = this.group;
    const { tuning, random, coords, logProb, accepted, active } = g;
    const { nDim } = this;
    let moved = 0;
    for (let i = 0; i < this.nAsked; i++) {
      const k = this.askedBy[i];
      const inside = this.height[k] < scores[i];
      switch (this.askedFor[i]) {
        case LEFT:
          if (inside && this.leftBudget[k] > 0) {
            this.left[k] -= 1;
            this.leftBudget[k] -= 1;
            tuning[EXPANSIONS] += 1;
          } else this.leftOpen[k] = 0;
          break;
        case RIGHT:
          if (inside && this.rightBudget[k] > 0) {
            this.right[k] += 1;
            this.rightBudget[k] -= 1;
            tuning[EXPANSIONS] += 1;
          } else this.rightOpen[k] = 0;
          break;
        default: {
          const t = this.tried[k];
          if (inside) {
            const x = active[k] * nDim;
            const dir = k * nDim;
            // The same expression as the scored point, so the stored position is the one scored, bit for bit.
            for (let d = 0; d < nDim; d++) coords[x + d] = coords[x + d] + t * this.direction[dir + d];
            logProb[active[k]] = scores[i];
            accepted[active[k]] += 1;
            this.phase[k] = DONE;
            this.remaining -= 1;
            moved += 1;
          } else {
            tuning[CONTRACTIONS] += 1;
            if (t < 0) this.left[k] = t;
            else this.right[k] = t;
            this.tried[k] = this.left[k] + random.uniform() * (this.right[k] - this.left[k]);
          }
        }
      }
    }
    // Walkers whose interval is complete draw their first point, in walker order (fixes the stream).
    for (let k = 0; k < g.nActive; k++) {
      if (this.phase[k] === EXPANDING && !this.leftOpen[k] && !this.rightOpen[k]) {
        this.phase[k] = SHRINKING;
        this.tried[k] = this.left[k] + random.uniform() * (this.right[k] - this.left[k]);
      }
    }
    if (this.remaining === 0 && g.group === this.move.nsplits - 1) this.adapt(tuning);
    return moved;
  }

  /** zeus' Robbins–Monro scale update after a full step, and its stopping rule. */
  private adapt(tuning: number[]): void {
    if (tuning[TUNING] !== 1) return;
    const expansions = Math.max(1, tuning[EXPANSIONS]);
    const fraction = expansions / (expansions + tuning[CONTRACTIONS]);
    tuning[MU] *= 2 * fraction;
    // Consecutive calm steps (zeus counts them cumulatively): a few lucky steps early in the burn-in, with the
    // walkers still in their starting ball, froze μ at a 10× too small value on rosen2.
    tuning[CALM_STEPS] = Math.abs(fraction - 0.5) < this.move.tolerance ? tuning[CALM_STEPS] + 1 : 0;
    if (tuning[CALM_STEPS] > this.move.patience) tuning[TUNING] = 0;
  }
}
