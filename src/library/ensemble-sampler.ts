/**
 * The library's sampler: emcee's EnsembleSampler (Foreman-Mackey et al. 2013, arXiv:1202.3665) over a
 * log-density written in code, with smeftfit's machinery behind it: the moves of sampler/moves/, several
 * independent ensembles and their rank R̂, the τ-drift stopping rule, checkpoints and chain.h5 in a run
 * directory, and the summary of `smeftfit run` (summary.json). It samples through sampler/ensemble-run.ts,
 * the code `smeftfit run` samples through, and compiles the density with engine/compile.ts, so the
 * `webgpu` backend runs the user's WGSL in the physics kernels' pipeline, behind the same measured float32
 * guard (precision-guard.ts).
 */
import crypto from 'node:crypto';
import { checkRunFitsInMemory, checkStepsStoreRows, LIMITS } from '../config/limits.ts';
import { compileModel, compileModelAsync, type CompiledModel } from '../engine/compile.ts';
import { DEFAULT_MAX_LOG_DENSITY_ERROR } from '../engine/precision-guard.ts';
import { CountingDensity } from '../engine/density.ts';
import { InputError } from '../errors.ts';
import { summariseRun, writeJson, type RunSummary } from '../output/summary.ts';
import { provenance, PROVENANCE_FILE } from '../provenance.ts';
import { DEFAULT_MEMORY_CAP_MB, reservoirRows, type ChainStore } from '../sampler/chain-store.ts';
import { runEnsembles, type AutoStopSettings, type EnsembleRunResult } from '../sampler/ensemble-run.ts';
import { RunLock } from '../sampler/run-lock.ts';
import type { UserDensityModel } from '../likelihood/model.ts';
import { EnsembleSampler as EnsembleStepper } from '../sampler/ensemble-sampler.ts';
import { acceptanceFraction, type EnsembleState } from '../sampler/ensemble-state.ts';
import { buildMoves, defaultMoves, type MoveSpec } from '../sampler/moves/from-spec.ts';
import { adaptationSteps } from '../sampler/moves/move.ts';
import type { ParameterSpec, ScenarioModel } from '../scenarios/scenario.ts';
import { userDensityModel } from './user-density.ts';
import {
  DEFAULT_AUTO_STOP,
  DEFAULT_STEPS,
  movesFromText,
  perCoordinate,
  positiveInteger,
  type ChainSelection,
  type ChainView,
  type EnsembleSamplerOptions,
  type RunOptions,
} from './options.ts';

export type { LogProbFunction } from './user-density.ts';
export type { MoveSpec } from '../sampler/moves/from-spec.ts';
export type { ProgressInfo, StopReason } from '../sampler/run-loop.ts';
export type { AutoStopSettings } from '../sampler/ensemble-run.ts';
export type { ChainSelection, ChainView, EnsembleSamplerOptions, LibraryBackend, RunOptions } from './options.ts';

/**
 * The float32 guard probes the start region before the run; the final walkers are posterior draws, where
 * the chain actually went: their log p from the kernel (kept in the state) against the float64 function,
 * the largest |Δ log p| over the walkers (recorded in the summary's info.float32).
 */
async function float32ErrorAt(model: UserDensityModel, state: EnsembleState): Promise<number> {
  const count = state.nEnsembles * state.nWalkers;
  const reference = new Float64Array(count);
  await compileModel(model, { backend: 'cpu', maxBatch: count }).density.logProbBatch(state.coords, count, reference);
  let worst = 0;
  for (let w = 0; w < count; w++) {
    if (Number.isFinite(reference[w]) !== Number.isFinite(state.logProb[w])) return Infinity;
    if (Number.isFinite(reference[w])) worst = Math.max(worst, Math.abs(reference[w] - state.logProb[w]));
  }
  return worst;
}

/**
 * Affine-invariant ensemble sampler for a log-density written in code.
 *
 * @example
 * const sampler = new EnsembleSampler({ nWalkers: 32, nDim: 2, logProb: (x, n, out) => { … } });
 * const summary = await sampler.run({ steps: 2000 });
 * summary.parameters[0].mean; // posterior mean of x0
 */
