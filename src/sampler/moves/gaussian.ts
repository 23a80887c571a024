import { choleskyLower } from '../../numerics/linear-algebra.ts';
import type { Move, ProposalGroup } from './move.ts';

export type GaussianMode = 'vector' | 'random' | 'sequential';

/**
 * Metropolis move with a Gaussian proposal, as emcee's GaussianMove (anchors.md §1.4), updating all
 * walkers at once. `cov` is a scalar (isotropic variance), a vector (diagonal variances) or a full
 * matrix (row-major); mode `vector` moves all coordinates, `random` one random coordinate per walker,
 * `sequential` cycles through coordinates (not allowed with a full matrix). With `factor` f ≥ 1 each step
 * is scaled by exp(U(−ln f, ln f)). The proposal is symmetric: factor 0.
 */
export class GaussianMove implements Move {
  readonly name = 'gaussian';
  readonly kind = 'metropolis' as const;
  readonly nsplits = 1;
  readonly randomizeSplit = false;
  private readonly nDim: number;
  /** sd per coordinate (scalar/vector cov) or lower Cholesky factor (matrix cov). */
  private readonly sd?: Float64Array;
  private readonly cholesky?: Float64Array;

  constructor(
    cov: number | number[] | number[][],
    nDim: number,
    readonly mode: GaussianMode = 'vector',
    readonly factor?: number,
  ) {
    this.nDim = nDim;
    if (factor !== undefined && !(factor >= 1)) throw new RangeError(`gaussian move: factor must be ≥ 1 (got ${factor})`);
    if (typeof cov === 'number') {
      if (!(cov > 0)) throw new RangeError('gaussian move: cov must be positive');
      this.sd = new Float64Array(nDim).fill(Math.sqrt(cov));
    } else if (Array.isArray(cov) && cov.every((c) => typeof c === 'number')) {
      const v = cov as number[];
      if (v.length !== nDim) throw new RangeError(`gaussian move: cov has ${v.length} entries, expected ${nDim}`);
      this.sd = Float64Array.from(v, (x) => Math.sqrt(x));
    } else {
      const m = cov as number[][];
      if (m.length !== nDim || m.some((row) => row.length !== nDim)) throw new RangeError(`gaussian move: cov must be ${nDim}×${nDim}`);
      if (mode !== 'vector') throw new RangeError("gaussian move: a full covariance matrix needs mode 'vector'");
      const factor = choleskyLower(Float64Array.from(m.flat()), nDim);
      if (factor === null) throw new RangeError('gaussian move: cov is not positive definite');
      this.cholesky = factor;
    }
  }

  propose(g: ProposalGroup): void {
    const n = this.nDim;
    if (g.nDim !== n) throw new RangeError(`gaussian move: built for ${n} dimensions, sampler has ${g.nDim}`);
    const z = new Float64Array(n);
    for (let k = 0; k < g.nActive; k++) {
      const xk = k * n;
      const x = g.active[k] * n;
      for (let d = 0; d < n; d++) g.proposal[xk + d] = g.coords[x + d];
      const scale = this.factor === undefined ? 1 : Math.exp((2 * g.random.uniform() - 1) * Math.log(this.factor));
      if (this.cholesky) {
        for (let d = 0; d < n; d++) z[d] = g.random.normal();
        for (let i = 0; i < n; i++) {
          let step = 0;
          for (let j = 0; j <= i; j++) step += this.cholesky[i * n + j] * z[j];
          g.proposal[xk + i] += scale * step;
        }
      } else if (this.mode === 'vector') {
        for (let d = 0; d < n; d++) g.proposal[xk + d] += scale * this.sd![d] * g.random.normal();
      } else {
        const d = this.mode === 'random' ? g.random.integer(n) : g.iteration % n;
        g.proposal[xk + d] += scale * this.sd![d] * g.random.normal();
      }
      g.logFactor[k] = 0;
    }
  }
}
