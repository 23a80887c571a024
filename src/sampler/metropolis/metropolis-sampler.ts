import type { BatchLogDensity } from '../../engine/density.ts';
import { choleskyLower } from '../../numerics/linear-algebra.ts';
import { driveAsync, driveNow, type SamplerStep, type SteppingSampler } from '../batch-requests.ts';
import { NaNLogProbError } from '../ensemble-sampler.ts';
import { addSample, adjustScale, blendCovariance, brooksGelmanR, covarianceUpdateWeight, sampleCovariance } from './adaptation.ts';
import type { MetropolisSettings, MetropolisState, MetropolisTuning } from './metropolis-state.ts';
import { studentScale } from './proposal-draws.ts';

export interface MetropolisSamplerOptions extends MetropolisSettings {
  nDim: number;
  /** Parameter limits: BAT rejects proposals outside them without evaluating the density. */
  lower: readonly number[];
  upper: readonly number[];
}

/** BAT's Cholesky fallback (CalculateCholeskyDecompositions): Σ·s, then diagonal × (1 + ε), then diagonal only. */
const CHOLESKY_EPSILON = 0.05;

/**
 * Adaptive Metropolis as BAT 1.x runs it for HEPfit (anchors §3.1; bat/bat src/BCEngineMCMC.cxx):
 * K chains step together; each proposes x' = x + L y · √(ν/χ²_ν) with y ~ N(0, I) and L the Cholesky
 * factor of its scale · Σ, and accepts iff log p' is finite and (log p' ≥ log p or log U < log p' − log p).
 * All K proposals inside the limits are scored in ONE batch call per step, so the sampler runs on every
 * backend. In the pre-run, every `preRunCheck` iterations each chain's scale moves ×/÷ 1.5 toward the
 * efficiency window, Σ ← (1 − a) Σ + a S with a = (t + 2)^(−½), and the pre-run ends when no scale moved,
 * every parameter's Brooks–Gelman R is below the criterion and the minimum length is reached (or at the
 * cap); the main run then uses the frozen proposals. Float64 throughout.
 */
export class MetropolisSampler implements SteppingSampler<MetropolisState> {
  private readonly batch: Float64Array;
  private readonly batchLogProb: Float64Array;
  private readonly proposals: Float64Array;
  private readonly inside: Uint8Array;
  private readonly normals: Float64Array;
  private readonly delta: Float64Array;

  constructor(
    private readonly density: BatchLogDensity,
    readonly options: MetropolisSamplerOptions,
  ) {
    const { chains, nDim } = options;
    if (density.ndim !== nDim) throw new RangeError(`log-density has ${density.ndim} dimensions, sampler ${nDim}`);
    if (!(chains >= 1)) throw new RangeError('at least one chain is needed');
    if (!(options.efficiencyMin < options.efficiencyMax)) throw new RangeError('efficiencyMin must be below efficiencyMax');
    if (!(options.scaleMultiplier > 1)) throw new RangeError('scaleMultiplier must exceed 1');
    this.batch = new Float64Array(chains * nDim);
    this.batchLogProb = new Float64Array(chains);
    this.proposals = new Float64Array(chains * nDim);
    this.inside = new Uint8Array(chains);
    this.normals = new Float64Array(nDim);
    this.delta = new Float64Array(nDim);
  }

  get asynchronous(): boolean {
    return this.density.asynchronous === true;
  }

  scoreInitial(state: MetropolisState): void {
    driveNow(this.initialScores(state), this.density);
  }

  async scoreInitialAsync(state: MetropolisState): Promise<void> {
    await driveAsync(this.initialScores(state), this.density);
  }

  step(state: MetropolisState): { acceptedThisStep: number } {
    return driveNow(this.steps(state), this.density);
  }

  stepAsync(state: MetropolisState): Promise<{ acceptedThisStep: number }> {
    return driveAsync(this.steps(state), this.density);
  }

  private *initialScores(state: MetropolisState): SamplerStep<void> {
    yield { points: state.coords, count: this.options.chains, out: state.logProb };
    for (let c = 0; c < this.options.chains; c++) {
      if (Number.isNaN(state.logProb[c])) throw new NaNLogProbError(`log-probability is NaN for chain ${c} at its start point`);
    }
  }

