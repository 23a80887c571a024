import os from 'node:os';
import { InputError } from '../errors.ts';
import { LIMITS } from './limits.ts';
import type { RunConfig } from './schema.ts';

/**
 * The checks of a resolved run (config file ⊕ flags) that the schema cannot make field by field: flags
 * that the chosen sampler would ignore, sizes that multiply, settings that need the model's dimension.
 * Everything here runs before anything is computed or written; each problem is one InputError line.
 */

/** Ensemble-sampler fields that a config of `sampler.kind: metropolis` would leave unused. */
const ENSEMBLE_ONLY_FIELDS = ['walkers', 'ensembles', 'steps', 'moves', 'burn', 'allowFewWalkers', 'skipInitialStateCheck'] as const;

/**
 * The config file's own `sampler` section (before a `base` is merged in, whose fields the user did not
 * write): with `kind: metropolis`, an ensemble-sampler field is refused rather than ignored. Returns the
 * offending field's path for the caller to locate, or undefined.
 */
export function ignoredSamplerField(written: unknown): { path: string[]; message: string } | undefined {
  if (typeof written !== 'object' || written === null) return undefined;
  const sampler = (written as { sampler?: unknown }).sampler;
  if (typeof sampler !== 'object' || sampler === null || (sampler as { kind?: unknown }).kind !== 'metropolis') return undefined;
  const field = ENSEMBLE_ONLY_FIELDS.find((name) => name in sampler);
  if (field === undefined) return undefined;
  const instead = field === 'steps' ? 'sampler.metropolis.iterations (or evaluationBudget)' : field === 'walkers' || field === 'ensembles' ? 'sampler.metropolis.chains' : 'the sampler.metropolis settings';
  return { path: ['sampler', field], message: `sampler.${field}: applies to the ensemble sampler only; with kind metropolis use ${instead}` };
}

/** Stored rows the diagnostics need after the burn-in (as `smeftfit diagnose --burn`). */
const MIN_ROWS_AFTER_BURN = 4;

/** The command-line flags that change a run's config (a subset of RunFlags, so config/ stays below commands/). */
export interface RunFlagsGiven {
  walkers?: number;
  ensembles?: number;
  /** Run only ensemble I of the `ensembles` (a number, or 'auto' = SLURM_ARRAY_TASK_ID); fixes the step count. */
  ensembleIndex?: number | 'auto';
  steps?: number;
  seed?: string;
  moves?: string;
  /** Metropolis chains (sampler.kind: metropolis). */
  chains?: number;
  /** Metropolis: total log-density evaluations (pre-run included) instead of a fixed main-run length. */
  evaluationBudget?: number;
  threads?: number;
}

/**
 * `--seed`: an integer within ±2^53 becomes that number (as a config's `seed: 7` does); anything else is
 * kept exactly as written, so `--seed 12345678901234567891` and `…892` stay two seeds (as numbers both
 * would round to 12345678901234567000 and give one chain).
 */
export function seedFromFlag(text: string): number | string {
  if (/^-?\d+$/.test(text)) {
    const value = Number(text);
    if (Number.isSafeInteger(value)) return value;
  }
  return text;
}

function checkSeed(seed: number | string): void {
  if (typeof seed === 'number') {
    if (!Number.isSafeInteger(seed)) throw new InputError(`seed: ${seed} is beyond ±2^53 and has lost digits; write the seed in quotes to keep it exact`);
    return;
  }
  if (seed.length === 0 || seed.length > LIMITS.seedLength) throw new InputError(`seed: expected 1 to ${LIMITS.seedLength} characters, got ${seed.length}`);
  // The seed is recorded in config.json and printed in the summary: one printable line.
  if (/[\u0000-\u001f\u007f]/.test(seed)) throw new InputError('seed: control characters are not allowed in a seed');
}

/** Flags that configure the other sampler are refused, never silently dropped. */
function checkFlagsApply(config: RunConfig, flags: RunFlagsGiven): void {
  if (config.sampler.kind === 'metropolis') {
    const ensembleOnly: [keyof RunFlagsGiven, string, string][] = [
      ['steps', '--steps', 'the Metropolis run length is sampler.metropolis.iterations (or evaluationBudget)'],
      ['walkers', '--walkers', 'the Metropolis sampler runs --chains chains'],
      ['ensembles', '--ensembles', 'the Metropolis sampler runs --chains chains'],
      ['ensembleIndex', '--ensemble-index', 'the Metropolis sampler runs all chains in one process'],
      ['moves', '--moves', 'the Metropolis sampler has its own proposal (sampler.metropolis.proposal)'],
      ['threads', '--threads', 'the Metropolis sampler scores its chains on one thread'],
    ];
    for (const [key, flag, reason] of ensembleOnly) {
      if (flags[key] !== undefined) throw new InputError(`${flag}: applies to the ensemble sampler only; ${reason}`);
    }
    // (The config's `threads` is not refused here: `smeftfit compare` runs one config with both samplers.)
  } else {
    if (flags.chains !== undefined) throw new InputError('--chains: applies to the Metropolis sampler only (--sampler metropolis); the ensemble sampler takes --walkers and --ensembles');
    if (flags.evaluationBudget !== undefined) throw new InputError('evaluationBudget: applies to the Metropolis sampler only (--sampler metropolis)');
  }
  if (config.threads !== undefined && config.backend !== 'cpu' && config.backend !== 'auto') {
    throw new InputError(`${flags.threads !== undefined ? '--threads' : 'threads'}: applies to the cpu backend only, not to backend ${config.backend}`);
  }
}

