/**
 * Potential scale reduction R̂ (Gelman & Rubin 1992; Vehtari et al. 2021, arXiv:1903.08008), with the
 * exact conventions of stan-dev/posterior (anchors §4):
 *
 *   basic:  B = n·var(chain means), W = mean(chain variances) (both ddof 1), R̂ = √((B/W + n − 1)/n)
 *   rank:   max( basic(z_scale(split(x))), basic(z_scale(split(fold(x)))) )   — bulk and tail R̂
 *
 * NaN (never an exception) when the input cannot support it, as ArviZ: fewer than 2 chains, fewer
 * than 4 draws per chain, any non-finite draw, or (posterior `should_return_NA`) constant draws.
 * Ragged chains are a usage error (InputError).
 */
import { allFinite, drawsPerChain, isConstant, mean, variance, type Chains } from './draws.ts';
import { splitChains } from './split-chains.ts';
import { foldDraws, zScale } from './rank-normalisation.ts';

/** ArviZ `_rhat_rank`/`rhat` shape rule: at least 2 chains and 4 draws per chain. */
const MIN_CHAINS = 2;
const MIN_DRAWS = 4;

export interface RhatBasicOptions {
  /** Split every chain in two first (posterior default true; `rhat_basic(split = FALSE)` is raw R̂). */
  split?: boolean;
}

/** posterior `.rhat` on an already prepared matrix. */
function rhatOfPrepared(chains: Chains): number {
  if (!allFinite(chains) || isConstant(chains)) return NaN;
  const n = drawsPerChain(chains);
  const chainMeans = chains.map((chain) => mean(chain));
  const chainVariances = chains.map((chain) => variance(chain));
  const between = n * variance(chainMeans);
  const within = mean(chainVariances);
  return Math.sqrt((between / within + n - 1) / n);
}

function unsupported(chains: Chains): boolean {
  const n = drawsPerChain(chains);
  return chains.length < MIN_CHAINS || n < MIN_DRAWS || !allFinite(chains);
}

export function rhatBasic(chains: Chains, options: RhatBasicOptions = {}): number {
  if (unsupported(chains)) return NaN;
  return rhatOfPrepared(options.split ?? true ? splitChains(chains) : chains);
}

/** Rank-normalised split R̂: the maximum of bulk R̂ and folded (tail) R̂. */
export function rhatRank(chains: Chains): number {
  if (unsupported(chains)) return NaN;
  const bulk = rhatOfPrepared(zScale(splitChains(chains)));
  const tail = rhatOfPrepared(zScale(splitChains(foldDraws(chains))));
  return Math.max(bulk, tail);
}
