import fs from 'node:fs';
import path from 'node:path';
import type { RunConfig } from '../config/schema.ts';
import { InputError } from '../errors.ts';
import { summariseRun, writeJson, type RunSummary } from '../output/summary.ts';
import { writeRunOutputs } from '../output/write-run-outputs.ts';
import { provenance, PROVENANCE_FILE, type Provenance } from '../provenance.ts';
import { readCheckpoint, writeCheckpoint, type Checkpoint } from '../sampler/checkpoint.ts';
import { ChainFileError } from '../sampler/hdf5-chain.ts';
import { acceptanceFraction, type EnsembleState } from '../sampler/ensemble-state.ts';
import { buildMoves } from '../sampler/moves/from-spec.ts';
import { adaptationSteps } from '../sampler/moves/move.ts';
import { resolveScenario } from '../scenarios/registry.ts';
import { ENSEMBLE_FILE, type EnsembleOfRun } from './ensemble-index.ts';
import { readStoredDraws, writeStoredDraws, type StoredDraws } from './merge-chains.ts';
import { CONFIG_FILE, runFingerprint } from './run-config.ts';

/** Written into a merged run: where its ensembles came from. */
export const MERGE_FILE = 'merge.json';

/** One finished run of one ensemble, as `smeftfit run --ensemble-index` left it. */
interface EnsembleRun {
  dir: string;
  config: RunConfig;
  provenance: Provenance;
  ensemble: EnsembleOfRun;
  checkpoint: Checkpoint;
  summary: RunSummary;
}

/**
 * `smeftfit merge OUT DIR...`: reassembles the K runs of single ensembles made with
 * `run --ensembles K --ensemble-index I` (I = 0 … K−1) into the run directory that one process running all
 * K ensembles would have written: the same chain (ensemble I's walkers at rows I·walkers …), final state
 * (so it can be continued with `run --resume`), summary (R̂ across the K ensembles, ESS, τ) and outputs.
 * Only timing differs: wall_seconds is the sum over the runs.
 *
 * Everything is checked before anything is written (same config and code, indices exactly 0 … K−1, every
 * run finished), and OUT appears whole or not at all.
 */
