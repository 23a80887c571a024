import type { ChainStore } from './chain-store.ts';
import type { SteppingSampler } from './batch-requests.ts';
import type { EnsembleState } from './ensemble-state.ts';

export interface ProgressInfo {
  iteration: number;
  maxSteps: number;
  /** Mean acceptance fraction over all walkers so far. */
  acceptance: number;
  /** Latest τ estimate (max over parameters, in steps) and R̂ (max), when a check has run. */
  tau?: number;
  rhat?: number;
  /** Log-density evaluations so far (the cost: per step it varies with slice moves). */
  evaluations?: number;
}

/** Periodic convergence check: sees the stored chain, says whether to stop. */
export interface ConvergenceMonitor {
  /** True when a check is due after this step (a pure function of the step and the monitor's state). */
  due(iteration: number): boolean;
  check(iteration: number): { converged: boolean; tau?: number; rhat?: number };
  /** Serialisable state of the monitor, saved with checkpoints. */
  snapshot(): unknown;
}

export interface RunLoopOptions {
  sampler: SteppingSampler<EnsembleState>;
  state: EnsembleState;
  store: ChainStore;
  /** Stop when state.iteration reaches this (total steps, counting any resumed ones). */
  maxSteps: number;
  monitor?: ConvergenceMonitor;
  /** Called every `checkpointEvery` steps and at the end (with the monitor's snapshot). */
  checkpoint?: { every: number; write(stopRule: unknown): void };
  onProgress?(info: ProgressInfo): void;
  /** Log-density evaluations so far, for the progress line. */
  evaluations?(): number;
  /** Polled once per step; true stops the run cleanly (after a final checkpoint). */
  interrupted?(): boolean;
}

export type StopReason = 'converged' | 'max-steps' | 'interrupted';

/**
 * Drives the sampler: steps, stores the states the store's thin schedule asks for, runs the convergence monitor, checkpoints.
 * It yields to the event loop every ~50 ms so an interrupt can be noticed between steps.
 * The loop holds no state of its own beyond what the checkpoint records, which is what makes a resumed
 * run bit-identical to an uninterrupted one.
 */
export async function runLoop(options: RunLoopOptions): Promise<{ stopReason: StopReason; tau?: number; rhat?: number }> {
  const { sampler, state, store, maxSteps, monitor, checkpoint } = options;
  let lastTau: number | undefined;
  let lastRhat: number | undefined;
  let stopReason: StopReason = 'max-steps';
  const progressEvery = Math.max(1, Math.floor(maxSteps / 200));
  let lastYield = Date.now();
  while (state.iteration < maxSteps) {
    // Yield to the event loop every ~50 ms so that signal handlers (Ctrl-C) can run.
    if (Date.now() - lastYield > 50) {
      await new Promise((resolve) => setImmediate(resolve));
      lastYield = Date.now();
    }
    if (options.interrupted?.()) {
      stopReason = 'interrupted';
      break;
    }
    if (sampler.asynchronous) await sampler.stepAsync(state);
    else sampler.step(state);
    if (store.storesStep(state.iteration)) store.append(state);
    let stop = false;
    if (monitor?.due(state.iteration)) {
      const result = monitor.check(state.iteration);
      lastTau = result.tau;
      lastRhat = result.rhat;
      stop = result.converged;
    }
    if (checkpoint && (state.iteration % checkpoint.every === 0 || stop)) checkpoint.write(monitor?.snapshot());
    if (options.onProgress && (state.iteration % progressEvery === 0 || stop)) {
      options.onProgress({ iteration: state.iteration, maxSteps, acceptance: meanAcceptance(state), tau: lastTau, rhat: lastRhat, evaluations: options.evaluations?.() });
    }
    if (stop) {
      stopReason = 'converged';
      break;
    }
  }
  checkpoint?.write(monitor?.snapshot());
  return { stopReason, tau: lastTau, rhat: lastRhat };
}

function meanAcceptance(state: EnsembleState): number {
  if (state.iteration === 0) return 0;
  let sum = 0;
  for (const a of state.accepted) sum += a;
  return sum / state.accepted.length / state.iteration;
}
