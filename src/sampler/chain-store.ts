import fs from 'node:fs';
import path from 'node:path';
import ndarray from 'ndarray';
import type { EnsembleState } from './ensemble-state.ts';
import { CHAIN_FILE, ChainFileError, ChainFileReader, ChainFileWriter, type ChainLayout } from './hdf5-chain.ts';
import { newRunId, RowDigest } from './checkpoint-digest.ts';
import { ThinSchedule } from './thin-schedule.ts';

/** What a checkpoint commits about its chain: the run's identity and the digest of the committed rows. */
export interface ChainCommitment {
  runId: string;
  chainDigest: string;
}

/**
 * Default cap on the chain rows held in memory. It keeps every row of the paper's scenarios at their step
 * caps (the largest, `ew`/`ew-tree`: 384 walkers × (22 dims + log p) × 4000 rows ≈ 270 MiB) with room to
 * spare, so their diagnostics use every draw, while any longer run stays within the same bound.
 */
export const DEFAULT_MEMORY_CAP_MB = 512;
/**
 * Fewest rows the reservoir keeps whatever the cap: the τ estimate needs ≥ 50 τ of rows to be trusted
 * (emcee's tol), so the reservoir must be able to hold a few hundred rows for a converged run to be seen.
 */
const MIN_KEPT_ROWS = 256;

/** The most chain rows a store of this shape keeps in memory (the reservoir's capacity). */
export function reservoirRows(nWalkers: number, nDim: number, memoryCapBytes = DEFAULT_MEMORY_CAP_MB * 2 ** 20): number {
  return Math.max(MIN_KEPT_ROWS, Math.floor(memoryCapBytes / (nWalkers * (nDim + 1) * 8)));
}

export interface ChainStoreOptions {
  /** Sampler steps per stored row (emcee's thin_by). */
  thin?: number;
  /** Which steps are stored when a disk cap thins the later rows (thin-schedule.ts); overrides `thin`. */
  schedule?: ThinSchedule;
  /** Cap on the bytes of chain rows held in memory (positions and log-probabilities). */
  memoryCapBytes?: number;
}

/**
 * The stored chain of a run: every `thin`-th state of all walkers (all ensembles), rows × walkers × dims in
 * float64, plus the log-probabilities (emcee's backend, anchors.md §1.5).
 *
 * The record is the HDF5 file (`chain.h5`, see hdf5-chain.ts), written as rows are produced. In memory the
 * store keeps a bounded reservoir for the diagnostics, the convergence monitor and the outputs: every
 * `thinnedBy`-th stored row, the last of each block of `thinnedBy` as emcee's thin slice `[k−1::k]`, with
 * `thinnedBy` the smallest power of two that fits the rows under the memory cap. When the reservoir is
 * full, `thinnedBy` doubles and every other kept row is dropped, so a run's memory does not grow with its
 * length; the reservoir is a pure function of the stored rows and the cap, which is what lets a resumed run
 * rebuild it exactly. Rows of the reservoir are `rowSteps = thin · thinnedBy` sampler steps apart, and are
 * what `chain`, `logProb` and `extract` return.
 *
 * In steps: the reservoir holds the stored steps that are multiples of `rowSteps`. Under a thin schedule
 * (a disk cap, thin-schedule.ts) the stored thin doubles at each stage; every stage's rows lie on the grid
 * of its thin, so halving until `rowSteps` reaches the new stored thin keeps the reservoir evenly spaced
 * in steps across the switch (`thinnedBy` counts first-stage rows).
 */
export class ChainStore {
  readonly nWalkers: number;
  readonly nDim: number;
  /** Sampler steps per stored row of the first stage (the config's thin). */
  readonly thin: number;
  /** Which step each stored row is. */
  readonly schedule: ThinSchedule;
  /** Rows stored in the chain (the file when there is one). */
  nStored = 0;
  /** Stored rows per kept row (a power of two). */
  thinnedBy = 1;
  /** Rows held in memory. */
  nRows = 0;
  readonly capRows: number;
  private positions: Float64Array;
  private logProbs: Float64Array;
  private writer?: ChainFileWriter;
  /** Running digest of every stored row (kept or not), for the checkpoint. */
  private readonly digest = new RowDigest();
  /** Identity of the run whose chain this is (chain.h5's `run_id`). */
  runId = '';
  /** Copy of the most recent stored row (kept or not). */
  private lastRow: { positions: Float64Array; logProbs: Float64Array };
  /** Rows appended since the last write to the file (at most one HDF5 chunk). */
  private pending?: { positions: Float64Array; logProbs: Float64Array; rows: number };

