/**
 * The records the report is drawn from, by run id: DIR/runs/<id>/artifacts.json written by reproduce, or,
 * for a run reproduce has not (yet) made, the summary and correlation of the same scenario from the
 * earlier release under results/<id>/ (intervals then from mean ± sd, no 2-D sample).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ONE_SIGMA } from '../run-artifacts.ts';
import { readRunArtifacts, type CredibleInterval, type RunArtifacts } from '../run-artifacts.ts';
import type { RunSummary } from '../summary.ts';

export interface LoadedRun extends RunArtifacts {
  id: string;
  source: 'reproduce' | 'earlier release';
}

function legacyRun(resultsDir: string, id: string): LoadedRun | undefined {
  const dir = path.join(resultsDir, id);
  const summaryFile = path.join(dir, 'summary.json');
  if (!fs.existsSync(summaryFile)) return undefined;
  const summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as RunSummary;
  const correlationFile = path.join(dir, 'correlation.json');
  const correlation = fs.existsSync(correlationFile) ? (JSON.parse(fs.readFileSync(correlationFile, 'utf8')) as { names: string[]; matrix: number[][] }) : undefined;
  const names = correlation?.names ?? [];
  const intervals = summary.parameters
    .filter((p) => names.includes(p.name))
    .map((p): CredibleInterval => ({ name: p.name, q025: p.mean - 2 * p.sd, q16: p.mean - p.sd, q50: p.q50, q84: p.mean + p.sd, q975: p.mean + 2 * p.sd }));
  return { id, source: 'earlier release', summary, correlation, intervals };
}

export function loadRuns(reportDir: string, resultsDir: string, ids: string[]): Map<string, LoadedRun> {
  const runs = new Map<string, LoadedRun>();
  for (const id of ids) {
    const record = readRunArtifacts(path.join(reportDir, 'runs', id));
    if (record) {
      runs.set(id, { id, source: 'reproduce', summary: record.summary, correlation: record.correlation, intervals: record.intervals, samples: record.samples });
      continue;
    }
    const legacy = legacyRun(resultsDir, id);
    if (legacy) runs.set(id, legacy);
  }
  return runs;
}

export { ONE_SIGMA };

/** mean, sd of a parameter or derived quantity of a run (undefined when the run lacks it). */
export function moments(run: LoadedRun | undefined, name: string): { mean: number; sd: number } | undefined {
  if (!run) return undefined;
  const entry = run.summary.parameters.find((p) => p.name === name) ?? run.summary.derived.find((p) => p.name === name);
  return entry && Number.isFinite(entry.mean) ? { mean: entry.mean, sd: entry.sd } : undefined;
}