export class EnsembleSampler {
  readonly nWalkers: number;
  readonly nDim: number;
  readonly nEnsembles: number;
  readonly parameterNames: string[];
  private readonly options: EnsembleSamplerOptions;
  private readonly moveSpecs: MoveSpec[];
  private readonly start: { center: Float64Array; width: Float64Array };
  private readonly bounds?: { lower: Float64Array; upper: Float64Array };
  private store?: ChainStore;
  private state?: EnsembleState;
  /** The last run, kept so that a run without `out` can be continued in memory (emcee's run_mcmc again). */
  private lastRun?: { result: EnsembleRunResult; out?: string };
  private lastSummary?: RunSummary;
  private running = false;

  constructor(options: EnsembleSamplerOptions) {
    if (typeof options !== 'object' || options === null) throw new InputError('options: expected an object');
    this.nWalkers = positiveInteger('nWalkers', options.nWalkers, LIMITS.walkers);
    this.nDim = positiveInteger('nDim', options.nDim, 100_000);
    this.nEnsembles = options.nEnsembles === undefined ? 4 : positiveInteger('nEnsembles', options.nEnsembles, LIMITS.ensembles);
    if (typeof options.logProb !== 'function') throw new InputError(`logProb: expected a function, got ${typeof options.logProb}`);
    if (options.backend !== undefined && !['cpu', 'webgpu', 'auto'].includes(options.backend)) {
      throw new InputError(`backend: expected 'cpu', 'webgpu' or 'auto', got '${String(options.backend)}'`);
    }
    if (options.thin !== undefined) positiveInteger('thin', options.thin, LIMITS.steps);
    if (options.seed !== undefined && !(typeof options.seed === 'string' || Number.isFinite(options.seed))) {
      throw new InputError(`seed: expected a number or a string, got ${String(options.seed)}`);
    }
    const names = options.parameterNames ?? Array.from({ length: this.nDim }, (_, i) => `x${i}`);
    if (!Array.isArray(names) || names.length !== this.nDim || names.some((n) => typeof n !== 'string' || n === '')) {
      throw new InputError(`parameterNames: expected ${this.nDim} non-empty names`);
    }
    if (new Set(names).size !== names.length) throw new InputError('parameterNames: names must differ');
    this.parameterNames = [...names];
    this.start = { center: perCoordinate('start.center', options.start?.center, 0, this.nDim), width: perCoordinate('start.width', options.start?.width, 1, this.nDim) };
    if (!this.start.width.every((w) => w > 0)) throw new InputError('start.width: expected positive widths');
    if (options.bounds !== undefined) {
      const { lower, upper } = options.bounds;
      if (lower?.length !== this.nDim || upper?.length !== this.nDim) throw new InputError(`bounds: expected lower and upper of ${this.nDim} numbers`);
      this.bounds = { lower: Float64Array.from(lower), upper: Float64Array.from(upper) };
    }
    this.options = options;
    this.moveSpecs = typeof options.moves === 'string' ? movesFromText(options.moves) : (options.moves ?? defaultMoves());
    if (!Array.isArray(this.moveSpecs) || this.moveSpecs.length === 0) throw new InputError('moves: expected at least one move');
    // Build once here so that a bad move or too few walkers is refused at construction.
    this.buildStepper(new CountingDensity({ ndim: this.nDim, backend: 'cpu', logProbBatch: () => undefined }));
  }

  /** Acceptance fraction of every walker (ensemble-major: walker w of ensemble e at e·nWalkers + w). */
  get acceptanceFraction(): Float64Array {
    return this.state ? acceptanceFraction(this.state) : new Float64Array(this.nWalkers * this.nEnsembles);
  }

  /** Steps made so far. */
  get iteration(): number {
    return this.state?.iteration ?? 0;
  }

  /** The summary of the last run (the content of summary.json). */
  get summary(): RunSummary | undefined {
    return this.lastSummary;
  }

