/**
 * One ensemble run from its first step (or its checkpoint) to its stop: the initial walkers, the chain
 * store (chain.h5 when the run has a directory), the convergence monitor, checkpoints and the run loop.
 * `smeftfit run` and the library's EnsembleSampler both sample through here, so a density given in code
 * gets exactly the chain machinery of the physics scenarios.
 *
 * It knows nothing of configs, scenarios or outputs: the caller builds the sampler and the density, names
 * the parameters (for the initial walkers and the chain file) and writes the summary from the returned store.
 */
import fs from 'node:fs';
import path from 'node:path';
import { TauDriftMonitor } from '../diagnostics/convergence-monitor.ts';
import type { BatchLogDensity, CountingDensity } from '../engine/density.ts';
import { InputError } from '../errors.ts';
import type { ParameterSpec } from '../scenarios/scenario.ts';
import { ChainStore } from './chain-store.ts';
import { ThinSchedule } from './thin-schedule.ts';
import { readCheckpoint, STATE_FILE, writeCheckpoint, type Checkpoint } from './checkpoint.ts';
import type { EnsembleSampler } from './ensemble-sampler.ts';
import type { EnsembleState } from './ensemble-state.ts';
import { ChainFileError } from './hdf5-chain.ts';
import { initialWalkersOfEnsembles } from './initial-walkers.ts';
import { RandomStream } from './random.ts';
import { runLoop, type ProgressInfo, type StopReason } from './run-loop.ts';
import { moveStateKey } from './driven-rounds.ts';
import { laplacePilot, type LaplacePilot } from './laplace-pilot.ts';
import { GessMove } from './moves/gess.ts';
import { adaptationSteps, type WeightedMove } from './moves/move.ts';

/** emcee's monitor rule plus R̂ (convergence-monitor.ts); `false` runs the full step count. */
export interface AutoStopSettings {
  checkEvery: number;
  tauFactor: number;
  tauDrift: number;
  rhatBelow: number;
  /** Stop on bulk-ESS ≥ this (with R̂ and the τ length) instead of τ's drift (convergence-monitor.ts). */
  essBulkAbove?: number;
}

/** Where a run keeps its record: chain.h5, state.json and the files the caller adds. */
export interface RunDirectory {
  dir: string;
  /** Continue the checkpoint in `dir` (it must exist); without it `dir` must hold no run. */
  resume: boolean;
  /** Everything that fixes the chain; resume refuses a checkpoint made under another. */
  fingerprint: string;
  /** How messages name the settings: the CLI's flags (`--out`, `--resume`, `--steps`) or the library's options. */
  names: { out: string; resume: string; steps: string };
  /** Takes the directory's writer lock (called before the first write, or before reading on resume). */
  lock(dir: string): void;
  /** Writes the run's own records into `dir` once, when a fresh run has its initial walkers. */
  writeRecords(dir: string, initialDrawEvaluations: number): void;
  /** A run under sampler.diskCapMB: the cap and the config's thin, recorded in chain.h5's attributes with `thinSchedule`. */
  diskCap?: { capMB: number; requestedThin: number };
  /** The steps stored under the disk cap (thin-schedule.ts); every `thin`-th step without it. */
  thinSchedule?: ThinSchedule;
  /** Checks a checkpoint about to be resumed (e.g. the disk room the resume needs) before anything is written. */
  onResume?(checkpoint: Checkpoint): void;
}

export interface EnsembleRunOptions {
  sampler: EnsembleSampler;
  /** The sampler's density, counted (the summary's `evaluations`). */
  density: CountingDensity;
  /**
   * The float64 density for the pilot fit of gess `fit: laplace` where the sampler's computes in float32
   * (finite differences need the precision: laplace-pilot.ts); its evaluations count as the run's.
   */
  pilotDensity?: BatchLogDensity;
  /** Names, priors and start boxes of the parameters (initial walkers, chain.h5's names). */
  parameters: ParameterSpec[];
  nWalkers: number;
  /** Ensembles of the whole run, and the block this process samples (all of them unless an ensemble index is given). */
  allEnsembles: number;
  firstEnsemble: number;
  nEnsembles: number;
  seed: number | string;
  skipInitialStateCheck: boolean;
  /** Total steps (resumed ones included). */
  maxSteps: number;
  thin: number;
  checkpointEvery: number;
  autoStop: AutoStopSettings | false;
  /** The summary's burn-in setting (default 'auto'): the stopping rule judges the draws it keeps. */
  burn?: number | 'auto';
  memoryCapBytes: number;
  /** Without a directory the chain lives in memory only (no checkpoints). */
  directory?: RunDirectory;
  /** Continues a run of this process kept in memory (no directory): its store, state and bookkeeping. */
  continueFrom?: EnsembleRunResult;
  /** Called once the chain store is open (new or resumed), before the first step. */
  onStore?(store: ChainStore): void;
  onProgress?(info: ProgressInfo): void;
  interrupted?(): boolean;
}

