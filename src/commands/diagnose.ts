import fs from 'node:fs';
import path from 'node:path';
import type { RunConfig } from '../config/schema.ts';
import { InputError } from '../errors.ts';
import { summariseRun, type RunSummary } from '../output/summary.ts';
import { ChainStore, DEFAULT_MEMORY_CAP_MB } from '../sampler/chain-store.ts';
import { CHAIN_FILE, ChainFileError } from '../sampler/hdf5-chain.ts';
import { readCheckpoint } from '../sampler/checkpoint.ts';
import { acceptanceFraction } from '../sampler/ensemble-state.ts';
import { buildMoves } from '../sampler/moves/from-spec.ts';
import { adaptationSteps } from '../sampler/moves/move.ts';
import { resolveScenario } from '../scenarios/registry.ts';
import { CONFIG_FILE } from './run-config.ts';

export interface DiagnoseFlags {
  /** Burn-in in steps (default: the run's own setting). */
  burn?: number;
}

/**
 * `smeftfit diagnose DIR`: recomputes every diagnostic of a stored (possibly unfinished) run from its
 * chain.h5, read in blocks into the same bounded reservoir a run keeps (sampler.memoryCapMB).
 */
export async function diagnoseCommand(dir: string, flags: DiagnoseFlags): Promise<RunSummary> {
  for (const file of [CONFIG_FILE, CHAIN_FILE]) {
    if (!fs.existsSync(path.join(dir, file))) throw new InputError(`${dir}: not a smeftfit run directory (no ${file})`);
  }
  let config: RunConfig;
  try {
    config = JSON.parse(fs.readFileSync(path.join(dir, CONFIG_FILE), 'utf8')) as RunConfig;
  } catch (error) {
    throw new InputError(`${path.join(dir, CONFIG_FILE)}: corrupted (${(error as Error).message})`);
  }
  let checkpoint;
  try {
    checkpoint = readCheckpoint(dir);
  } catch (error) {
    throw new InputError((error as Error).message);
  }
  const { state } = checkpoint;
  if (checkpoint.nStored < 4) throw new InputError(`${dir}: only ${checkpoint.nStored} stored steps, too few to diagnose`);
  const scenario = resolveScenario(config.model);
  let store: ChainStore;
  try {
    store = await ChainStore.load(dir, checkpoint.nStored, { memoryCapBytes: (config.sampler.memoryCapMB ?? DEFAULT_MEMORY_CAP_MB) * 2 ** 20 }, checkpoint);
  } catch (error) {
    if (error instanceof ChainFileError) throw new InputError(error.message);
    throw error;
  }
  if (store.nWalkers !== state.nWalkers * state.nEnsembles || store.nDim !== state.nDim) {
    throw new InputError(`${dir}: chain.h5 holds ${store.nWalkers} walkers × ${store.nDim} dims, the checkpoint ${state.nWalkers * state.nEnsembles} × ${state.nDim}`);
  }
  // The diagnostics need a few rows past the burn-in: a larger --burn would be clamped into NaN τ and ESS.
  if (flags.burn !== undefined && checkpoint.nStored - store.schedule.discardRows(flags.burn) < 4) {
    throw new InputError(`--burn: ${flags.burn} steps leave fewer than 4 of the ${checkpoint.nStored} stored rows (${state.iteration} steps, thin ${checkpoint.thin})`);
  }
  const autoStop = config.sampler.autoStop;
  return summariseRun(store, scenario, {
    seed: config.seed,
    backend: config.backend,
    backendReason: 'recomputed from the stored chain',
    evaluations: checkpoint.evaluations,
    wallSeconds: checkpoint.wallSeconds,
    steps: state.iteration,
    thin: checkpoint.thin,
    nEnsembles: state.nEnsembles,
    burn: flags.burn ?? config.sampler.burn,
    acceptance: acceptanceFraction(state),
    stopReason: 'diagnosed',
    rhatBelow: autoStop ? autoStop.rhatBelow : 1.01,
    tauFactor: autoStop ? autoStop.tauFactor : 50,
    essBulkAbove: autoStop ? autoStop.essBulkAbove : undefined,
    adaptationSteps: adaptationSteps(buildMoves(config.sampler.moves, state.nDim)),
  });
}
