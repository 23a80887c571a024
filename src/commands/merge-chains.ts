/**
 * Everything `smeftfit merge` knows about how a chain is stored: reading a run's stored draws and writing
 * a run directory's chain from draws. Only the chain store's public API and the chain's metadata file are
 * used, so a change of the on-disk chain format is a change of this file alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeJson } from '../output/summary.ts';
import { ChainStore } from '../sampler/chain-store.ts';
import type { EnsembleState } from '../sampler/ensemble-state.ts';
import { CHAIN_META_FILE } from './run.ts';

/** The stored rows of a run: positions (rows × walkers × dims) and log-probabilities (rows × walkers), float64. */
export interface StoredDraws {
  nStored: number;
  /** Walkers of all the run's ensembles together. */
  nWalkers: number;
  nDim: number;
  positions: Float64Array;
  logProbs: Float64Array;
}

/** The first `nStored` rows of the chain stored in `dir` (a run of `nWalkers` walkers in all). */
export function readStoredDraws(dir: string, nStored: number, nWalkers: number, nDim: number): StoredDraws {
  const store = new ChainStore(nWalkers, nDim, nStored);
  store.attachReadOnly(dir, nStored);
  const positions = store.extract(0).data;
  const view = store.logProb();
  const logProbs = new Float64Array(nStored * nWalkers);
  for (let t = 0; t < nStored; t++) for (let w = 0; w < nWalkers; w++) logProbs[t * nWalkers + w] = view.get(t, w);
  return { nStored, nWalkers, nDim, positions, logProbs };
}

/**
 * Writes `draws` as the chain of run directory `dir`, with the chain metadata of `templateDir` (a run of
 * the same model) for `nEnsembles` ensembles, and returns a store holding the draws for the summary and
 * the outputs.
 */
export function writeStoredDraws(dir: string, draws: StoredDraws, templateDir: string, nEnsembles: number): ChainStore {
  const meta = JSON.parse(fs.readFileSync(path.join(templateDir, CHAIN_META_FILE), 'utf8')) as Record<string, unknown>;
  writeJson(dir, CHAIN_META_FILE, { ...meta, nEnsembles });
  const { nStored, nWalkers, nDim } = draws;
  const store = new ChainStore(nWalkers, nDim, nStored);
  store.attach(dir, 0);
  const row: EnsembleState = { nEnsembles, nWalkers: nWalkers / nEnsembles, nDim, coords: new Float64Array(0), logProb: new Float64Array(0), accepted: new Float64Array(0), iteration: 0, randoms: [] };
  for (let t = 0; t < nStored; t++) {
    row.coords = draws.positions.subarray(t * nWalkers * nDim, (t + 1) * nWalkers * nDim);
    row.logProb = draws.logProbs.subarray(t * nWalkers, (t + 1) * nWalkers);
    store.append(row);
  }
  store.flush();
  store.close();
  return store;
}