export interface EnsembleRunResult {
  store: ChainStore;
  state: EnsembleState;
  stopReason: StopReason;
  /** Log-density evaluations of the whole run (resumed parts included). */
  evaluations: number;
  wallSeconds: number;
  /** The stopping rule's state (τ history), as a checkpoint records it. */
  stopRule: unknown;
}

/** Samples until the stopping rule or the step cap; the store is closed (its kept rows stay readable). */
export async function runEnsembles(options: EnsembleRunOptions): Promise<EnsembleRunResult> {
  const { sampler, density, parameters, nWalkers, nEnsembles, thin, directory, memoryCapBytes } = options;
  const nDim = parameters.length;
  const outDir = directory?.dir;
  const hasState = outDir !== undefined && fs.existsSync(path.join(outDir, STATE_FILE));
  const names = directory?.names;
  if (directory?.resume && !hasState) throw new InputError(`${names!.resume}: ${directory.dir} holds no checkpoint (${STATE_FILE})`);
  if (directory && !directory.resume && hasState) {
    throw new InputError(`${names!.out}: ${directory.dir} already holds a run; pass ${names!.resume} to continue it or choose another ${names!.out}`);
  }

  let store: ChainStore;
  let state: EnsembleState;
  let evaluationsBefore = 0;
  let wallBefore = 0;
  let stopRuleSnapshot: unknown;
  if (options.continueFrom !== undefined) {
    if (directory !== undefined) throw new Error('runEnsembles: a run in memory continues without a directory');
    ({ store, state, evaluations: evaluationsBefore, wallSeconds: wallBefore, stopRule: stopRuleSnapshot } = options.continueFrom);
  } else if (directory?.resume) {
    directory.lock(directory.dir);
    const checkpoint = readCheckpoint(directory.dir);
    if (checkpoint.fingerprint !== directory.fingerprint) {
      throw new InputError(`${names!.resume}: ${directory.dir} was made with another model, seed or sampler setting (or ensemble index); only ${names!.steps} may change on resume`);
    }
    state = checkpoint.state;
    directory.onResume?.(checkpoint);
    // A laplace move that no ensemble has drawn yet has no fit in the checkpoint: make the pilot again (the
    // same points, so the same fit); drawn ones carry theirs in their state.
    const missing = pilotMoves(sampler.options.moves).filter(({ index }) => state.moveStates?.[moveStateKey(index, sampler.options.moves[index].move)]?.some((tuning) => tuning.length === 0) ?? true);
    if (missing.length > 0) await makePilot(missing, density, options.pilotDensity, parameters, nWalkers * nEnsembles);
    evaluationsBefore = checkpoint.evaluations;
    wallBefore = checkpoint.wallSeconds;
    stopRuleSnapshot = checkpoint.stopRule;
    // When the checkpoint fell on a stored step, the chain's last row must be its ensemble, bit for bit:
    // a cheap proof that the file and the checkpoint belong together.
    const schedule = directory.thinSchedule ?? ThinSchedule.uniform(thin);
    const lastRow = checkpoint.nStored > 0 && state.iteration === schedule.stepOfRow(checkpoint.nStored - 1) ? { positions: state.coords, logProbs: state.logProb } : undefined;
    try {
      store = await ChainStore.resume(directory.dir, { nWalkers: nWalkers * nEnsembles, nDim, thin, committedRows: checkpoint.nStored, lastRow, commitment: checkpoint, state }, { memoryCapBytes, schedule });
    } catch (error) {
      if (error instanceof ChainFileError) throw new InputError(`${names!.resume}: ${error.message}; not resuming`);
      throw error;
    }
  } else {
    const first = options.firstEnsemble;
    const laplace = pilotMoves(sampler.options.moves);
    const pilot = laplace.length > 0 ? await makePilot(laplace, density, options.pilotDensity, parameters, nWalkers * nEnsembles) : undefined;
    const initialWalkers = {
      nEnsembles: options.allEnsembles,
      nWalkers,
      seed: options.seed,
      skipIndependenceCheck: options.skipInitialStateCheck,
      ...(pilot && { fit: { ...pilot, nu: laplace[0].move.nu } }),
    };
    const coords = await initialWalkersOfEnsembles(parameters, density, initialWalkers, first, nEnsembles);
    const initialDrawEvaluations = density.evaluations;
    state = {
      nEnsembles,
      nWalkers,
      nDim,
      coords,
      logProb: new Float64Array(nWalkers * nEnsembles),
      accepted: new Float64Array(nWalkers * nEnsembles),
      iteration: 0,
      randoms: Array.from({ length: nEnsembles }, (_, e) => RandomStream.fromSeed(`${options.seed}:${first + e}`)),
    };
    await sampler.scoreInitialAsync(state);
    const ensembleOfWalker = Int32Array.from({ length: nWalkers * nEnsembles }, (_, w) => first + Math.floor(w / nWalkers));
    if (directory) {
      fs.mkdirSync(directory.dir, { recursive: true });
      directory.lock(directory.dir);
      directory.writeRecords(directory.dir, initialDrawEvaluations);
      store = await ChainStore.create(directory.dir, { nWalkers: nWalkers * nEnsembles, nDim, thin, parameterNames: parameters.map((p) => p.name), ensembleOfWalker, diskCap: directory.diskCap, thinSchedule: directory.thinSchedule }, { memoryCapBytes });
    } else {
      store = new ChainStore(nWalkers * nEnsembles, nDim, { thin, memoryCapBytes });
    }
  }

  const started = process.hrtime.bigint();
  const elapsed = () => wallBefore + Number(process.hrtime.bigint() - started) / 1e9;
  const { autoStop } = options;
  const monitor = autoStop
    ? new TauDriftMonitor(
        store,
        {
          every: autoStop.checkEvery,
          tauFactor: autoStop.tauFactor,
          tauDrift: autoStop.tauDrift,
          rhatBelow: autoStop.rhatBelow,
          essBulkAbove: autoStop.essBulkAbove,
          nEnsembles,
          burn: options.burn ?? 'auto',
          adaptationSteps: adaptationSteps(sampler.options.moves),
        },
        stopRuleSnapshot,
      )
    : undefined;
  let result;
  try {
    options.onStore?.(store);
    result = await runLoop({
      sampler,
      state,
      store,
      maxSteps: options.maxSteps,
      monitor,
      checkpoint: directory && {
        every: options.checkpointEvery,
        write: (stopRule) => {
          store.commit(state);
          writeCheckpoint(directory.dir, state, { nStored: store.nStored, thin, evaluations: evaluationsBefore + density.evaluations, wallSeconds: elapsed(), fingerprint: directory.fingerprint, stopRule, ...store.commitment() });
        },
      },
      onProgress: options.onProgress,
      evaluations: () => evaluationsBefore + density.evaluations,
      interrupted: options.interrupted,
    });
  } finally {
    store.close();
  }
  return { store, state, stopReason: result.stopReason, evaluations: evaluationsBefore + density.evaluations, wallSeconds: elapsed(), stopRule: monitor?.snapshot() ?? stopRuleSnapshot };
}

/** The gess moves of the mixture that start from the pilot fit (`fit: laplace`, `start: laplace`), and their places in it. */
export function pilotMoves(moves: readonly WeightedMove[]): { index: number; move: GessMove }[] {
  return moves.flatMap(({ move }, index) => (move instanceof GessMove && move.usesPilot ? [{ index, move }] : []));
}

/** The pilot fit (laplace-pilot.ts), made once and given to every laplace move; its evaluations are the run's. */
async function makePilot(moves: { move: GessMove }[], density: CountingDensity, pilotDensity: BatchLogDensity | undefined, parameters: ParameterSpec[], batch: number): Promise<LaplacePilot> {
  let pilot: LaplacePilot;
  try {
    pilot = await laplacePilot(pilotDensity ?? density, parameters, { batch });
  } catch (error) {
    throw new InputError(`moves: gess fit laplace: ${(error as Error).message}`);
  }
  // The pilot's points on the float64 density are log-density evaluations of this run like any other.
  if (pilotDensity !== undefined) density.evaluations += pilot.evaluations;
  for (const { move } of moves) move.usePilot(pilot);
  return pilot;
}
