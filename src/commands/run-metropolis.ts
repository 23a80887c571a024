import fs from 'node:fs';
import path from 'node:path';
import type { RunConfig } from '../config/schema.ts';
import { compileModelAsync } from '../engine/compile.ts';
import { CountingDensity } from '../engine/density.ts';
import { InputError, InterruptedRun } from '../errors.ts';
import { checkChainFitsOnDisk, checkUnderDiskCap, thinUnderDiskCap } from '../output/disk-budget.ts';
import { createProgressReporter } from '../output/progress.ts';
import { summariseRun, writeJson, type RunSummary } from '../output/summary.ts';
import { writeRunOutputs } from '../output/write-run-outputs.ts';
import { ChainStore } from '../sampler/chain-store.ts';
import { ChainFileError } from '../sampler/hdf5-chain.ts';
import { provenance, PROVENANCE_FILE } from '../provenance.ts';
import { readCheckpoint, STATE_FILE, writeCheckpoint } from '../sampler/checkpoint.ts';
import { acceptanceFraction } from '../sampler/ensemble-state.ts';
import { drawInitialWalkers } from '../sampler/initial-walkers.ts';
import { MetropolisSampler } from '../sampler/metropolis/metropolis-sampler.ts';
import { runMetropolis } from '../sampler/metropolis/metropolis-run.ts';
import { initialTuning, tuningFromJson, tuningToJson, type MetropolisState } from '../sampler/metropolis/metropolis-state.ts';
import { RandomStream } from '../sampler/random.ts';
import type { ParameterSpec, ScenarioModel } from '../scenarios/scenario.ts';
import { watchInterrupts } from './interrupt-signals.ts';
import { CONFIG_FILE, type RunFlags } from './run-config.ts';

/**
 * BAT's initial proposal variance per parameter: the prior variance, or range²/12 for a flat prior
 * (BCEngineMCMC::MetropolisPreRun). An improper flat prior (the test targets) has neither; there the start
 * box's variance is used instead, and the pre-run adapts from it.
 */
export function initialVariance(p: ParameterSpec): number {
  if (p.prior.kind === 'gaussian') return p.prior.sd * p.prior.sd;
  const width = p.prior.upper - p.prior.lower;
  if (Number.isFinite(width)) return (width * width) / 12;
  return p.start.width * p.start.width;
}

function limits(parameters: ParameterSpec[]): { lower: number[]; upper: number[] } {
  return {
    lower: parameters.map((p) => (p.prior.kind === 'flat' ? p.prior.lower : (p.prior.lower ?? -Infinity))),
    upper: parameters.map((p) => (p.prior.kind === 'flat' ? p.prior.upper : (p.prior.upper ?? Infinity))),
  };
}

/**
 * The disk budget of a Metropolis run, as for the ensemble sampler (output/disk-budget.ts): the thin that
 * keeps the chain under `sampler.diskCapMB` (a new run; a resumed run keeps its checkpoint's thin and may
 * not pass the cap), and the up-front refusal of a chain that would not fit on the disk. The stored rows
 * are main-run iterations only; with an evaluationBudget their number is bounded by budget / chains (the
 * pre-run spends part of the budget), which is what is checked.
 */
function metropolisDiskBudget(config: RunConfig, run: { outDir: string; chains: number; nDim: number; resume: boolean }): { thin: number; diskCap?: { capMB: number; requestedThin: number } } {
  const { outDir, chains, nDim, resume } = run;
  const { thin: requestedThin, diskCapMB, metropolis } = config.sampler;
  const iterations = metropolis.evaluationBudget === undefined ? metropolis.iterations : Math.floor(metropolis.evaluationBudget / chains);
  const extent = { walkers: chains, nDim, steps: iterations, thin: requestedThin };
  const field = metropolis.evaluationBudget === undefined ? 'sampler.metropolis.iterations' : 'sampler.metropolis.evaluationBudget';
  const underCap = diskCapMB === undefined ? { thin: requestedThin } : resume ? { thin: readCheckpoint(outDir).thin } : thinUnderDiskCap(diskCapMB, extent);
  const thin = underCap.thin;
  if (diskCapMB !== undefined && resume) checkUnderDiskCap(diskCapMB, { ...extent, thin }, field);
  if ('note' in underCap && underCap.note !== undefined) process.stderr.write(`smeftfit: ${underCap.note.replace(/ steps /g, ' iterations ')}\n`);
  // A resume copies the committed rows into a new file beside the old one (chain-store.ts): room for all rows.
  checkChainFitsOnDisk(outDir, { walkers: chains, nDim, stepsLeft: iterations, thin, lengthField: field });
  return { thin, diskCap: diskCapMB !== undefined && thin !== requestedThin ? { capMB: diskCapMB, requestedThin } : undefined };
}

