import type { ChainStore } from '../sampler/chain-store.ts';
import type { ConvergenceMonitor } from '../sampler/run-loop.ts';
import { integratedTime } from './autocorrelation.ts';
import { AutoStopRule } from './stopping-rule.ts';
import { burnInRows, chooseBurnIn } from './burn-in.ts';
import { chainDiagnostics, ensembleChains } from './chain-diagnostics.ts';
import { keptDrawsVerdict, type KeptDrawsVerdict } from './kept-draws-verdict.ts';
import { rhatRank } from './rhat.ts';

/** Walkers the τ-drift check looks at (see below). */
export const MONITOR_WALKERS = 64;

export interface ConvergenceMonitorOptions {
  every: number;
  tauFactor: number;
  tauDrift: number;
  rhatBelow: number;
  /** With it, the rule is the ESS rule below instead of τ's drift. */
  essBulkAbove?: number;
  nEnsembles: number;
  /** The summary's burn-in setting and the moves' adaptation (burn-in.ts), so that the rule judges the draws the summary keeps. */
  burn: number | 'auto';
  adaptationSteps: number;
}

/**
 * emcee's monitoring rule (anchors.md §1.6, docs/tutorials/monitor.ipynb) plus an R̂ condition:
 * converged when the run is longer than tauFactor · τ_max, every τ moved by less than `tauDrift`
 * (relative) plus what τ's sampling error explains (stopping-rule.ts) since the previous check, and the
 * multi-ensemble rank R̂ is below `rhatBelow` for every parameter. The first check never converges (no
 * previous τ).
 *
 * With `essBulkAbove` the τ-drift condition is replaced by the criterion a user of the fit reads: the
 * bulk-ESS (Vehtari et al. 2021) of every parameter at least `essBulkAbove`, with R̂ below `rhatBelow`
 * and the kept draws longer than tauFactor · τ_max (so that τ, and with it the ESS, is estimated from a
 * chain long enough to trust), all over the kept draws, at every check. A chain that stops at its first check meeting an ESS threshold is a
 * random stopping time, but one decided on ≥ 1000 effective draws; τ's drift guards the same thing
 * less directly and at several times the cost (bench/stop-rule-study.ts).
 *
 * R̂, ESS and τ for the decision are those of the summary: over the draws it keeps (burn-in.ts), every
 * walker, as chain-diagnostics.ts computes them, so that a run never stops "converged" with a summary
 * saying otherwise.
 *
 * Checks fall every `every` steps, as in emcee's tutorial. Between them and as the first gate τ is
 * estimated from at most MONITOR_WALKERS walkers spread evenly over the ensembles: the check only needs
 * τ's drift and size, which are smooth for a fixed set of walkers, and the summary's diagnostics at every
 * check would cost more than the sampling; they run once the gate holds.
 * Its state (the previous τ) travels with checkpoints, so a resumed run decides identically. It reads the
 * store's bounded in-memory reservoir (rows `store.rowSteps` steps apart), never the whole file.
 */
export class TauDriftMonitor implements ConvergenceMonitor {
  private readonly rule: AutoStopRule;

  constructor(
    private readonly store: ChainStore,
    private readonly options: ConvergenceMonitorOptions,
    snapshot?: unknown,
  ) {
    const saved = snapshot as { previousTau?: number[] | null } | undefined;
    this.rule = new AutoStopRule({ tauFactor: options.tauFactor, tauDriftTolerance: options.tauDrift, previousTau: saved?.previousTau ?? null });
  }

  snapshot(): unknown {
    return { previousTau: this.rule.lastTau() };
  }

  due(iteration: number): boolean {
    return iteration % this.options.every === 0;
  }

  check(iteration: number): { converged: boolean; tau: number; rhat?: number } {
    const { store, options } = this;
    if (options.essBulkAbove !== undefined) {
      // The ESS rule reads the kept draws only: τ over the whole chain would carry the start's transient
      // (and, after a change of moves at some step, the slower moves' τ) into the length condition.
      const kept = this.keptDiagnostics(iteration);
      return { converged: kept.converged, tau: kept.tauMax, rhat: kept.rhatMax };
    }
    const { data, nSteps, nWalkers } = monitoredWalkers(store);
    const tau = Float64Array.from(integratedTime(data, nSteps, nWalkers, store.nDim, { c: 5, tol: 0 }).tau, (t) => t * store.rowSteps);
    const tauMax = Math.max(...tau);
    const sampling = { previousSteps: iteration - options.every, walkers: nWalkers };
    if (!this.rule.check(iteration, tau, sampling).converged) {
      // For the progress display only: R̂ of the monitored walkers (cheap); the decision uses the summary's.
      return { converged: false, tau: tauMax, rhat: rhatOfMonitored(store, options.nEnsembles, data, nSteps, nWalkers) };
    }
    // The summary's diagnostics sort every kept draw: only worth it once the gate holds.
    const kept = this.keptDiagnostics(iteration);
    return { converged: kept.converged, tau: tauMax, rhat: kept.rhatMax };
  }

