import type { ChainStore } from '../sampler/chain-store.ts';
import { integratedTime } from './autocorrelation.ts';

/**
 * The steps a run's summary discards, and the stopping rule with it, so that both judge the same draws.
 *
 * 'auto': emcee's monitor tutorial discards 2·τ_max (τ estimated on the second half of the chain, past any
 * transient); at least 10 % of the run guards against a slow start; and at least the moves' adaptation
 * (`adaptationSteps`: a move that fits its proposal to the run's own past, gess `fit: history`, is one
 * fixed kernel only after its last refit). A number is the user's choice and is kept as given.
 */
export function chooseBurnIn(store: ChainStore, steps: number, burn: number | 'auto', adaptationSteps = 0): number {
  if (burn !== 'auto') return burn;
  const { data, nSteps } = store.extract(Math.floor(store.nRows / 2));
  const tau = integratedTime(data, nSteps, store.nWalkers, store.nDim, { c: 5, tol: 0 }).tau;
  // A few rows in which some walker never moved give τ = NaN (0/0): then the 10 % rule alone.
  const tauMax = Math.max(...tau);
  return Math.ceil(Math.max(Number.isFinite(tauMax) ? 2 * store.rowSteps * tauMax : 0, 0.1 * steps, adaptationSteps));
}

/** Stored rows [0, discard) the burn-in covers; at least one row is always kept. */
export function burnInRows(store: ChainStore, burnSteps: number): number {
  return Math.min(store.nRows - 1, Math.ceil(burnSteps / store.rowSteps));
}
