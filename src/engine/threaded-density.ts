/**
 * The `cpu` backend on several threads: each batch is shared with worker threads through a
 * SharedArrayBuffer and scored by all of them at once, the calling thread included.
 *
 * Threads take blocks of points from a shared counter (Atomics.add), so a thread slowed by another
 * process on the machine simply takes fewer blocks. Every point is scored by the same float64 loop of the
 * same compiled model whichever thread takes it, and the cpu loops give each point bit-identical results
 * whatever batch it sits in (cpu-density.ts), so a chain does not depend on the thread count.
 *
 * The calling thread blocks in Atomics.wait (allowed on Node's main thread) while the last blocks finish:
 * a futex wake costs microseconds, a Promise settled through the event loop (Atomics.waitAsync or a
 * message) tens of them, which is the size of a whole 20-D batch. So the density stays synchronous and the
 * sampler keeps its await-free path. A worker cannot receive the model itself (a `cpu-function` model is a
 * closure), so each rebuilds it from a serialisable recipe: `entry` is a module whose `createDensity(data)`
 * returns the same BatchLogDensity the calling thread evaluates.
 */
import { Worker } from 'node:worker_threads';
import type { BatchLogDensity } from './density.ts';

export interface DensityRecipe {
  /** URL of an ES module exporting `createDensity(data): BatchLogDensity | Promise<BatchLogDensity>`. */
  entry: string;
  /** Structured-cloneable input of `createDensity`. */
  data: unknown;
}

/** Layout of the shared Int32 control block. */
export const CONTROL = {
  /** Job generation: incremented by the caller to start a batch; −1 asks the workers to exit. */
  generation: 0,
  /** Next unclaimed point (claimed `block` points at a time). */
  next: 1,
  count: 2,
  block: 3,
  /** Workers done with the current generation. */
  finished: 4,
  /** Points scored so far in the current generation. */
  completed: 5,
  /** Non-zero once a worker failed; its message is in the shared error bytes. */
  failed: 6,
  length: 8,
} as const;

const ERROR_BYTES = 2048;
/** Smallest block a thread claims: a multiple of the cpu loops' 4 lanes. */
const MIN_BLOCK = 16;

export interface ThreadedDensityOptions {
  /** Threads scoring each batch, the calling thread included (≥ 2; one thread needs no workers). */
  threads: number;
  /** Largest batch the sampler sends. */
  maxBatch: number;
}

export class ThreadedDensity implements BatchLogDensity {
  readonly ndim: number;
  readonly backend: string;
  readonly threads: number;
  private readonly control: Int32Array;
  private readonly points: Float64Array;
  private readonly out: Float64Array;
  private readonly errorBytes: Uint8Array;
  private readonly workers: Worker[];
  private generation = 0;

  private constructor(
    private readonly local: BatchLogDensity,
    workers: Worker[],
    shared: { control: Int32Array; points: Float64Array; out: Float64Array; errorBytes: Uint8Array },
  ) {
    this.ndim = local.ndim;
    this.backend = local.backend;
    this.threads = workers.length + 1;
    this.workers = workers;
    this.control = shared.control;
    this.points = shared.points;
    this.out = shared.out;
    this.errorBytes = shared.errorBytes;
  }

  /**
   * Starts `threads − 1` workers building `recipe` at once, so that they build while the calling thread
   * builds its own copy; `attach` then waits for both and shares the batch buffers.
   */
  static launch(recipe: DensityRecipe, options: ThreadedDensityOptions): DensityThreadLaunch {
    return new DensityThreadLaunch(recipe, options);
  }

  /** launch + attach in one call. */
  static async start(recipe: DensityRecipe, local: BatchLogDensity, options: ThreadedDensityOptions): Promise<ThreadedDensity> {
    return ThreadedDensity.launch(recipe, options).attach(local);
  }

  /** @internal (DensityThreadLaunch.attach) */
  static fromWorkers(
    local: BatchLogDensity,
    workers: Worker[],
    shared: { control: Int32Array; points: Float64Array; out: Float64Array; errorBytes: Uint8Array },
  ): ThreadedDensity {
    return new ThreadedDensity(local, workers, shared);
  }

  logProbBatch(points: Float64Array, count: number, out: Float64Array): void {
    if (count === 0) return;
    if (count > this.out.length) throw new RangeError(`batch of ${count} points exceeds the threaded buffer (${this.out.length})`);
    const { control, ndim } = this;
    const nWorkers = this.workers.length;
    // A worker that woke late for the previous batch must have left it before this one is published;
    // waiting here rather than at the end of the last batch lets that overlap the sampler's own work.
    this.waitUntil(CONTROL.finished, nWorkers);
    this.points.set(points.subarray(0, count * ndim));
    control[CONTROL.next] = 0;
    control[CONTROL.count] = count;
    control[CONTROL.block] = Math.max(MIN_BLOCK, 4 * Math.ceil(count / (4 * 4 * this.threads)));
    control[CONTROL.completed] = 0;
    control[CONTROL.finished] = 0;
    this.generation = (this.generation % 0x3fffffff) + 1;
    Atomics.store(control, CONTROL.generation, this.generation);
    Atomics.notify(control, CONTROL.generation);
    // The calling thread claims blocks like any worker, then waits for the blocks others hold.
    claimBlocks(this.local, control, this.points, this.out, ndim);
    this.waitUntil(CONTROL.completed, count);
    out.set(this.out.subarray(0, count));
  }

