/**
 * The chain file of a run, `chain.h5`, in emcee's HDFBackend layout (emcee 3.1 `src/emcee/backends/hdf.py`),
 * so that `emcee.backends.HDFBackend(path, read_only=True)` and plain h5py read it:
 *
 *   group `mcmc`, attributes  version (str), nwalkers, ndim (int64), has_blobs (0), iteration (int64)
 *     chain     float64 [rows, nwalkers, ndim], maxshape (None, nwalkers, ndim), chunked
 *     log_prob  float64 [rows, nwalkers],       maxshape (None, nwalkers),       chunked
 *     accepted  float64 [nwalkers]
 *
 * As in emcee, `iteration` counts the stored rows a reader may use (get_chain slices `[:iteration]`), and
 * the datasets may hold more rows than that. `accepted / iteration` is emcee's acceptance_fraction; emcee
 * with thin_by counts only the accepts of stored steps, here `accepted` is the count over every step
 * rescaled to stored rows (accepted_total · iteration / steps), so acceptance_fraction is the run's exact
 * acceptance fraction (and, for thin = 1, `accepted` is the plain count). No `random_state_*` attributes:
 * the generators are not numpy's; a run resumes from its checkpoint, not from this file.
 *
 * A file written by emcee itself reads too (the additions are optional for a reader).
 *
 * Additions emcee ignores: attributes `format`, `thin_by`, `steps` (sampler steps at the last commit),
 * `nensembles`, `parameter_names`, and once the run is summarised `burn_in_steps` (the burn-in of
 * summary.json, in sampler steps) with `discard` (the same in stored rows: emcee's
 * `get_chain(discard=…)`); under `sampler.diskCapMB`, `disk_cap_mb`, `thin_requested` and `thin_schedule`
 * (int64 [stages, 2]: from row first_row on, a row every `thin` steps; thin-schedule.ts maps row → step, and
 * `thin_by` is then the first stage's thin); datasets `ensemble` (int32, ensemble index of each walker: the walkers of
 * all ensembles lie side by side, ensemble e owning columns e·W … (e+1)·W − 1) and `accepted_total`.
 *
 * Integrity: the data sets are chunked without any filter (no compression, no Fletcher-32 checksum). A
 * commit usually ends inside a chunk, so the next commit rewrites that chunk: unfiltered, HDF5 rewrites it
 * in place, the committed rows with the bytes they already hold, so a write torn by kill -9 (or a crash)
 * can only leave wrong bytes in rows no checkpoint has committed yet. A checksummed chunk would instead
 * fail its checksum as a whole after a torn rewrite, losing the committed rows it holds as well. Damage
 * to committed rows is caught by the checkpoint's SHA-256 of the committed rows (checkpoint-digest.ts),
 * recomputed whenever a run is resumed or its chain read with its checkpoint.
 *
 * Writing: rows are appended in whole HDF5 chunks and at each commit (checkpoint), which writes the pending
 * rows, sets `iteration`, flushes the HDF5 caches and fsyncs the file. Between commits the HDF5 metadata on
 * disk is that of the last commit, so a process killed between checkpoints leaves a file that still reads
 * correctly up to the committed rows; a resume cuts it back to the rows its checkpoint records.
 */
import fs from 'node:fs';
import type * as H5 from 'h5wasm';
import { EnvironmentError, systemErrorCause } from '../errors.ts';
import { ChainFileError } from './chain-file-error.ts';
import { probeHdf5File } from './chain-file-probe.ts';
import { ThinSchedule } from './thin-schedule.ts';

export const CHAIN_FILE = 'chain.h5';
export const CHAIN_GROUP = 'mcmc';
const FORMAT = 'smeftfit-chain/1';
const VERSION = 'smeftfit 0.1.0 (emcee HDFBackend layout)';
/**
 * Bytes per chunk of `chain`: half of HDF5's default 1 MiB raw-data chunk cache, so a partly written chunk
 * stays cached between appends, and small enough that a commit rewrites little.
 */
const CHUNK_BYTES = 512 * 1024;
/** Largest read issued to the library at once (its copy lives on the WASM heap, which never shrinks). */
const READ_BYTES = 4 * 1024 * 1024;

type H5Module = typeof import('h5wasm');
let loaded: Promise<H5Module> | undefined;

