import { checkRunBounds } from '../config/bounds.ts';
import { checkRunFitsInMemory, checkStepsStoreRows } from '../config/limits.ts';
import type { RunConfig } from '../config/schema.ts';
import { scheduleUnderDiskCap } from '../output/disk-budget.ts';
import { reservoirRows } from '../sampler/chain-store.ts';
import { buildMoves } from '../sampler/moves/from-spec.ts';
import type { WeightedMove } from '../sampler/moves/move.ts';
import { resolveScenario } from '../scenarios/registry.ts';
import type { ThinSchedule } from '../sampler/thin-schedule.ts';
import type { ScenarioModel } from '../scenarios/scenario.ts';
import { resolveEnsembleIndex } from './ensemble-index.ts';
import type { RunFlags } from './run-config.ts';

/** A checked run, ready to sample: every input bound has been applied and nothing is written yet. */
export interface PreparedRun {
  scenario: ScenarioModel;
  /** With --ensemble-index: the one ensemble this process samples. */
  ensembleIndex: number | undefined;
  /** Ensembles this process samples (1 with --ensemble-index). */
  nEnsembles: number;
  /** The ensemble sampler's moves (none for the Metropolis sampler). */
  moves: WeightedMove[];
  /** Under sampler.diskCapMB (ensemble sampler): the steps stored, and the note saying so when they switch thin. */
  underDiskCap?: { schedule: ThinSchedule; note?: string };
}

/**
 * Everything `smeftfit run` checks before it computes or writes anything: the model, the flags against the
 * sampler, the bounds of config/bounds.ts, memory, the moves. `run` and `run --dry-run` both go through it.
 */
export function prepareRun(config: RunConfig, flags: RunFlags): PreparedRun {
  const { walkers: nWalkers, ensembles: allEnsembles, thin } = config.sampler;
  // With --ensemble-index this process samples ensemble I alone: same initial walkers and stream as in
  // the single-process run of all ensembles, so `smeftfit merge` can reassemble that run bit for bit.
  const ensembleIndex = resolveEnsembleIndex(flags.ensembleIndex, allEnsembles);
  const nEnsembles = ensembleIndex === undefined ? allEnsembles : 1;
  const scenario = resolveScenario(config.model);
  const nDim = scenario.parameters.length;
  checkRunBounds(config, flags, nDim, nEnsembles);
  if (config.sampler.kind === 'metropolis') return { scenario, ensembleIndex, nEnsembles, moves: [] };
  checkStepsStoreRows(config.sampler.steps, thin);
  // The chain goes to chain.h5; memory holds the store's bounded reservoir (at most reservoirRows rows).
  const memoryCapBytes = config.sampler.memoryCapMB * 2 ** 20;
  checkRunFitsInMemory(nWalkers * nEnsembles, nDim, Math.min(Math.ceil(config.sampler.steps / thin) + 1, reservoirRows(nWalkers * nEnsembles, nDim, memoryCapBytes)));
  // The disk cap's thin schedule depends on the cap, the chain's shape and thin alone: a resume recomputes it.
  const { diskCapMB } = config.sampler;
  const underDiskCap = diskCapMB === undefined ? undefined : scheduleUnderDiskCap(diskCapMB, { walkers: nWalkers * nEnsembles, nDim, steps: config.sampler.steps, thin });
  return { scenario, ensembleIndex, nEnsembles, moves: buildMoves(config.sampler.moves, nDim), underDiskCap };
}

/** What `smeftfit run --dry-run` prints: the resolved config and the shape of the run it would make. */
export interface RunPlan {
  name: string;
  out: string;
  model: string;
  parameters: string[];
  sampler: 'ensemble' | 'metropolis';
  /** Walkers (all sampled ensembles) or Metropolis chains. */
  walkers: number;
  steps: number;
  config: RunConfig;
}

export function describePlan(config: RunConfig, prepared: PreparedRun, out: string): RunPlan {
  const { sampler } = config;
  const metropolis = sampler.kind === 'metropolis';
  return {
    name: config.name ?? 'run',
    out,
    model: prepared.scenario.name,
    parameters: prepared.scenario.parameters.map((p) => p.name),
    sampler: sampler.kind,
    walkers: metropolis ? sampler.metropolis.chains : sampler.walkers * prepared.nEnsembles,
    steps: metropolis ? sampler.metropolis.iterations : sampler.steps,
    config,
  };
}

export function formatPlan(plan: RunPlan): string {
  const unit = plan.sampler === 'metropolis' ? 'chains' : 'walkers';
  return `${plan.name}: ${plan.model}, ${plan.parameters.length} parameters, ${plan.sampler} sampler, ${plan.walkers} ${unit}, at most ${plan.steps} steps; would write ${plan.out} (dry run: nothing sampled or written)`;
}
