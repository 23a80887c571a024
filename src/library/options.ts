/**
 * The options of the library's EnsembleSampler and its run, and their checks: every refusal is one line
 * naming the option (InputError), before anything is sampled or written.
 */
import type { AutoStopSettings } from '../sampler/ensemble-run.ts';
import { InputError } from '../errors.ts';
import { parseMovesFlag, type MoveSpec } from '../sampler/moves/from-spec.ts';
import type { ProgressInfo } from '../sampler/run-loop.ts';
import type { LogProbFunction } from './user-density.ts';

/** The backends a density written in code can run on (`auto` times webgpu against cpu on a hardware adapter). */
export type LibraryBackend = 'cpu' | 'webgpu' | 'auto';

export interface EnsembleSamplerOptions {
  /** Walkers per ensemble (at least 2·nDim for the red-blue moves unless allowFewWalkers). */
  nWalkers: number;
  nDim: number;
  /** The batched log-density (see LogProbFunction). */
  logProb: LogProbFunction;
  /**
   * Body of a WGSL function `(x: array<f32, nDim>) -> f32` returning log p at x: the webgpu backend compiles
   * it into its kernel. It may read `N_DIM` and the constants `params[k]` (wgslConstants, uploaded as f32).
   * Before the run its float32 values are compared with logProb's float64 ones at the start centre and at
   * draws 1, 2 and 4 start widths around it; a difference above maxLogDensityError refuses the backend.
   */
  wgsl?: string;
  wgslConstants?: ArrayLike<number>;
  /** Independent ensembles (default 4): R̂ compares them. */
  nEnsembles?: number;
  /** Weighted moves as in a run config (default emcee's DE mixture, `de:0.8,desnooker:0.2`), or the `--moves` text (`de:0.8,desnooker:0.2`). */
  moves?: MoveSpec[] | string;
  /** Seed of every stream of the run (default 1). */
  seed?: number | string;
  /** Default 'cpu'. */
  backend?: LibraryBackend;
  /** Names in chain.h5 and the summary (default x0, x1, …). */
  parameterNames?: string[];
  /** Walkers start at center + width · N(0, 1) per coordinate (defaults 0 and 1; a number applies to every coordinate). */
  start?: { center?: number | ArrayLike<number>; width?: number | ArrayLike<number> };
  /** Support box, checked in float64 on every backend (−∞ outside; the initial walkers are drawn inside). */
  bounds?: { lower: ArrayLike<number>; upper: ArrayLike<number> };
  /** Store every thin-th step (emcee's thin_by; default 1). */
  thin?: number;
  /** emcee's live_dangerously: fewer than 2·nDim walkers with red-blue moves. */
  allowFewWalkers?: boolean;
  /** emcee's skip_initial_state_check. */
  skipInitialStateCheck?: boolean;
  /** webgpu: the largest accepted float32 error of log p at the probes (default 0.01). */
  maxLogDensityError?: number;
  /** Name of the run in its summary (default 'density'). */
  name?: string;
}

export interface RunOptions {
  /** Total steps (the cap when untilConverged; resumed steps count). Default 20000 with untilConverged. */
  steps?: number;
  /** Stop by the τ-drift and R̂ rule (true: its defaults, checked every 1000 steps). */
  untilConverged?: boolean | Partial<AutoStopSettings>;
  /** Burn-in steps for the summary, or 'auto' = max(2·τ_max, 10 % of the run) (default). */
  burn?: number | 'auto';
  /** Run directory: chain.h5, state.json (checkpoints), summary.json, sampler.json, provenance.json. */
  out?: string;
  /** Continue the checkpoint in `out` (same sampler options; only steps may change). */
  resume?: boolean;
  /** Steps between checkpoints (default 1000). */
  checkpointEvery?: number;
  /** Cap on the chain rows held in memory, in MiB (default 512); longer chains keep every k-th row. */
  memoryCapMB?: number;
  /** Also write the report, plots and correlations of `smeftfit run` into `out`. */
  report?: boolean;
  onProgress?(info: ProgressInfo): void;
}

/** getChain's view: `data` row-major in `shape` ([rows, walkers, nDim], or [rows · walkers, nDim] when flat). */
export interface ChainView {
  data: Float64Array;
  shape: number[];
}

export interface ChainSelection {
  /** Steps to drop from the start (default 0; summary.burn_in_steps drops the burn-in), rounded up to whole stored rows. */
  discard?: number;
  /** Keep every thin-th stored row (default 1). */
  thin?: number;
  /** Rows × walkers merged into one axis (default false). */
  flat?: boolean;
}

export const DEFAULT_AUTO_STOP: AutoStopSettings = { checkEvery: 1000, tauFactor: 50, tauDrift: 0.01, rhatBelow: 1.01 };
export const DEFAULT_STEPS = 20_000;

export function positiveInteger(name: string, value: unknown, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) throw new InputError(`${name}: expected an integer from 1 to ${max}, got ${String(value)}`);
  return value;
}

export function perCoordinate(name: string, value: number | ArrayLike<number> | undefined, fallback: number, nDim: number): Float64Array {
  if (value === undefined) return new Float64Array(nDim).fill(fallback);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InputError(`${name}: expected a finite number, got ${value}`);
    return new Float64Array(nDim).fill(value);
  }
  if (typeof value !== 'object' || value === null || value.length !== nDim) throw new InputError(`${name}: expected a number or ${nDim} numbers (one per dimension)`);
  const out = Float64Array.from(value);
  if (!out.every(Number.isFinite)) throw new InputError(`${name}: expected finite numbers`);
  return out;
}

/** The `--moves` text (`de:0.8,desnooker:0.2`), with errors naming the option `moves`. */
export function movesFromText(text: string): MoveSpec[] {
  try {
    return parseMovesFlag(text);
  } catch (error) {
    if (error instanceof InputError) throw new InputError(error.message.replace(/^--moves:/, 'moves:'));
    throw error;
  }
}

