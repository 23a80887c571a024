/**
 * Monte Carlo standard error of the posterior mean (posterior `mcse_mean`): sd(all draws, ddof 1)
 * divided by √ESS_mean. NaN wherever essMean is NaN.
 *
 * posterior's mcse_sd / mcse_quantile are not provided: the shared reference for them was produced
 * by an intermediate posterior build (ArviZ changed its mcse_sd formula in PR #2167), so there is no
 * fixed definition to reproduce.
 */
import { flattenDraws, variance, type Chains } from './draws.ts';
import { essMean, type EssOptions } from './ess.ts';

export function mcseMean(chains: Chains, options: EssOptions = {}): number {
  const ess = essMean(chains, options);
  if (Number.isNaN(ess)) return NaN;
  return Math.sqrt(variance(flattenDraws(chains))) / Math.sqrt(ess);
}
