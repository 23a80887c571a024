/**
 * `smeftfit reproduce`: runs every fit the paper uses (paper-runs.ts) on the chosen data eras, skipping a
 * run whose record in DIR/runs/<id>/artifacts.json still stands for today's config, code and data
 * (record-validity.ts: config and sampler-code hashes, likelihood probes), and then draws the report
 * (DIR/index.html, figures as SVG and PNG) from those records. Chains go to runs/reproduce/<id>/ (not
 * committed); the records in DIR are small.
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../data-dir.ts';
import { InputError } from '../errors.ts';
import { extractRunArtifacts, readRunArtifacts, writeRunArtifacts } from '../output/run-artifacts.ts';
import { writePaperReport } from '../output/report/paper-report.ts';
import { recordDependencies, staleReason, type RecordDependencies } from './record-validity.ts';
import { PAPER_RUNS, plannedRuns, type DataChoice, type PaperRun } from '../output/report/paper-runs.ts';
import { STALE_LABEL } from '../output/report/run-rows.ts';
import { InterruptedRun } from '../errors.ts';
import { resolveRunConfig, runFingerprint } from './run-config.ts';
import { runCommand } from './run.ts';
import { packageFingerprint, PROVENANCE_FILE } from '../provenance.ts';
import { readCheckpoint, STATE_FILE } from '../sampler/checkpoint.ts';
import type { RunConfig } from '../config/schema.ts';

export interface ReproduceFlags {
  data?: DataChoice;
  out?: string;
  /** Where the chains go (default runs/reproduce). */
  chains?: string;
  /** Only these configs (default: all of PAPER_RUNS). */
  only?: string[];
  /** Draw the report from the existing records without running anything. */
  reportOnly?: boolean;
  /** Where an earlier release's results live (default <package>/results). */
  resultsDir?: string;
  /** Called with one line per finished step (the CLI prints it). */
  log?: (line: string) => void;
  /** No progress of the fits while they sample (their one line each when done is still logged). */
  quiet?: boolean;
}

/**
 * ran / cached: the record matches this code; stale: a record from older code (or an older config), used by
 * --report-only as it is; skipped: no record and --report-only (the report then falls back to an earlier
 * release's results/<id>/ where one exists).
 */
export type RunStatus = 'ran' | 'cached' | 'stale' | 'absent' | 'failed' | 'skipped';


export interface ReproducedRun {
  id: string;
  config: string;
  era?: '2020' | 'current';
  status: RunStatus;
  seconds: number;
  detail?: string;
}

export interface ReproduceResult {
  out: string;
  data: DataChoice;
  runs: ReproducedRun[];
  files: string[];
  wallSeconds: number;
}

export async function reproduceCommand(flags: ReproduceFlags): Promise<ReproduceResult> {
  const started = performance.now();
  const data = flags.data ?? 'both';
  if (!['2020', 'current', 'both'].includes(data)) throw new InputError(`--data: expected 2020, current or both, got '${data}'`);
  const out = path.resolve(flags.out ?? path.join(REPO_ROOT, 'results', 'report'));
  const chains = path.resolve(flags.chains ?? path.join('runs', 'reproduce'));
  const log = flags.log ?? (() => {});
  let selected: PaperRun[] = PAPER_RUNS;
  if (flags.only !== undefined) {
    const unknown = flags.only.filter((c) => !PAPER_RUNS.some((r) => r.config === c));
    if (unknown.length > 0) throw new InputError(`--only: unknown run '${unknown[0]}' (known: ${PAPER_RUNS.map((r) => r.config).join(', ')})`);
    selected = PAPER_RUNS.filter((r) => flags.only!.includes(r.config));
  }
  const runs: ReproducedRun[] = [];
  for (const { run, era, id } of plannedRuns(data, selected)) {
    const configFile = path.join(REPO_ROOT, 'configs', `${run.config}.yaml`);
    const t0 = performance.now();
    const seconds = () => (performance.now() - t0) / 1000;
    if (!fs.existsSync(configFile)) {
      runs.push({ id, config: run.config, era, status: 'absent', seconds: 0, detail: `configs/${run.config}.yaml does not exist` });
      log(`${id}: not run (no configs/${run.config}.yaml)`);
      continue;
    }
    const config = resolveRunConfig(configFile, { data: era });
    const recordDir = path.join(out, 'runs', id);
    const record = readRunArtifacts(recordDir);
    const stale = record === undefined ? 'no record' : staleReason(record.dependencies as RecordDependencies | undefined, config, REPO_ROOT);
    if (flags.reportOnly && stale !== undefined) {
      // A stale record is still the best result there is: the report is drawn from it and says so.
      runs.push(record ? { id, config: run.config, era, status: 'stale', seconds: 0, detail: `${STALE_LABEL} (${stale})` } : { id, config: run.config, era, status: 'skipped', seconds: 0 });
      continue;
    }
    if (stale === undefined) {
      runs.push({ id, config: run.config, era, status: 'cached', seconds: seconds() });
      log(`${id}: its record still stands (same config and sampler code, likelihood probes reproduced)`);
      continue;
    }
    const chainDir = path.join(chains, id);
    try {
      // A fit an earlier reproduce left interrupted is continued, not started again (same config and code).
      const resume = resumable(chainDir, config);
      if (!resume) fs.rmSync(chainDir, { recursive: true, force: true });
      else log(`${id}: continuing the interrupted run in ${chainDir}`);
      // Each fit shows its own progress (phase, step, τ, R̂, time left): a full flavour fit samples for tens of minutes.
      await runCommand(configFile, { data: era, out: chainDir, quiet: flags.quiet ?? false, resume });
      const correlation = JSON.parse(fs.readFileSync(path.join(chainDir, 'correlation.json'), 'utf8')) as { parameters: string; names: string[] };
      const sampled = correlation.parameters === 'wc' ? correlation.names : [];
      writeRunArtifacts(recordDir, await extractRunArtifacts(chainDir, sampled), recordDependencies(config, chainDir, REPO_ROOT));
      runs.push({ id, config: run.config, era, status: 'ran', seconds: seconds() });
      log(`${id}: ran in ${seconds().toFixed(0)} s (${stale})`);
    } catch (error) {
      // Ctrl-C / SIGTERM ends reproduce itself; the interrupted fit continues on the next reproduce.
      if (error instanceof InterruptedRun) {
        log(`${id}: interrupted; run reproduce again to continue it`);
        throw error;
      }
      // One failing fit must not cost the others; the report shows it as failed with the reason.
      const detail = (error as Error).message.split('\n')[0];
      runs.push({ id, config: run.config, era, status: 'failed', seconds: seconds(), detail });
      log(`${id}: failed: ${detail}`);
    }
  }
  const files = await writePaperReport(out, { data, resultsDir: flags.resultsDir, runs: runs.map((r) => ({ id: r.id, config: r.config, era: r.era, status: r.status, detail: r.detail })) });
  return { out, data, runs, files, wallSeconds: (performance.now() - started) / 1000 };
}

/** Whether `dir` holds an unfinished run of `config` made by this very code and data (so resuming it is sound). */
function resumable(dir: string, config: RunConfig): boolean {
  if (!fs.existsSync(path.join(dir, STATE_FILE)) || fs.existsSync(path.join(dir, 'summary.json'))) return false;
  try {
    const made = JSON.parse(fs.readFileSync(path.join(dir, PROVENANCE_FILE), 'utf8')) as { code?: string };
    return made.code === packageFingerprint() && readCheckpoint(dir).fingerprint === runFingerprint(config);
  } catch {
    return false;
  }
}
