/**
 * Disk bounded like memory: before a run writes its chain, the rows it may still store (its step cap
 * over thin) must fit in the free space of the run directory's file system, less a margin kept for the
 * checkpoint, the outputs and everyone else on that disk. A run that cannot fit is refused up front with
 * the `thin` that would fit, instead of filling the disk hours later.
 */
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.ts';
import { chunkRows } from '../sampler/hdf5-chain.ts';
import { ThinSchedule } from '../sampler/thin-schedule.ts';

/** Margin left free: 5 % of the file system's size, at most 64 MiB (a small scratch disk keeps a small margin). */
const MARGIN_FRACTION = 0.05;
const MARGIN_MAX_BYTES = 64 * 2 ** 20;
/** HDF5 file overhead beyond the raw rows: superblock, B-trees, attributes (measured < 100 KiB for the shipped configs), with room. */
const FILE_OVERHEAD_BYTES = 256 * 2 ** 10;

export interface ChainExtent {
  /** Walkers of all ensembles (or Metropolis chains) stored per row. */
  walkers: number;
  nDim: number;
  /** Sampler steps still to run (the step cap less the steps already taken). */
  stepsLeft: number;
  thin: number;
  /** Rows the chain file will hold, when a thin schedule sets them (else stepsLeft / thin). */
  rows?: number;
  /** What sets the run's length, named in the advice (default `--steps`). */
  lengthField?: string;
}

/** Bytes of one stored row: positions and the log-probability, float64 (hdf5-chain.ts). */
export function rowBytes(walkers: number, nDim: number): number {
  return walkers * (nDim + 1) * 8;
}

/** The closest existing folder at or above `dir` (where the run directory will be created). */
function existingAncestor(dir: string): string {
  let at = path.resolve(dir);
  while (!fs.existsSync(at) && path.dirname(at) !== at) at = path.dirname(at);
  return at;
}

/** Free bytes for an unprivileged writer and the total size of the file system holding `dir`. */
export function diskSpace(dir: string): { free: number; total: number } {
  const stats = fs.statfsSync(existingAncestor(dir));
  return { free: stats.bavail * stats.bsize, total: stats.blocks * stats.bsize };
}

/** Refuses (one line, exit 2) a chain that would not fit on `dir`'s disk, naming the thin that would. */
export function checkChainFitsOnDisk(dir: string, extent: ChainExtent): void {
  const { walkers, nDim, stepsLeft, thin, lengthField = '--steps' } = extent;
  const row = rowBytes(walkers, nDim);
  const rows = extent.rows ?? Math.ceil(Math.max(0, stepsLeft) / thin);
  const needed = rows * row + FILE_OVERHEAD_BYTES;
  const { free, total } = diskSpace(dir);
  const margin = Math.min(MARGIN_MAX_BYTES, MARGIN_FRACTION * total);
  const usable = free - margin;
  if (needed <= usable) return;
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  const rowsThatFit = Math.floor((usable - FILE_OVERHEAD_BYTES) / row);
  const advice = rowsThatFit >= 1 ? `thin: ${Math.ceil(stepsLeft / rowsThatFit)} would fit (or lower ${lengthField}, or free space)` : 'not even one row fits: free space or choose another --out';
  throw new InputError(
    `--out: ${dir}: the chain needs ${mb(needed)} MiB (${rows} rows × ${walkers} walkers × ${nDim + 1} values × 8 bytes) but its disk has ${mb(free)} MiB free, less a ${mb(margin)} MiB margin; ${advice}`,
  );
}

/**
 * The stored-rows budget of `sampler.diskCapMB`: rows of this shape that fit under the cap, counted in
 * whole HDF5 chunks (the file grows a chunk at a time), so the file itself stays under the cap.
 */
function rowsUnderCap(capMB: number, walkers: number, nDim: number): number {
  const perChunk = chunkRows(walkers, nDim);
  return Math.max(0, Math.floor((capMB * 2 ** 20 - FILE_OVERHEAD_BYTES) / (perChunk * rowBytes(walkers, nDim)))) * perChunk;
}

