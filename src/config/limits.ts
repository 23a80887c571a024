import os from 'node:os';
import { InputError } from '../errors.ts';

/**
 * Upper bounds on the sizes a run may ask for, so that a typo such as `--steps 1e99` or
 * `walkers: 1e12` is one line and exit code 2 instead of a RangeError from a typed-array allocation.
 * They are far above any real fit (the paper's runs use 96–256 walkers per ensemble and ~10⁵ steps).
 */
export const LIMITS = {
  /** Steps per run: a billion steps at one step per microsecond is already a quarter hour of bookkeeping. */
  steps: 1_000_000_000,
  /** Walkers per ensemble. */
  walkers: 1_000_000,
  ensembles: 1024,
  /** Walkers over all ensembles: one half-ensemble batch is evaluated at a time, in one buffer. */
  totalWalkers: 4_000_000,
  /** Dimension of the `normal` test target. */
  ndim: 10_000,
  /** Form-factor draws for the flavour theory covariance (each costs a full set of bin integrals). */
  theoryDraws: 100_000,
  /** Red-blue splits of a move (at most the walkers of an ensemble make sense). */
  nsplits: 1_000_000,
  /** Log-density evaluations of a Metropolis budget (exact as a double, 10⁶× the paper's runs). */
  evaluations: 1e15,
  /** Characters of a string seed (it is recorded in config.json and summary.json). */
  seedLength: 200,
  /**
   * Multiply-adds of the initial-walker independence check (a singular-value decomposition of each
   * ensemble's walkers × ndim matrix, ≈ walkers · ndim² each): 2·10¹⁰ is some ten seconds of one core.
   */
  initialCheckOperations: 2e10,
} as const;

/**
 * Bounds on move settings. Past them a proposal from finite walkers can overflow: the stretch factor z
 * reaches a, DE's γ = γ₀(1 + σ n) scales a walker difference, a Gaussian step is √variance · n; at a or
 * σ near 1e308 every proposal is ±Infinity and every walker dies at step 0. Far above any sensible setting
 * (emcee's defaults: a = 2, σ = 1e-5, γ₀ = 2.38/√(2 ndim), snooker γ = 1.7).
 */
export const MOVE_BOUNDS = {
  /** Stretch a, DE σ and γ₀, snooker γ, Gaussian factor. */
  scale: 1e3,
  /** Gaussian proposal variances (entries of cov). */
  variance: 1e12,
  /** Relative weight of a move. */
  weight: 1e6,
} as const;

/** Parses a command-line integer in [min, max]; the message names the flag. */
export function parseIntegerFlag(flag: string, text: string, min: number, max: number): number {
  // Decimal only (1e4 is fine): Number() would also read 0x10 as 16 and 0b11 as 3.
  const value = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InputError(`${flag}: expected an integer from ${min} to ${max}, got '${text}'`);
  }
  return value;
}

/**
 * The ensemble state and its work buffers (positions, proposals, log-probabilities; a few copies of
 * walkers × dims float64 values) must fit in memory with room to spare; this refuses before allocating.
 * `rowsHeld` counts further walkers × dims rows kept in memory (stored chain rows).
 */
export function checkRunFitsInMemory(totalWalkers: number, nDim: number, rowsHeld: number): void {
  if (totalWalkers > LIMITS.totalWalkers) {
    throw new InputError(`sampler: walkers × ensembles = ${totalWalkers} is more than ${LIMITS.totalWalkers}`);
  }
  const stateBytes = 8 * totalWalkers * (nDim + 1) * 6;
  const chainBytes = 8 * totalWalkers * (nDim + 1) * rowsHeld;
  const budget = os.totalmem() / 2;
  const needed = stateBytes + chainBytes;
  if (!(needed <= budget) || !Number.isSafeInteger(totalWalkers * (nDim + 1) * Math.max(rowsHeld, 6))) {
    const gib = (bytes: number) => (bytes / 2 ** 30).toPrecision(3);
    throw new InputError(
      `sampler: ${totalWalkers} walkers × ${nDim} dimensions × ${rowsHeld} stored rows need ${gib(needed)} GiB, more than half of this machine's ${gib(os.totalmem())} GiB: lower --steps (or raise thin), --walkers or --ensembles`,
    );
  }
}

/** The chain keeps every `thin`-th step: fewer steps than `thin` would store no row to summarise. */
export function checkStepsStoreRows(steps: number, thin: number): void {
  if (steps < thin) throw new InputError(`sampler.steps: ${steps} steps store no chain row at thin ${thin}; give at least ${thin} steps or a smaller thin`);
}
