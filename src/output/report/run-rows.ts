/**
 * The report's runs table: for each planned run, what happened to it in this reproduce (ran, cached, stale,
 * absent, failed, or no record with --report-only), where its numbers come from (a reproduce record or an
 * earlier release's results/<id>/) and how well it converged. A run with numbers is never called "not run".
 */
import { convergenceOf } from './convergence.ts';
import type { LoadedRun } from './load-runs.ts';
import type { PaperRun } from './paper-runs.ts';

export const STALE_LABEL = 'stale record (older code; re-run reproduce to refresh)';

export interface RunStatusInput {
  id: string;
  status: 'ran' | 'cached' | 'stale' | 'absent' | 'failed' | 'skipped';
  detail?: string;
}

export interface RunRow {
  id: string;
  /** Short token for styling (ran, cached, stale, earlier-release, not-run, failed). */
  kind: string;
  /** What the table shows as the status. */
  status: string;
  source: string;
  use: string;
  detail: string;
}

function convergenceText(record: LoadedRun): string {
  const s = record.summary;
  const c = convergenceOf(record, s.parameters.map((p) => p.name));
  const head = c.converged ? 'converged' : `not converged (${c.why})`;
  return `${head}; ${s.steps} steps, ${s.wall_seconds.toFixed(0)} s`;
}

export function runRows(planned: { run: PaperRun; id: string }[], statusOf: Map<string, RunStatusInput>, loaded: Map<string, LoadedRun>): RunRow[] {
  return planned.map(({ run, id }) => {
    const status = statusOf.get(id);
    const record = loaded.get(id);
    const source = record ? (record.source === 'reproduce' ? `runs/${id}/artifacts.json` : `results/${id}/ (earlier release)`) : '—';
    const base = { id, source, use: run.use };
    if (!record) {
      const kind = status?.status === 'failed' ? 'failed' : 'not-run';
      return { ...base, kind, status: status?.status === 'failed' ? 'failed' : 'not run', detail: status?.detail ?? (status?.status === 'skipped' ? 'no record (report only)' : '') };
    }
    const convergence = convergenceText(record);
    if (record.source === 'earlier release') return { ...base, kind: 'earlier-release', status: 'earlier release', detail: `${status?.status === 'failed' ? `this reproduce failed (${status.detail}); ` : ''}${convergence}` };
    if (status?.status === 'stale') return { ...base, kind: 'stale', status: STALE_LABEL, detail: convergence };
    if (status?.status === 'failed') return { ...base, kind: 'failed', status: 'failed', detail: `${status.detail ?? ''}; drawn from the previous record: ${convergence}` };
    return { ...base, kind: status?.status ?? 'cached', status: status?.status ?? 'cached', detail: convergence };
  });
}
