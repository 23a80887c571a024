/**
 * The batched likelihood seam: the one interface between the sampler and everything that scores points.
 *
 * A batch is `count` points stored row-major in a Float64Array (`count × ndim`). One call scores the
 * whole batch into `out` (length ≥ count). The sampler calls it once per half-ensemble (emcee's
 * red-blue sweep, anchors.md §1.2), so a GPU backend sees thousands of points per launch and the
 * JS side does no per-point work.
 *
 * Contract: `out[i]` is the log-density (log-likelihood + log-prior, up to a constant) of point i;
 * −Infinity is allowed (outside the prior), NaN is a bug the sampler reports with the point.
 *
 * A backend that evaluates elsewhere (a WebGPU queue, worker threads) returns a Promise and says so with
 * `asynchronous: true`; `out` is filled when the Promise settles and `points` must not change before.
 * Synchronous backends return nothing, and the sampler then drives them without a single await, so the
 * CPU path pays nothing for the asynchronous seam.
 */
export interface BatchLogDensity {
  readonly ndim: number;
  /** Backend that actually evaluates the batch (`cpu`, `gpujs-cpu`, `gpu`, …). */
  readonly backend: string;
  /** True when logProbBatch returns a Promise (the batch is evaluated off the calling thread). */
  readonly asynchronous?: boolean;
  logProbBatch(points: Float64Array, count: number, out: Float64Array): void | Promise<void>;
  /**
   * A buffer the backend reads batches from in place (worker threads' shared memory): a caller that writes
   * its batch there, from the first row, spares the copy into it (26 MB a half-step at 65 536 × 100). One
   * sampler writes it at a time (a run has one): it is that sampler's proposal buffer.
   */
  sharedPoints?(): Float64Array | undefined;
  /** Frees GPU textures / kernels; a no-op on the CPU. */
  dispose?(): void;
}

/** Number of log-density evaluations made so far, for the summary's `evaluations`. */
export class CountingDensity implements BatchLogDensity {
  evaluations = 0;
  constructor(private readonly inner: BatchLogDensity) {}
  get ndim(): number {
    return this.inner.ndim;
  }
  get backend(): string {
    return this.inner.backend;
  }
  get asynchronous(): boolean {
    return this.inner.asynchronous === true;
  }
  logProbBatch(points: Float64Array, count: number, out: Float64Array): void | Promise<void> {
    this.evaluations += count;
    return this.inner.logProbBatch(points, count, out);
  }
  sharedPoints(): Float64Array | undefined {
    return this.inner.sharedPoints?.();
  }
  dispose(): void {
    this.inner.dispose?.();
  }
}

/** Scores a batch on any backend, awaiting it where the backend is asynchronous. */
export async function evaluateBatch(density: BatchLogDensity, points: Float64Array, count: number, out: Float64Array): Promise<void> {
  await density.logProbBatch(points, count, out);
}

/** Scores a batch on a backend that must be synchronous (probes and checks that cannot wait). */
export function evaluateBatchNow(density: BatchLogDensity, points: Float64Array, count: number, out: Float64Array): void {
  const pending = density.logProbBatch(points, count, out);
  if (pending !== undefined) {
    throw new Error(`backend ${density.backend} evaluates asynchronously; this caller needs a synchronous backend`);
  }
}
