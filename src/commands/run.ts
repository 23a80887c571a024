import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkRunFitsInMemory, checkStepsStoreRows } from '../config/limits.ts';
import { loadRunConfig } from '../config/load-config.ts';
import type { RunConfig } from '../config/schema.ts';
import { TauDriftMonitor } from '../diagnostics/convergence-monitor.ts';
import { compileModelAsync, type CompiledModel } from '../engine/compile.ts';
import { CountingDensity, evaluateBatchNow, type BatchLogDensity } from '../engine/density.ts';
import { ThreadedDensity } from '../engine/threaded-density.ts';
import { InputError } from '../errors.ts';
import { createProgressReporter } from '../output/progress.ts';
import { summariseRun, writeJson, type RunSummary } from '../output/summary.ts';
import { writeRunOutputs } from '../output/write-run-outputs.ts';
import { checkChainFitsOnDisk, checkUnderDiskCap, thinUnderDiskCap } from '../output/disk-budget.ts';
import { claimRunDirectory, runDirectoryOf } from '../output/run-directory-guard.ts';
import { ChainStore, reservoirRows } from '../sampler/chain-store.ts';
import { ChainFileError } from '../sampler/hdf5-chain.ts';
import { readCheckpoint, writeCheckpoint } from '../sampler/checkpoint.ts';
import { RunLock } from '../sampler/run-lock.ts';
import { EnsembleSampler } from '../sampler/ensemble-sampler.ts';
import { acceptanceFraction, type EnsembleState } from '../sampler/ensemble-state.ts';
import { buildMoves, parseMovesFlag } from '../sampler/moves/from-spec.ts';
import { RandomStream } from '../sampler/random.ts';
import { runLoop } from '../sampler/run-loop.ts';
import { resolveScenario } from '../scenarios/registry.ts';
import type { ScenarioModel } from '../scenarios/scenario.ts';
import { scenarioDensityRecipe } from './scenario-density.ts';
import { provenance, PROVENANCE_FILE } from '../provenance.ts';
import { ENSEMBLE_FILE, initialWalkersOfEnsembles, resolveEnsembleIndex, type EnsembleOfRun } from './ensemble-index.ts';
import { watchInterrupts } from './interrupt-signals.ts';
import { runMetropolisCommand } from './run-metropolis.ts';

export interface RunFlags {
  walkers?: number;
  ensembles?: number;
  /** Run only ensemble I of the `ensembles` (a number, or 'auto' = SLURM_ARRAY_TASK_ID); fixes the step count. */
  ensembleIndex?: number | 'auto';
  steps?: number;
  seed?: string;
  moves?: string;
  backend?: RunConfig['backend'];
  data?: '2020' | 'current';
  out?: string;
  resume?: boolean;
  /** Move a non-empty `out` aside (renamed `<out>.old-<time>`) instead of refusing it. */
  force?: boolean;
  quiet?: boolean;
  /** 'metropolis' runs BAT's adaptive Metropolis (sampler.kind); --chains sets its number of chains. */
  sampler?: 'ensemble' | 'metropolis';
  chains?: number;
  /** Metropolis: total log-density evaluations (pre-run included) instead of a fixed main-run length. */
  evaluationBudget?: number;
  threads?: number;
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
    threads: flags.threads ?? config.threads,
    sampler,
  };
}

/**
 * Without --threads, threads are used only when one half-ensemble batch takes at least this long on one
 * thread: handing a batch to workers and waiting for them costs tens of µs, which a cheap target (rosen2,
 * gauss20 at 64 walkers) would pay on every batch for nothing.
 */
const MIN_THREADED_BATCH_MICROSECONDS = 200;

/** Best of three timings of one batch of `count` copies of the start point (for the threads default only). */
function batchMicroseconds(density: BatchLogDensity, count: number, scenario: ScenarioModel): number {
  const nDim = density.ndim;
  const points = new Float64Array(count * nDim);
  for (let p = 0; p < count; p++) for (let i = 0; i < nDim; i++) points[p * nDim + i] = scenario.parameters[i].start.center;
  const out = new Float64Array(count);
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const start = performance.now();
    evaluateBatchNow(density, points, count, out);
    best = Math.min(best, (performance.now() - start) * 1000);
  }
  return best;
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

/**
 * `smeftfit run`: samples the config's target or scenario, checkpointing into `out`, and returns the
 * summary (also written to out/summary.json). Everything is validated before the first file is written.
 */
