import { gammaVariate } from '../gamma-variate.ts';
import { solveLower, studentTFit, type ComplementFit } from './complement-fit.ts';
import type { LaplacePilot } from '../laplace-pilot.ts';
import { HistoryFit } from './history-fit.ts';
import type { DrivenGroup, DrivenMove, GroupUpdater, RedBlueOptions } from './move.ts';

export type GessFit = 'complement' | 'history' | 'laplace';

export interface GessOptions extends RedBlueOptions {
  /** Degrees of freedom ν of the Student-t fitted to the complementary walkers. */
  nu?: number;
  /** EM iterations of the t fit after the moment fit (Liu & Rubin 1995). */
  fitIterations?: number;
  /** Shrink the fitted covariance's off-diagonal towards its diagonal (complement-fit.ts), for walkers ≈ dimensions. */
  shrinkage?: boolean;
  /** Most shrink rounds of one group before the move gives up (a broken density). */
  maxRounds?: number;
  /**
   * What the t is fitted to. 'complement' (default): the complementary walkers of the step, refitted every
   * group. 'history': the ensemble's own past positions (history-fit.ts), refitted at steps
   * `firstRefit`·2^k up to `freezeAfter` and fixed after it. 'laplace': the run's pilot fit
   * (laplace-pilot.ts: the mode and the Laplace covariance of the log-density, made before the first step),
   * fixed from step 0; the walkers start from it.
   */
  fit?: GessFit;
  /**
   * 'history': the t before the first refit: 'complement' (default), the complementary walkers' fit;
   * 'laplace', the run's pilot fit (as fit: 'laplace'), from which the walkers also start.
   */
  start?: 'complement' | 'laplace';
  /** 'history': step of the first refit (before it the `start` fit is used). */
  firstRefit?: number;
  /** 'history': no refit after this step; the fit of the last refit stays fixed (see adaptationSteps). */
  freezeAfter?: number;
  /** 'history': the fitted scale is multiplied by this before the last refit (κ in history-fit.ts; default 1). */
  expansion?: number;
}

/**
 * Generalized elliptical slice sampling in the ensemble (Nishihara, Murray & Adams, JMLR 15 (2014),
 * Algorithms 2–3): the complementary walkers are fitted by a multivariate t(μ, Σ, ν); each active walker x
 * draws the scale s ~ InvGamma((ν + d)/2, (ν + q(x))/2), q(x) = (x − μ)ᵀ Σ⁻¹ (x − μ), then makes one
 * elliptical slice sampling update (Murray, Adams & MacKay 2010) of the target divided by the t density,
 * log π(x) + (ν + d)/2 · log(1 + q(x)/ν), under the Gaussian N(μ, sΣ): ellipse
 * x' = μ + (x − μ) cos θ + ν_s sin θ with ν_s ~ N(0, sΣ), θ shrunk towards 0 until x' lies in the slice.
 * For any fixed (μ, Σ, ν) the update leaves π invariant; the complement is fixed while a group moves.
 * Where π is close to the fitted t, the slice is hit at once, whatever the dimension.
 *
 * With `fit: 'history'` the t is fitted instead to the ensemble's own past positions (history-fit.ts),
 * refitted at doubling steps and then fixed. A fit to ≈ as many complementary walkers as dimensions is
 * mostly noise in 70–100 dimensions; the history's is not, and with it fixed the move is one
 * π-invariant kernel whatever the walkers do. Measured on flavour-pdd (bench/frozen-fit-gess.ts): a t
 * fitted once to the converged chain gives 5.8 evaluations per walker update and τ = 55 steps, 2.8×
 * fewer evaluations per independent draw than DE. The walkers should leave their start ball first (a
 * t fitted to a narrow ensemble draws narrow ellipses): the physics configs run DE until the last refit
 * and the fitted move from then on (`from`/`until`, move.ts).
 *
 * With `fit: 'laplace'` the t is the run's pilot fit (laplace-pilot.ts): the mode and the Laplace covariance of
 * the log-density, made before the first step from finite differences, fixed from then on, and the walkers
 * start as draws of it. It needs neither a burn-in of another move nor any adaptation, so every step is the
 * same π-invariant kernel. It suits posteriors close to one Gaussian bump (the EW and PMD fits); where a
 * posterior is far from its mode's curvature (the PDD unit discs) it mixes no faster than DE.
 *
 * Batched: every walker still shrinking asks for one point per round; walkers done wait. Whitened
 * coordinates a = L⁻¹(x − μ), b = L⁻¹ν_s give q(x') = |a cos θ + b sin θ|² in O(d) per point.
 */
