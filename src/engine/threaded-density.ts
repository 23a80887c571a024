/**
 * The `cpu` backend on several threads: each batch is shared with worker threads through a
 * SharedArrayBuffer and scored by all of them at once, the calling thread included.
 *
 * Threads take blocks of points from a shared counter (compare-and-swap), so a thread slowed by another
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
import { COMPILED } from '../data-dir.ts';
import type { BatchLogDensity } from './density.ts';

export interface DensityRecipe {
  /** URL of an ES module exporting `createDensity(data): BatchLogDensity | Promise<BatchLogDensity>`. */
  entry: string;
  /** Structured-cloneable input of `createDensity`. */
  data: unknown;
}

/**
 * Layout of the shared Int32 control block. The claim counter lives beside it in a BigInt64 word whose
 * high half is the batch's generation: a thread claims a block by compare-and-swap on (generation, next),
 * so a worker that wakes late for an old batch can never claim a block of a newer one, and the calling
 * thread never waits for a worker that has nothing to do (on a shared machine a descheduled worker
 * would otherwise stall every batch). Count and block size are double-buffered by generation parity.
 */
export const CONTROL = {
  /** Generation of the current batch (1, 2, …); −1 asks the workers to exit. */
  generation: 0,
  /** count[g & 1]: points of batch g. */
  count: 1,
  /** block[g & 1]: points per claim in batch g (a multiple of the cpu loops' 4 lanes). */
  block: 3,
  /** Points scored so far in the current batch. */
  completed: 5,
  /** Non-zero once a worker failed; its message is in the shared error bytes. */
  failed: 6,
  length: 8,
} as const;

export interface SharedControl {
  control: Int32Array;
  /** One word: generation · 2³² + next unclaimed point. */
  claim: BigInt64Array;
}

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
  private readonly shared: SharedControl;
  private readonly points: Float64Array;
  private readonly out: Float64Array;
  private readonly errorBytes: Uint8Array;
  private readonly workers: Worker[];
  /** Generation of the last batch (the workers start waiting for generation 1). */
  private generation = 0;

  private constructor(
    private readonly local: BatchLogDensity,
    workers: Worker[],
    shared: SharedControl & { points: Float64Array; out: Float64Array; errorBytes: Uint8Array },
  ) {
    this.ndim = local.ndim;
    this.backend = local.backend;
    this.threads = workers.length + 1;
    this.workers = workers;
    this.shared = { control: shared.control, claim: shared.claim };
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
    shared: SharedControl & { points: Float64Array; out: Float64Array; errorBytes: Uint8Array },
  ): ThreadedDensity {
    return new ThreadedDensity(local, workers, shared);
  }

  logProbBatch(points: Float64Array, count: number, out: Float64Array): void {
    if (count === 0) return;
    if (count > this.out.length) throw new RangeError(`batch of ${count} points exceeds the threaded buffer (${this.out.length})`);
    const { control, claim } = this.shared;
    // Every block of the previous batch is complete (waited for below), so no thread reads these now.
    // A batch written into sharedPoints() is read where it is.
    if (points.buffer !== this.points.buffer || points.byteOffset !== 0) this.points.set(points.subarray(0, count * this.ndim));
    const generation = (this.generation = this.generation + 1);
    const parity = generation & 1;
    Atomics.store(control, CONTROL.count + parity, count);
    Atomics.store(control, CONTROL.block + parity, Math.max(MIN_BLOCK, 4 * Math.ceil(count / (4 * 4 * this.threads))));
    Atomics.store(control, CONTROL.completed, 0);
    Atomics.store(claim, 0, BigInt(generation) << 32n);
    Atomics.store(control, CONTROL.generation, generation);
    Atomics.notify(control, CONTROL.generation);
    // The calling thread claims blocks like any worker, then waits for the blocks others hold.
    claimBlocks(this.local, this.shared, generation, this.points, this.out);
    this.waitUntil(CONTROL.completed, count);
    out.set(this.out.subarray(0, count));
  }

  sharedPoints(): Float64Array {
    return this.points;
  }

  /** Blocks until control[slot] reaches `target`, failing if a worker reported an error. */
  private waitUntil(slot: number, target: number): void {
    const { control } = this.shared;
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
    Atomics.store(this.shared.control, CONTROL.generation, -1);
    Atomics.notify(this.shared.control, CONTROL.generation);
    for (const worker of this.workers) void worker.terminate();
    this.workers.length = 0;
    this.local.dispose?.();
  }
}

/** Scores blocks of batch `generation` until none is left (run by every thread of a batch). */
export function claimBlocks(density: BatchLogDensity, shared: SharedControl, generation: number, points: Float64Array, out: Float64Array): void {
  const { control, claim } = shared;
  const ndim = density.ndim;
  const parity = generation & 1;
  const count = Atomics.load(control, CONTROL.count + parity);
  const block = Atomics.load(control, CONTROL.block + parity);
  const tag = BigInt(generation);
  for (;;) {
    const word = Atomics.load(claim, 0);
    if (word >> 32n !== tag) return; // a newer batch: this one is fully claimed
    const start = Number(word & 0xffffffffn);
    if (start >= count) return;
    if (Atomics.compareExchange(claim, 0, word, word + BigInt(block)) !== word) continue;
    const n = Math.min(block, count - start);
    const pending = density.logProbBatch(points.subarray(start * ndim, (start + n) * ndim), n, out.subarray(start, start + n));
    if (pending !== undefined) throw new Error(`backend ${density.backend} is asynchronous; threads wrap synchronous cpu densities only`);
    if (Atomics.add(control, CONTROL.completed, n) + n === count) Atomics.notify(control, CONTROL.completed);
  }
}

/** Workers being started (see ThreadedDensity.launch). */
export class DensityThreadLaunch {
  private readonly shared: SharedControl;
  private readonly errorBytes: Uint8Array;
  private readonly workers: Worker[] = [];
  private readonly ready: Promise<number>[] = [];

  constructor(
    recipe: DensityRecipe,
    private readonly options: ThreadedDensityOptions,
  ) {
    const { threads } = options;
    if (!Number.isInteger(threads) || threads < 2) throw new RangeError(`threads: expected an integer ≥ 2, got ${threads}`);
    this.shared = { control: new Int32Array(new SharedArrayBuffer(CONTROL.length * 4)), claim: new BigInt64Array(new SharedArrayBuffer(8)) };
    this.errorBytes = new Uint8Array(new SharedArrayBuffer(ERROR_BYTES));
    // Compiled, the worker is plain JavaScript that Node starts itself; from the sources, a bootstrap
    // registers tsx's loader in the thread first.
    const workerEntry = new URL(COMPILED ? './density-worker.js' : './density-worker.ts', import.meta.url).href;
    const workerScript = new URL(COMPILED ? './density-worker.js' : './density-worker-bootstrap.mjs', import.meta.url);
    for (let k = 0; k < threads - 1; k++) {
      const worker = new Worker(workerScript, {
        workerData: { recipe, ...this.shared, errorBytes: this.errorBytes, workerEntry },
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
    return ThreadedDensity.fromWorkers(local, this.workers, { ...this.shared, points, out, errorBytes: this.errorBytes });
  }

  /** Stops the workers (the run failed before it could use them). */
  cancel(): void {
    for (const worker of this.workers) void worker.terminate();
    for (const pending of this.ready) pending.catch(() => undefined);
  }
}