  /** The run's criterion (kept-draws-verdict.ts) over the draws the summary keeps. */
  private keptDiagnostics(iteration: number): KeptDrawsVerdict {
    const { store, options } = this;
    const burnSteps = chooseBurnIn(store, iteration, options.burn, options.adaptationSteps);
    const { parameters } = chainDiagnostics(store, options.nEnsembles, store.rowSteps, burnInRows(store, burnSteps));
    return keptDrawsVerdict(parameters, iteration - burnSteps, options);
  }
}

/**
 * Max rank R̂ over the second half of the monitored walkers, grouped by ensemble (undefined when the
 * monitored walkers do not split evenly over the ensembles, or with a single ensemble).
 */
function rhatOfMonitored(store: ChainStore, nEnsembles: number, data: Float64Array, nSteps: number, nWalkers: number): number | undefined {
  const walkersPerEnsemble = store.nWalkers / nEnsembles;
  const stride = store.nWalkers / nWalkers;
  if (nEnsembles < 2 || !Number.isInteger(stride) || walkersPerEnsemble % stride !== 0) return undefined;
  const first = Math.floor(nSteps / 2);
  const n = nSteps - first;
  if (n < 4) return undefined;
  let worst = 0;
  for (let d = 0; d < store.nDim; d++) {
    const perWalker: Float64Array[] = [];
    for (let w = 0; w < nWalkers; w++) {
      const series = new Float64Array(n);
      for (let t = 0; t < n; t++) series[t] = data[((first + t) * nWalkers + w) * store.nDim + d];
      perWalker.push(series);
    }
    const r = rhatRank(ensembleChains(perWalker, nEnsembles));
    worst = Number.isNaN(r) ? Infinity : Math.max(worst, r);
  }
  return worst;
}

/** Positions of at most MONITOR_WALKERS walkers, evenly spaced over all ensembles (steps × walkers × dims). */
function monitoredWalkers(store: ChainStore): { data: Float64Array; nSteps: number; nWalkers: number } {
  const stride = Math.max(1, Math.floor(store.nWalkers / MONITOR_WALKERS));
  const picked = Math.ceil(store.nWalkers / stride);
  // A view of the reservoir, not a copy: only the picked walkers are copied out.
  const { data: all, nSteps } = store.extract(0);
  if (stride === 1) return { data: all, nSteps, nWalkers: store.nWalkers };
  const nDim = store.nDim;
  const data = new Float64Array(nSteps * picked * nDim);
  for (let t = 0; t < nSteps; t++) {
    for (let k = 0; k < picked; k++) {
      const from = (t * store.nWalkers + k * stride) * nDim;
      data.set(all.subarray(from, from + nDim), (t * picked + k) * nDim);
    }
  }
  return { data, nSteps, nWalkers: picked };
}

/**
 * τ (max over parameters, in steps) and R̂ (max, second half) of the monitored walkers, as a check reports
 * them, for the progress display between checks: it reads the chain and decides nothing. `due` keeps its
 * cost to a few per cent of the run: at most one estimate a second, and none sooner than 20× its own cost.
 */
export class ProgressEstimate {
  private nextAt = 0;
  private estimated = false;
  private latest: { tau?: number; rhat?: number } = {};

  constructor(
    private readonly store: ChainStore,
    private readonly nEnsembles: number,
  ) {}

  /** The latest estimate, refreshed first when due (and the chain holds at least 8 rows). */
  current(): { tau?: number; rhat?: number } {
    const now = performance.now();
    if (now < this.nextAt || this.store.nRows < 8) return this.latest;
    const { data, nSteps, nWalkers } = monitoredWalkers(this.store);
    const tauMax = Math.max(...integratedTime(data, nSteps, nWalkers, this.store.nDim, { c: 5, tol: 0 }).tau) * this.store.rowSteps;
    const rhat = rhatOfMonitored(this.store, this.nEnsembles, data, nSteps, nWalkers);
    this.latest = { tau: Number.isFinite(tauMax) ? tauMax : undefined, rhat };
    // The first estimate also pays for compiling the diagnostics: it does not set the pace.
    const cost = this.estimated ? performance.now() - now : 0;
    this.estimated = true;
    this.nextAt = performance.now() + Math.max(1000, 20 * cost);
    return this.latest;
  }
}
