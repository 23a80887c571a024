import fs from 'node:fs';
import path from 'node:path';
import type { EnsembleState } from './ensemble-state.ts';
import { RandomStream, type RandomState } from './random.ts';
import { writeFileAtomic } from '../atomic-write.ts';

export const STATE_FILE = 'state.json';
const FORMAT = 'smeftfit-checkpoint/1';

/** What a checkpoint holds besides the ensemble: how far the stored chain goes and the run's bookkeeping. */
export interface CheckpointExtras {
  nStored: number;
  thin: number;
  evaluations: number;
  wallSeconds: number;
  /** Fingerprint of everything that fixes the run (config, seed, sizes): resume refuses a mismatch. */
  fingerprint: string;
  /** Opaque state of the stopping rule (τ history). */
  stopRule?: unknown;
  /** Opaque sampler state beyond the chains (the Metropolis pre-run adaptation). */
  sampler?: unknown;
}

export interface Checkpoint extends CheckpointExtras {
  state: EnsembleState;
}

/** Writes `dir/state.json` atomically: a temp file in the same folder, fsynced, then renamed over the old one. */
export function writeCheckpoint(dir: string, state: EnsembleState, extras: CheckpointExtras): void {
  const body = JSON.stringify({
    format: FORMAT,
    ...extras,
    nEnsembles: state.nEnsembles,
    nWalkers: state.nWalkers,
    nDim: state.nDim,
    iteration: state.iteration,
    coords: Array.from(state.coords),
    // JSON has no ±Infinity: log-probabilities of −∞ (outside the prior) are kept as strings.
    logProb: Array.from(state.logProb, (v) => (Number.isFinite(v) ? v : String(v))),
    accepted: Array.from(state.accepted),
    randomStates: state.randoms.map((r) => r.state()),
  });
  writeFileAtomic(path.join(dir, STATE_FILE), body, { fsync: true });
}

export function readCheckpoint(dir: string): Checkpoint {
  const file = path.join(dir, STATE_FILE);
  if (!fs.existsSync(file)) throw new Error(`${file}: no checkpoint to resume from`);
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  if (raw.format !== FORMAT) throw new Error(`${file}: not a smeftfit checkpoint (format ${String(raw.format)})`);
  const numbers = (key: string) => Float64Array.from(raw[key] as (number | string)[], (v) => Number(v));
  const state: EnsembleState = {
    nEnsembles: raw.nEnsembles as number,
    nWalkers: raw.nWalkers as number,
    nDim: raw.nDim as number,
    iteration: raw.iteration as number,
    coords: numbers('coords'),
    logProb: numbers('logProb'),
    accepted: numbers('accepted'),
    randoms: (raw.randomStates as RandomState[]).map((s) => RandomStream.fromState(s)),
  };
  return {
    state,
    nStored: raw.nStored as number,
    thin: raw.thin as number,
    evaluations: raw.evaluations as number,
    wallSeconds: raw.wallSeconds as number,
    fingerprint: raw.fingerprint as string,
    stopRule: raw.stopRule,
    sampler: raw.sampler,
  };
}
