import fs from 'node:fs';
import { describeSystemError, EnvironmentError, InputError } from './errors.ts';

/**
 * Writes `file` so that a reader (or a resumed run after a crash) sees either the old content or the
 * new, never half of it: a temp file in the same folder, optionally fsynced, then renamed over the target.
 */
export function writeFileAtomic(file: string, content: string | Uint8Array | Iterable<string>, options: { fsync?: boolean } = {}): void {
  const temp = `${file}.${process.pid}.tmp`;
  let fd: number;
  try {
    fd = fs.openSync(temp, 'w');
  } catch (error) {
    throw named(file, error);
  }
  try {
    try {
      if (typeof content === 'string') fs.writeSync(fd, content);
      else if (content instanceof Uint8Array) fs.writeSync(fd, content);
      // Parts are written one after the other, so a large file is never one string in memory.
      else for (const part of content) fs.writeSync(fd, part);
      if (options.fsync) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
  } catch (error) {
    // A full disk or a failing rename leaves the old file as it was and no half-written temp file.
    fs.rmSync(temp, { force: true });
    throw named(file, error);
  }
}

/** A system error of writing `file` (write and fsync errors carry no path) as one line naming it. */
function named(file: string, error: unknown): unknown {
  const system = describeSystemError(error);
  if (system === undefined) return error;
  const line = `${file}: cannot write: ${system.line.slice(system.line.indexOf(': ') + 2)}`;
  return system.exitCode === 2 ? new InputError(line) : new EnvironmentError(line);
}
