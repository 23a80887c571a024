import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadRunConfig } from '../config/load-config.ts';
import type { RunConfig } from '../config/schema.ts';
import { TauDriftMonitor } from '../diagnostics/convergence-monitor.ts';
import { compileModel } from '../engine/compile.ts';
import { CountingDensity } from '../engine/density.ts';
import { InputError } from '../errors.ts';
import { createProgressReporter } from '../output/progress.ts';
import { summariseRun, writeJson, type RunSummary } from '../output/summary.ts';
import { writeRunOutputs } from '../output/write-run-outputs.ts';
import { ChainStore } from '../sampler/chain-store.ts';
import { readCheckpoint, STATE_FILE, writeCheckpoint } from '../sampler/checkpoint.ts';
import { EnsembleSampler } from '../sampler/ensemble-sampler.ts';
import { acceptanceFraction, type EnsembleState } from '../sampler/ensemble-state.ts';
import { drawInitialWalkers } from '../sampler/initial-walkers.ts';
import { buildMoves, parseMovesFlag } from '../sampler/moves/from-spec.ts';
import { RandomStream } from '../sampler/random.ts';
import { runLoop } from '../sampler/run-loop.ts';
import { resolveScenario } from '../scenarios/registry.ts';

export interface RunFlags {
  walkers?: number;
  ensembles?: number;
  steps?: number;
  seed?: string;
  moves?: string;
  backend?: RunConfig['backend'];
  data?: '2020' | 'current';
  out?: string;
  resume?: boolean;
  quiet?: boolean;
}

export const CHAIN_META_FILE = 'chain.json';
export const CONFIG_FILE = 'config.json';

/** The resolved config of a run: the file plus command-line overrides. */
export function resolveRunConfig(configFile: string, flags: RunFlags): RunConfig {
  const config = loadRunConfig(configFile);
  const sampler = { ...config.sampler };
  if (flags.walkers !== undefined) sampler.walkers = flags.walkers;
  if (flags.ensembles !== undefined) sampler.ensembles = flags.ensembles;
  if (flags.steps !== undefined) sampler.steps = flags.steps;
  if (flags.moves !== undefined) sampler.moves = parseMovesFlag(flags.moves);
  const model = { ...config.model };
  if (flags.data !== undefined) {
    if (model.scenario === undefined) throw new InputError('--data: only physics scenarios take a data era');
    model.data = flags.data;
  }
  return {
    ...config,
    name: config.name ?? path.basename(configFile).replace(/\.ya?ml$/, ''),
    model,
    seed: flags.seed !== undefined ? (/^-?\d+$/.test(flags.seed) ? Number(flags.seed) : flags.seed) : config.seed,
    backend: flags.backend ?? config.backend,
    sampler,
  };
}

/** What fixes the chain: resume refuses to continue a run under a different one. */
function fingerprint(config: RunConfig): string {
  const { steps: _steps, autoStop: _autoStop, checkpointEvery: _every, burn: _burn, ...sampler } = config.sampler;
  return crypto.createHash('sha256').update(JSON.stringify({ model: config.model, seed: config.seed, sampler })).digest('hex').slice(0, 16);
}

/**
 * `smeftfit run`: samples the config's target or scenario, checkpointing into `out`, and returns the
 * summary (also written to out/summary.json). Everything is validated before the first file is written.
 */
