/**
 * Everything `smeftfit merge` knows about how a chain is stored: reading a run's stored draws and writing
 * a run directory's chain from draws, through the HDF5 chain file (hdf5-chain.ts) and the chain store, so
 * a change of the on-disk chain format is a change of this file alone.
 */
import path from 'node:path';
import { ChainStore, type ChainCommitment } from '../sampler/chain-store.ts';
import { RowDigest } from '../sampler/checkpoint-digest.ts';
import type { EnsembleState } from '../sampler/ensemble-state.ts';
import { CHAIN_FILE, ChainFileError, ChainFileReader } from '../sampler/hdf5-chain.ts';

/** The stored rows of a run: positions (rows × walkers × dims) and log-probabilities (rows × walkers), float64. */
export interface StoredDraws {
  nStored: number;
  /** Walkers of all the run's ensembles together. */
  nWalkers: number;
  nDim: number;
  positions: Float64Array;
  logProbs: Float64Array;
}

/**
 * The first `nStored` rows of the chain stored in `dir` (a run of `nWalkers` walkers in all), refused unless
 * they are the rows the run's checkpoint committed (`commitment`: run identity and row digest).
 */
export async function readStoredDraws(dir: string, nStored: number, nWalkers: number, nDim: number, commitment: ChainCommitment): Promise<StoredDraws> {
  const reader = await ChainFileReader.open(path.join(dir, CHAIN_FILE));
  try {
    const { info } = reader;
    if (info.nWalkers !== nWalkers || info.nDim !== nDim) {
      throw new ChainFileError(`${reader.path}: chain of ${info.nWalkers} walkers × ${info.nDim} dims, the run's checkpoint has ${nWalkers} × ${nDim}`);
    }
    if (info.iteration < nStored) throw new ChainFileError(`${reader.path}: holds ${info.iteration} committed rows, the checkpoint records ${nStored}`);
    if (info.runId !== commitment.runId) throw new ChainFileError(`${reader.path}: belongs to run ${info.runId ?? '(none recorded)'}, the checkpoint to run ${commitment.runId}: a chain file from another run`);
    const rows = reader.readRows(0, nStored);
    const digest = new RowDigest();
    for (let t = 0; t < nStored; t++) digest.update(rows.positions.subarray(t * nWalkers * nDim, (t + 1) * nWalkers * nDim), rows.logProbs.subarray(t * nWalkers, (t + 1) * nWalkers));
    if (digest.value() !== commitment.chainDigest) throw new ChainFileError(`${reader.path}: its first ${nStored} rows differ from the rows the checkpoint committed (SHA-256 mismatch)`);
    return { nStored, nWalkers, nDim, positions: rows.positions, logProbs: rows.logProbs };
  } finally {
    reader.close();
  }
}

/**
 * Writes `draws` as the chain of run directory `dir`, with the parameter names and thinning of the chain
 * in `templateDir` (a run of the same model) and the ensemble index of each walker for `nEnsembles`
 * ensembles, commits it with the acceptance counts of `state`, and returns the store holding the draws
 * for the summary and the outputs.
 */
export async function writeStoredDraws(
  dir: string,
  draws: StoredDraws,
  templateDir: string,
  state: EnsembleState,
  memoryCapBytes?: number,
): Promise<ChainStore> {
  const template = await ChainFileReader.open(path.join(templateDir, CHAIN_FILE));
  // Runs merged share their config, so their thin schedule (sampler.diskCapMB) too: rows are the same steps.
  const { thin, parameterNames, diskCap, thinSchedule } = template.info;
  template.close();
  const { nStored, nWalkers, nDim } = draws;
  const perEnsemble = nWalkers / state.nEnsembles;
  const ensembleOfWalker = Int32Array.from({ length: nWalkers }, (_, w) => Math.floor(w / perEnsemble));
  const store = await ChainStore.create(dir, { nWalkers, nDim, thin, parameterNames, ensembleOfWalker, diskCap, thinSchedule }, { memoryCapBytes });
  const row: EnsembleState = { ...state, coords: new Float64Array(0), logProb: new Float64Array(0) };
  for (let t = 0; t < nStored; t++) {
    row.coords = draws.positions.subarray(t * nWalkers * nDim, (t + 1) * nWalkers * nDim);
    row.logProb = draws.logProbs.subarray(t * nWalkers, (t + 1) * nWalkers);
    store.append(row);
  }
  store.commit(state);
  store.close();
  return store;
}
