/**
 * The library entry point: `import { … } from 'smeftfit'` (package.json "exports" points here, compiled
 * to dist/src/index.js with its declarations).
 *
 * Sample your own log-density with the ensemble sampler, moves, multi-ensemble R̂, stopping rule,
 * checkpoints, chain.h5 and summary that `smeftfit run` uses (README, "Library").
 *
 * @example
 * import { EnsembleSampler } from 'smeftfit';
 * const sampler = new EnsembleSampler({ nWalkers: 16, nDim: 2, logProb: (x, n, out) => { … } });
 * const summary = await sampler.run({ steps: 2000 });
 */
export { EnsembleSampler, SAMPLER_FILE } from './library/ensemble-sampler.ts';
export type {
  AutoStopSettings,
  ChainSelection,
  ChainView,
  EnsembleSamplerOptions,
  LibraryBackend,
  LogProbFunction,
  MoveSpec,
  ProgressInfo,
  RunOptions,
  StopReason,
} from './library/ensemble-sampler.ts';
export type { DerivedSummary, ParameterSummary, RunSummary } from './output/summary.ts';
export { InputError } from './errors.ts';
export { NaNLogProbError } from './sampler/ensemble-sampler.ts';
export { packageFingerprint, packageVersion, provenance, type Provenance } from './provenance.ts';