  /**
   * Samples until `steps` (or convergence under untilConverged), then summarises: per parameter mean, sd,
   * quantiles, bulk and tail ESS, rank R̂ across the ensembles and τ, after the burn-in. With `out` the run
   * is recorded there (chain.h5, checkpoints, summary.json) and can be continued with `resume`. A run
   * without `out` continues the sampler's previous one (if any) in memory, as emcee's run_mcmc does.
   */
  async run(runOptions: RunOptions): Promise<RunSummary> {
    if (this.running) throw new InputError('run: this sampler is already running');
    if (this.lastRun !== undefined && !runOptions?.resume && (runOptions?.out !== undefined || this.lastRun.out !== undefined)) {
      throw new InputError('run: this sampler has run already; continue it with resume: true and its out directory, or (a run without out) by running again without out');
    }
    this.running = true;
    try {
      return await this.sample(runOptions ?? {});
    } finally {
      this.running = false;
    }
  }

  private async sample(runOptions: RunOptions): Promise<RunSummary> {
    const { nWalkers, nDim, nEnsembles, options } = this;
    const untilConverged = runOptions.untilConverged ?? false;
    const steps = runOptions.steps === undefined ? (untilConverged ? DEFAULT_STEPS : undefined) : positiveInteger('steps', runOptions.steps, LIMITS.steps);
    if (steps === undefined) throw new InputError('steps: give the number of steps (or untilConverged, with steps as its cap)');
    const autoStop: AutoStopSettings | false = untilConverged === false ? false : { ...DEFAULT_AUTO_STOP, ...(untilConverged === true ? {} : untilConverged) };
    if (autoStop) positiveInteger('untilConverged.checkEvery', autoStop.checkEvery, LIMITS.steps);
    const thin = options.thin ?? 1;
    const burn = runOptions.burn ?? 'auto';
    if (burn !== 'auto' && !(Number.isInteger(burn) && burn >= 0)) throw new InputError(`burn: expected a non-negative integer or 'auto', got ${String(burn)}`);
    if (runOptions.resume && runOptions.out === undefined) throw new InputError('resume: needs the out directory of the run to continue');
    const checkpointEvery = runOptions.checkpointEvery === undefined ? 1000 : positiveInteger('checkpointEvery', runOptions.checkpointEvery, LIMITS.steps);
    const memoryCapMB = runOptions.memoryCapMB ?? DEFAULT_MEMORY_CAP_MB;
    if (!(memoryCapMB > 0)) throw new InputError(`memoryCapMB: expected a positive number, got ${memoryCapMB}`);
    checkStepsStoreRows(steps, thin);
    const memoryCapBytes = memoryCapMB * 2 ** 20;
    const totalWalkers = nWalkers * nEnsembles;
    checkRunFitsInMemory(totalWalkers, nDim, Math.min(Math.ceil(steps / thin) + 1, reservoirRows(totalWalkers, nDim, memoryCapBytes)));

    const seed = options.seed ?? 1;
    const firstPoint = this.start.center.slice();
    if (this.bounds) for (let i = 0; i < nDim; i++) firstPoint[i] = Math.min(Math.max(firstPoint[i], this.bounds.lower[i]), this.bounds.upper[i]);
    const model = await userDensityModel({
      parameterNames: this.parameterNames,
      logProb: options.logProb,
      firstPoint,
      wgsl: options.wgsl,
      wgslConstants: options.wgslConstants,
      bounds: this.bounds,
      start: this.start,
      seed,
    });
    const compiled: CompiledModel = await compileModelAsync(model, {
      backend: options.backend ?? 'cpu',
      maxBatch: totalWalkers,
      maxLogDensityError: options.maxLogDensityError ?? DEFAULT_MAX_LOG_DENSITY_ERROR,
    });
    const density = new CountingDensity(compiled.density);
    const parameters: ParameterSpec[] = this.parameterNames.map((name, i) => ({
      name,
      prior: { kind: 'flat', lower: this.bounds?.lower[i] ?? -Infinity, upper: this.bounds?.upper[i] ?? Infinity },
      start: { center: this.start.center[i], width: this.start.width[i] },
      role: 'target',
    }));
    let result;
    // One writer per run directory, as for `smeftfit run` (released when the run has written everything).
    const locks: RunLock[] = [];
    try {
      const out = runOptions.out;
      result = await runEnsembles({
        sampler: this.buildStepper(density),
        density,
        parameters,
        nWalkers,
        allEnsembles: nEnsembles,
        firstEnsemble: 0,
        nEnsembles,
        seed,
        skipInitialStateCheck: options.skipInitialStateCheck ?? false,
        maxSteps: steps,
        thin,
        checkpointEvery,
        autoStop,
        burn,
        memoryCapBytes,
        directory: out === undefined ? undefined : {
          dir: out,
          resume: runOptions.resume ?? false,
          fingerprint: this.fingerprint(seed, thin),
          names: { out: 'out', resume: 'resume', steps: 'steps' },
          lock: (dir) => locks.push(RunLock.acquire(dir)),
          writeRecords: (dir) => {
            writeJson(dir, SAMPLER_FILE, this.record(seed, thin, compiled));
            writeJson(dir, PROVENANCE_FILE, provenance());
          },
        },
        continueFrom: runOptions.out === undefined && this.lastRun !== undefined ? this.lastRun.result : undefined,
        onProgress: runOptions.onProgress,
      });
      this.lastRun = { result, out: runOptions.out };
    } catch (error) {
      for (const lock of locks) lock.release();
      throw error;
    } finally {
      compiled.density.dispose?.();
    }
    try {
      return await this.summarise(result, runOptions, { scenarioName: options.name ?? 'density', parameters, model, compiled, seed, thin, burn, autoStop });
    } finally {
      for (const lock of locks) lock.release();
    }
  }

