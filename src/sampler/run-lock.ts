import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../errors.ts';

export const LOCK_FILE = 'run.lock';

/** Who holds a run directory: enough to tell a live writer from one that died without cleaning up. */
interface LockHolder {
  pid: number;
  hostname: string;
  /** Kernel start time of the process (Linux /proc/<pid>/stat field 22), so a reused PID is not mistaken for the holder. */
  startTime: string | null;
  since: string;
}

function processStartTime(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) may hold spaces and parentheses: count fields after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(holder: LockHolder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  const start = processStartTime(holder.pid);
  return holder.startTime === null || start === null || start === holder.startTime;
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
        const fd = fs.openSync(file, 'wx');
        try {
          fs.writeSync(fd, JSON.stringify(me));
          fs.fsyncSync(fd);
        } finally {
          fs.closeSync(fd);
        }
        heldHere.add(key);
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
        fs.rmSync(aside, { force: true });
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