export async function mergeCommand(outDir: string, runDirs: string[]): Promise<RunSummary> {
  if (runDirs.length === 0) throw new InputError('merge: name the run directories to merge');
  if (fs.existsSync(outDir) && (!fs.statSync(outDir).isDirectory() || fs.readdirSync(outDir).length > 0)) {
    throw new InputError(`merge: ${outDir} already exists and is not an empty directory; choose another output`);
  }
  const runs = orderedByIndex(runDirs.map(readEnsembleRun));
  const first = runs[0];
  const sameSteps = runs.every((r) => r.config.sampler.steps === first.config.sampler.steps);
  const config = sameSteps ? first.config : withSteps(first.config, first.checkpoint.state.iteration);
  const nEnsembles = first.ensemble.count;
  const { nWalkers, nDim } = first.checkpoint.state;
  const nStored = first.checkpoint.nStored;

  let draws: StoredDraws;
  try {
    draws = interleave(await Promise.all(runs.map((run) => readStoredDraws(run.dir, nStored, nWalkers, nDim, run.checkpoint))));
  } catch (error) {
    if (error instanceof ChainFileError) throw new InputError(`merge: ${error.message}`);
    throw error;
  }
  const state: EnsembleState = {
    nEnsembles,
    nWalkers,
    nDim,
    coords: concat(runs.map((r) => r.checkpoint.state.coords)),
    logProb: concat(runs.map((r) => r.checkpoint.state.logProb)),
    accepted: concat(runs.map((r) => r.checkpoint.state.accepted)),
    iteration: first.checkpoint.state.iteration,
    randoms: runs.map((r) => r.checkpoint.state.randoms[0]),
    moveStates: mergeMoveStates(runs.map((r) => r.checkpoint.state.moveStates)),
  };
  // Every run drew the initial walkers of all K ensembles; a single process draws them once.
  const initialDraw = first.ensemble.initialDrawEvaluations;
  const evaluations = initialDraw + runs.reduce((sum, r) => sum + r.checkpoint.evaluations - initialDraw, 0);
  const wallSeconds = runs.reduce((sum, r) => sum + r.checkpoint.wallSeconds, 0);

  const scenario = resolveScenario(config.model);
  const parent = path.dirname(path.resolve(outDir));
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(outDir)}.merging-`));
  try {
    writeJson(staging, CONFIG_FILE, config);
    writeJson(staging, PROVENANCE_FILE, first.provenance);
    const store = await writeStoredDraws(staging, draws, first.dir, state, config.sampler.memoryCapMB * 2 ** 20);
    writeCheckpoint(staging, state, { nStored, thin: first.checkpoint.thin, evaluations, wallSeconds, fingerprint: runFingerprint(config), ...store.commitment() });
    const summary = summariseRun(store, scenario, {
      seed: config.seed,
      backend: first.summary.backend,
      backendReason: first.summary.backend_reason,
      evaluations,
      wallSeconds,
      steps: state.iteration,
      thin: first.checkpoint.thin,
      nEnsembles,
      burn: config.sampler.burn,
      acceptance: acceptanceFraction(state),
      stopReason: 'max-steps',
      // Runs of single ensembles have no stopping rule (config.sampler.autoStop is false): run.ts's defaults.
      rhatBelow: 1.01,
      tauFactor: 50,
      adaptationSteps: adaptationSteps(buildMoves(config.sampler.moves, state.nDim)),
    });
    writeJson(staging, 'summary.json', summary);
    await writeRunOutputs(staging, store, scenario, summary);
    writeJson(staging, MERGE_FILE, {
      mergedBy: provenance(),
      ensembles: runs.map((r) => ({ index: r.ensemble.index, dir: path.resolve(r.dir), evaluations: r.checkpoint.evaluations, wallSeconds: r.checkpoint.wallSeconds })),
    });
    if (fs.existsSync(outDir)) fs.rmdirSync(outDir);
    fs.renameSync(staging, outDir);
    return summary;
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

function readJsonIn<T>(dir: string, file: string, what: string): T {
  const full = path.join(dir, file);
  if (!fs.existsSync(full)) throw new InputError(`merge: ${dir} has no ${file} (${what})`);
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(full, 'utf8'));
  } catch (error) {
    throw new InputError(`merge: ${full}: ${(error as Error).message}`);
  }
  // `null`, a number or an array parse as JSON but are no record of a run.
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InputError(`merge: ${full}: not a JSON object`);
  return value as T;
}

function readEnsembleRun(dir: string): EnsembleRun {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new InputError(`merge: ${dir} is not a directory`);
  const config = readJsonIn<RunConfig>(dir, CONFIG_FILE, 'not a smeftfit run directory');
  const ensemble = readJsonIn<EnsembleOfRun>(dir, ENSEMBLE_FILE, 'not a run of one ensemble: make it with run --ensembles K --ensemble-index I');
  const made = readJsonIn<Provenance>(dir, PROVENANCE_FILE, 'made by a smeftfit without code fingerprints; rerun it');
  let checkpoint: Checkpoint;
  try {
    checkpoint = readCheckpoint(dir);
  } catch (error) {
    throw new InputError(`merge: ${(error as Error).message}`);
  }
  if (checkpoint.state.nEnsembles !== 1 || ensemble.count !== config.sampler.ensembles || checkpoint.fingerprint !== runFingerprint(config, ensemble.index)) {
    throw new InputError(`merge: ${dir}: its ${ENSEMBLE_FILE}, config and checkpoint do not belong together`);
  }
  // Finished = its summary is of its last step (config.json keeps the first --steps when a resume raised it).
  const iteration = checkpoint.state.iteration;
  const summaryFile = path.join(dir, 'summary.json');
  const summary = fs.existsSync(summaryFile) ? readJsonIn<RunSummary>(dir, 'summary.json', '') : undefined;
  if (summary?.steps !== iteration) {
    const of = config.sampler.steps > iteration ? ` of ${config.sampler.steps}` : '';
    throw new InputError(`merge: ${dir} is unfinished (step ${iteration}${of}); continue it with run --resume first`);
  }
  return { dir, config, provenance: made, ensemble, checkpoint, summary };
}

/** Checks that the runs are the K ensembles of one run, and returns them in index order. */
function orderedByIndex(runs: EnsembleRun[]): EnsembleRun[] {
  const first = runs[0];
  for (const run of runs.slice(1)) {
    // config.json keeps the --steps a run was started with; a resume may have raised it (checked below).
    const field = firstDifference(withSteps(first.config, 0), withSteps(run.config, 0));
    if (field !== undefined) throw new InputError(`merge: ${run.dir} was run with another config than ${first.dir} (${field} differs)`);
    if (run.provenance.code !== first.provenance.code || run.provenance.version !== first.provenance.version) {
      throw new InputError(
        `merge: ${run.dir} was made by other code than ${first.dir} (smeftfit ${run.provenance.version} ${run.provenance.code} vs ${first.provenance.version} ${first.provenance.code}); run every ensemble with the same installation`,
      );
    }
    if (run.summary.backend !== first.summary.backend) {
      throw new InputError(`merge: ${run.dir} ran on backend ${run.summary.backend}, ${first.dir} on ${first.summary.backend}; set the config's backend explicitly`);
    }
    if (run.ensemble.count !== first.ensemble.count) throw new InputError(`merge: ${run.dir} is one of ${run.ensemble.count} ensembles, ${first.dir} one of ${first.ensemble.count}`);
    if (run.checkpoint.state.iteration !== first.checkpoint.state.iteration) {
      throw new InputError(`merge: ${run.dir} ran ${run.checkpoint.state.iteration} steps, ${first.dir} ${first.checkpoint.state.iteration}; resume them to the same --steps`);
    }
    if (run.checkpoint.nStored !== first.checkpoint.nStored) throw new InputError(`merge: ${run.dir} stored ${run.checkpoint.nStored} rows, ${first.dir} ${first.checkpoint.nStored}`);
    if (run.ensemble.initialDrawEvaluations !== first.ensemble.initialDrawEvaluations) {
      throw new InputError(`merge: ${run.dir} drew its initial walkers differently from ${first.dir}`);
    }
  }
  const count = first.ensemble.count;
  const byIndex = new Map<number, EnsembleRun>();
  for (const run of runs) {
    const other = byIndex.get(run.ensemble.index);
    if (other) throw new InputError(`merge: ${other.dir} and ${run.dir} both hold ensemble ${run.ensemble.index}`);
    byIndex.set(run.ensemble.index, run);
  }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !byIndex.has(i));
  if (missing.length > 0) throw new InputError(`merge: ensembles ${missing.join(', ')} of 0 … ${count - 1} are missing`);
  return Array.from({ length: count }, (_, i) => byIndex.get(i)!);
}