/** Loads h5wasm's Node build once; HDF5 errors then throw (with the library's message) instead of printing. */
export function loadHdf5(): Promise<H5Module> {
  loaded ??= (async () => {
    const h5 = (await import('h5wasm/node')) as unknown as H5Module;
    const module = (await h5.ready) as unknown as { activate_throwing_error_handler(): number };
    module.activate_throwing_error_handler();
    return h5;
  })();
  return loaded;
}

/** A chain file that cannot be used: truncated, damaged, not HDF5, or of another run's shape. */
export { ChainFileError };

export interface ChainLayout {
  nWalkers: number;
  nDim: number;
  /** Sampler steps per stored row (emcee's thin_by). */
  thin: number;
  parameterNames: readonly string[];
  /** Ensemble index of each of the nWalkers walkers. */
  ensembleOfWalker: Int32Array;
  /** Identity of the run that wrote the chain (attribute `run_id`; absent in files emcee wrote). */
  runId?: string;
  /** sampler.diskCapMB and the config's thin (attributes `disk_cap_mb`, `thin_requested`), when a cap is set. */
  diskCap?: { capMB: number; requestedThin: number };
  /**
   * The steps stored under the cap (thin-schedule.ts), written with `diskCap` as `thin_schedule`, int64
   * [stages, 2] of [first_row, thin]; without it every `thin`-th step is stored.
   */
  thinSchedule?: ThinSchedule;
}

export interface ChainFileInfo extends ChainLayout {
  /** Which step each row is: `thin_schedule` when recorded, else every `thin_by`-th step. */
  thinSchedule: ThinSchedule;
  /** Committed rows (emcee's `iteration`). */
  iteration: number;
  /** Rows the datasets hold (≥ iteration after an interrupted append). */
  rowsInFile: number;
  steps: number;
  /** The run's burn-in in sampler steps, once recorded (`recordBurnIn`). */
  burnInSteps?: number;
}

/** Rows of a chain read back: positions rows × walkers × dims and log-probabilities rows × walkers. */
export interface ChainRows {
  positions: Float64Array;
  logProbs: Float64Array;
  nRows: number;
}

/** Rows per HDF5 chunk of a chain of this shape (the file grows by whole chunks). */
export function chunkRows(nWalkers: number, nDim: number): number {
  return Math.max(1, Math.floor(CHUNK_BYTES / (nWalkers * nDim * 8)));
}

/**
 * One line from an HDF5 error: the innermost frame's description (e.g. "truncated file: eof = …"), which
 * says what is wrong, rather than the outermost "unable to open file".
 */
