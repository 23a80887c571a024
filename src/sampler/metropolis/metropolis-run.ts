import type { ChainStore } from '../chain-store.ts';
import { runLoop, type ProgressInfo, type StopReason } from '../run-loop.ts';
import type { MetropolisSampler } from './metropolis-sampler.ts';
import type { MetropolisState } from './metropolis-state.ts';

export interface MetropolisRunOptions {
  sampler: MetropolisSampler;
  state: MetropolisState;
  /** Stores every `thin`-th main-run iteration (its thin schedule is uniform). */
  store: ChainStore;
  /** Main-run iterations per chain, decided when the pre-run ends (from the evaluations it spent). */
  mainIterations(preRunEvaluations: number): number;
  /** Evaluations made so far (pre-run bookkeeping). */
  evaluations(): number;
  checkpoint: { every: number; write(): void };
  onProgress?(info: ProgressInfo & { phase: 'pre-run' | 'main' }): void;
  interrupted?(): boolean;
}

/**
 * BAT's two phases: the adaptive pre-run (nothing stored, the adaptation state checkpointed with the
 * chains every `checkpoint.every` iterations) and the main run with frozen proposals, stored every
 * `thin`-th iteration through the common run loop. A checkpoint written in either phase resumes
 * bit-identically, because everything the future depends on is in the state and its tuning.
 */
export async function runMetropolis(o: MetropolisRunOptions): Promise<{ stopReason: StopReason }> {
  const { sampler, state } = o;
  const tuning = state.tuning;
  let lastYield = Date.now();
  const progressEvery = Math.max(1, Math.floor(sampler.options.preRunCheck / 4));
  while (tuning.phase === 'pre-run') {
    if (Date.now() - lastYield > 50) {
      await new Promise((resolve) => setImmediate(resolve));
      lastYield = Date.now();
    }
    if (o.interrupted?.()) {
      o.checkpoint.write();
      return { stopReason: 'interrupted' };
    }
    if (sampler.asynchronous) await sampler.stepAsync(state);
    else sampler.step(state);
    if (phaseOf(state) === 'main') {
      tuning.preRunEvaluations = o.evaluations();
      tuning.mainIterations = Math.max(1, o.mainIterations(tuning.preRunEvaluations));
      state.iteration = 0;
      state.accepted.fill(0);
      o.checkpoint.write();
      break;
    }
    if (tuning.preRunIterations % o.checkpoint.every === 0) o.checkpoint.write();
    if (o.onProgress && tuning.preRunIterations % progressEvery === 0) {
      const meanEfficiency = tuning.efficiency.reduce((s, e) => s + e, 0) / tuning.efficiency.length;
      const rhat = Math.max(...tuning.rValues);
      o.onProgress({ phase: 'pre-run', iteration: tuning.preRunIterations, maxSteps: sampler.options.preRunMax, acceptance: Number.isFinite(meanEfficiency) ? meanEfficiency : 0, rhat: Number.isFinite(rhat) ? rhat : undefined });
    }
  }
  const result = await runLoop({
    sampler,
    state,
    store: o.store,
    maxSteps: tuning.mainIterations,
    checkpoint: { every: o.checkpoint.every, write: () => o.checkpoint.write() },
    onProgress: o.onProgress ? (info) => o.onProgress!({ ...info, phase: 'main' }) : undefined,
    interrupted: o.interrupted,
  });
  return { stopReason: result.stopReason };
}

/** The phase as the sampler left it (read through a function: the step changes it behind the compiler's back). */
function phaseOf(state: MetropolisState): 'pre-run' | 'main' {
  return state.tuning.phase;
}
