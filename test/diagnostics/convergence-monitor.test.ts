/**
 * The run's stopping rule (diagnostics/convergence-monitor.ts) judges the draws the summary keeps: R̂ (and,
 * with essBulkAbove, the bulk-ESS) over the rows after the summary's burn-in, every walker, as
 * chain-diagnostics.ts computes them. Chains here are AR(1) series with known τ = (1 + ρ)/(1 − ρ).
 */
import { describe, expect, it } from 'vitest';
import { burnInRows, chooseBurnIn } from '../../src/diagnostics/burn-in.ts';
import { chainDiagnostics, ensembleChains } from '../../src/diagnostics/chain-diagnostics.ts';
import { TauDriftMonitor, type ConvergenceMonitorOptions } from '../../src/diagnostics/convergence-monitor.ts';
import { rhatRank } from '../../src/diagnostics/rhat.ts';
import { ChainStore } from '../../src/sampler/chain-store.ts';
import { RandomStream } from '../../src/sampler/random.ts';
import { freshState } from '../sampler/harness.ts';

const ENSEMBLES = 2;
const WALKERS = 16;
const DIMS = 2;
const STEPS = 2000;
const RHO = 0.5; // τ = 3 steps

/**
 * A stored chain of 2 ensembles × 16 walkers × 2 parameters, AR(1) with ρ = 0.5; parameter 0 of the second
 * ensemble is shifted by `shift` during steps [from, to).
 */
function chainWith(seed: string, shift = 0, from = 0, to = 0): ChainStore {
  const nWalkers = ENSEMBLES * WALKERS;
  const store = new ChainStore(nWalkers, DIMS, { thin: 1, memoryCapBytes: 64 * 2 ** 20 });
  const state = freshState(1, nWalkers, DIMS, seed);
  const random = RandomStream.fromSeed(seed);
  const level = Float64Array.from(state.coords);
  const noise = Math.sqrt(1 - RHO * RHO);
  for (let t = 0; t < STEPS; t++) {
    for (let k = 0; k < level.length; k++) level[k] = RHO * level[k] + noise * random.normal();
    state.coords.set(level);
    if (t >= from && t < to) for (let w = WALKERS; w < nWalkers; w++) state.coords[w * DIMS] += shift;
    state.iteration = t + 1;
    store.append(state);
  }
  return store;
}

const options = (extra: Partial<ConvergenceMonitorOptions> = {}): ConvergenceMonitorOptions => ({
  every: 500,
  tauFactor: 20,
  tauDrift: 0.01,
  rhatBelow: 1.01,
  nEnsembles: ENSEMBLES,
  burn: 'auto',
  adaptationSteps: 0,
  ...extra,
});

/** max R̂ over the rows [first, STEPS) as the earlier rule read it (the second half of the chain). */
function rhatOfRows(store: ChainStore, first: number): number {
  const { data, nSteps } = store.extract(first);
  let worst = 0;
  for (let d = 0; d < DIMS; d++) {
    const perWalker = Array.from({ length: store.nWalkers }, (_, w) => Float64Array.from({ length: nSteps }, (_, t) => data[(t * store.nWalkers + w) * DIMS + d]));
    worst = Math.max(worst, rhatRank(ensembleChains(perWalker, ENSEMBLES)));
  }
  return worst;
}

/** The summary's max R̂ and min bulk-ESS (summary.ts: the same burn-in and diagnostics). */
function summaryView(store: ChainStore): { rhat: number; ess: number } {
  const burn = chooseBurnIn(store, STEPS, 'auto');
  const { parameters } = chainDiagnostics(store, ENSEMBLES, 1, burnInRows(store, burn));
  return { rhat: Math.max(...parameters.map((p) => p.rhat)), ess: Math.min(...parameters.map((p) => p.essBulk)) };
}

describe('the stopping rule judges the draws the summary keeps', () => {
  it('an ensemble off by 0.5 sd during steps 200–1000 (inside the kept draws, outside the second half): the earlier rule would stop, this one does not, and its R̂ is the summary’s', () => {
    const store = chainWith('monitor-shift', 0.5, 200, 1000);
    // The summary keeps steps ≥ 200 (10 % of 2000 > 2τ); the second half starts at 1000.
    expect(chooseBurnIn(store, STEPS, 'auto')).toBe(200);
    expect(rhatOfRows(store, STEPS / 2)).toBeLessThan(1.01);
    const summary = summaryView(store);
    expect(summary.rhat).toBeGreaterThan(1.01);
    const monitor = new TauDriftMonitor(store, options());
    monitor.check(STEPS); // first check: no previous τ
    const decision = monitor.check(STEPS); // same τ: the drift criterion holds
    expect(decision.converged).toBe(false);
    expect(decision.rhat).toBe(summary.rhat);
  });

  it('control: the same chain without the shift stops converged (τ rule: at the second check; its R̂ is the summary’s, < 1.01)', () => {
    const store = chainWith('monitor-shift');
    const monitor = new TauDriftMonitor(store, options());
    expect(monitor.check(STEPS).converged).toBe(false);
    const decision = monitor.check(STEPS);
    expect(decision.converged).toBe(true);
    expect(decision.rhat).toBe(summaryView(store).rhat);
  });

  it('essBulkAbove: stops at the first check once every bulk-ESS reaches it (the τ rule never can), and not while one is below', () => {
    const store = chainWith('monitor-ess');
    // ≈ 1800 kept steps × 32 walkers / τ = 3: a bulk-ESS of ≈ 2·10⁴ per parameter.
    const { ess } = summaryView(store);
    expect(ess).toBeGreaterThan(1000);
    expect(new TauDriftMonitor(store, options({ essBulkAbove: 1000 })).check(STEPS).converged).toBe(true);
    expect(new TauDriftMonitor(store, options({ essBulkAbove: 2 * ess })).check(STEPS).converged).toBe(false);
    // The length condition still applies: τ·tauFactor beyond the kept steps.
    expect(new TauDriftMonitor(store, options({ essBulkAbove: 1000, tauFactor: 1000 })).check(STEPS).converged).toBe(false);
  });
});
