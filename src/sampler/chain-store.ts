import fs from 'node:fs';
import path from 'node:path';
import ndarray from 'ndarray';
import type { EnsembleState } from './ensemble-state.ts';

export const CHAIN_FILE = 'chain.f64';
export const LOG_PROB_FILE = 'logprob.f64';

/**
 * Stored chain: every `thin`-th state of all walkers (all ensembles), steps × walkers × dims in float64,
 * plus the log-probabilities, as emcee's backend (anchors.md §1.5). Rows live in memory (growable
 * typed arrays, exposed as ndarray views) and, when a directory is given, are appended to raw
 * little-endian float64 files so a run can be checkpointed and resumed without rewriting the chain.
 */
export class ChainStore {
  readonly nWalkers: number;
  readonly nDim: number;
  nStored = 0;
  private positions: Float64Array;
  private logProbs: Float64Array;
  private files?: { chain: number; logProb: number };

  constructor(nWalkers: number, nDim: number, capacity = 1024) {
    this.nWalkers = nWalkers;
    this.nDim = nDim;
    this.positions = new Float64Array(Math.max(1, capacity) * nWalkers * nDim);
    this.logProbs = new Float64Array(Math.max(1, capacity) * nWalkers);
  }

  /** Opens (or re-opens, truncated to `keepRows`) the chain files in `dir` and loads the kept rows. */
  attach(dir: string, keepRows = 0): void {
    const chainPath = path.join(dir, CHAIN_FILE);
    const logProbPath = path.join(dir, LOG_PROB_FILE);
    if (keepRows > 0) this.attachReadOnly(dir, keepRows);
    // Rows past the last checkpoint were written by an interrupted process: drop them.
    for (const [file, rowLength] of [
      [chainPath, this.nWalkers * this.nDim],
      [logProbPath, this.nWalkers],
    ] as const) {
      if (fs.existsSync(file)) fs.truncateSync(file, keepRows * rowLength * 8);
    }
    this.files = { chain: fs.openSync(chainPath, 'a'), logProb: fs.openSync(logProbPath, 'a') };
  }

  /** Loads the first `rows` stored rows of `dir` without opening the files for writing. */
  attachReadOnly(dir: string, rows: number): void {
    const positions = readFloat64(path.join(dir, CHAIN_FILE), rows * this.nWalkers * this.nDim);
    const logProbs = readFloat64(path.join(dir, LOG_PROB_FILE), rows * this.nWalkers);
    this.ensureCapacity(rows);
    this.positions.set(positions);
    this.logProbs.set(logProbs);
    this.nStored = rows;
  }

  append(state: EnsembleState): void {
    this.ensureCapacity(this.nStored + 1);
    const rowP = this.nWalkers * this.nDim;
    this.positions.set(state.coords, this.nStored * rowP);
    this.logProbs.set(state.logProb, this.nStored * this.nWalkers);
    if (this.files) {
      fs.writeSync(this.files.chain, toBytes(state.coords));
      fs.writeSync(this.files.logProb, toBytes(state.logProb));
    }
    this.nStored += 1;
  }

  /** Forces appended rows to disk (called before a checkpoint's state file is renamed into place). */
  flush(): void {
    if (!this.files) return;
    fs.fsyncSync(this.files.chain);
    fs.fsyncSync(this.files.logProb);
  }

  close(): void {
    if (!this.files) return;
    fs.closeSync(this.files.chain);
    fs.closeSync(this.files.logProb);
    this.files = undefined;
  }

  /** steps × walkers × dims view of the stored rows from `discard` on, every `thin`-th (emcee's slice). */
  chain(discard = 0, thin = 1): ndarray.NdArray<Float64Array> {
    const full = ndarray(this.positions.subarray(0, this.nStored * this.nWalkers * this.nDim), [this.nStored, this.nWalkers, this.nDim]);
    return full.lo(Math.min(discard + thin - 1, this.nStored)).step(thin, 1, 1);
  }

  /** steps × walkers view of the stored log-probabilities. */
  logProb(discard = 0, thin = 1): ndarray.NdArray<Float64Array> {
    const full = ndarray(this.logProbs.subarray(0, this.nStored * this.nWalkers), [this.nStored, this.nWalkers]);
    return full.lo(Math.min(discard + thin - 1, this.nStored)).step(thin, 1);
  }

  /** Contiguous copy steps × walkers × dims (step-major) of a walker range, for the diagnostics. */
  extract(discard: number, walkerStart = 0, walkerCount = this.nWalkers): { data: Float64Array; nSteps: number } {
    const nSteps = Math.max(0, this.nStored - discard);
    const data = new Float64Array(nSteps * walkerCount * this.nDim);
    const rowP = this.nWalkers * this.nDim;
    for (let t = 0; t < nSteps; t++) {
      const from = (discard + t) * rowP + walkerStart * this.nDim;
      data.set(this.positions.subarray(from, from + walkerCount * this.nDim), t * walkerCount * this.nDim);
    }
    return { data, nSteps };
  }

  private ensureCapacity(rows: number): void {
    const rowP = this.nWalkers * this.nDim;
    if (rows * rowP <= this.positions.length) return;
    const capacity = Math.max(rows, Math.ceil((this.positions.length / rowP) * 1.5));
    const positions = new Float64Array(capacity * rowP);
    positions.set(this.positions);
    this.positions = positions;
    const logProbs = new Float64Array(capacity * this.nWalkers);
    logProbs.set(this.logProbs);
    this.logProbs = logProbs;
  }
}

function toBytes(a: Float64Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Reads the first `count` float64 values of a raw little-endian file. */
export function readFloat64(file: string, count: number): Float64Array {
  const bytes = fs.readFileSync(file);
  if (bytes.byteLength < count * 8) throw new Error(`${file}: holds ${bytes.byteLength / 8} values, expected at least ${count}`);
  const out = new Float64Array(count);
  new Uint8Array(out.buffer).set(bytes.subarray(0, count * 8));
  return out;
}
