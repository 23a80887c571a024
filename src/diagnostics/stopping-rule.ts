/**
 * Automatic stopping from the autocorrelation time, after emcee's monitoring tutorial
 * (docs/tutorials/monitor.ipynb, anchors §1.6): τ is re-estimated every check; the run has converged
 * when the chain is longer than tauFactor·τ for every parameter AND τ has stabilised,
 * |τ − τ_prev|/τ < tauDriftTolerance for every parameter since the previous check. The first check
 * can never converge (emcee starts from τ_prev = ∞). A run that reaches maxSteps stops unconverged.
 *
 * tauFactor defaults to 50, emcee's `integrated_time` trust threshold (tol = 50); the tutorial's
 * monitor loop uses 100 — pass tauFactor: 100 to reproduce it.
 */
import { InputError } from '../errors.ts';

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

  check(nSteps: number, tau: Float64Array): StopDecision {
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

    let maxDrift = Infinity;
    if (previous && previous.length === tau.length && allFinite) {
      maxDrift = 0;
      for (let d = 0; d < tau.length; d++) {
        const drift = Math.abs(tau[d] - previous[d]) / tau[d];
        maxDrift = Number.isNaN(drift) ? Infinity : Math.max(maxDrift, drift);
      }
    }
    const stable = maxDrift < this.tauDriftTolerance;

    const lengthText = allFinite
      ? `N = ${nSteps} ${longEnough ? '>' : '<='} ${this.tauFactor}·max τ = ${(this.tauFactor * maxTau).toPrecision(4)}`
      : 'τ is not finite';
    const driftText = previous === null
      ? 'no previous τ to compare'
      : `max |Δτ|/τ = ${maxDrift.toPrecision(3)} ${stable ? '<' : '>='} ${this.tauDriftTolerance}`;

    if (longEnough && stable) return { converged: true, stop: true, reason: `converged: ${lengthText}, ${driftText}` };
    if (nSteps >= this.maxSteps) {
      return { converged: false, stop: true, reason: `reached maxSteps = ${this.maxSteps} without convergence: ${lengthText}, ${driftText}` };
    }
    return { converged: false, stop: false, reason: `not converged: ${lengthText}, ${driftText}` };
  }
}
