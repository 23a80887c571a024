/**
 * One density thread of ThreadedDensity: rebuilds the density from its recipe, says so, then scores
 * blocks of every batch the calling thread publishes, sleeping in Atomics.wait in between.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { BatchLogDensity } from './density.ts';
import { claimBlocks, CONTROL, type DensityRecipe } from './threaded-density.ts';

interface DensityWorkerData {
  recipe: DensityRecipe;
  control: Int32Array;
  claim: BigInt64Array;
  errorBytes: Uint8Array;
}

const { recipe, control, claim, errorBytes } = workerData as DensityWorkerData;

function fail(error: unknown): void {
  const text = new TextEncoder().encode(String((error as Error)?.message ?? error)).subarray(0, errorBytes.length - 1);
  errorBytes.set(text);
  Atomics.store(control, CONTROL.failed, 1);
  Atomics.notify(control, CONTROL.completed);
}

async function build(): Promise<BatchLogDensity> {
  const module = (await import(recipe.entry)) as { createDensity(data: unknown): BatchLogDensity | Promise<BatchLogDensity> };
  return module.createDensity(recipe.data);
}

function serve(density: BatchLogDensity, points: Float64Array, out: Float64Array): void {
  // Generation 0 is the state before the first batch (never read from shared memory: no race with it).
  let seen = 0;
  for (;;) {
    Atomics.wait(control, CONTROL.generation, seen);
    const generation = Atomics.load(control, CONTROL.generation);
    if (generation === -1) return;
    if (generation === seen) continue;
    seen = generation;
    try {
      claimBlocks(density, { control, claim }, generation, points, out);
    } catch (error) {
      fail(error);
    }
  }
}

build().then(
  (density) => {
    // The batch buffers come once the calling thread has its own density (it sizes them).
    parentPort!.once('message', (buffers: { points: Float64Array; out: Float64Array }) => serve(density, buffers.points, buffers.out));
    parentPort!.postMessage({ ndim: density.ndim });
  },
  (error: unknown) => parentPort!.postMessage({ error: String((error as Error)?.stack ?? error) }),
);