export class GessMove implements DrivenMove {
  readonly name = 'gess';
  readonly kind = 'driven' as const;
  readonly nsplits: number;
  readonly randomizeSplit: boolean;
  readonly maxPointsPerWalker = 1;
  readonly nu: number;
  readonly fitIterations: number;
  readonly maxRounds: number;
  readonly shrinkage: boolean;
  readonly fit: GessFit;
  readonly firstRefit: number;
  readonly freezeAfter: number;
  readonly expansion: number;
  readonly start: 'complement' | 'laplace';

  constructor(options: GessOptions = {}) {
    this.nsplits = options.nsplits ?? 2;
    this.randomizeSplit = options.randomizeSplit ?? true;
    this.nu = options.nu ?? 5;
    this.fitIterations = options.fitIterations ?? 0;
    this.maxRounds = options.maxRounds ?? 10_000;
    this.shrinkage = options.shrinkage ?? false;
    this.fit = options.fit ?? 'complement';
    this.firstRefit = options.firstRefit ?? 100;
    this.freezeAfter = options.freezeAfter ?? 3200;
    this.expansion = options.expansion ?? 1;
    this.start = options.start ?? 'complement';
    if (this.start === 'laplace' && this.fit !== 'history') throw new RangeError(`gess move: start: laplace belongs to fit: history (fit: laplace starts from the pilot already)`);
    if (!(this.expansion >= 1)) throw new RangeError(`gess move: expansion must be ≥ 1 (got ${this.expansion})`);
    if (this.fit === 'history') {
      this.observe = (coords, first, count, nDim, iteration, tuning) =>
        this.historyFit(tuning, nDim).observe(coords, first, count, iteration, this.nu, this.freezeAfter, this.expansion);
    }
    if (!(this.nu > 0)) throw new RangeError(`gess move: nu must be > 0 (got ${this.nu})`);
    if (!(Number.isInteger(this.firstRefit) && this.firstRefit > 0)) throw new RangeError(`gess move: firstRefit must be a positive whole number of steps (got ${this.firstRefit})`);
    if (!(Number.isInteger(this.freezeAfter) && this.freezeAfter >= this.firstRefit)) {
      throw new RangeError(`gess move: freezeAfter must be a whole number of steps ≥ firstRefit = ${this.firstRefit} (got ${this.freezeAfter})`);
    }
  }

  /**
   * Steps after which the move no longer adapts: its last refit, firstRefit·2^k ≤ freezeAfter (0 for the
   * complement and laplace fits, which never depend on the run's past). The summary discards at least these steps, so every
   * kept draw comes from one fixed, π-invariant kernel.
   */
  get adaptationSteps(): number {
    if (this.fit !== 'history') return 0;
    let last = this.firstRefit;
    while (last * 2 <= this.freezeAfter) last *= 2;
    return last;
  }

  /** One view per ensemble's state array (a resumed run brings new arrays, and with them new views). */
  private readonly historyFits = new WeakMap<number[], HistoryFit>();

  /** The history fit kept in `tuning` (one ensemble's state in EnsembleState.moveStates). */
  historyFit(tuning: number[], nDim: number): HistoryFit {
    let fit = this.historyFits.get(tuning);
    if (fit === undefined) this.historyFits.set(tuning, (fit = new HistoryFit(tuning, nDim)));
    return fit;
  }

  /** 'history': every step's walkers enter the fit's moments (history-fit.ts), whichever move the step draws. */
  readonly observe?: (coords: Float64Array, first: number, count: number, nDim: number, iteration: number, tuning: number[]) => void;

