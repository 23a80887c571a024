/**
 * A sampler step written once, driven two ways. The step is a generator that yields each batch it needs
 * scored (emcee's red-blue sweep needs one per group; Metropolis one per step) and resumes when the
 * scores are in `out`. `driveNow` runs it against a synchronous backend with no await at all, so the CPU
 * path pays nothing for the seam; `driveAsync` awaits each batch (WebGPU queues, worker threads).
 * The step's arithmetic and random draws are the same either way, which keeps chains bit-identical
 * across backends that return the same numbers.
 */
import type { BatchLogDensity } from '../engine/density.ts';

export interface BatchRequest {
  points: Float64Array;
  count: number;
  out: Float64Array;
}

export type SamplerStep<T> = Generator<BatchRequest, T, void>;

export function driveNow<T>(step: SamplerStep<T>, density: BatchLogDensity): T {
  for (let next = step.next(); ; next = step.next()) {
    if (next.done) return next.value;
    const { points, count, out } = next.value;
    if (density.logProbBatch(points, count, out) !== undefined) {
      throw new Error(`backend ${density.backend} evaluates asynchronously: drive the sampler with stepAsync`);
    }
  }
}

export async function driveAsync<T>(step: SamplerStep<T>, density: BatchLogDensity): Promise<T> {
  for (let next = step.next(); ; next = step.next()) {
    if (next.done) return next.value;
    const { points, count, out } = next.value;
    await density.logProbBatch(points, count, out);
  }
}

/** What the run loop needs of a sampler (the ensemble sampler, the Metropolis sampler). */
export interface SteppingSampler<S> {
  /** True when the density is asynchronous and stepAsync must be used. */
  readonly asynchronous: boolean;
  step(state: S): unknown;
  stepAsync(state: S): Promise<unknown>;
}