  constructor(nWalkers: number, nDim: number, options: ChainStoreOptions = {}) {
    this.nWalkers = nWalkers;
    this.nDim = nDim;
    this.schedule = options.schedule ?? ThinSchedule.uniform(options.thin ?? 1);
    this.thin = this.schedule.thin;
    this.capRows = reservoirRows(nWalkers, nDim, options.memoryCapBytes);
    const initial = Math.min(this.capRows, 64);
    this.positions = new Float64Array(initial * nWalkers * nDim);
    this.logProbs = new Float64Array(initial * nWalkers);
    this.lastRow = { positions: new Float64Array(nWalkers * nDim), logProbs: new Float64Array(nWalkers) };
  }

  /** The most recent stored row (a copy owned by the store). */
  lastStoredRow(): { positions: Float64Array; logProbs: Float64Array } {
    return this.lastRow;
  }

  /** Sampler steps between two kept rows. */
  get rowSteps(): number {
    return this.thin * this.thinnedBy;
  }

  /** Bytes of chain rows held in memory now. */
  get memoryBytes(): number {
    return (this.positions.length + this.logProbs.length) * 8;
  }

  /** A store writing a new chain file `dir/chain.h5`. */
  static async create(dir: string, layout: ChainLayout, options: ChainStoreOptions = {}): Promise<ChainStore> {
    const store = new ChainStore(layout.nWalkers, layout.nDim, { ...options, thin: layout.thin, schedule: layout.thinSchedule });
    store.runId = layout.runId ?? newRunId();
    store.attachWriter(await ChainFileWriter.create(path.join(dir, CHAIN_FILE), { ...layout, runId: store.runId }));
    return store;
  }

  /** The run identity and the digest of every stored row, as a checkpoint records them (after `commit`). */
  commitment(): ChainCommitment {
    return { runId: this.runId, chainDigest: this.digest.value() };
  }

  /**
   * Refuses a chain that is not the one `expected` committed: another run's (identity), or rows that
   * differ from the committed ones (digest of the rows read). Throws ChainFileError.
   */
  private checkCommitment(file: string, expected: ChainCommitment): void {
    if (this.runId !== expected.runId) throw otherRun(file, this.runId, expected.runId);
    if (this.digest.value() !== expected.chainDigest) {
      throw new ChainFileError(`${file}: its first ${this.nStored} rows differ from the rows the checkpoint committed (SHA-256 mismatch)`);
    }
  }

  /**
   * Continues the chain of `dir` after its first `committedRows` rows (a checkpoint's count). The file is
   * only read: its layout, run identity, that it holds the committed rows and the digest
   * of the committed rows (the reservoir is rebuilt by reading each committed row once, in blocks), and,
   * when given, that the last committed row is `lastRow` bit for bit. The committed rows are copied as
   * they are read into a new file (`chain.h5.<pid>.tmp`), committed with the checkpoint's `state`, which
   * then replaces chain.h5 by an atomic rename. So a resume never writes into metadata it has not made:
   * a damaged byte of the old file's HDF5 metadata that reads cleanly cannot fail a later write, and a
   * refused or killed resume leaves chain.h5 as it was. Rows written after the checkpoint by an
   * interrupted process are not copied. Throws ChainFileError when the file cannot be trusted.
   */
  static async resume(
    dir: string,
    expected: { nWalkers: number; nDim: number; thin: number; committedRows: number; lastRow?: { positions: Float64Array; logProbs: Float64Array }; commitment: ChainCommitment; state: EnsembleState },
    options: ChainStoreOptions = {},
  ): Promise<ChainStore> {
    const file = path.join(dir, CHAIN_FILE);
    const temp = `${file}.${process.pid}.tmp`;
    const reader = await ChainFileReader.open(file);
    let store: ChainStore;
    let copy: ChainFileWriter | undefined;
    try {
      const { nWalkers, nDim, iteration, rowsInFile } = reader.info;
      if (nWalkers !== expected.nWalkers || nDim !== expected.nDim) {
        throw new ChainFileError(`${file}: chain of ${nWalkers} walkers × ${nDim} dims, the checkpoint has ${expected.nWalkers} × ${expected.nDim}`);
      }
      if (reader.info.thin !== expected.thin) throw new ChainFileError(`${file}: thin_by is ${reader.info.thin}, the checkpoint's thin ${expected.thin}`);
      const schedule = options.schedule ?? ThinSchedule.uniform(expected.thin);
      if (!reader.info.thinSchedule.sameStages(schedule)) {
        throw new ChainFileError(`${file}: thin_schedule ${JSON.stringify(reader.info.thinSchedule.pairs())} is not the run's ${JSON.stringify(schedule.pairs())} (sampler.diskCapMB)`);
      }
      if (iteration < expected.committedRows || rowsInFile < expected.committedRows) {
        throw new ChainFileError(`${file}: holds ${Math.min(iteration, rowsInFile)} committed rows, the checkpoint records ${expected.committedRows}: the chain file is truncated or older than the checkpoint`);
      }
      if (reader.info.runId !== expected.commitment.runId) throw otherRun(file, reader.info.runId, expected.commitment.runId);
      fs.rmSync(temp, { force: true });
      copy = await ChainFileWriter.create(temp, reader.info);
      store = ChainStore.fromFile(reader, expected.committedRows, { ...options, schedule }, copy);
      store.runId = reader.info.runId ?? '';
      store.checkCommitment(file, expected.commitment);
      const { lastRow } = expected;
      if (lastRow && store.nStored > 0 && !(sameBits(store.lastRow.positions, lastRow.positions) && sameBits(store.lastRow.logProbs, lastRow.logProbs))) {
        throw new ChainFileError(`${file}: its last row differs from the checkpoint's walkers (not this run's chain)`);
      }
      copy.commit(expected.state.accepted, expected.state.iteration);
      copy.close();
      copy = undefined;
    } catch (error) {
      copy?.close();
      fs.rmSync(temp, { force: true });
      throw error;
    } finally {
      reader.close();
    }
    fs.renameSync(temp, file);
    store.attachWriter(await ChainFileWriter.reopen(file, expected));
    return store;
  }

