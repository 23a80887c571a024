import type { ChainStore } from '../sampler/chain-store.ts';
import { integratedTime } from './autocorrelation.ts';
import { essBulk, essTail } from './ess.ts';
import { rhatRank } from './rhat.ts';
import { summariseSamples } from './summary-statistics.ts';

/** Per-parameter diagnostics of a stored ensemble chain (all in stored-row units unless named `…Steps`). */
export interface ParameterDiagnostics {
  mean: number;
  sd: number;
  q05: number;
  q50: number;
  q95: number;
  essBulk: number;
  essTail: number;
  rhat: number;
  /** emcee's integrated autocorrelation time, in sampler steps (thin × rows). */
  tauSteps: number;
}

export interface ChainDiagnostics {
  parameters: ParameterDiagnostics[];
  /** 'ensembles' when R̂ compares independent ensembles; 'walkers-heuristic' when only one ensemble ran. */
  rhatMethod: 'ensembles' | 'walkers-heuristic';
  /** True when the chain is shorter than 50 τ for some parameter (emcee's warning). */
  tauTooShort: boolean;
  nSamples: number;
  /** Stored rows between the draws the rank diagnostics used (1 = all; see DRAWS_BUDGET). */
  diagnosticsThin: number;
}

/**
 * Rank-normalised R̂ and ESS sort every draw of every parameter. Past this many draws per parameter the
 * rows they use are thinned by k ≤ τ/4 (in stored rows): a chain thinned well inside its
 * autocorrelation time keeps its ESS (each kept draw still carries ≥ 4 correlated neighbours' worth of
 * information), so the estimates do not change beyond their own noise while the cost drops k-fold.
 * When thinning the rows cannot reach the budget (a huge ensemble: 65 536 walkers give 16 M draws in 256
 * rows), the rank diagnostics use evenly spaced walkers of every ensemble instead, and the bulk/tail ESS
 * of that subset is scaled up by the number of walkers over the number used (walkers are exchangeable, and
 * the ESS over walkers as chains is additive). Means and sds always use every draw.
 */
export const DRAWS_BUDGET = 250_000;

/**
 * Most walkers (chains) the rank diagnostics use, for the same reason: each is one array and one ESS
 * estimate per parameter, so 65 536 walkers × 100 parameters made 6.5 M arrays for two or three draws each.
 * Past it, evenly spaced walkers of every ensemble, the ESS scaled as above.
 */
export const MAX_RANK_CHAINS = 4096;

/**
 * Quantiles sort the draws of each parameter: past this many draws they come from evenly spaced draws (a
 * stride through the step-major, walker-minor order, so every walker and step is represented). 2.5·10⁵
 * draws put a 5 % quantile within ≈ 4·10⁻³ σ (one sd) of the full sample's, below the Monte Carlo error of
 * a chain whose ESS is below 6·10⁴, and keep the sort of 100 parameters near a second.
 */
export const QUANTILE_DRAWS_BUDGET = 250_000;

/**
 * Diagnostics over the kept rows [discardRows, nRows) of a chain of `nEnsembles` ensembles (the store's
 * in-memory reservoir; `thin` = sampler steps between two of its rows, `store.rowSteps`).
 *
 * - τ: emcee's estimator over all walkers (anchors.md §1.6), scaled by `thin` to steps.
 * - R̂ (rank-normalised split-R̂, Vehtari et al. 2021): with several ensembles each ensemble is one chain
 *   whose draws are its walkers' positions step by step. Walkers of one ensemble are not independent
 *   chains (emcee docs), but separate ensembles are, so comparing ensembles is the legitimate
 *   multi-chain R̂; R̂ does not depend on the order of draws within a chain, only on the split halves,
 *   which are early vs late steps. With one ensemble the walkers are used as chains, labelled a heuristic.
 * - bulk/tail ESS: walkers as chains (each walker is a Markov chain in time; cross-walker correlation is
 *   ignored, exactly as emcee's ESS = N·walkers/τ does).
 */
