/**
 * Threads for the sampler's own arithmetic at large ensembles: the proposal rows of row-planned moves
 * (stretch-rows.ts) and the copies of accepted rows, split over the calling thread and worker threads
 * that share the positions and the batch through SharedArrayBuffers.
 *
 * Every random number is drawn before a task starts (RowPlan, the accept uniforms), on the calling thread
 * and in the order of the serial path, so a task is pure arithmetic on disjoint rows: the chain is the
 * same for any number of threads, and the same as without threads, by construction (the random stream,
 * checkpoints and resume are untouched).
 *
 * Threads claim blocks of a task's rows by compare-and-swap on a shared (generation, next) word, as the
 * density threads do (threaded-density.ts), so a worker slowed by another process takes fewer blocks and
 * a worker that picks up a task late finds it claimed. Tasks reach workers as small messages (their event
 * loop wakes in tens of µs, nothing beside a task of milliseconds); the calling thread claims blocks at
 * once and waits for the rest in Atomics.wait.
 */
import { Worker } from 'node:worker_threads';
import { COMPILED } from '../data-dir.ts';
import { copyRows, stretchRows } from './moves/stretch-rows.ts';

/** Layout of the shared Int32 control words. */
export const STEP_CONTROL = { completed: 0, failed: 1, length: 2 } as const;

const ERROR_BYTES = 1024;
/** Fewest rows a thread claims at a time (a row is nDim doubles; 64 rows of 100 doubles ≈ 50 kB). */
const MIN_BLOCK_ROWS = 64;

/** The shared buffers a task reads and writes (SharedArrayBuffer-backed). */
export interface StepBuffers {
  coords: Float64Array;
  batch: Float64Array;
  row: Int32Array;
  partner: Int32Array;
  scale: Float64Array;
  /** Accepted proposals: batch row copyFrom[i] goes to walker row copyTo[i]. */
  copyFrom: Int32Array;
  copyTo: Int32Array;
}

export type StepTaskKind = 'stretch' | 'copy';

export interface StepTask {
  kind: StepTaskKind;
  generation: number;
  count: number;
  block: number;
  nDim: number;
}

export interface StepShared {
  control: Int32Array;
  /** generation · 2³² + next unclaimed row. */
  claim: BigInt64Array;
  errorBytes: Uint8Array;
}

/** Runs blocks of `task` until none is left (every thread of a task). */
export function claimStepBlocks(task: StepTask, buffers: StepBuffers, shared: StepShared): void {
  const { control, claim } = shared;
  const tag = BigInt(task.generation);
  const { count, block, nDim } = task;
  for (;;) {
    const word = Atomics.load(claim, 0);
    if (word >> 32n !== tag) return; // a newer task: this one is fully claimed
    const start = Number(word & 0xffffffffn);
    if (start >= count) return;
    if (Atomics.compareExchange(claim, 0, word, word + BigInt(block)) !== word) continue;
    const end = Math.min(count, start + block);
    if (task.kind === 'stretch') stretchRows(buffers.coords, buffers.row, buffers.partner, buffers.scale, buffers.batch, nDim, start, end);
    else copyRows(buffers.batch, buffers.coords, buffers.copyFrom, buffers.copyTo, nDim, start, end);
    if (Atomics.add(control, STEP_CONTROL.completed, end - start) + (end - start) === count) Atomics.notify(control, STEP_CONTROL.completed);
  }
}

export function sharedFloat64(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(length * 8));
}

export function sharedInt32(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(length * 4));
}

export class StepThreads {
  /** Threads of a task, the calling thread included. */
  readonly threads: number;
  private readonly shared: StepShared;
  private generation = 0;
  private buffers: StepBuffers | undefined;

  private constructor(private readonly workers: Worker[], shared: StepShared) {
    this.threads = workers.length + 1;
    this.shared = shared;
  }