  /**
   * Reads the first `rows` rows of `dir`'s chain into a store without opening it for writing; with a
   * checkpoint's `commitment`, refuses a chain that is not the one it committed.
   */
  static async load(dir: string, rows: number, options: ChainStoreOptions = {}, commitment?: ChainCommitment): Promise<ChainStore> {
    const reader = await ChainFileReader.open(path.join(dir, CHAIN_FILE));
    try {
      const { iteration, rowsInFile } = reader.info;
      if (iteration < rows || rowsInFile < rows) {
        throw new ChainFileError(`${reader.path}: holds ${Math.min(iteration, rowsInFile)} committed rows, the checkpoint records ${rows}: the chain file is truncated or older than the checkpoint`);
      }
      if (commitment !== undefined && reader.info.runId !== commitment.runId) throw otherRun(reader.path, reader.info.runId, commitment.runId);
      const store = ChainStore.fromFile(reader, rows, { ...options, schedule: reader.info.thinSchedule });
      store.runId = reader.info.runId ?? '';
      if (commitment !== undefined) store.checkCommitment(reader.path, commitment);
      return store;
    } finally {
      reader.close();
    }
  }

  /** A store of the first `rows` rows of `reader`'s chain; with `copyTo`, each block read is also appended there. */
  private static fromFile(reader: ChainFileReader, rows: number, options: ChainStoreOptions, copyTo?: ChainFileWriter): ChainStore {
    const { nWalkers, nDim } = reader.info;
    const store = new ChainStore(nWalkers, nDim, options);
    const rowP = nWalkers * nDim;
    reader.forEachBlock(rows, (block) => {
      copyTo?.append(block.positions, block.logProbs, block.nRows);
      for (let r = 0; r < block.nRows; r++) {
        store.keep(block.positions.subarray(r * rowP, (r + 1) * rowP), block.logProbs.subarray(r * nWalkers, (r + 1) * nWalkers));
      }
    });
    return store;
  }

  private attachWriter(writer: ChainFileWriter): void {
    this.writer = writer;
    // A chunk of one row (rows of 8 MB and more: 65 536 walkers × 16 dimensions) goes to the file straight
    // from the state: no queue, and no second copy of a row that can be 52 MB.
    if (writer.chunkRows === 1) return;
    this.pending = {
      positions: new Float64Array(writer.chunkRows * this.nWalkers * this.nDim),
      logProbs: new Float64Array(writer.chunkRows * this.nWalkers),
      rows: 0,
    };
  }

  /** Whether step `step` is the next row's (run loops call `append` exactly then). */
  storesStep(step: number): boolean {
    return step === this.schedule.stepOfRow(this.nStored);
  }

  /** Stores the current state as the next row (kept in memory if the reservoir takes it, queued for the file). */
  append(state: EnsembleState): void {
    this.keep(state.coords, state.logProb);
    if (this.writer !== undefined && this.writer.chunkRows === 1) {
      this.writer.append(state.coords, state.logProb, 1);
      return;
    }
    const pending = this.pending;
    if (!pending || !this.writer) return;
    pending.positions.set(state.coords, pending.rows * this.nWalkers * this.nDim);
    pending.logProbs.set(state.logProb, pending.rows * this.nWalkers);
    pending.rows += 1;
    // Whole HDF5 chunks go out as soon as they are complete.
    if (this.nStored % this.writer.chunkRows === 0 || pending.rows === this.writer.chunkRows) this.writePending();
  }

  /**
   * Makes every stored row durable in the file, with the acceptance counts of `state` (called before a
   * checkpoint's state file is renamed into place, so a checkpoint never records rows the file lacks).
   */
  commit(state: EnsembleState): void {
    if (!this.writer) return;
    this.writePending();
    this.writer.commit(state.accepted, state.iteration);
  }