export async function runCommand(configFile: string, flags: RunFlags): Promise<RunSummary> {
  const config = resolveRunConfig(configFile, flags);
  const outDir = flags.out ?? path.join('runs', config.name ?? 'run');
  const { walkers: nWalkers, ensembles: nEnsembles, thin } = config.sampler;

  const scenario = resolveScenario(config.model);
  const nDim = scenario.parameters.length;
  const moves = buildMoves(config.sampler.moves, nDim);
  const compiled = compileModel(scenario.density, { backend: config.backend, maxBatch: nWalkers * nEnsembles, centre: Float64Array.from(scenario.parameters, (p) => p.start.center) });
  const density = new CountingDensity(compiled.density);
  let sampler: EnsembleSampler;
  try {
    sampler = new EnsembleSampler(density, { nWalkers, nDim, nEnsembles, moves, allowFewWalkers: config.sampler.allowFewWalkers });
  } catch (error) {
    throw new InputError(`sampler: ${(error as Error).message}`);
  }

  const print = fingerprint(config);
  const hasState = fs.existsSync(path.join(outDir, STATE_FILE));
  if (flags.resume && !hasState) throw new InputError(`--resume: ${outDir} holds no checkpoint (${STATE_FILE})`);
  if (!flags.resume && hasState) throw new InputError(`--out: ${outDir} already holds a run; pass --resume to continue it or choose another --out`);

  const store = new ChainStore(nWalkers * nEnsembles, nDim, Math.ceil(config.sampler.steps / thin) + 1);
  let state: EnsembleState;
  let evaluationsBefore = 0;
  let wallBefore = 0;
  let stopRuleSnapshot: unknown;
  if (flags.resume) {
    const checkpoint = readCheckpoint(outDir);
    if (checkpoint.fingerprint !== print) throw new InputError(`--resume: ${outDir} was made with another model, seed or sampler setting; only --steps may change on resume`);
    state = checkpoint.state;
    evaluationsBefore = checkpoint.evaluations;
    wallBefore = checkpoint.wallSeconds;
    stopRuleSnapshot = checkpoint.stopRule;
    store.attach(outDir, checkpoint.nStored);
  } else {
    const coords = await drawInitialWalkers(scenario.parameters, density, { nEnsembles, nWalkers, seed: config.seed, skipIndependenceCheck: config.sampler.skipInitialStateCheck });
    state = {
      nEnsembles,
      nWalkers,
      nDim,
      coords,
      logProb: new Float64Array(nWalkers * nEnsembles),
      accepted: new Float64Array(nWalkers * nEnsembles),
      iteration: 0,
      randoms: Array.from({ length: nEnsembles }, (_, e) => RandomStream.fromSeed(`${config.seed}:${e}`)),
    };
    await sampler.scoreInitialAsync(state);
    fs.mkdirSync(outDir, { recursive: true });
    writeJson(outDir, CONFIG_FILE, config);
    writeJson(outDir, CHAIN_META_FILE, { parameters: scenario.parameters.map((p) => p.name), nEnsembles, nWalkers, nDim, thin, layout: 'float64 little-endian, steps × (ensembles·walkers) × dims' });
    store.attach(outDir, 0);
  }

  const started = process.hrtime.bigint();
  const elapsed = () => wallBefore + Number(process.hrtime.bigint() - started) / 1e9;
  const autoStop = config.sampler.autoStop;
  const monitor = autoStop
    ? new TauDriftMonitor(store, { every: autoStop.checkEvery, tauFactor: autoStop.tauFactor, tauDrift: autoStop.tauDrift, rhatBelow: autoStop.rhatBelow, nEnsembles, thin }, stopRuleSnapshot)
    : undefined;
  const progress = createProgressReporter(flags.quiet ?? false, config.name ?? 'run');
  let interruptRequested = false;
  const onSignal = () => {
    interruptRequested = true;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let result;
  try {
    result = await runLoop({
      sampler,
      state,
      store,
      maxSteps: config.sampler.steps,
      thin,
      monitor,
      checkpoint: {
        every: config.sampler.checkpointEvery,
        write: (stopRule) => {
          store.flush();
          writeCheckpoint(outDir, state, { nStored: store.nStored, thin, evaluations: evaluationsBefore + density.evaluations, wallSeconds: elapsed(), fingerprint: print, stopRule });
        },
      },
      onProgress: (info) => progress.update(info),
      interrupted: () => interruptRequested,
    });
  } finally {
    progress.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    store.close();
    compiled.density.dispose?.();
  }
  if (result.stopReason === 'interrupted') {
    throw new InterruptedRun(`interrupted at step ${state.iteration}; everything up to it is saved in ${outDir}: continue with --resume`);
  }
  const summary = summariseRun(store, scenario, {
    seed: config.seed,
    backend: compiled.backend,
    backendReason: compiled.reason,
    evaluations: evaluationsBefore + density.evaluations,
    wallSeconds: elapsed(),
    steps: state.iteration,
    thin,
    nEnsembles,
    burn: config.sampler.burn,
    acceptance: acceptanceFraction(state),
    stopReason: result.stopReason,
    rhatBelow: autoStop ? autoStop.rhatBelow : 1.01,
    tauFactor: autoStop ? autoStop.tauFactor : 50,
  });
  writeJson(outDir, 'summary.json', summary);
  await writeRunOutputs(outDir, store, scenario, summary);
  return summary;
}

/** A run stopped by SIGINT/SIGTERM after saving its state (exit code 130). */
export class InterruptedRun extends Error {
  override readonly name = 'InterruptedRun';
}