/**
 * `smeftfit run` with `sampler.kind: metropolis`: K chains of BAT's adaptive Metropolis through the same
 * chain store (K chains = K walkers, each its own "ensemble", so R̂ compares chains), checkpoints
 * (chains + the pre-run adaptation state), summary and outputs as the ensemble sampler.
 */
export async function runMetropolisCommand(config: RunConfig, scenario: ScenarioModel, outDir: string, fingerprint: string, flags: RunFlags, lock: (dir: string) => void): Promise<RunSummary> {
  const settings = config.sampler.metropolis;
  const { chains } = settings;
  const nDim = scenario.parameters.length;
  const compiled = await compileModelAsync(scenario.density, { backend: config.backend, maxBatch: chains, centre: Float64Array.from(scenario.parameters, (p) => p.start.center) });
  const density = new CountingDensity(compiled.density);
  let sampler: MetropolisSampler;
  try {
    sampler = new MetropolisSampler(density, { ...settings, nDim, ...limits(scenario.parameters) });
  } catch (error) {
    throw new InputError(`sampler.metropolis: ${(error as Error).message}`);
  }
  const hasState = fs.existsSync(path.join(outDir, STATE_FILE));
  if (flags.resume && !hasState) throw new InputError(`--resume: ${outDir} holds no checkpoint (${STATE_FILE})`);
  if (!flags.resume && hasState) throw new InputError(`--out: ${outDir} already holds a run; pass --resume to continue it or choose another --out`);

  const budget = settings.evaluationBudget;
  const { thin, diskCap } = metropolisDiskBudget(config, { outDir, chains, nDim, resume: flags.resume ?? false });
  const mainIterations = (preRunEvaluations: number) => (budget === undefined ? settings.iterations : Math.floor((budget - preRunEvaluations) / chains));
  const memoryCapBytes = config.sampler.memoryCapMB * 2 ** 20;
  let store: ChainStore;
  let state: MetropolisState;
  let evaluationsBefore = 0;
  let wallBefore = 0;
  if (flags.resume) {
    lock(outDir);
    const checkpoint = readCheckpoint(outDir);
    if (checkpoint.fingerprint !== fingerprint) throw new InputError(`--resume: ${outDir} was made with another model, seed or sampler setting; only --steps may change on resume`);
    if (checkpoint.sampler === undefined) throw new InputError(`--resume: ${outDir} is not a Metropolis run`);
    state = { ...checkpoint.state, tuning: tuningFromJson(checkpoint.sampler) };
    evaluationsBefore = checkpoint.evaluations;
    wallBefore = checkpoint.wallSeconds;
    try {
      store = await ChainStore.resume(outDir, { nWalkers: chains, nDim, thin, committedRows: checkpoint.nStored, commitment: checkpoint, state: checkpoint.state }, { memoryCapBytes });
    } catch (error) {
      if (error instanceof ChainFileError) throw new InputError(`--resume: ${error.message}; not resuming`);
      throw error;
    }
  } else {
    const coords = await drawInitialWalkers(scenario.parameters, density, { nEnsembles: chains, nWalkers: 1, seed: config.seed, skipIndependenceCheck: true });
    state = {
      nEnsembles: chains,
      nWalkers: 1,
      nDim,
      coords,
      logProb: new Float64Array(chains),
      accepted: new Float64Array(chains),
      iteration: 0,
      randoms: Array.from({ length: chains }, (_, c) => RandomStream.fromSeed(`${config.seed}:${c}`)),
      tuning: initialTuning(chains, scenario.parameters.map(initialVariance)),
    };
    await sampler.scoreInitialAsync(state);
    fs.mkdirSync(outDir, { recursive: true });
    lock(outDir);
    writeJson(outDir, CONFIG_FILE, config);
    writeJson(outDir, PROVENANCE_FILE, provenance());
    // The main run's draws only (the pre-run adapts the proposal, BAT keeps none of it); chain k is walker k.
    const ensembleOfWalker = Int32Array.from({ length: chains }, (_, c) => c);
    store = await ChainStore.create(outDir, { nWalkers: chains, nDim, thin, parameterNames: scenario.parameters.map((p) => p.name), ensembleOfWalker, diskCap }, { memoryCapBytes });
  }

  const started = process.hrtime.bigint();
  const elapsed = () => wallBefore + Number(process.hrtime.bigint() - started) / 1e9;
  const evaluations = () => evaluationsBefore + density.evaluations;
  const preRunProgress = createProgressReporter(flags.quiet ?? false, `${config.name ?? 'run'} pre-run`);
  const mainProgress = createProgressReporter(flags.quiet ?? false, config.name ?? 'run');
  const interrupts = watchInterrupts();
  let result;
  try {
    result = await runMetropolis({
      sampler,
      state,
      store,
      mainIterations,
      evaluations,
      checkpoint: {
        every: config.sampler.checkpointEvery,
        write: () => {
          store.commit(state);
          writeCheckpoint(outDir, state, { nStored: store.nStored, thin, evaluations: evaluations(), wallSeconds: elapsed(), fingerprint, sampler: tuningToJson(state.tuning), ...store.commitment() });
        },
      },
      onProgress: (info) => {
        if (info.phase === 'pre-run') preRunProgress.update(info);
        else {
          preRunProgress.stop();
          mainProgress.update(info);
        }
      },
      interrupted: interrupts.requested,
    });
  } finally {
    preRunProgress.stop();
    mainProgress.stop();
    interrupts.stop();
    store.close();
    compiled.density.dispose?.();
  }
  if (result.stopReason === 'interrupted') {
    throw new InterruptedRun(`interrupted (${state.tuning.phase}); everything up to it is saved in ${outDir}: continue with --resume`);
  }
  const t = state.tuning;
  const info = {
    ...scenario.info,
    sampler: 'metropolis',
    metropolis: {
      chains,
      proposal: settings.proposal === 'gaussian' ? 'gaussian' : `student-t (dof ${settings.dof})`,
      pre_run_iterations: t.preRunIterations,
      pre_run_outcome: t.preRunOutcome,
      pre_run_evaluations: t.preRunEvaluations,
      covariance_updates: t.updates,
      main_iterations: t.mainIterations,
      scale_factors: t.scale,
      pre_run_efficiencies: t.efficiency,
      pre_run_r_values: t.rValues.map((r) => (Number.isFinite(r) ? r : String(r))),
    },
  };
  const summary = summariseRun(store, { ...scenario, info }, {
    seed: config.seed,
    backend: compiled.backend,
    backendReason: compiled.reason,
    evaluations: evaluations(),
    wallSeconds: elapsed(),
    steps: state.iteration,
    thin,
    nEnsembles: chains,
    // The pre-run is BAT's burn-in: nothing of it is stored, the main run is used whole.
    burn: 0,
    acceptance: acceptanceFraction(state),
    stopReason: result.stopReason,
    rhatBelow: config.sampler.autoStop ? config.sampler.autoStop.rhatBelow : 1.01,
    tauFactor: config.sampler.autoStop ? config.sampler.autoStop.tauFactor : 50,
  });
  writeJson(outDir, 'summary.json', summary);
  await writeRunOutputs(outDir, store, { ...scenario, info }, summary);
  return summary;
}
