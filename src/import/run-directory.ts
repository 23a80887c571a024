import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.ts';
import type { RunSummary } from '../output/summary.ts';
import { ChainStore } from '../sampler/chain-store.ts';
import { readCheckpoint } from '../sampler/checkpoint.ts';
import { sideFromChains, type PosteriorSide } from './posterior-side.ts';

interface ChainMeta {
  parameters: string[];
  nEnsembles: number;
  nWalkers: number;
  nDim: number;
  thin: number;
  sampler?: string;
}

export function isRunDirectory(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'chain.json')) && fs.existsSync(path.join(dir, 'summary.json'));
}

/**
 * A finished smeftfit run (ensemble or Metropolis): the stored chain after the run's own burn-in, read
 * through the chain store; ESS and R̂ are the run summary's (walkers as chains for ESS, ensembles or
 * Metropolis chains for R̂), the MCSE is posterior's mcse_mean over the same chains.
 */
export function readRunDirectory(dir: string, label?: string): PosteriorSide {
  if (!isRunDirectory(dir)) throw new InputError(`${dir}: not a finished smeftfit run directory (no chain.json / summary.json)`);
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'chain.json'), 'utf8')) as ChainMeta;
  const summary = JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8')) as RunSummary;
  let nStored: number;
  try {
    nStored = readCheckpoint(dir).nStored;
  } catch (error) {
    throw new InputError((error as Error).message);
  }
  const nWalkersTotal = meta.nEnsembles * meta.nWalkers;
  const store = new ChainStore(nWalkersTotal, meta.nDim, nStored);
  store.attachReadOnly(dir, nStored);
  const discardRows = Math.min(nStored - 1, Math.ceil(summary.burn_in_steps / meta.thin));
  const { data, nSteps } = store.extract(discardRows);
  const chains = Array.from({ length: nWalkersTotal }, (_, w) => {
    const c = new Float64Array(nSteps * meta.nDim);
    for (let t = 0; t < nSteps; t++) c.set(data.subarray((t * nWalkersTotal + w) * meta.nDim, (t * nWalkersTotal + w + 1) * meta.nDim), t * meta.nDim);
    return c;
  });
  const sampler = (summary.info?.sampler as string | undefined) ?? meta.sampler ?? 'ensemble';
  const side = sideFromChains(label ?? sampler, dir, meta.parameters, chains, { evaluations: summary.evaluations, wallSeconds: summary.wall_seconds, sampler, rhatChains: meta.nEnsembles, withoutEssAndRhat: true });
  side.statistics.forEach((s, d) => {
    s.essBulk = summary.parameters[d].ess_bulk;
    s.rhat = summary.parameters[d].rhat;
  });
  return side;
}