/**
 * `sampler.diskCapMB` of an ensemble run: the thin schedule (thin-schedule.ts) that stores the first half of
 * the cap's rows at the config's thin, the next quarter at twice it, and so on, so the file stays under the
 * cap however long the run. Refuses (one line) a step cap past the last step the schedule can store, with
 * the thin that would fit (the schedule's steps scale with its first thin); the note, when the run's steps
 * reach a second stage, states the thinning.
 */
export function scheduleUnderDiskCap(capMB: number, extent: { walkers: number; nDim: number; steps: number; thin: number }, field = '--steps'): { schedule: ThinSchedule; note?: string } {
  const { walkers, nDim, steps, thin } = extent;
  const rows = rowsUnderCap(capMB, walkers, nDim);
  if (rows < 1) throw notOneChunk(capMB, walkers, nDim);
  const schedule = ThinSchedule.underCap(thin, rows);
  if (steps > schedule.coveredSteps) {
    const fits = Math.ceil(steps / ThinSchedule.underCap(1, rows).coveredSteps);
    throw new InputError(`${field}: ${steps} steps pass the ${schedule.coveredSteps} that sampler.diskCapMB ${capMB} can store at thin ${thin} (${rows} rows, thinned by halves); thin: ${fits} would fit (or lower ${field}, or raise the cap)`);
  }
  const reached = schedule.stages.filter((s) => s.startStep < steps);
  if (reached.length === 1) return { schedule };
  const mib = (Math.ceil(steps / thin) * rowBytes(walkers, nDim) + FILE_OVERHEAD_BYTES) / 2 ** 20;
  const stages = reached.map((s, k) => `thin ${s.thin} ${k === reached.length - 1 ? `to step ${steps}` : `to step ${reached[k + 1].startStep}`}`).join(', ');
  return { schedule, note: `sampler.diskCapMB ${capMB}: ${steps} steps at thin ${thin} would store ${mib.toFixed(1)} MiB; storing ${stages} instead (thin_schedule in chain.h5)` };
}

function notOneChunk(capMB: number, walkers: number, nDim: number): InputError {
  const chunk = chunkRows(walkers, nDim) * rowBytes(walkers, nDim) + FILE_OVERHEAD_BYTES;
  return new InputError(`sampler.diskCapMB: ${capMB} MB holds not even one HDF5 chunk of this chain with the file's overhead (${(chunk / 2 ** 20).toFixed(2)} MiB)`);
}

/**
 * `sampler.diskCapMB` of a Metropolis run: the thin that keeps a chain of `steps` steps under the cap, the config's own thin
 * when it already does. Raising thin stores every k-th step throughout (so the file stays one evenly
 * thinned emcee chain); the returned note states it, and chain.h5 records the cap and the requested thin.
 */
export function thinUnderDiskCap(capMB: number, extent: { walkers: number; nDim: number; steps: number; thin: number }): { thin: number; note?: string } {
  const { walkers, nDim, steps, thin } = extent;
  const rows = rowsUnderCap(capMB, walkers, nDim);
  if (rows < 1) throw notOneChunk(capMB, walkers, nDim);
  if (Math.ceil(steps / thin) <= rows) return { thin };
  const raised = Math.ceil(steps / rows);
  const mib = (Math.ceil(steps / thin) * rowBytes(walkers, nDim) + FILE_OVERHEAD_BYTES) / 2 ** 20;
  return { thin: raised, note: `sampler.diskCapMB ${capMB}: ${steps} steps at thin ${thin} would store ${mib.toFixed(1)} MiB; storing every ${ordinal(raised)} step instead (thin ${raised}, recorded in chain.h5)` };
}

/** On resume of a Metropolis run: refuses a step cap whose chain at the run's thin would pass `sampler.diskCapMB`. */
export function checkUnderDiskCap(capMB: number, extent: { walkers: number; nDim: number; steps: number; thin: number }, field = '--steps'): void {
  const { walkers, nDim, steps, thin } = extent;
  const rows = rowsUnderCap(capMB, walkers, nDim);
  if (Math.ceil(steps / thin) > rows) throw new InputError(`${field}: ${steps} steps at the run's thin ${thin} store ${Math.ceil(steps / thin)} rows, more than the ${rows} that sampler.diskCapMB ${capMB} allows; at most ${rows * thin} steps`);
}

/** 2nd, 3rd, 5th, 11th, 21st, … */
function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}
