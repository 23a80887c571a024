/**
 * The small, committed record of one finished run that the paper report is drawn from: its summary, its
 * posterior correlation, credible intervals of the sampled coefficients (or UV parameters) from the whole
 * post-burn-in chain, and, for runs with at most four such parameters, a thinned posterior sample for
 * the 2-D regions (figs. 5–7). Chains stay in the run directory; these files are a few kB to ~150 kB.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../atomic-write.ts';
import { quantileOfSorted, sortedCopy } from '../numerics/quantile.ts';
import { ChainStore } from '../sampler/chain-store.ts';
import { readCheckpoint } from '../sampler/checkpoint.ts';
import { column, posteriorPoints, subsampleStride } from './posterior-points.ts';
import type { RunSummary } from './summary.ts';

/** Central credible fractions of ±1σ and ±2σ of a Gaussian (paper figs. 1, 3, 5). */
export const ONE_SIGMA = 0.6827;
export const TWO_SIGMA = 0.9545;
/** Points kept for 2-D regions: enough for a smooth KDE at 68 %/95 %, small enough to commit. */
const SAMPLE_POINTS = 4000;
const MAX_SAMPLED_PARAMETERS = 4;

export interface CredibleInterval {
  name: string;
  q025: number;
  q16: number;
  q50: number;
  q84: number;
  q975: number;
}

export interface RunArtifacts {
  summary: RunSummary;
  correlation?: { names: string[]; matrix: number[][] };
  intervals: CredibleInterval[];
  samples?: { names: string[]; columns: number[][] };
}

/** Reads a finished run directory (as `smeftfit run` leaves it) and returns its report record. */
export async function extractRunArtifacts(runDir: string, sampledNames: string[]): Promise<RunArtifacts> {
  const summary = JSON.parse(fs.readFileSync(path.join(runDir, 'summary.json'), 'utf8')) as RunSummary;
  const correlationFile = path.join(runDir, 'correlation.json');
  const correlation = fs.existsSync(correlationFile) ? (JSON.parse(fs.readFileSync(correlationFile, 'utf8')) as { names: string[]; matrix: number[][] }) : undefined;
  const checkpoint = readCheckpoint(runDir);
  // The chain file's bounded reservoir: kept rows are store.rowSteps sampler steps apart.
  const store = await ChainStore.load(runDir, checkpoint.nStored, {}, checkpoint);
  const meta = { parameters: summary.parameters.map((p) => p.name) };
  const discardRows = Math.min(store.nRows - 1, Math.ceil(summary.burn_in_steps / store.rowSteps));
  const points = posteriorPoints(store, discardRows);
  const dims = sampledNames.map((n) => meta.parameters.indexOf(n)).filter((d) => d >= 0);
  const stride = subsampleStride(points.nPoints, 400_000);
  const intervals = dims.map((d): CredibleInterval => {
    const sorted = sortedCopy(column(points, d, stride));
    const q = (p: number) => quantileOfSorted(sorted, p);
    return { name: meta.parameters[d], q025: q((1 - TWO_SIGMA) / 2), q16: q((1 - ONE_SIGMA) / 2), q50: q(0.5), q84: q((1 + ONE_SIGMA) / 2), q975: q((1 + TWO_SIGMA) / 2) };
  });
  let samples: RunArtifacts['samples'];
  if (dims.length > 0 && dims.length <= MAX_SAMPLED_PARAMETERS) {
    const sampleStride = subsampleStride(points.nPoints, SAMPLE_POINTS);
    samples = { names: dims.map((d) => meta.parameters[d]), columns: dims.map((d) => Array.from(column(points, d, sampleStride), (v) => Number(v.toPrecision(6)))) };
  }
  return { summary, correlation: correlation && { names: correlation.names, matrix: correlation.matrix }, intervals, samples };
}

export const ARTIFACT_FILE = 'artifacts.json';

/** A record: the artifacts plus what the run depended on (opaque here; commands/record-validity.ts reads it). */
export type RunRecord = RunArtifacts & { dependencies?: unknown };

export function writeRunArtifacts(dir: string, artifacts: RunArtifacts, dependencies: unknown): void {
  fs.mkdirSync(dir, { recursive: true });
  writeFileAtomic(path.join(dir, ARTIFACT_FILE), JSON.stringify({ dependencies, ...artifacts }) + '\n');
}

export function readRunArtifacts(dir: string): RunRecord | undefined {
  const file = path.join(dir, ARTIFACT_FILE);
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as RunRecord;
}
