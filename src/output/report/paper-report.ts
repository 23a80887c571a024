/**
 * Writes the paper report into `out`: index.html (claims table, every figure interactive, table 1, the
 * goodness of fit and pulls of every fit, the runs), each figure as SVG and PNG, and the Vega runtime beside them. Drawn from the run records in
 * out/runs/ (or an earlier release's results/ where a run has no record), so it can be redrawn at any
 * time without sampling.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { writeFileAtomic } from '../../atomic-write.ts';
import { REPO_ROOT } from '../../data-dir.ts';
import { svgToPng } from '../plots/render-png.ts';
import { renderSvg } from '../plots/vega-render.ts';
import { evaluateClaims, type Era } from './claims.ts';
import { paperFigures } from './figures.ts';
import { fitQualityRows, pullFigures } from './fit-quality.ts';
import { reportHtml } from './html.ts';
import { runRows } from './run-rows.ts';
import { loadRuns, moments, type LoadedRun } from './load-runs.ts';
import { ratioMeasurements, RK_NAME, RKSTAR_NAME, type RatioMeasurements } from './measurements.ts';
import { PAPER_RUNS, plannedRuns, runId, type DataChoice } from './paper-runs.ts';

export interface ReportRunStatus {
  id: string;
  config: string;
  era?: '2020' | 'current';
  status: 'ran' | 'cached' | 'stale' | 'absent' | 'failed' | 'skipped';
  detail?: string;
}

export interface ReportOptions {
  data: DataChoice;
  runs: ReportRunStatus[];
  /** Where an earlier release's results live (default <package>/results). */
  resultsDir?: string;
}

function vegaRuntimePath(): string {
  const require = createRequire(import.meta.url);
  // The package exports only its module build; the browser bundle sits beside it in build/.
  return path.join(path.dirname(require.resolve('vega')), 'vega.min.js');
}

export async function writePaperReport(out: string, options: ReportOptions): Promise<string[]> {
  fs.mkdirSync(out, { recursive: true });
  const eras: Era[] = options.data === 'both' ? ['2020', 'current'] : [options.data];
  const planned = plannedRuns(options.data);
  const loaded = loadRuns(out, options.resultsDir ?? path.join(REPO_ROOT, 'results'), planned.map((p) => p.id));
  const policy = new Map(PAPER_RUNS.map((r) => [r.config, r.eras]));
  const run = (config: string, era?: Era): LoadedRun | undefined => loaded.get(runId(config, policy.get(config) === 'none' ? undefined : era ?? '2020'));
  const smOf = (era: Era) => {
    const info = run('flavour-clean', era)?.summary.info as { smPredictions?: Record<string, number> } | undefined;
    return { rk: info?.smPredictions?.[RK_NAME] ?? 1, rkstar: info?.smPredictions?.[RKSTAR_NAME] ?? 1 };
  };
  const measurements = new Map<Era, RatioMeasurements>(eras.map((e) => [e, ratioMeasurements(e, smOf(e))]));
  const measurementsOf = (era: Era) => measurements.get(era) ?? ratioMeasurements(era, smOf(era));
  const ctx = { eras, run, measurements: measurementsOf };

  const written: string[] = [];
  const figures = paperFigures(ctx);
  const plannedIds = planned.map((p) => p.id);
  const pulls = pullFigures(plannedIds, loaded);
  for (const figure of [...figures, ...pulls]) {
    if (!figure.spec) continue;
    const svg = await renderSvg(figure.spec);
    writeFileAtomic(path.join(out, `${figure.id}.svg`), svg);
    writeFileAtomic(path.join(out, `${figure.id}.png`), svgToPng(svg));
    written.push(`${figure.id}.svg`, `${figure.id}.png`);
  }
  const claims = evaluateClaims(ctx, eras);
  const runs = runRows(planned, new Map(options.runs.map((r) => [r.id, r])), loaded);
  const fitted: Record<string, string> = {};
  for (const [state, config] of [['S_3_2_-7/6', 'lq-scalar-mu'], ['V_3_2_-1/6', 'lq-vector-e']] as const) {
    const r = run(config, '2020');
    const coefficient = config === 'lq-scalar-mu' ? 'lu_2233' : 'lu_1133';
    const c = moments(r, coefficient);
    fitted[state] = c ? `fig. 7 (${config}): ${coefficient} = ${c.mean.toFixed(2)} ± ${c.sd.toFixed(2)} TeV⁻² on 2020 data` : `fig. 7 (${config}): not run`;
  }
  const html = reportHtml({
    title: 'Reconciling B anomalies with EW precision at one loop (arXiv:2007.04400): reproduction report',
    intro: [
      `Every fit of the paper that smeftfit can run, on ${eras.map((e) => (e === '2020' ? 'the 2020 data (the paper\'s)' : 'current data')).join(' and ')}; Wilson coefficients at Λ = 1 TeV in TeV⁻². Regenerate with: npx smeftfit reproduce --data ${options.data}.`,
      'Colours follow the paper: EW fits grey, flavour-only fits orange, combined EW & flavour fits (and the UV models fitted to them) magenta; 1σ regions dark, 2σ light. Figures are interactive (hover for values); each is also stored as SVG and PNG.',
      'Flavour data enter through the clean observables (R_K, R_K*, B_s → ℓℓ) and, where their runs have results, through the full flavour fits with angular and branching-ratio data (PDD/PMD). A fit that has not converged (its summary says so, or R̂ ≥ 1.01 for a coefficient read) is drawn but marked “(not converged)” in legends and claims, and a claim resting on it is at most “partly” reproduced. Runs whose record comes from older code are used as they are and labelled stale in the runs table.',
    ],
    claims,
    figures,
    runs,
    fitted,
    fitQuality: { rows: fitQualityRows(plannedIds, loaded), figures: pulls },
  });
  fs.copyFileSync(vegaRuntimePath(), path.join(out, 'vega.min.js'));
  writeFileAtomic(path.join(out, 'index.html'), html);
  writeFileAtomic(path.join(out, 'claims.json'), JSON.stringify(claims, null, 2) + '\n');
  written.push('vega.min.js', 'index.html', 'claims.json');
  return written;
}