export function chainDiagnostics(store: ChainStore, nEnsembles: number, thin: number, discardRows: number): ChainDiagnostics {
  const { nWalkers: nWalkersTotal, nDim } = store;
  const { data, nSteps } = store.extract(discardRows);
  const tau = integratedTime(data, nSteps, nWalkersTotal, nDim, { c: 5, tol: 50 });
  const tauMinRows = Math.min(...tau.tau);
  // τ is NaN on a chain too short or too stuck to estimate it (0/0); then thin only for the draws budget.
  const thinByTau = Number.isFinite(tauMinRows) ? Math.floor(tauMinRows / 4) : Infinity;
  const k = Math.max(1, Math.min(thinByTau, Math.ceil((nSteps * nWalkersTotal) / DRAWS_BUDGET)));
  const nKept = Math.floor(nSteps / k);
  // Walkers used by the rank diagnostics: all of them unless the thinned rows still exceed the budget.
  const walkersPerEnsemble = nWalkersTotal / nEnsembles;
  const walkerStride = Math.max(1, Math.min(walkersPerEnsemble, Math.max(Math.ceil((nKept * nWalkersTotal) / DRAWS_BUDGET), Math.ceil(nWalkersTotal / MAX_RANK_CHAINS))));
  const walkers: number[] = [];
  for (let e = 0; e < nEnsembles; e++) for (let j = 0; j < walkersPerEnsemble; j += walkerStride) walkers.push(e * walkersPerEnsemble + j);
  const essScale = nWalkersTotal / walkers.length;
  const posterior = posteriorSummaries(data, nSteps * nWalkersTotal, nDim);
  const parameters: ParameterDiagnostics[] = [];
  const firstRow = nSteps - nKept * k;
  for (let d = 0; d < nDim; d++) {
    const perWalker: Float64Array[] = walkers.map((w) => {
      const series = new Float64Array(nKept);
      for (let i = 0; i < nKept; i++) series[i] = data[((firstRow + i * k) * nWalkersTotal + w) * nDim + d];
      return series;
    });
    const chainsForRhat = nEnsembles > 1 ? ensembleChains(perWalker, nEnsembles) : perWalker;
    parameters.push({
      ...posterior[d],
      essBulk: essScale * essBulk(perWalker),
      essTail: essScale * essTail(perWalker),
      rhat: rhatRank(chainsForRhat),
      tauSteps: thin * tau.tau[d],
    });
  }
  return {
    parameters,
    rhatMethod: nEnsembles > 1 ? 'ensembles' : 'walkers-heuristic',
    tauTooShort: tau.tooShort,
    nSamples: nSteps * nWalkersTotal,
    diagnosticsThin: k,
  };
}

/**
 * Mean, sd and 5/50/95 % quantiles per parameter of `nSamples` draws (row-major, nDim columns): every draw
 * up to QUANTILE_DRAWS_BUDGET (summariseSamples, unchanged); past it the mean and sd still from every draw
 * (one pass over the rows, cache-friendly) and the quantiles from evenly spaced draws.
 */
function posteriorSummaries(data: Float64Array, nSamples: number, nDim: number): ReturnType<typeof summariseSamples> {
  if (nSamples <= QUANTILE_DRAWS_BUDGET) return summariseSamples(data, nSamples, nDim);
  const stride = Math.ceil(nSamples / QUANTILE_DRAWS_BUDGET);
  const nPicked = Math.floor(nSamples / stride);
  const picked = new Float64Array(nPicked * nDim);
  for (let i = 0; i < nPicked; i++) picked.set(data.subarray(i * stride * nDim, (i * stride + 1) * nDim), i * nDim);
  const quantiles = summariseSamples(picked, nPicked, nDim);
  const mean = new Float64Array(nDim);
  const sumSq = new Float64Array(nDim);
  for (let i = 0; i < nSamples; i++) for (let d = 0; d < nDim; d++) mean[d] += data[i * nDim + d];
  for (let d = 0; d < nDim; d++) mean[d] /= nSamples;
  for (let i = 0; i < nSamples; i++) {
    for (let d = 0; d < nDim; d++) {
      const c = data[i * nDim + d] - mean[d];
      sumSq[d] += c * c;
    }
  }
  return quantiles.map((q, d) => ({ ...q, mean: mean[d], sd: Math.sqrt(sumSq[d] / (nSamples - 1)) }));
}

/**
 * One chain per ensemble: its walkers' draws step by step (draw t·W + w is walker w at step t), from
 * the per-walker series of all ensembles (ensemble e owns walkers e·W … (e+1)·W − 1).
 */
export function ensembleChains(perWalker: Float64Array[], nEnsembles: number): Float64Array[] {
  const walkersPerEnsemble = perWalker.length / nEnsembles;
  const n = perWalker[0].length;
  const chains: Float64Array[] = [];
  for (let e = 0; e < nEnsembles; e++) {
    const draws = new Float64Array(n * walkersPerEnsemble);
    for (let w = 0; w < walkersPerEnsemble; w++) {
      const series = perWalker[e * walkersPerEnsemble + w];
      for (let t = 0; t < n; t++) draws[t * walkersPerEnsemble + w] = series[t];
    }
    chains.push(draws);
  }
  return chains;
}
