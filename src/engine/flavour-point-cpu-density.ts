/**
 * The full flavour likelihood (FlavourPointModel) on the `cpu` backend, in float64: per point the θ step
 * (box, discs, δ = θ − centre, Gaussian priors; δ → point layout, pseudo-measurements: flavour-point-theta.ts) and the
 * measurement χ² (flavour-point-tables.ts), over the same tables the WGSL kernel reads. Scratch buffers
 * are allocated once.
 */
import { flavourLogLikelihood, scratchSize } from '../likelihood/flavour-point-tables.ts';
import { gaussianLogPrior, stageTheta, thetaTerms } from '../likelihood/flavour-point-theta.ts';
import type { FlavourPointModel } from '../likelihood/model.ts';
import type { BatchLogDensity } from './density.ts';

export class FlavourPointCpuDensity implements BatchLogDensity {
  readonly backend = 'cpu';
  readonly ndim: number;
  private readonly x: Float64Array;
  private readonly scratch: Float64Array;
  private readonly residual: Float64Array;
  private readonly delta: Float64Array;

  constructor(private readonly model: FlavourPointModel) {
    this.ndim = model.parameterNames.length;
    this.x = new Float64Array(model.tables.pointSize);
    this.scratch = new Float64Array(scratchSize(model.tables));
    this.residual = new Float64Array(model.tables.code.length);
    this.delta = new Float64Array(model.tables.theta.nPar);
  }

  logProbBatch(points: Float64Array, count: number, out: Float64Array): void {
    const { model, x, scratch, residual, delta } = this;
    const t = model.tables;
    for (let p = 0; p < count; p++) {
      if (!stageTheta(t.theta, points, p, delta, 0)) {
        out[p] = -Infinity;
        continue;
      }
      const value = gaussianLogPrior(t.theta, delta, 0) + thetaTerms(t.theta, t.hOffset, delta, 0, x, 0, t.pointSize) + flavourLogLikelihood(t, model.predict, x, 0, scratch, residual);
      out[p] = Number.isFinite(value) ? value : -Infinity;
    }
  }
}