  close(): void {
    this.writer?.close();
    this.writer = undefined;
    this.pending = undefined;
  }

  private writePending(): void {
    const pending = this.pending;
    if (pending === undefined) return; // rows of one-row chunks are written as they come
    this.writer!.append(pending.positions, pending.logProbs, pending.rows);
    pending.rows = 0;
  }

  /** Counts stored row `nStored` and keeps it if it falls on the reservoir's thinning grid. */
  private keep(coords: Float64Array, logProb: Float64Array): void {
    const row = this.nStored;
    this.nStored += 1;
    this.digest.update(coords, logProb);
    this.lastRow.positions.set(coords);
    this.lastRow.logProbs.set(logProb);
    // The stored thin doubled (a new stage): coarsen the reservoir to it, so its rows stay evenly spaced.
    const storedThin = this.schedule.stageOfRow(row).thin;
    while (this.rowSteps < storedThin) this.halve();
    const step = this.schedule.stepOfRow(row);
    if (step % this.rowSteps !== 0) return;
    if (this.nRows === this.capRows) {
      this.halve();
      if (step % this.rowSteps !== 0) return;
    }
    this.ensureCapacity(this.nRows + 1);
    this.positions.set(coords, this.nRows * this.nWalkers * this.nDim);
    this.logProbs.set(logProb, this.nRows * this.nWalkers);
    this.nRows += 1;
  }

  /** Doubles thinnedBy: keeps kept rows 1, 3, 5, … (steps 2·rowSteps, 4·rowSteps, …: the new grid). */
  private halve(): void {
    const rowP = this.nWalkers * this.nDim;
    const kept = Math.floor(this.nRows / 2);
    for (let i = 0; i < kept; i++) {
      this.positions.copyWithin(i * rowP, (2 * i + 1) * rowP, (2 * i + 2) * rowP);
      this.logProbs.copyWithin(i * this.nWalkers, (2 * i + 1) * this.nWalkers, (2 * i + 2) * this.nWalkers);
    }
    this.nRows = kept;
    this.thinnedBy *= 2;
  }

  /** rows × walkers × dims view of the kept rows from `discard` on, every `thin`-th (emcee's slice). */
  chain(discard = 0, thin = 1): ndarray.NdArray<Float64Array> {
    const full = ndarray(this.positions.subarray(0, this.nRows * this.nWalkers * this.nDim), [this.nRows, this.nWalkers, this.nDim]);
    return full.lo(Math.min(discard + thin - 1, this.nRows)).step(thin, 1, 1);
  }

  /** rows × walkers view of the kept log-probabilities. */
  logProb(discard = 0, thin = 1): ndarray.NdArray<Float64Array> {
    const full = ndarray(this.logProbs.subarray(0, this.nRows * this.nWalkers), [this.nRows, this.nWalkers]);
    return full.lo(Math.min(discard + thin - 1, this.nRows)).step(thin, 1);
  }

  /**
   * Kept rows from `discard` on, rows × walkers × dims (step-major), of a walker range. For all walkers this
   * is a view into the reservoir (read-only, valid until the next append); for a range, a copy.
   */
  extract(discard: number, walkerStart = 0, walkerCount = this.nWalkers): { data: Float64Array; nSteps: number } {
    const nSteps = Math.max(0, this.nRows - discard);
    const rowP = this.nWalkers * this.nDim;
    if (walkerStart === 0 && walkerCount === this.nWalkers) return { data: this.positions.subarray(discard * rowP, this.nRows * rowP), nSteps };
    const data = new Float64Array(nSteps * walkerCount * this.nDim);
    for (let t = 0; t < nSteps; t++) {
      const from = (discard + t) * rowP + walkerStart * this.nDim;
      data.set(this.positions.subarray(from, from + walkerCount * this.nDim), t * walkerCount * this.nDim);
    }
    return { data, nSteps };
  }

  private ensureCapacity(rows: number): void {
    const rowP = this.nWalkers * this.nDim;
    if (rows * rowP <= this.positions.length) return;
    const capacity = Math.min(this.capRows, Math.max(rows, Math.ceil((this.positions.length / rowP) * 1.5)));
    const positions = new Float64Array(capacity * rowP);
    positions.set(this.positions);
    this.positions = positions;
    const logProbs = new Float64Array(capacity * this.nWalkers);
    logProbs.set(this.logProbs);
    this.logProbs = logProbs;
  }
}

function otherRun(file: string, found: string | undefined, expected: string): ChainFileError {
  return new ChainFileError(`${file}: belongs to run ${found || '(none recorded)'}, the checkpoint to run ${expected}: a chain file from another run`);
}

function sameBits(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}
