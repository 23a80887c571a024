import os from 'node:os';
import path from 'node:path';
import type { RunConfig } from '../config/schema.ts';
import { ProgressEstimate } from '../diagnostics/convergence-monitor.ts';
import { compileModel, compileModelAsync, type CompiledModel } from '../engine/compile.ts';
import { CountingDensity, evaluateBatchNow, type BatchLogDensity } from '../engine/density.ts';
import { ThreadedDensity } from '../engine/threaded-density.ts';
import { InputError, InterruptedRun } from '../errors.ts';
import { createProgressReporter, type ProgressReporter } from '../output/progress.ts';
import { summariseRun, writeJson, type RunSummary } from '../output/summary.ts';
import { writeRunOutputs } from '../output/write-run-outputs.ts';
import { checkChainFitsOnDisk } from '../output/disk-budget.ts';
import { claimRunDirectory, runDirectoryOf } from '../output/run-directory-guard.ts';
import { ThinSchedule } from '../sampler/thin-schedule.ts';
import { RunLock } from '../sampler/run-lock.ts';
import { EnsembleSampler } from '../sampler/ensemble-sampler.ts';
import { StepThreads } from '../sampler/step-threads.ts';
import { acceptanceFraction } from '../sampler/ensemble-state.ts';
import { adaptationSteps } from '../sampler/moves/move.ts';
import { pilotMoves, runEnsembles } from '../sampler/ensemble-run.ts';
import type { ScenarioModel } from '../scenarios/scenario.ts';
import { scenarioDensityRecipe } from './scenario-density.ts';
import { provenance, PROVENANCE_FILE } from '../provenance.ts';
import { ENSEMBLE_FILE, type EnsembleOfRun } from './ensemble-index.ts';
import { watchInterrupts } from './interrupt-signals.ts';
import { runMetropolisCommand } from './run-metropolis.ts';
import { describePlan, prepareRun, type RunPlan } from './run-plan.ts';
import { CONFIG_FILE, resolveRunConfig, runFingerprint, type RunFlags } from './run-config.ts';

/**
 * Without --threads, threads are used only when one half-ensemble batch takes at least this long on one
 * thread: handing a batch to workers and waiting for them costs tens of µs, which a cheap target (rosen2,
 * gauss20 at 64 walkers) would pay on every batch for nothing.
 */
const MIN_THREADED_BATCH_MICROSECONDS = 200;

/**
 * Step threads (proposal rows, accepted-row copies) are started when a step's proposals are at least this
 * many doubles (walkers × dimensions over all ensembles): at 2²⁰ the serial arithmetic takes milliseconds,
 * against tens of µs to hand a task to the threads. Below it the sampler steps on the calling thread alone.
 * The chain is the same either way (step-threads.ts); only the time differs.
 */
export const MIN_STEP_THREAD_DOUBLES = 2 ** 20;

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

/** `smeftfit run --dry-run`: the checks of a run, and what it would do, without sampling or writing anything. */
export function planRunCommand(configFile: string, flags: RunFlags): RunPlan {
  const config = resolveRunConfig(configFile, flags);
  return describePlan(config, prepareRun(config, flags), flags.out ?? runDirectoryOf(config.name ?? 'run'));
}

/**
 * `smeftfit run`: samples the config's target or scenario, checkpointing into `out`, and returns the
 * summary (also written to out/summary.json). Everything is validated before the first file is written.
 */
export async function runCommand(configFile: string, flags: RunFlags): Promise<RunSummary> {
  // One writer per run directory: the lock is taken before the first write (or before reading the
  // checkpoint on resume) and released when the run has written everything, also on error.
  const locks: RunLock[] = [];
  // The display starts before anything is loaded, so no second of the run passes without a phase shown.
  const progress = createProgressReporter(flags.quiet ?? false, path.basename(configFile).replace(/\.ya?ml$/, ''));
  progress.phase('loading');
  try {
    const summary = await runUnderLock(configFile, flags, (dir) => locks.push(RunLock.acquire(dir)), progress);
    progress.stop(true);
    return summary;
  } finally {
    progress.stop();
    for (const lock of locks) lock.release();
  }
}