  /** Starts `threads − 1` workers; resolves once every one is ready. */
  static async start(threads: number): Promise<StepThreads> {
    if (!Number.isInteger(threads) || threads < 2) throw new RangeError(`step threads: expected an integer ≥ 2, got ${threads}`);
    const shared: StepShared = {
      control: sharedInt32(STEP_CONTROL.length),
      claim: new BigInt64Array(new SharedArrayBuffer(8)),
      errorBytes: new Uint8Array(new SharedArrayBuffer(ERROR_BYTES)),
    };
    // Compiled, the worker is plain JavaScript; from the sources, the density threads' bootstrap registers
    // tsx's loader in the thread first and then imports workerEntry.
    const workerEntry = new URL(COMPILED ? './step-worker.js' : './step-worker.ts', import.meta.url).href;
    const workerScript = new URL(COMPILED ? './step-worker.js' : '../engine/density-worker-bootstrap.mjs', import.meta.url);
    const workers: Worker[] = [];
    const ready: Promise<void>[] = [];
    for (let k = 0; k < threads - 1; k++) {
      const worker = new Worker(workerScript, { workerData: { ...shared, workerEntry } });
      workers.push(worker);
      ready.push(
        new Promise<void>((resolve, reject) => {
          worker.once('message', (message: { ready?: true; error?: string }) => {
            if (message.ready) resolve();
            else reject(new Error(`step thread ${k + 1}: ${message.error}`));
          });
          worker.once('error', (error) => reject(new Error(`step thread ${k + 1}: ${error.message}`)));
        }),
      );
    }
    try {
      await Promise.all(ready);
    } catch (error) {
      for (const worker of workers) void worker.terminate();
      throw error;
    }
    // Idle workers must not keep the process alive if a caller forgets dispose().
    for (const worker of workers) worker.unref();
    return new StepThreads(workers, shared);
  }

  /** Hands the workers the buffers of the following tasks (once per new set: a message, not per task). */
  use(buffers: StepBuffers): void {
    if (this.buffers !== undefined && sameBuffers(this.buffers, buffers)) return;
    this.buffers = buffers;
    for (const worker of this.workers) worker.postMessage({ buffers });
  }

  /** Proposal rows 0 … count − 1 of the batch from the plan (stretchRows), on every thread. */
  stretch(count: number, nDim: number): void {
    this.run('stretch', count, nDim);
  }

  /** Copies count accepted batch rows into the positions (copyRows), on every thread. */
  copy(count: number, nDim: number): void {
    this.run('copy', count, nDim);
  }

  private run(kind: StepTaskKind, count: number, nDim: number): void {
    if (count === 0) return;
    const buffers = this.buffers;
    if (buffers === undefined) throw new Error('step threads: no buffers (use() first)');
    const { control, claim } = this.shared;
    const generation = (this.generation += 1);
    const block = Math.max(MIN_BLOCK_ROWS, Math.ceil(count / (8 * this.threads)));
    const task: StepTask = { kind, generation, count, block, nDim };
    Atomics.store(control, STEP_CONTROL.completed, 0);
    Atomics.store(claim, 0, BigInt(generation) << 32n);
    for (const worker of this.workers) worker.postMessage({ task });
    claimStepBlocks(task, buffers, this.shared);
    for (let done = Atomics.load(control, STEP_CONTROL.completed); done < count; done = Atomics.load(control, STEP_CONTROL.completed)) {
      if (Atomics.load(control, STEP_CONTROL.failed) !== 0) throw new Error(`step thread failed: ${this.workerError()}`);
      Atomics.wait(control, STEP_CONTROL.completed, done, 1000);
    }
    if (Atomics.load(control, STEP_CONTROL.failed) !== 0) throw new Error(`step thread failed: ${this.workerError()}`);
  }

  private workerError(): string {
    const bytes = this.shared.errorBytes.slice();
    const end = bytes.indexOf(0);
    return new TextDecoder().decode(end < 0 ? bytes : bytes.subarray(0, end));
  }

  dispose(): void {
    for (const worker of this.workers) void worker.terminate();
    this.workers.length = 0;
  }
}

function sameBuffers(a: StepBuffers, b: StepBuffers): boolean {
  return a.coords === b.coords && a.batch === b.batch && a.row === b.row && a.partner === b.partner && a.scale === b.scale && a.copyFrom === b.copyFrom && a.copyTo === b.copyTo;
}