  private *steps(state: MetropolisState): SamplerStep<{ acceptedThisStep: number }> {
    const { chains, nDim, lower, upper } = this.options;
    const tuning = state.tuning;
    const dof = this.options.proposal === 'gaussian' ? 0 : this.options.dof;
    // 1. every chain draws its proposal from its own stream; those inside the limits go into the batch
    let count = 0;
    for (let c = 0; c < chains; c++) {
      const random = state.randoms[c];
      for (let i = 0; i < nDim; i++) this.normals[i] = random.normal();
      const s = studentScale(random, dof);
      const L = tuning.cholesky[c];
      let inside = 1;
      for (let i = 0; i < nDim; i++) {
        let step = 0;
        for (let j = 0; j <= i; j++) step += L[i * nDim + j] * this.normals[j];
        const x = state.coords[c * nDim + i] + step * s;
        this.proposals[c * nDim + i] = x;
        if (!(x >= lower[i] && x <= upper[i])) inside = 0;
      }
      this.inside[c] = inside;
      if (inside) {
        this.batch.set(this.proposals.subarray(c * nDim, (c + 1) * nDim), count * nDim);
        count++;
      }
    }
    // 2. one batched likelihood call for all chains' proposals
    if (count > 0) yield { points: this.batch, count, out: this.batchLogProb };
    // 3. accept/reject in float64, chain by chain (BAT's AcceptOrRejectPoint)
    let acceptedThisStep = 0;
    let b = 0;
    for (let c = 0; c < chains; c++) {
      let accept = false;
      if (this.inside[c]) {
        const lpNew = this.batchLogProb[b++];
        if (Number.isNaN(lpNew)) {
          throw new NaNLogProbError(`log-probability is NaN for chain ${c} at step ${state.iteration}, point [${Array.from(this.proposals.subarray(c * nDim, (c + 1) * nDim)).join(', ')}]`);
        }
        const lpOld = state.logProb[c];
        accept = Number.isFinite(lpNew) && (lpNew >= lpOld || Math.log(state.randoms[c].uniform()) < lpNew - lpOld);
        if (accept) {
          state.coords.set(this.proposals.subarray(c * nDim, (c + 1) * nDim), c * nDim);
          state.logProb[c] = lpNew;
        }
      }
      if (accept) acceptedThisStep++;
      if (tuning.phase === 'pre-run') {
        if (accept) tuning.blockAccepted[c] += 1;
        addSample(tuning.moments[c], state.coords.subarray(c * nDim, (c + 1) * nDim), this.delta);
      } else if (accept) {
        state.accepted[c] += 1;
      }
    }
    if (tuning.phase === 'pre-run') {
      tuning.preRunIterations += 1;
      tuning.blockIterations += 1;
      if (tuning.blockIterations === this.options.preRunCheck || tuning.preRunIterations >= this.options.preRunMax) this.endOfBlock(tuning);
    } else {
      state.iteration += 1;
    }
    return { acceptedThisStep };
  }

  /** The body of BAT's MetropolisPreRun loop after a block of iterations (multivariate branch). */
  private endOfBlock(t: MetropolisTuning): void {
    const { chains, nDim } = this.options;
    const rule = { efficiencyMin: this.options.efficiencyMin, efficiencyMax: this.options.efficiencyMax, multiplier: this.options.scaleMultiplier, lowerLimit: 0, upperLimit: Number.MAX_VALUE };
    let allEfficient = true;
    let adjustable = false;
    let scalesAdjusted = false;
    for (let c = 0; c < chains; c++) {
      t.efficiency[c] = t.blockAccepted[c] / t.blockIterations;
      const r = adjustScale(t.scale[c], t.efficiency[c], rule);
      if (r.outOfRange) allEfficient = false;
      if (r.adjustable) adjustable = true;
      if (r.scale !== t.scale[c]) scalesAdjusted = true;
      t.scale[c] = r.scale;
    }
    let converged = true;
    if (chains > 1) {
      const n = t.moments[0].n;
      for (let p = 0; p < nDim; p++) {
        const means = t.moments.map((m) => m.mean[p]);
        const variances = t.moments.map((m) => m.comoment[p * nDim + p] / (m.n - 1));
        t.rValues[p] = brooksGelmanR(means, variances, n);
        // BAT: R > criterion → not converged; a NaN R is treated as not converged here.
        if (!(t.rValues[p] <= this.options.rValue)) converged = false;
      }
    }
    t.allEfficient = allEfficient;
    t.converged = converged;
    t.checks += 1;
    const atMinimum = t.preRunIterations >= this.options.preRunMin;
    if (!scalesAdjusted && converged && atMinimum) return this.finishPreRun(t, 'converged');
    // Covariance update (BAT updates after every check that does not end the pre-run)
    const a = covarianceUpdateWeight(t.updates, this.options.covarianceLambda);
    for (let c = 0; c < chains; c++) blendCovariance(t.covariance[c], sampleCovariance(t.moments[c]), a);
    t.updates += 1;
    for (let c = 0; c < chains; c++) t.cholesky[c] = Array.from(proposalCholesky(t.covariance[c], t.scale[c], nDim));
    if (t.preRunIterations >= this.options.preRunMax) return this.finishPreRun(t, converged && allEfficient ? 'converged' : 'pre-run cap');
    t.blockIterations = 0;
    t.blockAccepted.fill(0);
    // BAT's while condition: keep going while below the minimum, while an inefficient scale can still move, or while not converged
    if (!(!atMinimum || (!allEfficient && adjustable) || (chains > 1 && !converged))) this.finishPreRun(t, 'converged');
  }

  private finishPreRun(t: MetropolisTuning, outcome: 'converged' | 'pre-run cap'): void {
    t.phase = 'main';
    t.preRunOutcome = outcome;
    t.blockIterations = 0;
    t.blockAccepted.fill(0);
  }
}

/** Lower Cholesky factor of scale · Σ with BAT's fallbacks (ε on the diagonal, then the diagonal alone). */
export function proposalCholesky(covariance: readonly number[], scale: number, n: number): Float64Array {
  const m = Float64Array.from(covariance, (v) => v * scale);
  const first = choleskyLower(m, n);
  if (first) return first;
  const inflated = m.slice();
  for (let i = 0; i < n; i++) inflated[i * n + i] *= 1 + CHOLESKY_EPSILON;
  const second = choleskyLower(inflated, n);
  if (second) return second;
  const diagonal = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    if (!(m[i * n + i] > 0)) throw new Error(`Metropolis proposal: variance of parameter ${i} is ${m[i * n + i]}; cannot build a proposal`);
    diagonal[i * n + i] = Math.sqrt(m[i * n + i]);
  }
  return diagonal;
}