/**
 * Threads beyond the cores only add switching and memory (every density thread builds its own copy of the
 * model); 1024 threads once took 5.9 GB before the first step.
 */
function checkThreads(config: RunConfig, flags: RunFlagsGiven): void {
  const cores = Math.max(os.availableParallelism(), 2);
  if (config.threads !== undefined && config.threads > cores) {
    throw new InputError(`${flags.threads !== undefined ? '--threads' : 'threads'}: ${config.threads} threads is more than this machine's ${os.availableParallelism()} available cores (os.availableParallelism); give at most ${cores}`);
  }
}

/** A full Gaussian-move covariance must be symmetric: only its lower triangle is factorised. */
function checkGaussianMoves(config: RunConfig, nDim: number): void {
  for (const [i, spec] of config.sampler.moves.entries()) {
    if (spec.move !== 'gaussian' || !Array.isArray(spec.cov)) continue;
    const field = `sampler.moves.${i}.cov`;
    if (spec.cov.length !== nDim) throw new InputError(`${field}: has ${spec.cov.length} rows or entries; the model has ${nDim} parameters`);
    const rows = spec.cov;
    if (!rows.every((row) => Array.isArray(row))) continue; // a vector of variances (each checked > 0 by the schema)
    const matrix = rows as number[][];
    for (let r = 0; r < nDim; r++) {
      if (matrix[r].length !== nDim) throw new InputError(`${field}.${r}: has ${matrix[r].length} entries; expected ${nDim}`);
      for (let c = 0; c < r; c++) {
        const a = matrix[r][c];
        const b = matrix[c][r];
        if (Math.abs(a - b) > 1e-12 * Math.max(Math.abs(a), Math.abs(b), Number.MIN_VALUE)) throw new InputError(`${field}: not symmetric (entry ${r},${c} is ${a}, entry ${c},${r} is ${b})`);
      }
    }
  }
}

/**
 * Checks a resolved run before anything is computed or written: flags that would be ignored, the seed, the
 * burn-in against the run length, threads against cores, and sizes that multiply against this machine.
 * `nDim` is the model's dimension; `nEnsembles` the ensembles this process samples.
 */
export function checkRunBounds(config: RunConfig, flags: RunFlagsGiven, nDim: number, nEnsembles: number): void {
  checkFlagsApply(config, flags);
  checkSeed(config.seed);
  checkThreads(config, flags);
  const { sampler } = config;
  if (sampler.kind === 'metropolis') {
    const { chains, iterations } = sampler.metropolis;
    // Per chain: the proposal covariance, its Cholesky factor and the running moments (≈ 4 ndim² values),
    // the state and work rows (≈ 6 × (ndim + 1)), and the chain rows held in memory (as the chain store keeps them).
    const rowsHeld = Math.min(Math.ceil(iterations / sampler.thin) + 1, Math.max(256, Math.floor((sampler.memoryCapMB * 2 ** 20) / (8 * chains * (nDim + 1)))));
    const bytes = 8 * chains * (4 * nDim * nDim + (nDim + 1) * (6 + rowsHeld));
    if (!(bytes <= os.totalmem() / 2)) {
      const gib = (b: number) => (b / 2 ** 30).toPrecision(3);
      throw new InputError(
        `sampler.metropolis.chains: ${chains} chains × ${nDim} dimensions (covariances, state, ${rowsHeld} stored rows) need ${gib(bytes)} GiB, more than half of this machine's ${gib(os.totalmem())} GiB: lower chains`,
      );
    }
    return;
  }
  // The diagnostics need a few stored rows past the burn-in; more burn-in would be clamped into NaN τ and ESS.
  if (typeof sampler.burn === 'number' && sampler.burn > 0 && Math.floor(sampler.steps / sampler.thin) - Math.ceil(sampler.burn / sampler.thin) < MIN_ROWS_AFTER_BURN) {
    throw new InputError(`sampler.burn: ${sampler.burn} burn-in steps leave fewer than ${MIN_ROWS_AFTER_BURN} stored rows of a ${sampler.steps}-step run at thin ${sampler.thin} (sampler.steps or --steps); give fewer`);
  }
  checkGaussianMoves(config, nDim);
  if (!sampler.skipInitialStateCheck) {
    const operations = nEnsembles * sampler.walkers * nDim * nDim;
    if (operations > LIMITS.initialCheckOperations) {
      throw new InputError(
        `sampler: the initial-walker independence check of ${nEnsembles} × ${sampler.walkers} walkers in ${nDim} dimensions costs ≈ ${operations.toPrecision(2)} operations (minutes; the bound is ${LIMITS.initialCheckOperations.toPrecision(1)}); lower ndim, walkers or ensembles, or set sampler.skipInitialStateCheck`,
      );
    }
  }
}
