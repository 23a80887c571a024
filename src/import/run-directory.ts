import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.ts';
import type { RunSummary } from '../output/summary.ts';
import { ChainStore } from '../sampler/chain-store.ts';
import { CHAIN_FILE, ChainFileError, ChainFileReader, type ChainLayout } from '../sampler/hdf5-chain.ts';
import { readCheckpoint, type Checkpoint } from '../sampler/checkpoint.ts';
import { sideFromChains, type PosteriorSide } from './posterior-side.ts';

export function isRunDirectory(dir: string): boolean {
  return fs.existsSync(path.join(dir, CHAIN_FILE)) && fs.existsSync(path.join(dir, 'summary.json'));
}

/**
 * A finished smeftfit run (ensemble or Metropolis): the stored chain after the run's own burn-in, read
 * through the chain store; ESS and R̂ are the run summary's (walkers as chains for ESS, ensembles or
 * Metropolis chains for R̂), the MCSE is posterior's mcse_mean over the same chains.
 */
export async function readRunDirectory(dir: string, label?: string): Promise<PosteriorSide> {
  if (!isRunDirectory(dir)) throw new InputError(`${dir}: not a finished smeftfit run directory (no ${CHAIN_FILE} / summary.json)`);
  const summary = JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8')) as RunSummary;
  let checkpoint: Checkpoint;
  try {
    checkpoint = readCheckpoint(dir);
  } catch (error) {
    throw new InputError((error as Error).message);
  }
  let store: ChainStore;
  try {
    store = await ChainStore.load(dir, checkpoint.nStored, {}, checkpoint);
  } catch (error) {
    if (error instanceof ChainFileError) throw new InputError(error.message);
    throw error;
  }
  const { parameterNames, ensembleOfWalker } = await chainLayout(dir);
  const meta = { parameters: [...parameterNames], nDim: store.nDim, nEnsembles: Math.max(...ensembleOfWalker) + 1 };
  const nWalkersTotal = store.nWalkers;
  // Kept rows are store.rowSteps sampler steps apart (every row unless the memory cap thinned them).
  const discardRows = Math.min(store.nRows - 1, Math.ceil(summary.burn_in_steps / store.rowSteps));
  const { data, nSteps } = store.extract(discardRows);
  const chains = Array.from({ length: nWalkersTotal }, (_, w) => {
    const c = new Float64Array(nSteps * meta.nDim);
    for (let t = 0; t < nSteps; t++) c.set(data.subarray((t * nWalkersTotal + w) * meta.nDim, (t * nWalkersTotal + w + 1) * meta.nDim), t * meta.nDim);
    return c;
  });
  const sampler = (summary.info?.sampler as string | undefined) ?? 'ensemble';
  const side = sideFromChains(label ?? sampler, dir, meta.parameters, chains, { evaluations: summary.evaluations, wallSeconds: summary.wall_seconds, sampler, rhatChains: meta.nEnsembles, withoutEssAndRhat: true });
  side.statistics.forEach((s, d) => {
    s.essBulk = summary.parameters[d].ess_bulk;
    s.rhat = summary.parameters[d].rhat;
  });
  return side;
}

/** Parameter names and ensemble of each walker, as the chain file records them. */
async function chainLayout(dir: string): Promise<Pick<ChainLayout, 'parameterNames' | 'ensembleOfWalker'>> {
  const reader = await ChainFileReader.open(path.join(dir, CHAIN_FILE));
  try {
    return { parameterNames: reader.info.parameterNames, ensembleOfWalker: reader.info.ensembleOfWalker };
  } finally {
    reader.close();
  }
}
