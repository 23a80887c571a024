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
  private readonly gathered: Float64Array[];
  private readonly partOut: Float64Array;

  constructor(
    private readonly model: SumModel,
    private readonly parts: BatchLogDensity[],
    private readonly maxBatch: number,
  ) {
    this.ndim = model.parameterNames.length;
    this.backend = [...new Set(parts.map((p) => p.backend))].join('+');
    this.gathered = model.parts.map((p) => new Float64Array(maxBatch * p.parameterIndex.length));
    this.partOut = new Float64Array(maxBatch);
  }

  logProbBatch(points: Float64Array, count: number, out: Float64Array): void {
    for (let start = 0; start < count; start += this.maxBatch) {
      const n = Math.min(this.maxBatch, count - start);
      out.fill(0, start, start + n);
      this.model.parts.forEach((part, k) => {
        const index = part.parameterIndex;
        const m = index.length;
        const buffer = this.gathered[k];
        for (let i = 0; i < n; i++) {
          const row = (start + i) * this.ndim;
          for (let j = 0; j < m; j++) buffer[i * m + j] = points[row + index[j]];
        }
        this.parts[k].logProbBatch(buffer, n, this.partOut);
        for (let i = 0; i < n; i++) out[start + i] += this.partOut[i];
      });
    }
  }

  dispose(): void {
    for (const part of this.parts) part.dispose?.();
  }
}
