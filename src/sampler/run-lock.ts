import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EnvironmentError, InputError, systemErrorCause } from '../errors.ts';

export const LOCK_FILE = 'run.lock';

/** Who holds a run directory: enough to tell a live writer from one that died without cleaning up. */
interface LockHolder {
  pid: number;
  hostname: string;
  /** Kernel start time of the process (Linux /proc/<pid>/stat field 22), so a reused PID is not mistaken for the holder. */
  startTime: string | null;
  since: string;
}

/** Fields 3… of Linux's /proc/<pid>/stat (state, ppid, …), or null where there is no such file. */
function procStatFields(pid: number): string[] | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) may hold spaces and parentheses: count fields after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

function processStartTime(pid: number): string | null {
  return procStatFields(pid)?.[19] ?? null;
}

function isAlive(holder: LockHolder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  const fields = procStatFields(holder.pid);
  // A zombie (Z: exited, killed with -9, not yet reaped by its parent) or a dying process (X) writes nothing more.
  if (fields !== null && (fields[0] === 'Z' || fields[0] === 'X')) return false;
  const start = fields?.[19] ?? null;
  return holder.startTime === null || start === null || start === holder.startTime;
}

/** The PID of a live writer holding `dir`'s lock on this host, if any. */
export function liveWriterOf(dir: string): number | undefined {
  const holder = readHolder(path.join(dir, LOCK_FILE));
  if (holder === null || holder.hostname !== os.hostname() || !isAlive(holder)) return undefined;
  return holder.pid;
}

/** Temp files of atomic writes (`<file>.<pid>.tmp`) and stale locks taken aside (`run.lock.stale.<pid>`). */
const LEFTOVER = /^(?:.+\.(\d+)\.tmp|run\.lock\.stale\.(\d+))$/;

/**
 * Removes what interrupted writers left in `dir`: half-written temp files and stale locks taken aside, of
 * processes other than this one. Called by the lock holder, the only writer of the directory.
 */
function removeLeftovers(dir: string): string[] {
  const removed: string[] = [];
  for (const name of fs.readdirSync(dir)) {
    const match = LEFTOVER.exec(name);
    if (!match || Number(match[1] ?? match[2]) === process.pid) continue;
    fs.rmSync(path.join(dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

function readHolder(file: string): LockHolder | null {
  try {
    const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockHolder>;
    if (typeof raw.pid === 'number' && Number.isInteger(raw.pid) && raw.pid > 0 && typeof raw.hostname === 'string') {
      return { pid: raw.pid, hostname: raw.hostname, startTime: typeof raw.startTime === 'string' ? raw.startTime : null, since: String(raw.since ?? '') };
    }
  } catch {
    // unreadable or half-written: treated below
  }
  return null;
}

/**
 * Creates the lock file exclusively. EEXIST goes back to the caller (someone holds it); any other failure
 * (read-only file system, no permission, disk full, not a directory) is the environment's: one line.
 */
function openLockFile(file: string): number {
  try {
    return fs.openSync(file, 'wx');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw error;
    throw new EnvironmentError(`${file}: cannot create the run lock: ${systemErrorCause(error)}`);
  }
}

/** Directories this process holds (an in-process caller may run several commands one after another). */
const heldHere = new Set<string>();

/**
 * Exclusive ownership of a run directory by one writer: `dir/run.lock` is created with O_EXCL and holds
 * the writer's PID, host and process start time. A lock whose process is gone (killed with -9, crashed)
 * is stale and taken over; a live holder, or one on another host (whose liveness cannot be checked
 * here), refuses the second writer with one line. Release removes the file.
 */
export class RunLock {
  private constructor(
    readonly file: string,
    private readonly dir: string,
  ) {}

  static acquire(dir: string): RunLock {
    const file = path.join(dir, LOCK_FILE);
    const key = path.resolve(dir);
    if (heldHere.has(key)) throw new InputError(`${dir}: this process is already writing to this run directory`);
    const me: LockHolder = { pid: process.pid, hostname: os.hostname(), startTime: processStartTime(process.pid), since: new Date().toISOString() };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fd = openLockFile(file);
        try {
          fs.writeSync(fd, JSON.stringify(me));
          fs.fsyncSync(fd);
        } finally {
          fs.closeSync(fd);
        }
        heldHere.add(key);
        removeLeftovers(dir);
        return new RunLock(file, key);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = readHolder(file);
      if (holder === null) {
        // A lock file being written right now is a few bytes short for a moment; one that stays unreadable is junk.
        const ageMs = Date.now() - fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs!;
        if (!(ageMs > 2000)) throw new InputError(`${dir}: another process is taking the run lock (${LOCK_FILE}); try again`);
      } else if (holder.hostname !== me.hostname) {
        throw new InputError(`${dir}: locked by process ${holder.pid} on host ${holder.hostname} since ${holder.since}; if that run is gone, remove ${file}`);
      } else if (isAlive(holder)) {
        throw new InputError(`${dir}: another smeftfit (process ${holder.pid}, running since ${holder.since}) is writing to this run directory; wait for it or stop it first`);
      }
      // Stale: its writer is dead. Take it over by renaming it aside (atomic; of two racing takers only one wins).
      const aside = `${file}.stale.${process.pid}`;
      try {
        fs.renameSync(file, aside);
        // recursive: a lock that is a directory (made by hand or by another tool) goes too.
        fs.rmSync(aside, { recursive: true, force: true });
      } catch {
        // someone else took it over first; the next attempt sees their lock
      }
    }
    throw new InputError(`${dir}: could not take the run lock (${LOCK_FILE})`);
  }

  /** Removes the lock file if it is still ours. */
  release(): void {
    if (!heldHere.delete(this.dir)) return;
    const holder = readHolder(this.file);
    if (holder !== null && holder.pid === process.pid && holder.hostname === os.hostname()) fs.rmSync(this.file, { force: true });
  }
}
