import type { ChainStore } from '../sampler/chain-store.ts';
import type { ConvergenceMonitor } from '../sampler/run-loop.ts';
import { integratedTime } from './autocorrelation.ts';
import { rhatRank } from './rhat.ts';

export interface ConvergenceMonitorOptions {
  every: number;
  tauFactor: number;
  tauDrift: number;
  rhatBelow: number;
  nEnsembles: number;
  thin: number;
}

/**
 * emcee's monitoring rule (anchors.md §1.6, docs/tutorials/monitor.ipynb) plus an R̂ condition:
 * converged when the run is longer than tauFactor · τ_max, every τ moved by less than `tauDrift`
 * (relative) since the previous check, and the multi-ensemble rank R̂ of the second half of the chain
 * is below `rhatBelow` for every parameter. The first check never converges (no previous τ).
 * Its only state is the previous τ, which checkpoints carry so a resumed run decides identically.
 */
export class TauDriftMonitor implements ConvergenceMonitor {
  readonly every: number;
  private previousTau: number[] | null;

  constructor(
    private readonly store: ChainStore,
    private readonly options: ConvergenceMonitorOptions,
    snapshot?: unknown,
  ) {
    this.every = options.every;
    this.previousTau = Array.isArray(snapshot) ? (snapshot as number[]) : null;
  }

  snapshot(): unknown {
    return this.previousTau;
  }

  check(iteration: number): { converged: boolean; tau: number; rhat?: number } {
    const { store, options } = this;
    const { data, nSteps } = store.extract(0);
    const tau = Array.from(integratedTime(data, nSteps, store.nWalkers, store.nDim, { c: 5, tol: 0 }).tau, (t) => t * options.thin);
    const tauMax = Math.max(...tau);
    const previous = this.previousTau;
    const drifted = previous === null || tau.some((t, d) => !(Math.abs(previous[d] - t) / t < options.tauDrift));
    this.previousTau = tau;
    if (drifted || !(iteration > options.tauFactor * tauMax)) return { converged: false, tau: tauMax };
    // R̂ needs rank-normalising every draw: only worth it once the τ criteria hold.
    const rhat = this.rhatOfSecondHalf();
    return { converged: rhat < options.rhatBelow, tau: tauMax, rhat };
  }

  /** max over parameters of the rank R̂ over the second half of the stored rows. */
  private rhatOfSecondHalf(): number {
    const { store, options } = this;
    const { data, nSteps } = store.extract(Math.floor(store.nStored / 2));
    const nChains = options.nEnsembles > 1 ? options.nEnsembles : store.nWalkers;
    const perChain = store.nWalkers / nChains;
    let worst = 0;
    for (let d = 0; d < store.nDim; d++) {
      const chains: Float64Array[] = [];
      for (let c = 0; c < nChains; c++) {
        const draws = new Float64Array(nSteps * perChain);
        for (let t = 0; t < nSteps; t++) {
          for (let w = 0; w < perChain; w++) draws[t * perChain + w] = data[(t * store.nWalkers + c * perChain + w) * store.nDim + d];
        }
        chains.push(draws);
      }
      const r = rhatRank(chains);
      worst = Number.isNaN(r) ? Infinity : Math.max(worst, r);
    }
    return worst;
  }
}
