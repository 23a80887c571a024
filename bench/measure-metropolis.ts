import { integratedTime } from '../src/diagnostics/autocorrelation.ts';
import { compileModel, type BackendName } from '../src/engine/compile.ts';
import { CountingDensity } from '../src/engine/density.ts';
import { baselineTarget, type BaselineTargetName } from '../src/likelihood/targets.ts';
import { MetropolisSampler } from '../src/sampler/metropolis/metropolis-sampler.ts';
import { initialTuning, type MetropolisState } from '../src/sampler/metropolis/metropolis-state.ts';
import { RandomStream } from '../src/sampler/random.ts';
import { dataDir } from '../src/data-dir.ts';
import type { ProductionEss } from './measure-sampling.ts';

export interface MetropolisCase {
  target: BaselineTargetName;
  chains: number;
  /** Production iterations per chain (the pre-run runs until BAT's stop rule). */
  production: number;
  backend: Exclude<BackendName, 'auto'>;
  seed: number;
}

export interface MetropolisResult extends MetropolisCase, ProductionEss {
  preRunIterations: number;
  preRunOutcome: string;
  acceptance: number;
}

/**
 * One Metropolis benchmark cell: BAT's defaults (Student-t(1) proposal, pre-run blocks of 1000, min 1500,
 * max 1e5 iterations, efficiency window [0.15, 0.35], R < 1.1), chains started in a unit ball at the
 * origin as the ensemble rows, then `production` iterations timed. ESS as the ensemble rows: min over
 * parameters of N·chains/τ with emcee's τ (chains in place of walkers); ESS/eval over production.
 */
export function measureMetropolis(c: MetropolisCase): MetropolisResult {
  const { model } = baselineTarget(c.target, dataDir());
  const ndim = model.parameterNames.length;
  const compiled = compileModel(model, { backend: c.backend, maxBatch: c.chains });
  const density = new CountingDensity(compiled.density);
  const settings = { chains: c.chains, proposal: 'student-t' as const, dof: 1, preRunCheck: 1000, preRunMin: 1500, preRunMax: 100000, efficiencyMin: 0.15, efficiencyMax: 0.35, scaleMultiplier: 1.5, covarianceLambda: 0.5, rValue: 1.1 };
  const sampler = new MetropolisSampler(density, { ...settings, nDim: ndim, lower: new Array(ndim).fill(-Infinity), upper: new Array(ndim).fill(Infinity) });
  const init = RandomStream.fromSeed(`${c.seed}:init`);
  const state: MetropolisState = {
    nEnsembles: c.chains,
    nWalkers: 1,
    nDim: ndim,
    coords: Float64Array.from({ length: c.chains * ndim }, () => init.normal()),
    logProb: new Float64Array(c.chains),
    accepted: new Float64Array(c.chains),
    iteration: 0,
    randoms: Array.from({ length: c.chains }, (_, k) => RandomStream.fromSeed(`${c.seed}:${k}`)),
    // improper targets: the unit start ball's variance, as `smeftfit run` uses the start box
    tuning: initialTuning(c.chains, new Array(ndim).fill(1)),
  };
  sampler.scoreInitial(state);
  while (state.tuning.phase === 'pre-run') sampler.step(state);

  const storeEvery = Math.max(1, Math.floor(c.production / 20000));
  const rows = Math.floor(c.production / storeEvery);
  const chain = new Float64Array(rows * c.chains * ndim);
  const evaluationsBefore = density.evaluations;
  let row = 0;
  const start = process.hrtime.bigint();
  for (let t = 1; t <= c.production; t++) {
    sampler.step(state);
    if (t % storeEvery === 0 && row < rows) chain.set(state.coords, row++ * c.chains * ndim);
  }
  const productionSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  const evaluations = density.evaluations - evaluationsBefore;
  const tau = integratedTime(chain, rows, c.chains, ndim, { c: 5, tol: 50 });
  const tauSteps = Array.from(tau.tau, (t) => t * storeEvery);
  const ess = Math.min(...tauSteps.map((t) => (c.production * c.chains) / t));
  let accepted = 0;
  for (const a of state.accepted) accepted += a;
  compiled.density.dispose?.();
  return {
    ...c,
    preRunIterations: state.tuning.preRunIterations,
    preRunOutcome: state.tuning.preRunOutcome ?? '',
    tauMax: Math.max(...tauSteps),
    tauReliable: !tau.tooShort,
    ess,
    productionSeconds,
    essPerSecond: ess / productionSeconds,
    essPerEvaluation: ess / evaluations,
    acceptance: accepted / (c.chains * c.production),
  };
}
