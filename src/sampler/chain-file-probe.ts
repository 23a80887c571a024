/**
 * A watchdog for opening HDF5 files this process did not just write. A few flipped bytes in HDF5 metadata
 * can make the library loop forever on open or on a chunk lookup; since h5wasm runs synchronously, such a
 * file would hang resume, merge, diagnose, compare or export. So the file is first opened and walked in a
 * worker thread — every attribute of the chain group, every data set's shape, one element of every chunk
 * along the first axis (so every entry of each chunk index is looked up) — under a time limit; a thread
 * that does not finish in time is terminated and the file refused with one line.
 *
 * The limit runs from the moment the thread has loaded the library (loading compiles h5wasm's WebAssembly
 * again in the thread: seconds on a busy machine, and nothing to do with the file). Errors the library
 * reports are not judged here: the caller's own open reports them in its words.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ChainFileError } from './chain-file-error.ts';

/** Environment variable overriding the time limit, in seconds (tests use a short one). */
export const PROBE_TIMEOUT_ENV = 'SMEFTFIT_HDF5_OPEN_TIMEOUT_S';
/**
 * Default limit. Walking a healthy chain's metadata and one element per chunk takes well under a second
 * even for long runs (a few thousand chunks); 20 s leaves room for a slow disk and a loaded machine.
 */
const DEFAULT_TIMEOUT_S = 20;

export function probeTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const text = env[PROBE_TIMEOUT_ENV];
  const seconds = text === undefined || text === '' ? DEFAULT_TIMEOUT_S : Number(text);
  if (!(seconds > 0)) throw new Error(`${PROBE_TIMEOUT_ENV}: expected a positive number of seconds, got '${text}'`);
  return seconds * 1000;
}

/** The walk, in plain JavaScript (the thread runs it without the TypeScript loader the sources need). */
export const WALK_SOURCE = `
  const root = new h5.File(file, 'r');
  try {
    const group = root.get(groupName);
    if (group instanceof h5.Group) {
      for (const name of Object.keys(group.attrs)) group.get_attribute(name, true);
      for (const name of group.keys()) {
        const entity = group.get(name);
        if (!(entity instanceof h5.Dataset)) continue;
        const shape = entity.shape ?? [];
        if (shape.length === 0 || shape.includes(0)) continue;
        const step = Math.max(1, entity.metadata.chunks?.[0] ?? shape[0]);
        for (let row = 0; row < shape[0]; row += step) entity.slice([[row, row + 1], ...shape.slice(1).map(() => [0, 1])]);
      }
    }
  } finally {
    root.close();
  }`;

/** The thread: loads h5wasm (as hdf5-chain.ts's loadHdf5 does), says so, walks, reports. */
function threadSource(walk: string): string {
  return `
const { parentPort, workerData } = require('node:worker_threads');
const { file, group: groupName, library } = workerData;
(async () => {
  const h5 = await import(library);
  (await h5.ready).activate_throwing_error_handler();
  parentPort.postMessage({ ready: true });
  try {
    ${walk}
    parentPort.postMessage({ ok: true });
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
})().catch((error) => parentPort.postMessage({ error: String(error && error.message || error) }));`;
}

/**
 * The URL of h5wasm's Node build (its export `h5wasm/node`) for the thread, which cannot resolve a bare
 * name itself. The package exports that entry for `import` only, so it is found along Node's own search
 * path for the package rather than by require.resolve.
 */
function h5wasmNodeUrl(): string {
  const entry = path.join('h5wasm', 'dist', 'node', 'hdf5_hl.js');
  const found = (createRequire(import.meta.url).resolve.paths('h5wasm') ?? []).map((dir) => path.join(dir, entry)).find((file) => fs.existsSync(file));
  if (found === undefined) throw new Error('h5wasm is not installed (its Node build was not found)');
  return pathToFileURL(found).href;
}

/**
 * Resolves once `file` has been opened and walked in a worker thread, or once the thread reports an error
 * (left to the caller's open to describe); rejects with ChainFileError naming `file` if the walk has not
 * ended within the limit. `group` is the chain group to walk; `walk` replaces the walk's source (a test
 * gives one that never ends, to see the limit enforced).
 */
export async function probeHdf5File(file: string, options: { group?: string; timeoutMs?: number; walk?: string } = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? probeTimeoutMs();
  const library = h5wasmNodeUrl();
  const worker = new Worker(threadSource(options.walk ?? WALK_SOURCE), { eval: true, workerData: { file, group: options.group ?? 'mcmc', library } });
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (message: { ready?: boolean }) => {
        if (!message.ready) return resolve();
        timer = setTimeout(() => {
          const seconds = Math.round(timeoutMs / 100) / 10;
          reject(new ChainFileError(`${file}: reading its HDF5 structure did not end within ${seconds} s: the file is damaged (its metadata leads the HDF5 library in circles)`));
        }, timeoutMs);
      });
      worker.once('error', () => resolve());
      worker.once('exit', () => resolve());
    });
  } finally {
    clearTimeout(timer);
    await worker.terminate();
  }
}
