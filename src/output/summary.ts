import path from 'node:path';
import { writeFileAtomic } from '../atomic-write.ts';
import { burnInRows, chooseBurnIn } from '../diagnostics/burn-in.ts';
import { chainDiagnostics } from '../diagnostics/chain-diagnostics.ts';
import { summariseSamples, type ParameterSummary as PosteriorMoments } from '../diagnostics/summary-statistics.ts';
import { findStuckWalkers } from '../diagnostics/stuck-walkers.ts';
import { keptDrawsVerdict } from '../diagnostics/kept-draws-verdict.ts';
import { derivedValues } from './derived-table.ts';
import { fitQuality, type GoodnessOfFit, type PullRow } from './goodness-of-fit.ts';
import type { ChainStore } from '../sampler/chain-store.ts';
import type { ScenarioModel } from '../scenarios/scenario.ts';

/** A named posterior summary: mean, sd and the 5/50/95 % quantiles. */
export interface DerivedSummary extends PosteriorMoments {
  name: string;
}

export interface ParameterSummary extends DerivedSummary {
  ess_bulk: number;
  ess_tail: number;
  rhat: number;
  tau: number;
}

export interface RunSummary {
  name: string;
  parameters: ParameterSummary[];
  derived: DerivedSummary[];
  acceptance: number;
  converged: boolean;
  backend: string;
  backend_reason: string;
  evaluations: number;
  /**
   * Log-density evaluations per walker update: evaluations / (steps × walkers of all ensembles), the initial
   * draw included. 1 for emcee-style moves; slice moves vary it from step to step.
   */
  evaluations_per_walker_update?: number;
  wall_seconds: number;
  seed: number | string;
  steps: number;
  burn_in_steps: number;
  thin: number;
  walkers: number;
  ensembles: number;
  rhat_method: 'ensembles' | 'walkers-heuristic';
  /** Stored rows between the draws used by R̂/ESS (1 = every draw; > 1 only for very long chains). */
  diagnostics_thin: number;
  /**
   * The draws every diagnostic and output was computed from: the in-memory reservoir of the chain, every
   * `thinned_by`-th of the `stored_rows` rows of chain.h5 (1 unless the run outgrew sampler.memoryCapMB).
   */
  diagnostics_draws: { stored_rows: number; kept_rows: number; thinned_by: number };
  /**
   * chain.h5's `thin_schedule` ([first_row, thin] pairs) when sampler.diskCapMB thinned the later stored
   * rows: the kept rows are then the stored rows on the grid of the coarsest thin, thin · thinned_by steps apart.
   */
  thin_schedule?: [number, number][];
  tau_too_short: boolean;
  stuck_walkers: number[];
  stop_reason: string;
  info: Record<string, unknown>;
  /**
   * χ² at the maximum posterior, dof, p-value, HEPfit's IC, Δχ² SM − best fit (output/goodness-of-fit.ts);
   * absent for scenarios without measurements (test targets) and in records written before it existed.
   */
  goodnessOfFit?: GoodnessOfFit;
  /** Per measurement: SM and posterior-predictive pulls (same conditions as goodnessOfFit). */
  pulls?: PullRow[];
}

export interface RunFacts {
  seed: number | string;
  backend: string;
  backendReason: string;
  evaluations: number;
  wallSeconds: number;
  steps: number;
  thin: number;
  nEnsembles: number;
  /** Burn-in in steps, or 'auto' = max(2·τ_max, 10 % of the run, the moves' adaptation) (diagnostics/burn-in.ts). */
  burn: number | 'auto';
  /** Steps the moves adapt to the run's own past (moves/move.ts adaptationSteps); 0 or absent when none do. */
  adaptationSteps?: number;
  acceptance: Float64Array;
  stopReason: string;
  rhatBelow: number;
  tauFactor: number;
  /** The run's ESS rule (autoStop.essBulkAbove), when it has one. */
  essBulkAbove?: number;
}

const MAX_DERIVED_POINTS = 200_000;

/** The summary.json of a run: per-parameter posterior summaries and diagnostics, derived quantities, bookkeeping. */
export function summariseRun(store: ChainStore, scenario: ScenarioModel, facts: RunFacts): RunSummary {
  const burnSteps = chooseBurnIn(store, facts.steps, facts.burn, facts.adaptationSteps);
  // Rows of the in-memory reservoir, rowSteps = thin · thinnedBy sampler steps apart.
  const discardRows = burnInRows(store, burnSteps);
  const diagnostics = chainDiagnostics(store, facts.nEnsembles, store.rowSteps, discardRows);
  const parameters = diagnostics.parameters.map((p, d) => ({
    name: scenario.parameters[d].name,
    mean: p.mean,
    sd: p.sd,
    q05: p.q05,
    q50: p.q50,
    q95: p.q95,
    ess_bulk: p.essBulk,
    ess_tail: p.essTail,
    rhat: p.rhat,
    tau: p.tauSteps,
  }));
  // The run's own criterion on the kept draws, as its stopping rule judged them; a chain shorter than
  // emcee's 50 τ is flagged apart (tau_too_short), not failed, when the run asked for less.
  const { converged } = keptDrawsVerdict(diagnostics.parameters, facts.steps - burnSteps, facts);
  let acceptance = 0;
  for (const a of facts.acceptance) acceptance += a / facts.acceptance.length;
  const quality = fitQuality(store, scenario, discardRows);
  return {
    name: scenario.name,
    parameters,
    derived: summariseDerived(store, scenario, discardRows),
    acceptance,
    converged,
    backend: facts.backend,
    backend_reason: facts.backendReason,
    evaluations: facts.evaluations,
    evaluations_per_walker_update: facts.steps > 0 ? facts.evaluations / (facts.steps * store.nWalkers) : undefined,
    wall_seconds: facts.wallSeconds,
    seed: facts.seed,
    steps: facts.steps,
    burn_in_steps: discardRows * store.rowSteps,
    thin: facts.thin,
    walkers: store.nWalkers / facts.nEnsembles,
    ensembles: facts.nEnsembles,
    rhat_method: diagnostics.rhatMethod,
    diagnostics_thin: diagnostics.diagnosticsThin,
    diagnostics_draws: { stored_rows: store.nStored, kept_rows: store.nRows, thinned_by: store.thinnedBy },
    ...(store.schedule.switchesWithin(store.nStored) && { thin_schedule: store.schedule.pairs().filter(([row]) => row < store.nStored) }),
    tau_too_short: diagnostics.tauTooShort,
    stuck_walkers: findStuckWalkers(facts.acceptance),
    stop_reason: facts.stopReason,
    info: scenario.info,
    ...(quality ? { goodnessOfFit: quality.goodnessOfFit, pulls: quality.pulls } : {}),
  };
}

function summariseDerived(store: ChainStore, scenario: ScenarioModel, discardRows: number): DerivedSummary[] {
  if (scenario.derived.length === 0) return [];
  const { data } = store.extract(discardRows);
  const nDim = store.nDim;
  const nPoints = data.length / nDim;
  const stride = Math.max(1, Math.floor(nPoints / MAX_DERIVED_POINTS));
  const count = Math.floor(nPoints / stride);
  return derivedValues(scenario.derived, data, nDim, count, stride).map(({ name, values }) => ({ name, ...summariseSamples(values, count, 1)[0] }));
}

export function writeJson(dir: string, file: string, value: unknown): void {
  writeFileAtomic(path.join(dir, file), JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2) + '\n');
}