function withSteps(config: RunConfig, steps: number): RunConfig {
  return { ...config, sampler: { ...config.sampler, steps } };
}

/** The dotted path of the first field where two JSON values differ, or undefined when they are equal. */
function firstDifference(a: unknown, b: unknown, at = 'config'): string | undefined {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Object.is(a, b) ? undefined : at;
  if (Array.isArray(a) !== Array.isArray(b)) return at;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  for (const key of keys) {
    const found = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${at}.${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Row t of the merged chain is row t of ensemble 0, then of ensemble 1, …: the single-process layout. */
function interleave(parts: StoredDraws[]): StoredDraws {
  const { nStored, nDim } = parts[0];
  const nWalkers = parts.reduce((sum, p) => sum + p.nWalkers, 0);
  const positions = new Float64Array(nStored * nWalkers * nDim);
  const logProbs = new Float64Array(nStored * nWalkers);
  for (let t = 0; t < nStored; t++) {
    let walker = 0;
    for (const part of parts) {
      positions.set(part.positions.subarray(t * part.nWalkers * nDim, (t + 1) * part.nWalkers * nDim), (t * nWalkers + walker) * nDim);
      logProbs.set(part.logProbs.subarray(t * part.nWalkers, (t + 1) * part.nWalkers), t * nWalkers + walker);
      walker += part.nWalkers;
    }
  }
  return { nStored, nWalkers, nDim, positions, logProbs };
}

function concat(arrays: Float64Array[]): Float64Array {
  const out = new Float64Array(arrays.reduce((sum, a) => sum + a.length, 0));
  let offset = 0;
  for (const a of arrays) {
    out.set(a, offset);
    offset += a.length;
  }
  return out;
}

/** Driven moves' adaptation state: each single-ensemble run holds its ensemble's entry; keys appear once a move has run. */
function mergeMoveStates(perRun: (Record<string, number[][]> | undefined)[]): Record<string, number[][]> | undefined {
  // Keys are `<place in the mixture>:<name>`; the sampler writes them in mixture order.
  const keys = [...new Set(perRun.flatMap((m) => Object.keys(m ?? {})))].sort((a, b) => Number.parseInt(a) - Number.parseInt(b));
  if (keys.length === 0) return undefined;
  // A run whose ensemble never drew the move has no entry: it restarts from the move's initial state, as the
  // several-ensemble sampler does for an ensemble without one (an empty list).
  return Object.fromEntries(keys.map((key) => [key, perRun.map((m) => m?.[key]?.[0] ?? [])]));
}
