/**
 * The full flavour likelihood (FlavourPointModel) on the `cpu` backend, in float64: per point the model's
 * CPU step (θ → point layout, priors, pseudo-measurements) and the measurement χ² over the same tables
 * the WGSL kernel reads (flavour-point-tables.ts). Scratch buffers are allocated once.
 */
import { flavourLogLikelihood, scratchSize } from '../likelihood/flavour-point-tables.ts';
import type { FlavourPointModel } from '../likelihood/model.ts';
import type { BatchLogDensity } from './density.ts';

export class FlavourPointCpuDensity implements BatchLogDensity {
  readonly backend = 'cpu';
  readonly ndim: number;
  private readonly x: Float64Array;
  private readonly scratch: Float64Array;
  private readonly residual: Float64Array;

  constructor(private readonly model: FlavourPointModel) {
    this.ndim = model.parameterNames.length;
    this.x = new Float64Array(model.tables.pointSize);
    this.scratch = new Float64Array(scratchSize(model.tables));
    this.residual = new Float64Array(model.tables.code.length);
  }

  logProbBatch(points: Float64Array, count: number, out: Float64Array): void {
    const { model, x, scratch, residual } = this;
    for (let p = 0; p < count; p++) {
      const cpuTerms = model.map(points, p, x, 0);
      if (cpuTerms === -Infinity) {
        out[p] = -Infinity;
        continue;
      }
      const value = cpuTerms + flavourLogLikelihood(model.tables, x, 0, scratch, residual);
      out[p] = Number.isFinite(value) ? value : -Infinity;
    }
  }
}
