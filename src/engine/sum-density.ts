import type { SumModel } from '../likelihood/model.ts';
import type { BatchLogDensity } from './density.ts';

/**
 * A sum of independent log-densities over overlapping parameter sets (SumModel): each part scores its
 * own columns of the batch in one call, and the results are added. The per-part gather buffers are
 * allocated once for the largest batch; only the batch travels.
 */
export class SumDensity implements BatchLogDensity {
  readonly ndim: number;
  readonly backend: string;
  /** Asynchronous as soon as one part is (e.g. EW on WebGPU beside a CPU part). */
  readonly asynchronous: boolean;
  private readonly gathered: Float64Array[];
  private readonly partOuts: Float64Array[];

  constructor(
    private readonly model: SumModel,
    private readonly parts: BatchLogDensity[],
    private readonly maxBatch: number,
  ) {
    this.ndim = model.parameterNames.length;
    this.backend = [...new Set(parts.map((p) => p.backend))].join('+');
    this.asynchronous = parts.some((p) => p.asynchronous === true);
    this.gathered = model.parts.map((p) => new Float64Array(maxBatch * p.parameterIndex.length));
    this.partOuts = parts.map(() => new Float64Array(maxBatch));
  }

  logProbBatch(points: Float64Array, count: number, out: Float64Array): void | Promise<void> {
    if (this.asynchronous) return this.logProbBatchAsync(points, count, out);
    for (let start = 0; start < count; start += this.maxBatch) {
      const n = Math.min(this.maxBatch, count - start);
      out.fill(0, start, start + n);
      for (let k = 0; k < this.parts.length; k++) {
        this.gather(k, points, start, n);
        this.parts[k].logProbBatch(this.gathered[k], n, this.partOuts[k]);
        for (let i = 0; i < n; i++) out[start + i] += this.partOuts[k][i];
      }
    }
  }

  /** All parts of a chunk are launched before any is awaited, so GPU and CPU parts overlap. */
  private async logProbBatchAsync(points: Float64Array, count: number, out: Float64Array): Promise<void> {
    for (let start = 0; start < count; start += this.maxBatch) {
      const n = Math.min(this.maxBatch, count - start);
      out.fill(0, start, start + n);
      const pending: (void | Promise<void>)[] = [];
      for (let k = 0; k < this.parts.length; k++) {
        this.gather(k, points, start, n);
        pending.push(this.parts[k].logProbBatch(this.gathered[k], n, this.partOuts[k]));
      }
      await Promise.all(pending);
      for (let k = 0; k < this.parts.length; k++) {
        for (let i = 0; i < n; i++) out[start + i] += this.partOuts[k][i];
      }
    }
  }

  /** Copies part k's columns of points [start, start + n) into its gather buffer. */
  private gather(k: number, points: Float64Array, start: number, n: number): void {
    const index = this.model.parts[k].parameterIndex;
    const m = index.length;
    const buffer = this.gathered[k];
    for (let i = 0; i < n; i++) {
      const row = (start + i) * this.ndim;
      for (let j = 0; j < m; j++) buffer[i * m + j] = points[row + index[j]];
    }
  }

  dispose(): void {
    for (const part of this.parts) part.dispose?.();
  }
}
