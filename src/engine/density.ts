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
 */
export interface BatchLogDensity {
  readonly ndim: number;
  /** Backend that actually evaluates the batch (`cpu`, `gpujs-cpu`, `gpu`, …). */
  readonly backend: string;
  logProbBatch(points: Float64Array, count: number, out: Float64Array): void;
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
  logProbBatch(points: Float64Array, count: number, out: Float64Array): void {
    this.evaluations += count;
    this.inner.logProbBatch(points, count, out);
  }
  dispose(): void {
    this.inner.dispose?.();
  }
}