async function runUnderLock(configFile: string, flags: RunFlags, lock: (dir: string) => void, progress: ProgressReporter): Promise<RunSummary> {
  const config = resolveRunConfig(configFile, flags);
  progress.rename(config.name ?? 'run');
  const outDir = flags.out ?? runDirectoryOf(config.name ?? 'run');
  const { walkers: nWalkers, ensembles: allEnsembles, thin: requestedThin, diskCapMB } = config.sampler;
  // Every bound is checked here, before anything is computed or written (run-plan.ts).
  const { scenario, ensembleIndex, nEnsembles, moves, underDiskCap: underCap } = prepareRun(config, flags);
  claimRunDirectory(outDir, flags);
  progress.phase('choosing the backend');
  if (config.sampler.kind === 'metropolis') {
    progress.stop(); // the Metropolis sampler shows its own pre-run and main-run progress
    return runMetropolisCommand(config, scenario, outDir, runFingerprint(config), flags, lock);
  }
  const nDim = scenario.parameters.length;
  const thin = requestedThin;
  // sampler.diskCapMB thins the rows stored past the first half of the cap (disk-budget.ts, run-plan.ts).
  const schedule = underCap?.schedule ?? ThinSchedule.uniform(thin);
  if (underCap?.note !== undefined && !flags.resume) process.stderr.write(`smeftfit: ${underCap.note}\n`);
  if (!flags.resume) checkChainFitsOnDisk(outDir, { walkers: nWalkers * nEnsembles, nDim, stepsLeft: config.sampler.steps, thin, rows: schedule.rowsUpToStep(config.sampler.steps) });
  const memoryCapBytes = config.sampler.memoryCapMB * 2 ** 20;
  const maxBatch = nWalkers * allEnsembles;
  const threads = config.threads ?? os.availableParallelism();
  // Density threads rebuild the model while this thread builds its own (a flavour scenario takes seconds).
  const launch = threads > 1 && (config.backend === 'cpu' || config.backend === 'auto') ? ThreadedDensity.launch(scenarioDensityRecipe({ model: config.model, maxBatch }), { threads, maxBatch }) : undefined;
  // Started beside the density threads; any backend (a GPU run's sampler work is all on the CPU).
  const stepThreadsStart = threads > 1 && nWalkers * nEnsembles * nDim >= MIN_STEP_THREAD_DOUBLES ? StepThreads.start(threads) : undefined;
  stepThreadsStart?.catch(() => undefined); // awaited below; not an unhandled rejection if the compile fails first
  let stepThreads: StepThreads | undefined;
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
    stepThreads = await stepThreadsStart;
    try {
      sampler = new EnsembleSampler(density, { nWalkers, nDim, nEnsembles, moves, allowFewWalkers: config.sampler.allowFewWalkers, stepThreads });
    } catch (error) {
      throw new InputError(`sampler: ${(error as Error).message}`);
    }
  } catch (error) {
    launch?.cancel();
    compiled?.density.dispose?.();
    stepThreads?.dispose();
    void stepThreadsStart?.then((started) => started.dispose(), () => undefined);
    throw error;
  }

  progress.phase('burn-in'); // from the initial walkers on
  // Between (and before) the stopping rule's checks, a cheap estimate keeps τ and R̂ current.
  let estimate: ProgressEstimate | undefined;
  const burn = config.sampler.burn;
  const interrupts = watchInterrupts();
  let result;
  try {
    result = await runEnsembles({
      sampler,
      density,
      // gess fit: laplace takes its finite differences on float64 (laplace-pilot.ts).
      pilotDensity: compiled.backend !== 'cpu' && pilotMoves(moves).length > 0 ? compileModel(scenario.density, { backend: 'cpu', maxBatch, centre: Float64Array.from(scenario.parameters, (p) => p.start.center) }).density : undefined,
      parameters: scenario.parameters,
      nWalkers,
      allEnsembles,
      firstEnsemble: ensembleIndex ?? 0,
      nEnsembles,
      seed: config.seed,
      skipInitialStateCheck: config.sampler.skipInitialStateCheck,
      maxSteps: config.sampler.steps,
      thin,
      checkpointEvery: config.sampler.checkpointEvery,
      autoStop: config.sampler.autoStop,
      burn,
      memoryCapBytes,
      directory: {
        dir: outDir,
        resume: flags.resume ?? false,
        fingerprint: runFingerprint(config, ensembleIndex),
        names: { out: '--out', resume: '--resume', steps: '--steps' },
        lock,
        diskCap: diskCapMB !== undefined ? { capMB: diskCapMB, requestedThin } : undefined,
        thinSchedule: underCap?.schedule,
        // The resume writes the committed rows afresh before the old file goes (chain-store.ts): room for both.
        onResume: (checkpoint) => checkChainFitsOnDisk(outDir, { walkers: nWalkers * nEnsembles, nDim, stepsLeft: config.sampler.steps - checkpoint.state.iteration + checkpoint.nStored * thin, thin, rows: schedule.rowsUpToStep(config.sampler.steps) }),
        writeRecords: (dir, initialDrawEvaluations) => {
          // The thread count does not change the chain (threaded-density.ts), so it is not part of the record.
          const { threads: _threads, ...recorded } = config;
          writeJson(dir, CONFIG_FILE, recorded);
          writeJson(dir, PROVENANCE_FILE, provenance());
          if (ensembleIndex !== undefined) {
            const ensemble: EnsembleOfRun = { index: ensembleIndex, count: allEnsembles, stream: `${config.seed}:${ensembleIndex}`, initialDrawEvaluations };
            writeJson(dir, ENSEMBLE_FILE, ensemble);
          }
        },
      },
      onStore: (store) => {
        if (!flags.quiet) estimate = new ProgressEstimate(store, nEnsembles);
      },
      onProgress: (info) => {
        const latest = estimate?.current() ?? {};
        const tau = latest.tau ?? info.tau;
        // Burn-in as the summary will choose it: the setting, or max(2·τ, 10 % of the steps) for 'auto'.
        const burnIn = burn === 'auto' ? Math.max(tau === undefined ? 0 : 2 * tau, 0.1 * config.sampler.steps) : burn;
        progress.update({ ...info, tau, rhat: latest.rhat ?? info.rhat, burnIn });
      },
      interrupted: interrupts.requested,
    });
  } finally {
    interrupts.stop();
    compiled.density.dispose?.();
    stepThreads?.dispose();
  }
  const { store, state } = result;
  const autoStop = config.sampler.autoStop;
  if (result.stopReason === 'interrupted') {
    throw new InterruptedRun(`interrupted at step ${state.iteration}; everything up to it is saved in ${outDir}: continue with --resume`);
  }
  progress.phase('summarising');
  const summary = summariseRun(store, scenario, {
    seed: config.seed,
    backend: compiled.backend,
    backendReason: compiled.reason,
    evaluations: result.evaluations,
    wallSeconds: result.wallSeconds,
    steps: state.iteration,
    thin,
    nEnsembles,
    burn: config.sampler.burn,
    acceptance: acceptanceFraction(state),
    stopReason: result.stopReason,
    rhatBelow: autoStop ? autoStop.rhatBelow : 1.01,
    tauFactor: autoStop ? autoStop.tauFactor : 50,
    essBulkAbove: autoStop ? autoStop.essBulkAbove : undefined,
    adaptationSteps: adaptationSteps(moves),
  });
  writeJson(outDir, 'summary.json', summary);
  progress.phase('plotting');
  await writeRunOutputs(outDir, store, scenario, summary);
  return summary;
}

