/**
 * Errors caused by the user's input (config, flags, names). The CLI boundary turns them into one line
 * on stderr and exit code 2; every other error is a bug and keeps its stack.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(message: string) {
    super(message);
  }
}

/** A run stopped by SIGINT/SIGTERM after saving its state (exit code 130). */
export class InterruptedRun extends Error {
  override readonly name = 'InterruptedRun';
}

/**
 * Failures of the environment rather than of the input: a read-only or full disk, missing permissions.
 * The CLI prints one line naming the path and the cause, exit code 1.
 */
export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
  constructor(message: string) {
    super(message);
  }
}

/** What each system error code means, in words (Linux errno names as Node reports them). */
const CAUSES: Record<string, string> = {
  ENOSPC: 'disk full (no space left on device)',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  EEXIST: 'already exists',
  ENAMETOOLONG: 'file name too long',
  ELOOP: 'too many symbolic links',
  EBUSY: 'resource busy',
  EXDEV: 'cross-device link',
};

/** Codes that say the named path is wrong (input, exit 2) rather than the machine (environment, exit 1). */
const INPUT_CODES = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'EEXIST', 'ENAMETOOLONG', 'ELOOP']);

/** The cause of a Node system error in words, with its code, e.g. "read-only file system (EROFS)". */
export function systemErrorCause(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (typeof code !== 'string') return String((error as Error)?.message ?? error).split('\n')[0];
  return `${CAUSES[code] ?? (error as Error).message.split('\n')[0]} (${code})`;
}

/**
 * A Node system error (fs calls: it carries `code`, `syscall` and usually `path`) as one line naming the
 * path and the cause, with its exit code; undefined for any other error.
 */
export function describeSystemError(error: unknown): { line: string; exitCode: 1 | 2 } | undefined {
  const e = error as (NodeJS.ErrnoException & { dest?: string }) | undefined;
  if (!(e instanceof Error) || typeof e.code !== 'string' || typeof e.syscall !== 'string') return undefined;
  const where = e.path !== undefined ? `${e.path}${e.dest !== undefined ? ` → ${e.dest}` : ''}` : e.syscall;
  return { line: `${where}: ${systemErrorCause(e)}`, exitCode: INPUT_CODES.has(e.code) ? 2 : 1 };
}