  /** 'laplace': the pilot's mode and Cholesky factor of the t scale Σ(ν − 2)/ν (so its covariance is the Laplace one). */
  private pilot: { mean: Float64Array; cholesky: Float64Array } | undefined;

  /** 'laplace': takes the run's pilot fit (ensemble-run.ts makes it before the first step). */
  usePilot(pilot: Pick<LaplacePilot, 'mean' | 'cholesky'>): void {
    const factor = Math.sqrt(this.nu > 2 ? (this.nu - 2) / this.nu : 1);
    this.pilot = { mean: Float64Array.from(pilot.mean), cholesky: Float64Array.from(pilot.cholesky, (v) => v * factor) };
  }

  /** Whether the move needs the run's pilot fit (usePilot) before its first step. */
  get usesPilot(): boolean {
    return this.fit === 'laplace' || this.start === 'laplace';
  }

  initialTuning(nDim: number): number[] {
    if (this.usesPilot) {
      if (this.pilot === undefined) throw new Error('gess move: a laplace fit needs the pilot fit of the run (usePilot) before its first step');
      return HistoryFit.givenState(nDim, this.pilot, this.fit === 'history' ? this.firstRefit : undefined);
    }
    return this.fit === 'history' ? HistoryFit.initialState(nDim, this.firstRefit) : [];
  }

  createUpdater(nWalkers: number, nDim: number): GroupUpdater {
    return new GessUpdater(this, nWalkers, nDim);
  }
}

class GessUpdater implements GroupUpdater {
  private group!: DrivenGroup;
  private fit!: Pick<ComplementFit, 'mean' | 'cholesky'>;
  /** Per walker: whitened position a, whitened ellipse partner b (both nDim), ν_s (nDim), slice and angles. */
  private readonly a: Float64Array;
  private readonly b: Float64Array;
  private readonly partner: Float64Array;
  private readonly height: Float64Array;
  private readonly theta: Float64Array;
  private readonly thetaMin: Float64Array;
  private readonly thetaMax: Float64Array;
  private readonly done: Uint8Array;
  private readonly asked: Int32Array;
  private readonly centred: Float64Array;
  private readonly z: Float64Array;
  private nAsked = 0;
  private remaining = 0;
  private rounds = 0;

  constructor(
    private readonly move: GessMove,
    nWalkers: number,
    private readonly nDim: number,
  ) {
    this.a = new Float64Array(nWalkers * nDim);
    this.b = new Float64Array(nWalkers * nDim);
    this.partner = new Float64Array(nWalkers * nDim);
    this.height = new Float64Array(nWalkers);
    this.theta = new Float64Array(nWalkers);
    this.thetaMin = new Float64Array(nWalkers);
    this.thetaMax = new Float64Array(nWalkers);
    this.done = new Uint8Array(nWalkers);
    this.asked = new Int32Array(nWalkers);
    this.centred = new Float64Array(nDim);
    this.z = new Float64Array(nDim);
  }

  /** The t of this group: the history's once it has one, else the complementary walkers'. */
  private fitFor(g: DrivenGroup): Pick<ComplementFit, 'mean' | 'cholesky'> {
    const move = this.move;
    if (move.fit !== 'complement') {
      const fitted = move.historyFit(g.tuning, this.nDim).fitted();
      if (fitted) return fitted;
    }
    if (g.nComplement <= 2) throw new RangeError('gess move: needs more than 2 complementary walkers');
    return studentTFit(g.coords, g.complement, g.nComplement, this.nDim, move.nu, move.fitIterations, move.shrinkage);
  }

  /** log(1 + q/ν)·(ν + d)/2: minus the log t density up to a constant. */
  private tPenalty(q: number): number {
    return 0.5 * (this.move.nu + this.nDim) * Math.log1p(q / this.move.nu);
  }