  private async summarise(
    result: EnsembleRunResult,
    runOptions: RunOptions,
    run: { scenarioName: string; parameters: ParameterSpec[]; model: UserDensityModel; compiled: CompiledModel; seed: number | string; thin: number; burn: number | 'auto'; autoStop: AutoStopSettings | false },
  ): Promise<RunSummary> {
    const { parameters, model, compiled, seed, thin, burn, autoStop } = run;
    const nEnsembles = this.nEnsembles;
    this.store = result.store;
    this.state = result.state;
    const float32 = compiled.precision === undefined ? null : {
      error_bound: compiled.precision.worstBound,
      max_log_density_error: compiled.precision.maxLogDensityError,
      error_at_final_walkers: await float32ErrorAt(model, result.state),
    };
    const scenario: ScenarioModel = { name: run.scenarioName, parameters, density: model, derived: [], info: { float32 } };
    const summary = summariseRun(result.store, scenario, {
      seed,
      backend: compiled.backend,
      backendReason: compiled.reason,
      evaluations: result.evaluations,
      wallSeconds: result.wallSeconds,
      steps: result.state.iteration,
      thin,
      nEnsembles,
      burn,
      acceptance: acceptanceFraction(result.state),
      stopReason: result.stopReason,
      rhatBelow: autoStop ? autoStop.rhatBelow : DEFAULT_AUTO_STOP.rhatBelow,
      tauFactor: autoStop ? autoStop.tauFactor : DEFAULT_AUTO_STOP.tauFactor,
      essBulkAbove: autoStop ? autoStop.essBulkAbove : undefined,
      adaptationSteps: adaptationSteps(buildMoves(this.moveSpecs, this.nDim)),
    });
    if (runOptions.out !== undefined) {
      writeJson(runOptions.out, 'summary.json', summary);
      if (runOptions.report) {
        // The plots load vega and resvg: only when asked for.
        const { writeRunOutputs } = await import('../output/write-run-outputs.ts');
        await writeRunOutputs(runOptions.out, result.store, scenario, summary);
      }
    }
    this.lastSummary = summary;
    return summary;
  }

  /**
   * The stored chain held in memory (every thin-th step; a run longer than the memory cap keeps every k-th
   * stored row, summary.diagnostics_draws.thinned_by): rows × walkers × nDim, walkers ensemble-major.
   */
  getChain(selection: ChainSelection = {}): ChainView {
    const store = this.requireStore('getChain');
    const { discard, thin } = this.selection(selection, store);
    const view = store.chain(discard, thin);
    const [rows, walkers, dims] = view.shape;
    const data = new Float64Array(rows * walkers * dims);
    let at = 0;
    for (let r = 0; r < rows; r++) for (let w = 0; w < walkers; w++) for (let d = 0; d < dims; d++) data[at++] = view.get(r, w, d);
    return { data, shape: selection.flat ? [rows * walkers, dims] : [rows, walkers, dims] };
  }

