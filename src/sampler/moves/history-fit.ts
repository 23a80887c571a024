import { choleskyWithJitter } from './complement-fit.ts';

/** Layout of the state (DrivenGroup.tuning, saved in checkpoints): three counters, then four blocks. */
const NEXT_REFIT = 0;
const COUNT = 1;
const HAS_FIT = 2;
const HEADER = 3;
/** NEXT_REFIT once the fit is fixed for good. */
const FROZEN = -1;

/**
 * A Student-t fit of one ensemble's own past positions, for moves that need the shape of the posterior
 * better than ≈ as many complementary walkers as dimensions can give it (a covariance from 80 walkers in 74
 * dimensions is mostly noise: Marchenko–Pastur).
 *
 * At the start of every step, whichever move it draws (DrivenMove.observe), all walkers' positions enter running moments (Welford's update of the mean and co-moment).
 * At steps firstRefit·2^k the fit becomes t(μ, κ²Σ(ν − 2)/ν, ν) of the moments gathered since the previous
 * refit, and the moments start over: each window doubles, so the last one is half of the adaptation.
 *
 * κ (`expansion`) is for the walkers' way out of their start ball. A t fitted to the ensemble itself draws
 * ellipses of the ensemble's own size, so an ensemble narrower than the posterior widens only by the slow
 * drift of the scale variable s (measured on flavour-pdd, 64 walkers: the median sd was still 0.57 of the
 * posterior's after 1700 steps). With κ > 1 the ellipses reach κ times past the ensemble, the slice
 * shrinks back where the target falls off, and the ensemble can widen about κ-fold per window. The last
 * refit uses κ = 1: the fit that stays is the ensemble's own. After the last refit ≤ freezeAfter it never
 * changes again. The kernel that uses it is then one fixed π-invariant update (adaptive MCMC with finite
 * adaptation, Roberts & Rosenthal 2007 §2): draws after that step are a time-homogeneous Markov chain;
 * the summary discards the adaptation (GessMove.adaptationSteps). Each ensemble keeps its own fit, so
 * ensembles stay independent for R̂.
 *
 * The state is a plain number array (JSON in checkpoints round-trips doubles exactly), so a resumed run
 * continues bit for bit.
 */
export class HistoryFit {
  private readonly meanAt: number;
  private readonly comomentAt: number;
  private readonly fitMeanAt: number;
  private readonly fitCholeskyAt: number;
  /** fitted()'s copy of the fit, made once per refit. */
  private fittedCopy: { mean: Float64Array; cholesky: Float64Array } | undefined;

  constructor(
    private readonly state: number[],
    private readonly nDim: number,
  ) {
    this.meanAt = HEADER;
    this.comomentAt = this.meanAt + nDim;
    this.fitMeanAt = this.comomentAt + nDim * nDim;
    this.fitCholeskyAt = this.fitMeanAt + nDim;
    const expected = this.fitCholeskyAt + nDim * nDim;
    if (state.length !== expected) throw new RangeError(`gess move: history state has ${state.length} numbers, expected ${expected} for ${nDim} dimensions`);
  }

  static initialState(nDim: number, firstRefit: number): number[] {
    const state = new Array<number>(HEADER + 2 * nDim + 2 * nDim * nDim).fill(0);
    state[NEXT_REFIT] = firstRefit;
    return state;
  }

  /**
   * The state of a fit given from outside (the run's pilot fit, laplace-pilot.ts): with `firstRefit` the fit
   * until the first refit from the run's own history (gess `fit: history, start: laplace`); without it
   * fixed for good, no moments gathered (gess `fit: laplace`).
   */
  static givenState(nDim: number, fit: { mean: Float64Array; cholesky: Float64Array }, firstRefit?: number): number[] {
    const state = HistoryFit.initialState(nDim, firstRefit ?? 1);
    if (firstRefit === undefined) state[NEXT_REFIT] = FROZEN;
    state[HAS_FIT] = 1;
    const fitMeanAt = HEADER + nDim + nDim * nDim;
    for (let d = 0; d < nDim; d++) state[fitMeanAt + d] = fit.mean[d];
    for (let k = 0; k < nDim * nDim; k++) state[fitMeanAt + nDim + k] = fit.cholesky[k];
    return state;
  }