  begin(g: DrivenGroup): void {
    this.group = g;
    const { nDim } = this;
    const nu = this.move.nu;
    const fit = (this.fit = this.fitFor(g));
    const { coords, logProb, active, random } = g;
    const { centred, z } = this;
    for (let k = 0; k < g.nActive; k++) {
      const x = active[k] * nDim;
      const base = k * nDim;
      for (let d = 0; d < nDim; d++) centred[d] = coords[x + d] - fit.mean[d];
      const a = this.a.subarray(base, base + nDim);
      solveLower(fit.cholesky, centred, a, nDim);
      let q = 0;
      for (let d = 0; d < nDim; d++) q += a[d] * a[d];
      // s | x ~ InvGamma((ν + d)/2, (ν + q)/2): the t as a scale mixture of Gaussians (Nishihara et al. eq. 5).
      const s = (0.5 * (nu + q)) / gammaVariate(random, 0.5 * (nu + nDim));
      const root = Math.sqrt(s);
      for (let d = 0; d < nDim; d++) z[d] = root * random.normal();
      // b = L⁻¹ ν_s = √s z; ν_s = L b.
      for (let r = 0; r < nDim; r++) {
        this.b[base + r] = z[r];
        let v = 0;
        for (let c = 0; c <= r; c++) v += fit.cholesky[r * nDim + c] * z[c];
        this.partner[base + r] = v;
      }
      this.height[k] = logProb[active[k]] + this.tPenalty(q) + Math.log(random.uniform());
      const theta = 2 * Math.PI * random.uniform();
      this.theta[k] = theta;
      this.thetaMin[k] = theta - 2 * Math.PI;
      this.thetaMax[k] = theta;
      this.done[k] = 0;
    }
    this.remaining = g.nActive;
    this.rounds = 0;
  }

  request(points: Float64Array): number {
    if (this.remaining === 0) return 0;
    if (++this.rounds > this.move.maxRounds) {
      throw new Error(`gess move: more than ${this.move.maxRounds} shrink rounds in one step; the log-density may be improper or NaN-free but broken`);
    }
    const { coords, active, nActive } = this.group;
    const { nDim } = this;
    let n = 0;
    for (let k = 0; k < nActive; k++) {
      if (this.done[k]) continue;
      this.writePoint(points, n * nDim, coords, active[k] * nDim, k);
      this.asked[n++] = k;
    }
    this.nAsked = n;
    return n;
  }

  /** x' = μ + (x − μ) cos θ + ν_s sin θ. */
  private writePoint(out: Float64Array, to: number, coords: Float64Array, x: number, k: number): void {
    const { nDim } = this;
    const mean = this.fit.mean;
    const c = Math.cos(this.theta[k]);
    const s = Math.sin(this.theta[k]);
    const base = k * nDim;
    for (let d = 0; d < nDim; d++) out[to + d] = mean[d] + (coords[x + d] - mean[d]) * c + this.partner[base + d] * s;
  }

  receive(scores: Float64Array): number {
    const g = this.group;
    const { coords, logProb, accepted, active, random } = g;
    const { nDim } = this;
    let moved = 0;
    for (let i = 0; i < this.nAsked; i++) {
      const k = this.asked[i];
      const theta = this.theta[k];
      const c = Math.cos(theta);
      const s = Math.sin(theta);
      const base = k * nDim;
      let q = 0;
      for (let d = 0; d < nDim; d++) {
        const w = this.a[base + d] * c + this.b[base + d] * s;
        q += w * w;
      }
      if (scores[i] + this.tPenalty(q) > this.height[k]) {
        // Written with the expression that made the scored point, so the stored position is it bit for bit.
        this.writePoint(coords, active[k] * nDim, coords, active[k] * nDim, k);
        logProb[active[k]] = scores[i];
        accepted[active[k]] += 1;
        this.done[k] = 1;
        this.remaining -= 1;
        moved += 1;
      } else {
        if (theta < 0) this.thetaMin[k] = theta;
        else this.thetaMax[k] = theta;
        this.theta[k] = this.thetaMin[k] + random.uniform() * (this.thetaMax[k] - this.thetaMin[k]);
      }
    }
    return moved;
  }
}
