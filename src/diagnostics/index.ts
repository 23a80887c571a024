/** Convergence diagnostics: emcee's τ, rank-normalised R̂ / ESS (Vehtari et al. 2021), stopping and summaries. */
export { autocorrelationFunction1d, autoWindow, integratedTime } from './autocorrelation.ts';
export type { IntegratedTimeOptions, IntegratedTimeResult } from './autocorrelation.ts';
export type { Chains } from './draws.ts';
export { splitChains } from './split-chains.ts';
export { foldDraws, zScale } from './rank-normalisation.ts';
export { rhatBasic, rhatRank } from './rhat.ts';
export type { RhatBasicOptions } from './rhat.ts';
export { essBasic, essBulk, essMean, essMedian, essOfPrepared, essQuantile, essQuantiles, essSd, essTail } from './ess.ts';
export type { EssBasicOptions, EssOptions } from './ess.ts';
export { mcseMean } from './mcse.ts';
export { findStuckWalkers, STUCK_ACCEPTANCE_RATIO } from './stuck-walkers.ts';
export { AutoStopRule } from './stopping-rule.ts';
export type { AutoStopRuleOptions, StopDecision } from './stopping-rule.ts';
export { summariseSamples } from './summary-statistics.ts';
export type { ParameterSummary } from './summary-statistics.ts';