  /**
   * The positions of the ensemble's walkers (rows first … first + count − 1) at the start of step
   * `iteration` enter the moments; first, when the step is due and enough positions were seen (more than
   * nDim), the fit is renewed.
   */
  observe(coords: Float64Array, first: number, count: number, iteration: number, nu: number, freezeAfter: number, expansion = 1): void {
    const { state } = this;
    if (state[NEXT_REFIT] === FROZEN) return;
    if (iteration >= state[NEXT_REFIT] && state[COUNT] > this.nDim) {
      const next = 2 * state[NEXT_REFIT];
      const last = next > freezeAfter;
      this.refit(nu, last ? 1 : expansion);
      state[NEXT_REFIT] = last ? FROZEN : next;
      if (last) return;
    }
    for (let w = first; w < first + count; w++) this.add(coords, w * this.nDim);
  }

  /** The current fit (mean, lower Cholesky factor of the t scale), or undefined before the first refit. */
  fitted(): { mean: Float64Array; cholesky: Float64Array } | undefined {
    const { state, nDim } = this;
    if (state[HAS_FIT] !== 1) return undefined;
    this.fittedCopy ??= {
      mean: Float64Array.from(state.slice(this.fitMeanAt, this.fitMeanAt + nDim)),
      cholesky: Float64Array.from(state.slice(this.fitCholeskyAt, this.fitCholeskyAt + nDim * nDim)),
    };
    return this.fittedCopy;
  }

  /** Welford: n ← n + 1, δ = x − m, m ← m + δ/n, C ← C + δ (x − m)ᵀ (lower triangle, Welford 1962). */
  private add(coords: Float64Array, row: number): void {
    const { state, nDim, meanAt, comomentAt } = this;
    const n = (state[COUNT] += 1);
    for (let i = 0; i < nDim; i++) {
      const delta = coords[row + i] - state[meanAt + i];
      state[meanAt + i] += delta / n;
      const after = coords[row + i] - state[meanAt + i];
      const base = comomentAt + i * nDim;
      // δ_i (x_j − m_j) with the updated m_j for j ≤ i (those of j < i are already in place); the
      // product is symmetric, (x − m_new) = (x − m_old)(n − 1)/n, so the lower triangle holds it all.
      for (let j = 0; j < i; j++) state[base + j] += delta * (coords[row + j] - state[meanAt + j]);
      state[base + i] += delta * after;
    }
  }

  /** t scale κ²Σ(ν − 2)/ν from the co-moment (Σ = C/(n − 1)); the moments start over. */
  private refit(nu: number, expansion: number): void {
    const { state, nDim, meanAt, comomentAt, fitMeanAt, fitCholeskyAt } = this;
    const n = state[COUNT];
    const scale = (expansion * expansion * (nu > 2 ? (nu - 2) / nu : 1)) / (n - 1);
    const covariance = new Float64Array(nDim * nDim);
    for (let i = 0; i < nDim; i++) {
      for (let j = 0; j <= i; j++) covariance[i * nDim + j] = covariance[j * nDim + i] = state[comomentAt + i * nDim + j] * scale;
    }
    const cholesky = choleskyWithJitter(covariance, nDim);
    for (let d = 0; d < nDim; d++) state[fitMeanAt + d] = state[meanAt + d];
    for (let k = 0; k < nDim * nDim; k++) state[fitCholeskyAt + k] = cholesky[k];
    state[HAS_FIT] = 1;
    this.fittedCopy = undefined;
    state[COUNT] = 0;
    state.fill(0, meanAt, comomentAt + nDim * nDim);
  }
}
