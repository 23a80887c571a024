/** Shared inputs of the output tests: Gaussian samples with a known correlation, chain stores, summaries, scenarios. */
import type { EnsembleState } from '../../src/sampler/ensemble-state.ts';
import { ChainStore } from '../../src/sampler/chain-store.ts';
import { RandomStream } from '../../src/sampler/random.ts';
import type { RunSummary } from '../../src/output/summary.ts';
import type { ParameterSpec, ScenarioModel } from '../../src/scenarios/scenario.ts';

/**
 * n points of a bivariate Gaussian with unit variances and correlation rho, by the Cholesky construction
 * x = z1, y = ρ z1 + √(1 − ρ²) z2 (so Corr(x, y) = ρ exactly in distribution).
 */
export function correlatedPairs(n: number, rho: number, seed: number | string): { x: Float64Array; y: Float64Array } {
  const random = RandomStream.fromSeed(seed);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const c = Math.sqrt(1 - rho * rho);
  for (let i = 0; i < n; i++) {
    const z1 = random.normal();
    const z2 = random.normal();
    x[i] = z1;
    y[i] = rho * z1 + c * z2;
  }
  return { x, y };
}

/** A store holding `rows` as stored rows (`thin` steps apart): each row is nWalkers × nDim, filled from `point(step, walker, dim)`. */
export function storeFrom(nSteps: number, nWalkers: number, nDim: number, point: (step: number, walker: number, dim: number) => number, thin = 1): ChainStore {
  const store = new ChainStore(nWalkers, nDim, { thin });
  for (let t = 0; t < nSteps; t++) {
    const coords = new Float64Array(nWalkers * nDim);
    for (let w = 0; w < nWalkers; w++) for (let d = 0; d < nDim; d++) coords[w * nDim + d] = point(t, w, d);
    const state: EnsembleState = { nEnsembles: 1, nWalkers, nDim, coords, logProb: new Float64Array(nWalkers), accepted: new Float64Array(nWalkers), iteration: t, randoms: [] };
    store.append(state);
  }
  return store;
}

export function parameter(name: string, role: ParameterSpec['role']): ParameterSpec {
  return { name, role, prior: { kind: 'flat', lower: -10, upper: 10 }, start: { center: 0, width: 0.1 } };
}

export function scenarioWith(name: string, parameters: ParameterSpec[]): ScenarioModel {
  const n = parameters.length;
  const precision = new Float64Array(n * n);
  for (let i = 0; i < n; i++) precision[i * n + i] = 1;
  return {
    name,
    parameters,
    density: { kind: 'gaussian-target', parameterNames: parameters.map((p) => p.name), mean: new Float64Array(n), precision },
    derived: [],
    info: {},
  };
}

export function summaryFor(names: string[], overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    name: 'test-scenario',
    parameters: names.map((name, k) => ({ name, mean: 0.1 * k, sd: 1, q05: -1.6, q50: 0.1 * k, q95: 1.7, ess_bulk: 4000, ess_tail: 3500, rhat: 1.001, tau: 12.5 })),
    derived: [],
    acceptance: 0.31,
    converged: true,
    backend: 'cpu',
    backend_reason: 'requested',
    evaluations: 100000,
    wall_seconds: 2.5,
    seed: 7,
    steps: 1000,
    burn_in_steps: 100,
    thin: 1,
    walkers: 32,
    ensembles: 1,
    rhat_method: 'walkers-heuristic',
    diagnostics_thin: 1,
    diagnostics_draws: { stored_rows: 1000, kept_rows: 1000, thinned_by: 1 },
    tau_too_short: false,
    stuck_walkers: [],
    stop_reason: 'max-steps',
    info: {},
    ...overrides,
  };
}
