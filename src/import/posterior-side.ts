/**
 * One side of a comparison: a posterior as draws (a smeftfit run, an emcee HDF5 file, a CSV/NumPy
 * chain) or as a summary only (HEPfit/BAT's printed statistics). Every reader returns this shape, so
 * the comparison never knows where a side came from.
 */
import { essBulk } from '../diagnostics/ess.ts';
import { mcseMean } from '../diagnostics/mcse.ts';
import { rhatRank } from '../diagnostics/rhat.ts';
import { summariseSamples } from '../diagnostics/summary-statistics.ts';
import { InputError } from '../errors.ts';

export interface ParameterStatistics {
  mean: number;
  sd: number;
  q05?: number;
  q50?: number;
  q95?: number;
  /** Monte Carlo standard error of the mean (posterior mcse_mean); undefined for summary-only sides. */
  mcse?: number;
  essBulk?: number;
  rhat?: number;
}

export interface PosteriorSide {
  label: string;
  /** File or directory it was read from. */
  source: string;
  /** 'draws' when chains are available, 'summary' when only printed statistics are. */
  kind: 'draws' | 'summary';
  names: string[];
  statistics: ParameterStatistics[];
  /** Per parameter, per chain: the draws used (after burn-in). Absent for summary-only sides. */
  draws?: Float64Array[][];
  /** Pearson correlation of all parameters (order of `names`). */
  correlation?: number[][];
  /** Log-density evaluations and wall time of the whole run, when known (efficiency figures). */
  evaluations?: number;
  wallSeconds?: number;
  sampler?: string;
}

/** Chains above this many draws in total are thinned for MCSE/ESS/R̂ (means, sds, quantiles use every draw). */
const DIAGNOSTIC_DRAWS = 2_000_000;

/**
 * Statistics of a side given as chains: `chains[c]` is chain c, steps × nDim row-major. The chains are
 * the independent units of R̂ and of the MCSE: for an ensemble pass its walkers (as the run summary
 * does for ESS), for Metropolis its chains.
 */
export function sideFromChains(
  label: string,
  source: string,
  names: string[],
  chains: Float64Array[],
  extra: { evaluations?: number; wallSeconds?: number; sampler?: string; rhatChains?: number; withoutEssAndRhat?: boolean } = {},
): PosteriorSide {
  const nDim = names.length;
  if (chains.length === 0) throw new InputError(`${source}: no chains`);
  const nSteps = chains[0].length / nDim;
  if (!Number.isInteger(nSteps) || nSteps < 4) throw new InputError(`${source}: each chain needs at least 4 draws of ${nDim} parameters`);
  if (chains.some((c) => c.length !== nSteps * nDim)) throw new InputError(`${source}: chains have different lengths`);
  const all = new Float64Array(chains.length * nSteps * nDim);
  chains.forEach((c, i) => all.set(c, i * c.length));
  const moments = summariseSamples(all, chains.length * nSteps, nDim);
  const k = Math.max(1, Math.ceil((chains.length * nSteps) / DIAGNOSTIC_DRAWS));
  const kept = Math.floor(nSteps / k);
  const draws: Float64Array[][] = [];
  const statistics: ParameterStatistics[] = [];
  for (let d = 0; d < nDim; d++) {
    const perChain = chains.map((c) => {
      const series = new Float64Array(kept);
      for (let t = 0; t < kept; t++) series[t] = c[(nSteps - kept * k + t * k) * nDim + d];
      return series;
    });
    draws.push(perChain);
    const rhatChains = extra.rhatChains && extra.rhatChains > 1 && chains.length % extra.rhatChains === 0 ? groupChains(perChain, extra.rhatChains) : perChain;
    // A run directory brings its own ESS and R̂ (the run summary's): rank-normalising every draw again is skipped.
    const diagnostics = extra.withoutEssAndRhat ? {} : { essBulk: essBulk(perChain), rhat: rhatRank(rhatChains) };
    statistics.push({ ...moments[d], mcse: mcseMean(perChain), ...diagnostics });
  }
  return { label, source, kind: 'draws', names, statistics, draws, correlation: pearson(all, chains.length * nSteps, nDim), evaluations: extra.evaluations, wallSeconds: extra.wallSeconds, sampler: extra.sampler };
}

/** Concatenates consecutive chains into `groups` chains (the walkers of one ensemble, interleaved by step). */
function groupChains(perChain: Float64Array[], groups: number): Float64Array[] {
  const size = perChain.length / groups;
  const n = perChain[0].length;
  return Array.from({ length: groups }, (_, g) => {
    const out = new Float64Array(n * size);
    for (let w = 0; w < size; w++) for (let t = 0; t < n; t++) out[t * size + w] = perChain[g * size + w][t];
    return out;
  });
}

const MAX_CORRELATION_POINTS = 2_000_000;

function pearson(data: Float64Array, nPoints: number, nDim: number): number[][] {
  const stride = Math.max(1, Math.ceil(nPoints / MAX_CORRELATION_POINTS));
  const mean = new Float64Array(nDim);
  let count = 0;
  for (let i = 0; i < nPoints; i += stride, count++) for (let d = 0; d < nDim; d++) mean[d] += data[i * nDim + d];
  for (let d = 0; d < nDim; d++) mean[d] /= count;
  const cov = new Float64Array(nDim * nDim);
  for (let i = 0; i < nPoints; i += stride) {
    for (let a = 0; a < nDim; a++) {
      const xa = data[i * nDim + a] - mean[a];
      for (let b = a; b < nDim; b++) cov[a * nDim + b] += xa * (data[i * nDim + b] - mean[b]);
    }
  }
  return Array.from({ length: nDim }, (_, a) => Array.from({ length: nDim }, (_, b) => {
    const [i, j] = a <= b ? [a, b] : [b, a];
    return cov[i * nDim + j] / Math.sqrt(cov[a * nDim + a] * cov[b * nDim + b]);
  }));
}

/** Renames parameters through a mapping (external name → name used in the comparison). */
export function renameSide(side: PosteriorSide, mapping: ReadonlyMap<string, string>): PosteriorSide {
  if (mapping.size === 0) return side;
  return { ...side, names: side.names.map((n) => mapping.get(n) ?? n) };
}