function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const frames = [...text.matchAll(/#\d+:.*? in [^\s(]+\(\): (.*)$/gm)];
  if (frames.length > 0) return frames[frames.length - 1][1].trim();
  return text.split('\n').map((l) => l.trim()).find(Boolean) ?? 'unknown error';
}

function entityType(entity: H5.Entity | null): string | undefined {
  return (entity as { type?: string } | null)?.type;
}

/** Reads and checks the layout of an open file (throws ChainFileError naming `file`). */
function readInfo(file: H5.File, path: string): ChainFileInfo {
  const group = file.get(CHAIN_GROUP);
  if (entityType(group) !== 'Group') throw new ChainFileError(`${path}: no '${CHAIN_GROUP}' group (not an emcee-layout chain file)`);
  const g = group as H5.Group;
  const attribute = (name: string): unknown => {
    if (!(name in g.attrs)) throw new ChainFileError(`${path}: attribute ${CHAIN_GROUP}/${name} is missing`);
    return g.get_attribute(name, true);
  };
  const integer = (name: string): number => {
    const value = Number(attribute(name));
    if (!Number.isInteger(value) || value < 0) throw new ChainFileError(`${path}: attribute ${CHAIN_GROUP}/${name} is not a non-negative integer`);
    return value;
  };
  const nWalkers = integer('nwalkers');
  const nDim = integer('ndim');
  const dataset = (name: string, shape: number[]): H5.Dataset => {
    const d = g.get(name);
    if (entityType(d) !== 'Dataset') throw new ChainFileError(`${path}: dataset ${CHAIN_GROUP}/${name} is missing`);
    const actual = (d as H5.Dataset).shape ?? [];
    const ok = actual.length === shape.length && shape.every((n, i) => n < 0 || actual[i] === n);
    if (!ok) throw new ChainFileError(`${path}: ${CHAIN_GROUP}/${name} has shape [${actual.join(', ')}], expected [${shape.map((n) => (n < 0 ? 'rows' : n)).join(', ')}]`);
    return d as H5.Dataset;
  };
  const chain = dataset('chain', [-1, nWalkers, nDim]);
  const logProb = dataset('log_prob', [-1, nWalkers]);
  if (chain.dtype !== '<d' || logProb.dtype !== '<d') throw new ChainFileError(`${path}: ${CHAIN_GROUP}/chain and log_prob must be little-endian float64`);
  const rowsInFile = Math.min(chain.shape![0], logProb.shape![0]);
  const iteration = integer('iteration');
  // The additions are optional, so that a chain written by emcee itself reads too (one ensemble, thin 1,
  // parameters theta[i], as emcee knows none of them).
  const has = (name: string) => name in g.attrs;
  const thin = has('thin_by') ? integer('thin_by') : 1;
  const names = has('parameter_names') ? attribute('parameter_names') : Array.from({ length: nDim }, (_, i) => `theta[${i}]`);
  const parameterNames = Array.isArray(names) ? names.map(String) : [String(names)];
  if (parameterNames.length !== nDim) throw new ChainFileError(`${path}: ${parameterNames.length} parameter_names for ${nDim} dims`);
  return {
    nWalkers,
    nDim,
    thin,
    steps: has('steps') ? integer('steps') : iteration * thin,
    ...(has('burn_in_steps') && { burnInSteps: integer('burn_in_steps') }),
    iteration,
    rowsInFile,
    parameterNames,
    ensembleOfWalker: g.keys().includes('ensemble') ? Int32Array.from(dataset('ensemble', [nWalkers]).value as ArrayLike<number>) : new Int32Array(nWalkers),
    runId: has('run_id') ? String(attribute('run_id')) : undefined,
    diskCap: has('disk_cap_mb') && has('thin_requested') ? { capMB: Number(attribute('disk_cap_mb')), requestedThin: integer('thin_requested') } : undefined,
    thinSchedule: has('thin_schedule') ? readSchedule(attribute('thin_schedule'), thin, path) : ThinSchedule.uniform(thin),
  };
}

/** `thin_schedule` ([first_row, thin] pairs, nested or flat as the library returns them), checked against `thin_by`. */
function readSchedule(value: unknown, thin: number, path: string): ThinSchedule {
  const flat = (Array.isArray(value) ? value.flat() : ArrayBuffer.isView(value) ? Array.from(value as unknown as ArrayLike<number | bigint>) : [value]).map(Number);
  let schedule: ThinSchedule;
  try {
    if (flat.length % 2 !== 0) throw new Error('thin_schedule must hold [first_row, thin] pairs');
    schedule = ThinSchedule.fromPairs(Array.from({ length: flat.length / 2 }, (_, i) => [flat[2 * i], flat[2 * i + 1]] as const));
  } catch (error) {
    throw new ChainFileError(`${path}: attribute ${CHAIN_GROUP}/thin_schedule: ${(error as Error).message}`);
  }
  if (schedule.thin !== thin) throw new ChainFileError(`${path}: attribute ${CHAIN_GROUP}/thin_schedule starts at thin ${schedule.thin}, thin_by is ${thin}`);
  return schedule;
}

/** Writes the attribute `name` (replacing it: h5wasm cannot overwrite an attribute in place). */
function setAttribute(group: H5.Group, name: string, value: Parameters<H5.Group['create_attribute']>[1], shape?: number[]): void {
  if (name in group.attrs) group.delete_attribute(name);
  group.create_attribute(name, value, shape);
}

function int64(value: number): BigInt64Array {
  return BigInt64Array.of(BigInt(value));
}

/** Read access to a chain file. */
export class ChainFileReader {
  protected constructor(
    protected readonly file: H5.File,
    readonly path: string,
    readonly info: ChainFileInfo,
  ) {}

  /**
   * Opens `path` read-only and checks its layout. The file was written by another process (or is a copy),
   * so it is first opened and walked in a worker thread under a time limit (chain-file-probe.ts): damaged
   * metadata that would make the library loop forever is refused with one line instead of hanging.
   */
  static async open(path: string): Promise<ChainFileReader> {
    if (fs.existsSync(path)) await probeHdf5File(path, { group: CHAIN_GROUP });
    const file = await openFile(path, 'r');
    try {
      return new ChainFileReader(file, path, readInfo(file, path));
    } catch (error) {
      closeQuietly(file);
      throw error;
    }
  }

  /**
   * Rows [start, end) (of the datasets, committed or not), every `step`-th from `start`, in one read.
   * Callers keep a read small (see `forEachBlock`): its copy passes through the WASM heap.
   */
  readRows(start: number, end: number, step = 1): ChainRows {
    const { nWalkers, nDim, rowsInFile } = this.info;
    if (!(0 <= start && start <= end && end <= rowsInFile)) throw new ChainFileError(`${this.path}: rows [${start}, ${end}) are not in the file (it holds ${rowsInFile})`);
    const nRows = Math.ceil((end - start) / step);
    if (nRows === 0) return { positions: new Float64Array(0), logProbs: new Float64Array(0), nRows: 0 };
    const group = this.file.get(CHAIN_GROUP) as H5.Group;
    try {
      const positions = (group.get('chain') as H5.Dataset).slice([[start, end, step], [], []]) as Float64Array;
      const logProbs = (group.get('log_prob') as H5.Dataset).slice([[start, end, step], []]) as Float64Array;
      if (positions.length !== nRows * nWalkers * nDim || logProbs.length !== nRows * nWalkers) throw new Error('short read');
      return { positions, logProbs, nRows };
    } catch (error) {
      throw new ChainFileError(`${this.path}: rows [${start}, ${end}) cannot be read (${oneLine(error)}): the file is damaged`);
    }
  }

  /**
   * Calls `visit` with consecutive blocks of the rows [from, end), each a few MiB at most, so reading a
   * chain of any length needs bounded memory.
   */
  forEachBlock(end: number, visit: (rows: ChainRows, firstRow: number) => void, from = 0): void {
    const rowBytes = this.info.nWalkers * (this.info.nDim + 1) * 8;
    const blockRows = Math.max(1, Math.floor(READ_BYTES / rowBytes));
    for (let start = from; start < end; start += blockRows) visit(this.readRows(start, Math.min(end, start + blockRows)), start);
  }

  /** Each walker's acceptance fraction over the whole run (emcee's acceptance_fraction). */
  acceptanceFraction(): Float64Array {
    const group = this.file.get(CHAIN_GROUP) as H5.Group;
    const { steps, iteration, nWalkers } = this.info;
    // accepted_total counts every step; emcee's own files have only `accepted` over stored rows.
    const [name, over] = group.keys().includes('accepted_total') ? ['accepted_total', steps] : ['accepted', iteration];
    const counts = (group.get(name) as H5.Dataset).value as Float64Array;
    return Float64Array.from({ length: nWalkers }, (_, w) => (over > 0 ? counts[w] / over : NaN));
  }

  close(): void {
    closeQuietly(this.file);
  }
}

/** Append access: rows are added at the end, made durable by `commit`. */
export class ChainFileWriter extends ChainFileReader {
  private rows: number;
  readonly chunkRows: number;

  private constructor(file: H5.File, path: string, info: ChainFileInfo) {
    super(file, path, info);
    this.rows = info.rowsInFile;
    this.chunkRows = chunkRows(info.nWalkers, info.nDim);
  }

  /** Creates `path` (refusing if a file is there) with the emcee layout and no rows. */
  static async create(path: string, layout: ChainLayout): Promise<ChainFileWriter> {
    const { nWalkers, nDim, thin, parameterNames, ensembleOfWalker, runId, diskCap, thinSchedule } = layout;
    if (parameterNames.length !== nDim || ensembleOfWalker.length !== nWalkers) throw new Error('ChainFileWriter.create: layout sizes disagree');
    // 'x' (H5F_ACC_EXCL): an existing chain is never truncated, whatever the caller checked before.
    const file = await openFile(path, 'x');
    const group = file.create_group(CHAIN_GROUP);
    // emcee's reset(): these five attributes, `accepted`, and empty resizable `chain` and `log_prob`.
    group.create_attribute('version', VERSION);
    group.create_attribute('nwalkers', int64(nWalkers), []);
    group.create_attribute('ndim', int64(nDim), []);
    group.create_attribute('has_blobs', Int8Array.of(0), []);
    group.create_attribute('iteration', int64(0), []);
    group.create_dataset({ name: 'accepted', data: new Float64Array(nWalkers) });
    const rowsPerChunk = chunkRows(nWalkers, nDim);
    // No filter: a chunk holding committed rows is rewritten in place, never made unreadable (header).
    const chunked = { dtype: '<d' };
    group.create_dataset({ name: 'chain', data: new Float64Array(0), shape: [0, nWalkers, nDim], maxshape: [null, nWalkers, nDim], chunks: [rowsPerChunk, nWalkers, nDim], ...chunked });
    group.create_dataset({ name: 'log_prob', data: new Float64Array(0), shape: [0, nWalkers], maxshape: [null, nWalkers], chunks: [rowsPerChunk, nWalkers], ...chunked });
    // Additions emcee ignores.
    group.create_attribute('format', FORMAT);
    group.create_attribute('thin_by', int64(thin), []);
    group.create_attribute('steps', int64(0), []);
    group.create_attribute('nensembles', int64(new Set(ensembleOfWalker).size), []);
    group.create_attribute('parameter_names', [...parameterNames]);
    group.create_dataset({ name: 'ensemble', data: Int32Array.from(ensembleOfWalker) });
    group.create_dataset({ name: 'accepted_total', data: new Float64Array(nWalkers) });
    if (runId !== undefined) group.create_attribute('run_id', runId);
    if (diskCap !== undefined) {
      group.create_attribute('disk_cap_mb', Float64Array.of(diskCap.capMB), []);
      group.create_attribute('thin_requested', int64(diskCap.requestedThin), []);
      if (thinSchedule !== undefined) {
        if (thinSchedule.thin !== thin) throw new Error('ChainFileWriter.create: thin schedule and thin disagree');
        const pairs = thinSchedule.pairs();
        group.create_attribute('thin_schedule', BigInt64Array.from(pairs.flat(), BigInt), [pairs.length, 2]);
      }
    }
    file.flush();
    return new ChainFileWriter(file, path, readInfo(file, path));
  }

  /**
   * Opens an existing chain for appending after `committedRows` rows (a checkpoint's count), after checking
   * that it is this run's chain and holds at least those rows; rows past them (written after the
   * checkpoint by an interrupted process) are dropped. Throws ChainFileError otherwise.
   */
  static async reopen(path: string, expected: { nWalkers: number; nDim: number; committedRows: number }): Promise<ChainFileWriter> {
    if (!fs.existsSync(path)) throw new ChainFileError(`${path}: the chain file is missing`);
    const file = await openFile(path, 'a');
    try {
      const info = readInfo(file, path);
      if (info.nWalkers !== expected.nWalkers || info.nDim !== expected.nDim) {
        throw new ChainFileError(`${path}: chain of ${info.nWalkers} walkers × ${info.nDim} dims, the checkpoint has ${expected.nWalkers} × ${expected.nDim}`);
      }
      if (info.iteration < expected.committedRows || info.rowsInFile < expected.committedRows) {
        throw new ChainFileError(`${path}: holds ${Math.min(info.iteration, info.rowsInFile)} committed rows, the checkpoint records ${expected.committedRows}: the chain file is truncated or older than the checkpoint`);
      }
      const writer = new ChainFileWriter(file, path, info);
      writer.truncate(expected.committedRows);
      return writer;
    } catch (error) {
      closeQuietly(file);
      throw error;
    }
  }

  /** Rows in the datasets (committed or not). */
  get nRows(): number {
    return this.rows;
  }

  /** Appends `nRows` rows (positions rows × walkers × dims, log-probabilities rows × walkers). */
  append(positions: Float64Array, logProbs: Float64Array, nRows: number): void {
    if (nRows === 0) return;
    const { nWalkers, nDim } = this.info;
    const group = this.file.get(CHAIN_GROUP) as H5.Group;
    const chain = group.get('chain') as H5.Dataset;
    const logProb = group.get('log_prob') as H5.Dataset;
    const end = this.rows + nRows;
    try {
      chain.resize([end, nWalkers, nDim]);
      logProb.resize([end, nWalkers]);
      chain.write_slice([[this.rows, end], [], []], positions.subarray(0, nRows * nWalkers * nDim));
      logProb.write_slice([[this.rows, end], []], logProbs.subarray(0, nRows * nWalkers));
    } catch (error) {
      throw writeFailure(this.path, error);
    }
    this.rows = end;
    this.info.rowsInFile = end;
  }

  /**
   * Makes every appended row durable: sets `iteration` to the row count, writes the acceptance counts,
   * flushes the library's caches and fsyncs the file.
   */
  commit(acceptedTotal: Float64Array, steps: number): void {
    const group = this.file.get(CHAIN_GROUP) as H5.Group;
    const accepted = Float64Array.from(acceptedTotal, (a) => (steps > 0 ? (a * this.rows) / steps : 0));
    try {
      (group.get('accepted') as H5.Dataset).write_slice([[0, accepted.length]], accepted);
      (group.get('accepted_total') as H5.Dataset).write_slice([[0, acceptedTotal.length]], acceptedTotal);
      setAttribute(group, 'steps', int64(steps), []);
      setAttribute(group, 'iteration', int64(this.rows), []);
      this.file.flush();
      // H5Fflush hands the data to the OS; fsync on any descriptor of the file makes it durable.
      const fd = fs.openSync(this.path, 'r');
      try {
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    } catch (error) {
      throw writeFailure(this.path, error);
    }
    this.info.iteration = this.rows;
    this.info.steps = steps;
  }

  /** Cuts the datasets back to `rows` rows (and `iteration` to at most that). */
  private truncate(rows: number): void {
    const { nWalkers, nDim } = this.info;
    const group = this.file.get(CHAIN_GROUP) as H5.Group;
    (group.get('chain') as H5.Dataset).resize([rows, nWalkers, nDim]);
    (group.get('log_prob') as H5.Dataset).resize([rows, nWalkers]);
    this.rows = rows;
    this.info.rowsInFile = rows;
    if (this.info.iteration > rows) {
      setAttribute(group, 'iteration', int64(rows), []);
      this.info.iteration = rows;
    }
  }
}

/**
 * Records the burn-in of a finished run in its chain file: `burn_in_steps` (sampler steps) and `discard`
 * (stored rows, emcee's get_chain argument), so that a reader of chain.h5 alone drops what the summary did.
 */
export async function recordBurnIn(path: string, burnInSteps: number): Promise<void> {
  const file = await openFile(path, 'a');
  try {
    const info = readInfo(file, path);
    const group = file.get(CHAIN_GROUP) as H5.Group;
    setAttribute(group, 'burn_in_steps', int64(burnInSteps), []);
    setAttribute(group, 'discard', int64(info.thinSchedule.discardRows(burnInSteps)), []);
    file.flush();
  } finally {
    closeQuietly(file);
  }
}

/**
 * A failed write of the chain as one line (EnvironmentError, exit 1): the cause (disk full, read-only, …)
 * from the system error or the library's innermost message. The checkpoint is written only after its rows
 * are committed, so the last checkpoint on disk is intact and a later --resume continues from it.
 */
function writeFailure(path: string, error: unknown): EnvironmentError {
  const text = error instanceof Error ? error.message : String(error);
  const cause = (error as NodeJS.ErrnoException)?.code !== undefined ? systemErrorCause(error) : /No space left|ENOSPC/i.test(text) ? systemErrorCause({ code: 'ENOSPC' }) : oneLine(error);
  return new EnvironmentError(`${path}: cannot write the chain: ${cause}; the last checkpoint is intact, continue with --resume once this is fixed`);
}

/** Closes a file; after a library error (the file may be half-open) a failing close is ignored. */
function closeQuietly(file: H5.File): void {
  try {
    file.close();
  } catch {
    // Nothing more can be done with a file the library has given up on.
  }
}

async function openFile(path: string, mode: 'r' | 'a' | 'x'): Promise<H5.File> {
  const h5 = await loadHdf5();
  if (mode === 'x' && fs.existsSync(path)) throw new ChainFileError(`${path}: a chain file is already there; it is never overwritten`);
  if (mode !== 'x' && !fs.existsSync(path)) throw new ChainFileError(`${path}: the chain file is missing`);
  try {
    return new h5.File(path, mode);
  } catch (error) {
    throw new ChainFileError(`${path}: not a readable HDF5 file (${oneLine(error)})`);
  }
}