  /** Blocks until control[slot] reaches `target`, failing if a worker reported an error. */
  private waitUntil(slot: number, target: number): void {
    const { control } = this;
    for (let value = Atomics.load(control, slot); value < target; value = Atomics.load(control, slot)) {
      if (Atomics.load(control, CONTROL.failed) !== 0) throw new Error(`density thread failed: ${this.workerError()}`);
      Atomics.wait(control, slot, value, 1000);
    }
    if (Atomics.load(control, CONTROL.failed) !== 0) throw new Error(`density thread failed: ${this.workerError()}`);
  }

  private workerError(): string {
    const bytes = this.errorBytes.slice();
    const end = bytes.indexOf(0);
    return new TextDecoder().decode(end < 0 ? bytes : bytes.subarray(0, end));
  }

  dispose(): void {
    Atomics.store(this.control, CONTROL.generation, -1);
    Atomics.notify(this.control, CONTROL.generation);
    for (const worker of this.workers) void worker.terminate();
    this.workers.length = 0;
    this.local.dispose?.();
  }
}

/** Scores blocks of the shared batch until none is left (run by every thread of a batch). */
export function claimBlocks(density: BatchLogDensity, control: Int32Array, points: Float64Array, out: Float64Array, ndim: number): void {
  const count = control[CONTROL.count];
  const block = control[CONTROL.block];
  for (let start = Atomics.add(control, CONTROL.next, block); start < count; start = Atomics.add(control, CONTROL.next, block)) {
    const n = Math.min(block, count - start);
    const pending = density.logProbBatch(points.subarray(start * ndim, (start + n) * ndim), n, out.subarray(start, start + n));
    if (pending !== undefined) throw new Error(`backend ${density.backend} is asynchronous; threads wrap synchronous cpu densities only`);
    if (Atomics.add(control, CONTROL.completed, n) + n === count) Atomics.notify(control, CONTROL.completed);
  }
}

/** Workers being started (see ThreadedDensity.launch). */
export class DensityThreadLaunch {
  private readonly control: Int32Array;
  private readonly errorBytes: Uint8Array;
  private readonly workers: Worker[] = [];
  private readonly ready: Promise<number>[] = [];

  constructor(
    recipe: DensityRecipe,
    private readonly options: ThreadedDensityOptions,
  ) {
    const { threads } = options;
    if (!Number.isInteger(threads) || threads < 2) throw new RangeError(`threads: expected an integer ≥ 2, got ${threads}`);
    this.control = new Int32Array(new SharedArrayBuffer(CONTROL.length * 4));
    this.control[CONTROL.finished] = threads - 1;
    this.errorBytes = new Uint8Array(new SharedArrayBuffer(ERROR_BYTES));
    const workerEntry = new URL('./density-worker.ts', import.meta.url).href;
    for (let k = 0; k < threads - 1; k++) {
      const worker = new Worker(new URL('./density-worker-bootstrap.mjs', import.meta.url), {
        workerData: { recipe, control: this.control, errorBytes: this.errorBytes, workerEntry },
      });
      this.workers.push(worker);
      this.ready.push(
        new Promise<number>((resolve, reject) => {
          worker.once('message', (message: { ndim?: number; error?: string }) => {
            if (message.ndim !== undefined) resolve(message.ndim);
            else reject(new Error(`density thread ${k + 1}: ${message.error}`));
          });
          worker.once('error', (error) => reject(new Error(`density thread ${k + 1}: ${error.message}`)));
        }),
      );
    }
  }

  /** Waits for every worker's density, checks it matches `local` and hands out the shared buffers. */
  async attach(local: BatchLogDensity): Promise<ThreadedDensity> {
    if (local.asynchronous) {
      this.cancel();
      throw new Error(`backend ${local.backend} is asynchronous; threads wrap synchronous cpu densities only`);
    }
    const ndim = local.ndim;
    try {
      const dims = await Promise.all(this.ready);
      if (dims.some((d) => d !== ndim)) throw new Error(`density threads rebuilt ${dims.join(', ')} dimensions, the caller has ${ndim}`);
    } catch (error) {
      this.cancel();
      throw error;
    }
    const points = new Float64Array(new SharedArrayBuffer(this.options.maxBatch * ndim * 8));
    const out = new Float64Array(new SharedArrayBuffer(this.options.maxBatch * 8));
    for (const worker of this.workers) {
      worker.postMessage({ points, out });
      // Idle workers must not keep the process alive if a caller forgets dispose().
      worker.unref();
    }
    return ThreadedDensity.fromWorkers(local, this.workers, { control: this.control, points, out, errorBytes: this.errorBytes });
  }

  /** Stops the workers (the run failed before it could use them). */
  cancel(): void {
    for (const worker of this.workers) void worker.terminate();
    for (const pending of this.ready) pending.catch(() => undefined);
  }
}
