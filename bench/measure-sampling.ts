import { integratedTime } from '../src/diagnostics/autocorrelation.ts';
import { compileScenario, scenarioDensityRecipe } from '../src/commands/scenario-density.ts';
import type { BackendName } from '../src/engine/compile.ts';
import { CountingDensity } from '../src/engine/density.ts';
import { measureThroughput } from '../src/engine/throughput.ts';
import { baselineTarget, type BaselineTargetName } from '../src/likelihood/targets.ts';
import { dataDir } from '../src/data-dir.ts';
import { ThreadedDensity } from '../src/engine/threaded-density.ts';
import { pilotMoves } from '../src/sampler/ensemble-run.ts';
import { EnsembleSampler } from '../src/sampler/ensemble-sampler.ts';
import { laplacePilot } from '../src/sampler/laplace-pilot.ts';
import type { EnsembleState } from '../src/sampler/ensemble-state.ts';
import { RandomStream } from '../src/sampler/random.ts';
import { benchMoves } from './move-specs.ts';

export interface SamplingCase {
  target: BaselineTargetName;
  walkers: number;
  burn: number;
  production: number;
  backend: Exclude<BackendName, 'auto'>;
  /** Threads scoring each batch (cpu backend; 1 = no worker threads). */
  threads: number;
  seed: number;
  /** The moves as given to `smeftfit run --moves` (move-specs.ts); default emcee's stretch (a = 2). */
  moves?: string;
}

/** What every sampler row of the bench reports about its production phase (smeftfit, emcee, Metropolis). */
export interface ProductionEss {
  /** Max over parameters of emcee's τ, in steps, on the production chain. */
  tauMax: number;
  /** The production chain is longer than 50 τ (emcee's trust threshold). */
  tauReliable: boolean;
  /** min over parameters of N·walkers/τ (the emcee reference rows' definition). */
  ess: number;
  productionSeconds: number;
  essPerSecond: number;
  essPerEvaluation: number;
}

export interface SamplingResult extends SamplingCase, ProductionEss {
  /** Evaluations per second of the whole production phase (likelihood + moves + bookkeeping). */
  samplerEvaluationsPerSecond: number;
  /** Evaluations per second of the likelihood alone at the sampler's batch size (walkers/2). */
  likelihoodEvaluationsPerSecond: number;
  acceptance: number;
  /** Evaluations per walker update (1 for stretch/DE; more for moves that evaluate several points). */
  evaluationsPerUpdate: number;
  /** Distance of the kept production draws from the target's exact moments (moment-errors below). */
  moments: MomentErrors;
  /** Evaluations of the pilot fit made before the burn-in (gess `fit: laplace`), or 0. */
  pilotEvaluations: number;
}

export interface MomentErrors {
  /** max over parameters of |mean − exact mean| / exact sd. */
  meanError: number;
  /** max over parameters of |sd / exact sd − 1|. */
  sdError: number;
}

/** How far the kept draws (rows × kept × ndim) are from the exact moments of `target`. */
export function momentErrors(chain: Float64Array, rows: number, kept: number, ndim: number, target: BaselineTargetName): MomentErrors {
  const { truth } = baselineTarget(target, dataDir());
  const n = rows * kept;
  let meanError = 0;
  let sdError = 0;
  for (let d = 0; d < ndim; d++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += chain[i * ndim + d];
    const mean = sum / n;
    let sumSq = 0;
    for (let i = 0; i < n; i++) sumSq += (chain[i * ndim + d] - mean) ** 2;
    const sd = Math.sqrt(sumSq / (n - 1));
    meanError = Math.max(meanError, Math.abs(mean - truth.mean[d]) / truth.sd[d]);
    sdError = Math.max(sdError, Math.abs(sd / truth.sd[d] - 1));
  }
  return { meanError, sdError };
}

/** Walkers whose positions are kept for τ: more add little to emcee's walker-averaged ACF. */
export const TAU_WALKERS = 256;

/** Rows kept for τ: every storeEvery-th production step (emcee's runner keeps the same ones). */
export function storageInterval(production: number): number {
  return Math.max(1, Math.floor(production / 4000));
}

/** emcee's τ (c = 5) of a kept chain and the benchmark's ESS: min over parameters of N·walkers/τ. */
export function essOfKeptChain(chain: Float64Array, rows: number, kept: number, ndim: number, storeEvery: number, production: number, walkers: number) {
  const tau = integratedTime(chain, rows, kept, ndim, { c: 5, tol: 50 });
  const tauSteps = Array.from(tau.tau, (t) => t * storeEvery);
  return { tauMax: Math.max(...tauSteps), tauReliable: !tau.tooShort, ess: Math.min(...tauSteps.map((t) => (production * walkers) / t)) };
}

