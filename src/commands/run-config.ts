/**
 * A run's resolved config: the command-line flags of `smeftfit run`, the config file they override, and the
 * fingerprint that ties a resumed run to the config that started it. Shared by the ensemble run (run.ts),
 * the Metropolis run (run-metropolis.ts), the plan (run-plan.ts) and the commands that read run folders.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { seedFromFlag, type RunFlagsGiven } from '../config/bounds.ts';
import { loadRunConfig } from '../config/load-config.ts';
import type { RunConfig } from '../config/schema.ts';
import { InputError } from '../errors.ts';
import { parseMovesFlag } from '../sampler/moves/from-spec.ts';
import { withMeasurementFiles } from '../scenarios/measurement-files.ts';

/** The run command's flags: those the config resolution checks (config/bounds.ts) and the command's own. */
export interface RunFlags extends RunFlagsGiven {
  backend?: RunConfig['backend'];
  data?: '2020' | 'current';
  /** Measurement files in flavio's format (scenarios/measurement-files.ts). */
  measurements?: string[];
  out?: string;
  resume?: boolean;
  /** Move a non-empty `out` aside (renamed `<out>.old-<time>`) instead of refusing it. */
  force?: boolean;
  quiet?: boolean;
  /** 'metropolis' runs BAT's adaptive Metropolis (sampler.kind); --chains sets its number of chains. */
  sampler?: 'ensemble' | 'metropolis';
  /** Check everything and return the plan instead of sampling (`run --dry-run`). */
  dryRun?: boolean;
}

export const CONFIG_FILE = 'config.json';

/** The resolved config of a run: the file plus command-line overrides. */
export function resolveRunConfig(configFile: string, flags: RunFlags): RunConfig {
  const config = loadRunConfig(configFile);
  const sampler = { ...config.sampler };
  if (flags.walkers !== undefined) sampler.walkers = flags.walkers;
  if (flags.ensembles !== undefined) sampler.ensembles = flags.ensembles;
  if (flags.steps !== undefined) sampler.steps = flags.steps;
  if (flags.moves !== undefined) sampler.moves = parseMovesFlag(flags.moves);
  // One ensemble alone cannot apply the stopping rule (it needs all ensembles' chains: R̂, τ): it runs the
  // full step count, and so must the single-process run it is to equal once merged.
  if (flags.ensembleIndex !== undefined) sampler.autoStop = false;
  if (flags.sampler !== undefined) sampler.kind = flags.sampler;
  if (flags.chains !== undefined || flags.evaluationBudget !== undefined) {
    sampler.metropolis = { ...sampler.metropolis, ...(flags.chains !== undefined && { chains: flags.chains }), ...(flags.evaluationBudget !== undefined && { evaluationBudget: flags.evaluationBudget }) };
  }
  const model = { ...config.model };
  // A WCxf start point is named relative to the config file, so a config and its point travel together.
  if (model.wcxf !== undefined) model.wcxf = { ...model.wcxf, file: path.resolve(path.dirname(configFile), model.wcxf.file) };
  const withData = withMeasurementFiles(model, configFile, flags.measurements);
  if (flags.data !== undefined) {
    if (model.scenario === undefined) throw new InputError('--data: only physics scenarios take a data era');
    withData.data = flags.data;
  }
  return {
    ...config,
    name: config.name ?? path.basename(configFile).replace(/\.ya?ml$/, ''),
    model: withData,
    seed: flags.seed !== undefined ? seedFromFlag(flags.seed) : config.seed,
    backend: flags.backend ?? config.backend,
    threads: flags.threads ?? config.threads,
    sampler,
  };
}

/** What fixes the chain: resume refuses to continue a run under a different one (or another ensemble index). */
export function runFingerprint(config: RunConfig, ensembleIndex?: number): string {
  // memoryCapMB only decides which rows the diagnostics keep in memory, never the chain.
  const { steps: _steps, autoStop: _autoStop, checkpointEvery: _every, burn: _burn, memoryCapMB: _memory, kind, metropolis, ...rest } = config.sampler;
  // Ensemble runs keep the fingerprint they had before the Metropolis settings existed.
  const sampler = kind === 'metropolis' ? { ...rest, kind, metropolis } : rest;
  const fixed = ensembleIndex === undefined ? { model: config.model, seed: config.seed, sampler } : { model: config.model, seed: config.seed, sampler, ensembleIndex };
  return crypto.createHash('sha256').update(JSON.stringify(fixed)).digest('hex').slice(0, 16);
}