export async function runCommand(configFile: string, flags: RunFlags): Promise<RunSummary> {
  // One writer per run directory: the lock is taken before the first write (or before reading the
  // checkpoint on resume) and released when the run has written everything, also on error.
  const locks: RunLock[] = [];
  try {
    return await runUnderLock(configFile, flags, (dir) => locks.push(RunLock.acquire(dir)));
  } finally {
    for (const lock of locks) lock.release();
  }
}

async function runUnderLock(configFile: string, flags: RunFlags, lock: (dir: string) => void): Promise<RunSummary> {
  const config = resolveRunConfig(configFile, flags);
  const outDir = flags.out ?? runDirectoryOf(config.name ?? 'run');
  const { walkers: nWalkers, ensembles: allEnsembles, thin: requestedThin, diskCapMB } = config.sampler;
  // With --ensemble-index this process samples ensemble I alone: same initial walkers and stream as in
  // the single-process run of all ensembles, so `smeftfit merge` can reassemble that run bit for bit.
  const ensembleIndex = resolveEnsembleIndex(flags.ensembleIndex, allEnsembles);
  const nEnsembles = ensembleIndex === undefined ? allEnsembles : 1;

  const scenario = resolveScenario(config.model);
  claimRunDirectory(outDir, flags);
  if (config.sampler.kind === 'metropolis') return runMetropolisCommand(config, scenario, outDir, runFingerprint(config), flags, lock);
  const nDim = scenario.parameters.length;
  const capped = { walkers: nWalkers * nEnsembles, nDim, steps: config.sampler.steps, thin: requestedThin };
  // sampler.diskCapMB may raise thin for a new run; a resumed run keeps the thin it was started with.
  const underCap = diskCapMB === undefined ? { thin: requestedThin } : flags.resume ? { thin: readCheckpoint(outDir).thin } : thinUnderDiskCap(diskCapMB, capped);
  const thin = underCap.thin;
  if (diskCapMB !== undefined && flags.resume) checkUnderDiskCap(diskCapMB, { ...capped, thin });
  if ('note' in underCap && underCap.note !== undefined) process.stderr.write(`smeftfit: ${underCap.note}\n`);
  checkStepsStoreRows(config.sampler.steps, thin);
  // The chain goes to chain.h5; memory holds the store's bounded reservoir (at most reservoirRows rows).
  const memoryCapBytes = config.sampler.memoryCapMB * 2 ** 20;
  checkRunFitsInMemory(nWalkers * nEnsembles, nDim, Math.min(Math.ceil(config.sampler.steps / thin) + 1, reservoirRows(nWalkers * nEnsembles, nDim, memoryCapBytes)));
  if (!flags.resume) checkChainFitsOnDisk(outDir, { walkers: nWalkers * nEnsembles, nDim, stepsLeft: config.sampler.steps, thin });
  const moves = buildMoves(config.sampler.moves, nDim);
  const maxBatch = nWalkers * allEnsembles;
  const threads = config.threads ?? os.availableParallelism();
  // Density threads rebuild the model while this thread builds its own (a flavour scenario takes seconds).
  const launch = threads > 1 && (config.backend === 'cpu' || config.backend === 'auto') ? ThreadedDensity.launch(scenarioDensityRecipe({ model: config.model, maxBatch }), { threads, maxBatch }) : undefined;
  let compiled: CompiledModel | undefined;
  let sampler: EnsembleSampler;
  let density: CountingDensity;
  try {
    compiled = await compileModelAsync(scenario.density, { backend: config.backend, maxBatch, centre: Float64Array.from(scenario.parameters, (p) => p.start.center) });
    const worthThreads = compiled.backend === 'cpu' && (config.threads !== undefined || batchMicroseconds(compiled.density, Math.ceil(maxBatch / 2), scenario) >= MIN_THREADED_BATCH_MICROSECONDS);
    if (launch !== undefined && worthThreads) {
      compiled = { ...compiled, density: await launch.attach(compiled.density), reason: `${compiled.reason}; ${threads} threads` };
    } else {
      launch?.cancel();
      if (launch !== undefined && compiled.backend === 'cpu') compiled = { ...compiled, reason: `${compiled.reason}; 1 thread (a half-batch scores in under ${MIN_THREADED_BATCH_MICROSECONDS} µs: waking threads would cost more)` };
    }
    density = new CountingDensity(compiled.density);
    try {
      sampler = new EnsembleSampler(density, { nWalkers, nDim, nEnsembles, moves, allowFewWalkers: config.sampler.allowFewWalkers });
    } catch (error) {
      throw new InputError(`sampler: ${(error as Error).message}`);
    }
  } catch (error) {
    launch?.cancel();
    compiled?.density.dispose?.();
    throw error;
  }

  const print = runFingerprint(config, ensembleIndex);

  let store: ChainStore;
  let state: EnsembleState;
  let evaluationsBefore = 0;
  let wallBefore = 0;
  let stopRuleSnapshot: unknown;
  if (flags.resume) {
    lock(outDir);
    const checkpoint = readCheckpoint(outDir);
    if (checkpoint.fingerprint !== print) throw new InputError(`--resume: ${outDir} was made with another model, seed or sampler setting (or ensemble index); only --steps may change on resume`);
    state = checkpoint.state;
    // The resume writes the committed rows afresh before the old file goes (chain-store.ts): room for both.
    checkChainFitsOnDisk(outDir, { walkers: nWalkers * nEnsembles, nDim, stepsLeft: config.sampler.steps - state.iteration + checkpoint.nStored * thin, thin });
    evaluationsBefore = checkpoint.evaluations;
    wallBefore = checkpoint.wallSeconds;
    stopRuleSnapshot = checkpoint.stopRule;
    // When the checkpoint fell on a stored step, the chain's last row must be its ensemble, bit for bit:
    // a cheap proof that the file and the checkpoint belong together.
    const lastRow = state.iteration === checkpoint.nStored * thin ? { positions: state.coords, logProbs: state.logProb } : undefined;
    try {
      store = await ChainStore.resume(outDir, { nWalkers: nWalkers * nEnsembles, nDim, thin, committedRows: checkpoint.nStored, lastRow, commitment: checkpoint, state }, { memoryCapBytes });
    } catch (error) {
      if (error instanceof ChainFileError) throw new InputError(`--resume: ${error.message}; not resuming`);
      throw error;
    }
  } else {
    const first = ensembleIndex ?? 0;
    const initialWalkers = { nEnsembles: allEnsembles, nWalkers, seed: config.seed, skipIndependenceCheck: config.sampler.skipInitialStateCheck };
    const coords = await initialWalkersOfEnsembles(scenario.parameters, density, initialWalkers, first, nEnsembles);
    const initialDrawEvaluations = density.evaluations;
    state = {
      nEnsembles,
      nWalkers,
      nDim,
      coords,
      logProb: new Float64Array(nWalkers * nEnsembles),
      accepted: new Float64Array(nWalkers * nEnsembles),
      iteration: 0,
      randoms: Array.from({ length: nEnsembles }, (_, e) => RandomStream.fromSeed(`${config.seed}:${first + e}`)),
    };
    await sampler.scoreInitialAsync(state);
    fs.mkdirSync(outDir, { recursive: true });
    lock(outDir);
    // The thread count does not change the chain (threaded-density.ts), so it is not part of the record.
    const { threads: _threads, ...recorded } = config;
    writeJson(outDir, CONFIG_FILE, recorded);
    writeJson(outDir, PROVENANCE_FILE, provenance());
    if (ensembleIndex !== undefined) {
      const ensemble: EnsembleOfRun = { index: ensembleIndex, count: allEnsembles, stream: `${config.seed}:${ensembleIndex}`, initialDrawEvaluations };
      writeJson(outDir, ENSEMBLE_FILE, ensemble);
    }
    const ensembleOfWalker = Int32Array.from({ length: nWalkers * nEnsembles }, (_, w) => ensembleIndex ?? Math.floor(w / nWalkers));
    const diskCap = diskCapMB !== undefined && thin !== requestedThin ? { capMB: diskCapMB, requestedThin } : undefined;
    store = await ChainStore.create(outDir, { nWalkers: nWalkers * nEnsembles, nDim, thin, parameterNames: scenario.parameters.map((p) => p.name), ensembleOfWalker, diskCap }, { memoryCapBytes });
  }

  const started = process.hrtime.bigint();
  const elapsed = () => wallBefore + Number(process.hrtime.bigint() - started) / 1e9;
  const autoStop = config.sampler.autoStop;
  const monitor = autoStop
    ? new TauDriftMonitor(store, { every: autoStop.checkEvery, tauFactor: autoStop.tauFactor, tauDrift: autoStop.tauDrift, rhatBelow: autoStop.rhatBelow, nEnsembles }, stopRuleSnapshot)
    : undefined;
  const progress = createProgressReporter(flags.quiet ?? false, config.name ?? 'run');
  const interrupts = watchInterrupts();
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
          store.commit(state);
          writeCheckpoint(outDir, state, { nStored: store.nStored, thin, evaluations: evaluationsBefore + density.evaluations, wallSeconds: elapsed(), fingerprint: print, stopRule, ...store.commitment() });
        },
      },
      onProgress: (info) => progress.update(info),
      interrupted: interrupts.requested,
    });
  } finally {
    progress.stop();
    interrupts.stop();
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
