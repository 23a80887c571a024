import fs from 'node:fs';

/**
 * Writes `file` so that a reader (or a resumed run after a crash) sees either the old content or the
 * new, never half of it: a temp file in the same folder, optionally fsynced, then renamed over the target.
 */
export function writeFileAtomic(file: string, content: string | Uint8Array | Iterable<string>, options: { fsync?: boolean } = {}): void {
  const temp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(temp, 'w');
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
}
