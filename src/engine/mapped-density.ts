import type { MappedModel } from '../likelihood/model.ts';
import { insideBox, splitPriors, type GaussianPriorTerm, type PriorBox } from '../likelihood/prior-box.ts';
import type { BatchLogDensity } from './density.ts';

/**
 * log p(θ) = log p_inner(map(θ)) + log prior(θ) for a MappedModel: the batch is mapped point by point
 * into the inner parameter space (float64, CPU) and scored in one call of the inner density. Points
 * outside the outer prior box are mapped to the inner reference-free point and overwritten with −∞.
 */
export class MappedDensity implements BatchLogDensity {
  readonly ndim: number;
  readonly backend: string;
  readonly asynchronous: boolean;
  private readonly box: PriorBox;
  private readonly gaussian: GaussianPriorTerm[];
  private readonly innerDim: number;
  private readonly innerPoints: Float64Array;
  private readonly outer: Float64Array;
  private readonly inside: Uint8Array;

  constructor(
    private readonly model: MappedModel,
    private readonly inner: BatchLogDensity,
    private readonly maxBatch: number,
    private readonly fallbackInnerPoint: Float64Array,
  ) {
    this.ndim = model.parameterNames.length;
    this.backend = inner.backend;
    this.asynchronous = inner.asynchronous === true;
    const { box, gaussian } = splitPriors(model.priors, model.parameterNames);
    this.box = box;
    this.gaussian = gaussian;
    this.innerDim = inner.ndim;
    this.innerPoints = new Float64Array(maxBatch * this.innerDim);
    this.outer = new Float64Array(this.ndim);
    this.inside = new Uint8Array(maxBatch);
  }

  logProbBatch(points: Float64Array, count: number, out: Float64Array): void | Promise<void> {
    if (this.asynchronous) return this.logProbBatchAsync(points, count, out);
    for (let start = 0; start < count; start += this.maxBatch) {
      const n = Math.min(this.maxBatch, count - start);
      this.mapChunk(points, start, n);
      const chunkOut = out.subarray(start, start + n);
      this.inner.logProbBatch(this.innerPoints, n, chunkOut);
      this.finish(points, start, n, chunkOut);
    }
  }

  private async logProbBatchAsync(points: Float64Array, count: number, out: Float64Array): Promise<void> {
    for (let start = 0; start < count; start += this.maxBatch) {
      const n = Math.min(this.maxBatch, count - start);
      this.mapChunk(points, start, n);
      const chunkOut = out.subarray(start, start + n);
      await this.inner.logProbBatch(this.innerPoints, n, chunkOut);
      this.finish(points, start, n, chunkOut);
    }
  }

  private mapChunk(points: Float64Array, start: number, n: number): void {
    const m = this.innerDim;
    for (let i = 0; i < n; i++) {
      const row = start + i;
      const inside = !this.box.bounded || insideBox(this.box, points, row, this.ndim);
      this.inside[i] = inside ? 1 : 0;
      const target = this.innerPoints.subarray(i * m, (i + 1) * m);
      if (!inside) {
        // The map may be undefined outside the prior (e.g. a negative mass): score a safe point instead.
        target.set(this.fallbackInnerPoint);
        continue;
      }
      for (let d = 0; d < this.ndim; d++) this.outer[d] = points[row * this.ndim + d];
      this.model.map(this.outer, target);
    }
  }

  private finish(points: Float64Array, start: number, n: number, chunkOut: Float64Array): void {
    for (let i = 0; i < n; i++) {
      if (!this.inside[i]) {
        chunkOut[i] = -Infinity;
        continue;
      }
      let logPrior = 0;
      for (const g of this.gaussian) {
        const z = (points[(start + i) * this.ndim + g.index] - g.mean) / g.sd;
        logPrior -= 0.5 * z * z;
      }
      chunkOut[i] += logPrior;
    }
  }

  dispose(): void {
    this.inner.dispose?.();
  }
}