  /** log p of the stored rows, rows × walkers (or rows · walkers when flat). */
  getLogProb(selection: ChainSelection = {}): ChainView {
    const store = this.requireStore('getLogProb');
    const { discard, thin } = this.selection(selection, store);
    const view = store.logProb(discard, thin);
    const [rows, walkers] = view.shape;
    const data = new Float64Array(rows * walkers);
    let at = 0;
    for (let r = 0; r < rows; r++) for (let w = 0; w < walkers; w++) data[at++] = view.get(r, w);
    return { data, shape: selection.flat ? [rows * walkers] : [rows, walkers] };
  }

  /** The walkers' current positions (nEnsembles · nWalkers × nDim) and log-densities. */
  getLastSample(): { coords: Float64Array; logProb: Float64Array } {
    if (this.state === undefined) throw new InputError('getLastSample: run the sampler first');
    return { coords: this.state.coords.slice(), logProb: this.state.logProb.slice() };
  }

  private requireStore(name: string): ChainStore {
    if (this.store === undefined) throw new InputError(`${name}: run the sampler first`);
    return this.store;
  }

  private selection(selection: ChainSelection, store: ChainStore): { discard: number; thin: number } {
    const discardSteps = selection.discard ?? 0;
    const thin = selection.thin ?? 1;
    const heldSteps = store.nRows * store.rowSteps;
    if (!(Number.isInteger(discardSteps) && discardSteps >= 0 && discardSteps < heldSteps)) {
      throw new InputError(`discard: expected a whole number of steps from 0 to ${heldSteps - 1}, got ${discardSteps}`);
    }
    if (!(Number.isInteger(thin) && thin >= 1)) throw new InputError(`thin: expected a positive integer, got ${thin}`);
    // Row k of the store holds step (k + 1) · rowSteps; dropping the first `discard` steps drops ⌈discard / rowSteps⌉ rows.
    return { discard: Math.ceil(discardSteps / store.rowSteps), thin };
  }

  private buildStepper(density: CountingDensity): EnsembleStepper {
    const moves = buildMoves(this.moveSpecs, this.nDim);
    try {
      return new EnsembleStepper(density, { nWalkers: this.nWalkers, nDim: this.nDim, nEnsembles: this.nEnsembles, moves, allowFewWalkers: this.options?.allowFewWalkers ?? false });
    } catch (error) {
      // The stepper's refusals: too few walkers for the dimensions, or a move schedule it cannot use.
      const message = (error as Error).message;
      throw new InputError(`${/ walkers for /.test(message) ? 'nWalkers' : 'moves'}: ${message}`);
    }
  }

  /** What fixes the chain, besides the density itself (which code cannot be hashed reliably). */
  private fingerprint(seed: number | string, thin: number): string {
    const { nWalkers, nDim, nEnsembles, parameterNames, start, bounds, moveSpecs } = this;
    const fixed = {
      library: 1,
      nWalkers,
      nDim,
      nEnsembles,
      seed,
      thin,
      parameterNames,
      moves: moveSpecs,
      start: { center: Array.from(start.center), width: Array.from(start.width) },
      bounds: bounds && { lower: Array.from(bounds.lower), upper: Array.from(bounds.upper) },
      wgsl: this.options.wgsl ?? null,
      skipInitialStateCheck: this.options.skipInitialStateCheck ?? false,
    };
    return crypto.createHash('sha256').update(JSON.stringify(fixed)).digest('hex').slice(0, 16);
  }

  private record(seed: number | string, thin: number, compiled: CompiledModel): Record<string, unknown> {
    return {
      name: this.options.name ?? 'density',
      nWalkers: this.nWalkers,
      nDim: this.nDim,
      nEnsembles: this.nEnsembles,
      seed,
      thin,
      parameterNames: this.parameterNames,
      moves: this.moveSpecs,
      start: { center: Array.from(this.start.center), width: Array.from(this.start.width) },
      bounds: this.bounds && { lower: Array.from(this.bounds.lower), upper: Array.from(this.bounds.upper) },
      backend: compiled.backend,
      wgsl: this.options.wgsl ?? null,
    };
  }
}

/** The library's record of a run's settings in its directory (a CLI run writes config.json instead). */
export const SAMPLER_FILE = 'sampler.json';
