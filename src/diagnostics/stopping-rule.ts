/**
 * Automatic stopping from the autocorrelation time, after emcee's monitoring tutorial
 * (docs/tutorials/monitor.ipynb, anchors §1.6): τ is re-estimated every check; the run has converged
 * when the chain is longer than tauFactor·τ for every parameter AND τ has stabilised,
 * |τ − τ_prev|/τ < tauDriftTolerance for every parameter since the previous check. The first check
 * can never converge (emcee starts from τ_prev = ∞). A run that reaches maxSteps stops unconverged.
 *
 * tauFactor defaults to 50, emcee's `integrated_time` trust threshold (tol = 50); the tutorial's
 * monitor loop uses 100 — pass tauFactor: 100 to reproduce it.
 *
 * τ's sampling error. A fixed 1 % drift tolerance is below the noise of τ̂ in high dimension: Sokal's
 * variance of the windowed estimator, var(τ̂)/τ² ≈ 2(2M + 1)/N for window M = cτ over N draws (Sokal,
 * "Monte Carlo methods in statistical mechanics", 1996, eq. 3.19; emcee's c = 5), makes τ̂ from 64
 * walkers at N = 50 τ wander by several per cent, and the maximum of 50 or 100 parameters' drifts then
 * almost never falls below 1 % (gauss50 ran to its cap). Given `sampling`, each parameter's drift may
 * also be as large as the noise explains: the two checks see nested chains (N_prev ⊂ N), so the
 * difference of the estimates has variance var(N_prev) − var(N) (as for running means), and the allowance
 * is z·τ·√(v(N_prev) − v(N)) with z the two-sided 95 % Bonferroni quantile over the parameters, i.e. a
 * stationary τ passes the drift test for all parameters at once with probability ≈ 0.95.
 */
import { InputError } from '../errors.ts';
import { normalQuantile } from '../numerics/normal-quantile.ts';

/** emcee's automatic window constant: M is the smallest lag with M ≥ c·τ̂. */
export const TAU_WINDOW_C = 5;

/** What the τ estimate was made from, for its sampling error. */
export interface TauSampling {
  /** Steps at the previous check. */
  previousSteps: number;
  /** Walkers τ was averaged over (treated as independent: walkers of one ensemble are not, which only makes the allowance smaller). */
  walkers: number;
}

/** Relative variance of τ̂ over N steps from `walkers` walkers (Sokal eq. 3.19 with M = c·τ, in steps). */
export function tauRelativeVariance(tau: number, nSteps: number, walkers: number): number {
  return (2 * (2 * TAU_WINDOW_C * tau + 1)) / (nSteps * walkers);
}

export interface AutoStopRuleOptions {
  /** Required chain length in units of the largest τ (default 50). */
  tauFactor?: number;
  /** Largest allowed relative change of τ between consecutive checks (default 0.01). */
  tauDriftTolerance?: number;
  /** Hard limit on the number of steps (default: none). */
  maxSteps?: number;
  /** τ of the previous check, when continuing a saved run. */
  previousTau?: ArrayLike<number> | null;
}

export interface StopDecision {
  /** Both criteria hold. */
  converged: boolean;
  /** The length criterion alone holds (N > tauFactor · τ_max, every τ finite). */
  longEnough: boolean;
  /** The run should end now: converged, or maxSteps reached. */
  stop: boolean;
  /** One line saying which criterion holds or fails, with the numbers. */
  reason: string;
}

export class AutoStopRule {
  readonly tauFactor: number;
  readonly tauDriftTolerance: number;
  readonly maxSteps: number;
  private previousTau: Float64Array | null = null;

  constructor(options: AutoStopRuleOptions = {}) {
    this.tauFactor = options.tauFactor ?? 50;
    this.tauDriftTolerance = options.tauDriftTolerance ?? 0.01;
    this.maxSteps = options.maxSteps ?? Infinity;
    this.previousTau = options.previousTau ? Float64Array.from(options.previousTau) : null;
    if (!(this.tauFactor > 0)) throw new InputError(`tauFactor must be positive, got ${this.tauFactor}`);
    if (!(this.tauDriftTolerance > 0)) throw new InputError(`tauDriftTolerance must be positive, got ${this.tauDriftTolerance}`);
    if (!(this.maxSteps > 0)) throw new InputError(`maxSteps must be positive, got ${this.maxSteps}`);
  }

  /** τ of the last check (null before the first): the rule's whole state, for checkpoints. */
  lastTau(): number[] | null {
    return this.previousTau ? Array.from(this.previousTau) : null;
  }

  /** Forget the previous τ (e.g. after discarding burn-in). */
  reset(): void {
    this.previousTau = null;
  }

  check(nSteps: number, tau: Float64Array, sampling?: TauSampling): StopDecision {
    if (tau.length === 0) throw new InputError('tau must have at least one entry');
    const previous = this.previousTau;
    this.previousTau = Float64Array.from(tau);

    let maxTau = -Infinity;
    let allFinite = true;
    for (const t of tau) {
      if (!Number.isFinite(t)) allFinite = false;
      else maxTau = Math.max(maxTau, t);
    }
    const longEnough = allFinite && nSteps > this.tauFactor * maxTau;

    // Largest drift in units of its allowance (< 1 passes); the reported drift is that parameter's.
    let worstRatio = Infinity;
    let maxDrift = Infinity;
    let worstAllowance = this.tauDriftTolerance;
    if (previous && previous.length === tau.length && allFinite) {
      worstRatio = 0;
      const z = sampling ? normalQuantile(1 - 0.05 / (2 * tau.length)) : 0;
      for (let d = 0; d < tau.length; d++) {
        const drift = Math.abs(tau[d] - previous[d]) / tau[d];
        let allowance = this.tauDriftTolerance;
        if (sampling && sampling.previousSteps > 0 && sampling.previousSteps < nSteps) {
          const excess = tauRelativeVariance(tau[d], sampling.previousSteps, sampling.walkers) - tauRelativeVariance(tau[d], nSteps, sampling.walkers);
          allowance += z * Math.sqrt(Math.max(0, excess));
        }
        const ratio = Number.isNaN(drift) ? Infinity : drift / allowance;
        if (ratio >= worstRatio) {
          worstRatio = ratio;
          maxDrift = drift;
          worstAllowance = allowance;
        }
      }
    }
    const stable = worstRatio < 1;

    const lengthText = allFinite
      ? `N = ${nSteps} ${longEnough ? '>' : '<='} ${this.tauFactor}·max τ = ${(this.tauFactor * maxTau).toPrecision(4)}`
      : 'τ is not finite';
    const driftText = previous === null
      ? 'no previous τ to compare'
      : `max |Δτ|/τ = ${maxDrift.toPrecision(3)} ${stable ? '<' : '>='} ${sampling ? `${worstAllowance.toPrecision(3)} (tolerance + τ's sampling error)` : this.tauDriftTolerance}`;

    if (longEnough && stable) return { converged: true, longEnough, stop: true, reason: `converged: ${lengthText}, ${driftText}` };
    if (nSteps >= this.maxSteps) {
      return { converged: false, longEnough, stop: true, reason: `reached maxSteps = ${this.maxSteps} without convergence: ${lengthText}, ${driftText}` };
    }
    return { converged: false, longEnough, stop: false, reason: `not converged: ${lengthText}, ${driftText}` };
  }
}
