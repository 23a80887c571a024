/**
 * Where a run may write, decided before anything is written: a run's name stays a folder under `runs/`,
 * `--out` must be a directory (or not yet exist), and a new run never lands on an earlier one: a
 * non-empty directory is refused, or with `--force` moved aside whole (never truncated or overwritten).
 */
import fs from 'node:fs';
import path from 'node:path';
import { EnvironmentError, InputError, systemErrorCause } from '../errors.ts';
import { STATE_FILE } from '../sampler/checkpoint.ts';
import { liveWriterOf } from '../sampler/run-lock.ts';

export const RUNS_FOLDER = 'runs';

/**
 * `runs/<name>` for a run named in its config: the name must be one plain path component, so that
 * `name: ../../escaped` cannot place a run outside the runs folder.
 */
export function runDirectoryOf(name: string, field = 'name', under = RUNS_FOLDER): string {
  if (name === '' || name === '.' || name === '..' || /[/\\\u0000]/.test(name) || name !== path.basename(name)) {
    throw new InputError(`${field}: '${name}' is not a plain folder name (no '/', '\\', '.' or '..'): it names the run's folder under ${under}/`);
  }
  return path.join(under, name);
}

/** Refuses an `--out` that is empty or exists as something other than a directory (flag: the option's name). */
export function checkOutDirectory(dir: string, flag = '--out'): void {
  if (dir.trim() === '') throw new InputError(`${flag}: empty path; name the run directory`);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(dir, { throwIfNoEntry: false });
  } catch (error) {
    throw new InputError(`${flag}: ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (stat !== undefined && !stat.isDirectory()) throw new InputError(`${flag}: ${dir} exists and is not a directory`);
}

/** Entries of `dir` (none when it does not exist). */
function entries(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

/**
 * Makes `dir` ready for a new run (no --resume): absent or empty is fine; otherwise it is refused, or with
 * `force` renamed to `<dir>.old-<UTC time>` (refused while a live writer holds it). Returns where the old
 * directory went, if it was moved.
 */
export function prepareNewRunDirectory(dir: string, force: boolean): string | undefined {
  const found = entries(dir);
  if (found.length === 0) return undefined;
  const what = found.includes('chain.h5') ? 'already holds a run (chain.h5)' : `already holds a run or other files (${found.slice(0, 3).join(', ')}${found.length > 3 ? ', …' : ''})`;
  if (!force) throw new InputError(`--out: ${dir} ${what}; pass --resume to continue it, --force to move it aside, or choose another --out`);
  const writer = liveWriterOf(dir);
  if (writer !== undefined) throw new InputError(`--force: ${dir} is being written by process ${writer}; stop it first`);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  let aside = `${dir.replace(/[/\\]+$/, '')}.old-${stamp}`;
  if (fs.existsSync(aside)) aside = `${aside}-${process.pid}`;
  fs.renameSync(dir, aside);
  return aside;
}

/**
 * Claims `dir` for `run`: with --resume it must hold a checkpoint; without, it must be absent or empty,
 * or is moved aside with --force (stated on stderr). Nothing is written here but the rename.
 */
export function claimRunDirectory(dir: string, flags: { resume?: boolean; force?: boolean }): void {
  checkOutDirectory(dir);
  if (flags.resume) {
    if (flags.force) throw new InputError('--force: moves an earlier run aside for a new one; it does not go with --resume');
    if (!fs.existsSync(path.join(dir, STATE_FILE))) throw new InputError(`--resume: ${dir} holds no checkpoint (${STATE_FILE})`);
    return;
  }
  const aside = prepareNewRunDirectory(dir, flags.force ?? false);
  if (aside !== undefined) process.stderr.write(`smeftfit: --force: moved the earlier ${dir} aside to ${aside}\n`);
  checkWritable(dir);
}

/**
 * Refuses, in one line, a run directory that cannot be made: the closest existing folder at or above it
 * must be writable (fs.mkdirSync with `recursive` would report a read-only file system as ENOENT).
 */
function checkWritable(dir: string): void {
  let at = path.resolve(dir);
  while (!fs.existsSync(at) && path.dirname(at) !== at) at = path.dirname(at);
  try {
    fs.accessSync(at, fs.constants.W_OK);
  } catch (error) {
    throw new EnvironmentError(`${dir}: cannot create the run directory in ${at}: ${systemErrorCause(error)}`);
  }
}