/**
 * One benchmark cell, emcee's protocol: one ensemble, the cell's moves (stretch, a = 2, by default),
 * walkers started from N(0, I), `burn` steps discarded, `production` steps timed. Only the production
 * loop is timed; τ comes from the stored production chain afterwards. ESS per evaluation counts every
 * evaluation, so moves that spend several per walker update (slice sampling) are charged for them.
 */
export async function measureSampling(c: SamplingCase): Promise<SamplingResult> {
  const model = { target: c.target };
  const { scenario, compiled } = compileScenario(model, c.backend, c.walkers);
  const ndim = compiled.density.ndim;
  const evaluator = c.threads > 1 ? await ThreadedDensity.start(scenarioDensityRecipe({ model, maxBatch: c.walkers }), compiled.density, { threads: c.threads, maxBatch: c.walkers }) : compiled.density;
  const density = new CountingDensity(evaluator);
  // gauss50 at 64 walkers is below 2·ndim: allowed explicitly, as emcee's runner skips its check.
  const moves = benchMoves(c.moves ?? 'stretch', ndim, c.burn);
  const sampler = new EnsembleSampler(density, { nWalkers: c.walkers, nDim: ndim, nEnsembles: 1, moves, allowFewWalkers: true });
  // gess fit: laplace: the pilot fit, as a run makes it before its first step (the walkers still start from N(0, I)).
  let pilotEvaluations = 0;
  const needPilot = pilotMoves(moves);
  if (needPilot.length > 0) {
    const pilot = await laplacePilot(density, scenario.parameters, { batch: c.walkers });
    for (const { move } of needPilot) move.usePilot(pilot);
    pilotEvaluations = pilot.evaluations;
  }
  const init = RandomStream.fromSeed(`${c.seed}:init`);
  const state: EnsembleState = {
    nEnsembles: 1,
    nWalkers: c.walkers,
    nDim: ndim,
    coords: Float64Array.from({ length: c.walkers * ndim }, () => init.normal()),
    logProb: new Float64Array(c.walkers),
    accepted: new Float64Array(c.walkers),
    iteration: 0,
    randoms: [RandomStream.fromSeed(c.seed)],
  };
  sampler.scoreInitial(state);
  for (let t = 0; t < c.burn; t++) sampler.step(state);

  const keptWalkers = Math.min(c.walkers, TAU_WALKERS);
  const walkerStride = c.walkers / keptWalkers;
  const storeEvery = storageInterval(c.production);
  const rows = Math.floor(c.production / storeEvery);
  const chain = new Float64Array(rows * keptWalkers * ndim);
  state.accepted.fill(0);
  const evaluationsBefore = density.evaluations;
  let row = 0;
  const start = process.hrtime.bigint();
  for (let t = 1; t <= c.production; t++) {
    sampler.step(state);
    if (t % storeEvery === 0 && row < rows) {
      for (let k = 0; k < keptWalkers; k++) {
        const from = Math.floor(k * walkerStride) * ndim;
        for (let d = 0; d < ndim; d++) chain[(row * keptWalkers + k) * ndim + d] = state.coords[from + d];
      }
      row++;
    }
  }
  const productionSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  const evaluations = density.evaluations - evaluationsBefore;
  const { tauMax, tauReliable, ess } = essOfKeptChain(chain, rows, keptWalkers, ndim, storeEvery, c.production, c.walkers);
  const likelihood = measureThroughput(evaluator, { batchSizes: [Math.max(1, c.walkers / 2)], minSeconds: 0.3 })[0];
  let accepted = 0;
  for (const a of state.accepted) accepted += a;
  evaluator.dispose?.();
  return {
    ...c,
    tauMax,
    tauReliable,
    ess,
    productionSeconds,
    essPerSecond: ess / productionSeconds,
    essPerEvaluation: ess / evaluations,
    samplerEvaluationsPerSecond: evaluations / productionSeconds,
    likelihoodEvaluationsPerSecond: likelihood.evaluationsPerSecond,
    acceptance: accepted / (c.walkers * c.production),
    evaluationsPerUpdate: evaluations / (c.walkers * c.production),
    moments: momentErrors(chain, rows, keptWalkers, ndim, c.target),
    pilotEvaluations,
  };
}
