/**
 * Hadronic theory covariance of a set of observables, propagated from the correlated form-factor
 * uncertainties (BSZ2015 B → K*, 19 independent parameters; FNAL/MILC B → K, 9 parameters) and f_Bs by
 * sampling them once at start-up (feasibility.md stage A, treatment (a): kernels stay at the central hadronic
 * point and the form-factor nuisances enter as a theory covariance added to the measurement covariance).
 * The covariance is evaluated at one NP point (by default the SM).
 */
import seedrandom from 'seedrandom';
import { FlavourTheory, type TheoryOptions, DEFAULT_THEORY_OPTIONS } from './bin-kernels.ts';
import { CompiledObservables, type NpPoint } from './compiled-observables.ts';
import { BSZ_DEPENDENT_LABELS } from './form-factors-bsz.ts';
import type { FlavourParameters } from './parameters.ts';
import { type CorrelatedParameterSet, loadTheoryInputs } from './data-files.ts';
import { requireCholesky } from '../../numerics/linear-algebra.ts';

/** Sampler of one correlated Gaussian parameter set, optionally with some labels held dependent. */
class CorrelatedSampler {
  private readonly free: number[];
  private readonly L: Float64Array;

  constructor(private readonly set: CorrelatedParameterSet, dependent: readonly string[] = []) {
    this.free = set.parameter_labels.map((_, i) => i).filter((i) => !dependent.includes(set.parameter_labels[i]));
    const n = this.free.length;
    const cov = new Float64Array(n * n);
    this.free.forEach((fi, a) =>
      this.free.forEach((fj, b) => {
        cov[a * n + b] = set.correlation[fi][fj] * set.uncertainty[fi] * set.uncertainty[fj];
      }),
    );
    this.L = requireCholesky(cov, n, 'form-factor covariance');
  }

  /** A full-length vector (dependent entries keep their central value; BszFormFactors re-imposes them). */
  draw(normal: () => number): Float64Array {
    const n = this.free.length;
    const z = Float64Array.from({ length: n }, normal);
    const out = Float64Array.from(this.set.central);
    for (let a = 0; a < n; a++) {
      let s = 0;
      for (let b = 0; b <= a; b++) s += this.L[a * n + b] * z[b];
      out[this.free[a]] += s;
    }
    return out;
  }
}

export interface TheoryCovarianceOptions {
  draws: number;
  seed: string;
  at: NpPoint;
  theory: TheoryOptions;
}

export const DEFAULT_THEORY_COVARIANCE: TheoryCovarianceOptions = {
  draws: 200,
  seed: 'flavour-theory-covariance',
  at: { c9mu: 0, c10mu: 0, c9e: 0, c10e: 0 },
  theory: DEFAULT_THEORY_OPTIONS,
};

/** Sample covariance (n×n, row-major) of the observables under the hadronic uncertainties. */
export function theoryCovariance(
  names: readonly string[],
  params: FlavourParameters,
  options: Partial<TheoryCovarianceOptions> = {},
  dataDir?: string,
): Float64Array {
  const o = { ...DEFAULT_THEORY_COVARIANCE, ...options };
  const inputs = loadTheoryInputs(dataDir);
  const bsz = new CorrelatedSampler(inputs.BSZ2015_B_to_Kstar, BSZ_DEPENDENT_LABELS);
  const bcl = new CorrelatedSampler(inputs.FNALMILC2015_B_to_K_BCL);
  const rng = seedrandom(o.seed);
  const normal = (): number => {
    // Box–Muller
    const u = 1 - rng();
    const v = rng();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const n = names.length;
  const samples = new Float64Array(o.draws * n);
  for (let d = 0; d < o.draws; d++) {
    const hadronic = { bsz: bsz.draw(normal), bcl: bcl.draw(normal), fBs: params.fBs * (1 + params.fBsRelativeError * normal()) };
    const compiled = new CompiledObservables(names, new FlavourTheory(params, hadronic, o.theory, dataDir));
    compiled.evaluate(o.at, samples, d * n);
  }
  const mean = new Float64Array(n);
  for (let d = 0; d < o.draws; d++) for (let i = 0; i < n; i++) mean[i] += samples[d * n + i] / o.draws;
  const cov = new Float64Array(n * n);
  for (let d = 0; d < o.draws; d++) {
    for (let i = 0; i < n; i++) {
      const di = samples[d * n + i] - mean[i];
      for (let j = 0; j < n; j++) cov[i * n + j] += (di * (samples[d * n + j] - mean[j])) / (o.draws - 1);
    }
  }
  return cov;
}
