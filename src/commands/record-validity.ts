/**
 * Whether a reproduce record (DIR/runs/<id>/artifacts.json) still stands for today's code and data.
 *
 * A record keeps what its chain depended on:
 *   1. the resolved run config (the file, its `base:` chain and the data era) — hashed;
 *   2. the chain-making code that is not the likelihood: sampler, moves, diagnostics, numerics, the summary
 *      writers and the run command (CHAIN_CODE), plus package-lock.json — hashed (the config reader's
 *      part is its output, the resolved config of 1);
 *   3. the scenario's parameter table (names, priors, start boxes) and the names of its derived quantities;
 *   4. likelihood probes: log p and every derived quantity at the start centre and at eight final walker
 *      positions, evaluated by the `cpu` backend in float64.
 * It is current when 1–3 hash the same and every probe is reproduced to 1e-9 relative. Probes, not a hash
 * of the physics code, judge the likelihood: a refactor that leaves every number alone, a change to another
 * scenario or data era, or a new GPU kernel keeps an hour-long fit, while any change of a prediction, a
 * measurement, a prior or a derived quantity where the chain went reruns it. (What probes cannot see is a
 * change confined to regions no probe visits; eight posterior points and the start make that a change far
 * from where the fit has its mass.)
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RunConfig } from '../config/schema.ts';
import { evaluateBatchNow } from '../engine/density.ts';
import { readCheckpoint } from '../sampler/checkpoint.ts';
import type { ScenarioModel } from '../scenarios/scenario.ts';
import { compileScenario } from './scenario-density.ts';

/** Code that shapes a chain besides the likelihood (paths relative to the package root; folders recurse). */
export const CHAIN_CODE = [
  'src/sampler',
  'src/diagnostics',
  'src/numerics',
  'src/output/summary.ts',
  'src/output/goodness-of-fit.ts',
  'src/output/max-posterior-point.ts',
  'src/likelihood/measurement-view.ts',
  'src/output/format-summary.ts',
  'src/output/write-run-outputs.ts',
  'src/output/correlation.ts',
  'src/output/posterior-points.ts',
  'src/output/run-artifacts.ts',
  'src/commands/run.ts',
  'src/commands/ensemble-index.ts',
  'package-lock.json',
];
/** Inside CHAIN_CODE but never on an ensemble run's path. */
const NOT_CHAIN_CODE = ['src/sampler/metropolis'];

const PROBE_WALKERS = 8;
const PROBE_TOLERANCE = 1e-9;

export interface LikelihoodProbe {
  theta: number[];
  logProb: number;
  derived: number[];
}

export interface RecordDependencies {
  config: string;
  chainCode: string;
  parameters: string;
  probes: LikelihoodProbe[];
}

const sha = (text: string | Buffer): string => crypto.createHash('sha256').update(text).digest('hex').slice(0, 24);

function listFiles(root: string, relative: string, out: string[]): void {
  const full = path.join(root, relative);
  if (!fs.existsSync(full) || NOT_CHAIN_CODE.includes(relative)) return;
  if (fs.statSync(full).isDirectory()) {
    for (const entry of fs.readdirSync(full).sort()) listFiles(root, path.posix.join(relative, entry), out);
  } else {
    out.push(relative);
  }
}

/** Hash of CHAIN_CODE under `root` (relative path and content of every file, in order). */
export function chainCodeHash(root: string): string {
  const files: string[] = [];
  for (const entry of CHAIN_CODE) listFiles(root, entry, files);
  const hash = crypto.createHash('sha256');
  for (const file of files) hash.update(`${file}\0`).update(fs.readFileSync(path.join(root, file))).update('\0');
  return hash.digest('hex').slice(0, 24);
}

/** The resolved config, less the thread count (any number of threads gives the same chain). */
export function configHash(config: RunConfig): string {
  return sha(JSON.stringify({ ...config, threads: undefined }));
}

function parameterTableHash(scenario: ScenarioModel): string {
  return sha(JSON.stringify({ parameters: scenario.parameters, derived: scenario.derived.map((d) => d.name) }));
}

/** The scenario of `config` and its cpu log p + derived quantities at given points. */
function probeScenario(config: RunConfig): { scenario: ScenarioModel; probe: (points: number[][]) => LikelihoodProbe[] } {
  const { scenario, compiled } = compileScenario(config.model, 'cpu', 1);
  const ndim = scenario.parameters.length;
  const theta = new Float64Array(ndim);
  const logProb = new Float64Array(1);
  const probe = (points: number[][]): LikelihoodProbe[] =>
    points.map((p) => {
      theta.set(p);
      evaluateBatchNow(compiled.density, theta, 1, logProb);
      return { theta: p, logProb: logProb[0], derived: scenario.derived.map((d) => d.evaluate(theta)) };
    });
  return { scenario, probe };
}

/** What a finished ensemble run in `runDir` depends on, for its record. */
export function recordDependencies(config: RunConfig, runDir: string, root: string): RecordDependencies {
  const { state } = readCheckpoint(runDir);
  const { scenario, probe } = probeScenario(config);
  const ndim = state.nDim;
  const walkers = state.nEnsembles * state.nWalkers;
  const points: number[][] = [scenario.parameters.map((p) => p.start.center)];
  const stride = Math.max(1, Math.floor(walkers / PROBE_WALKERS));
  for (let w = 0; w < walkers && points.length <= PROBE_WALKERS; w += stride) points.push(Array.from(state.coords.subarray(w * ndim, (w + 1) * ndim)));
  const probes = probe(points).filter((p) => Number.isFinite(p.logProb));
  return { config: configHash(config), chainCode: chainCodeHash(root), parameters: parameterTableHash(scenario), probes };
}

const close = (a: number, b: number): boolean => a === b || Math.abs(a - b) <= PROBE_TOLERANCE * Math.max(1, Math.abs(a));

/** Why a record no longer stands, or undefined when it does. */
export function staleReason(recorded: RecordDependencies | undefined, config: RunConfig, root: string): string | undefined {
  if (recorded === undefined || !Array.isArray(recorded.probes)) return 'no dependency record';
  if (recorded.config !== configHash(config)) return 'the config changed';
  if (recorded.chainCode !== chainCodeHash(root)) return 'the sampler or summary code changed';
  const { scenario, probe } = probeScenario(config);
  if (recorded.parameters !== parameterTableHash(scenario)) return 'the parameters, priors or derived quantities changed';
  const probes = probe(recorded.probes.map((p) => p.theta));
  for (let k = 0; k < probes.length; k++) {
    const [was, now] = [recorded.probes[k], probes[k]];
    if (!close(was.logProb, now.logProb)) return `the likelihood changed (log p ${was.logProb} → ${now.logProb} at probe ${k})`;
    const d = was.derived.findIndex((v, i) => !close(v, now.derived[i]));
    if (d >= 0) return `derived ${scenario.derived[d].name} changed at probe ${k}`;
  }
  return undefined;
}
