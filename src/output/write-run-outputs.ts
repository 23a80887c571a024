/**
 * Writes the human-facing outputs of a finished run next to its summary.json: the posterior correlation
 * (correlation.json, .svg, .png; Wilson coefficients only when the scenario has any, as the paper's fig. 2),
 * the credible intervals (intervals.svg, .png; fig. 3 style), report.md, and for a scenario with exactly
 * two Wilson coefficients their 2-D contours (contour.svg, .png; fig. 5 style), and the posterior mean and
 * maximum-posterior point in WCxf (wcxf-points.ts). Every file is written to a
 * temporary name and renamed, so a reader never sees half a file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { quantileOfSorted, sortedCopy } from '../numerics/quantile.ts';
import type { ChainStore } from '../sampler/chain-store.ts';
import type { ScenarioModel } from '../scenarios/scenario.ts';
import { posteriorCorrelation } from './correlation.ts';
import { posteriorContourSvg } from './plots/contour.ts';
import { correlationHeatmapSvg } from './plots/heatmap.ts';
import { intervalsSvg, type IntervalRow } from './plots/intervals.ts';
import { column, posteriorPoints, subsampleStride } from './plots/posterior-points.ts';
import { svgToPng } from './plots/render-png.ts';
import { markdownReport } from './report.ts';
import { writeFileAtomic } from '../atomic-write.ts';
import { writeJson, type RunSummary } from './summary.ts';
import { writeWcxfPoints } from './wcxf-points.ts';

/** Points used for sorting and histogramming: keeps every output of a huge chain within a second or two. */
const MAX_PLOT_POINTS = 200_000;
/** Points used for the correlation matrix (O(points · k²), cheap enough to take more). */
const MAX_CORRELATION_POINTS = 2_000_000;
/** Central credible fractions of ±1σ and ±2σ of a Gaussian, as in the paper's figs. 3 and 5. */
const ONE_SIGMA = 0.6827;
const TWO_SIGMA = 0.9545;

function writeSvgAndPng(dir: string, stem: string, svg: string, written: string[]): void {
  writeFileAtomic(path.join(dir, `${stem}.svg`), svg);
  writeFileAtomic(path.join(dir, `${stem}.png`), svgToPng(svg));
  written.push(`${stem}.svg`, `${stem}.png`);
}

/** Writes the outputs into `dir` and returns the file names written. */
export function writeRunOutputs(dir: string, store: ChainStore, scenario: ScenarioModel, summary: RunSummary): string[] {
  if (store.nRows === 0) throw new Error('writeRunOutputs: the chain store holds no rows');
  if (scenario.parameters.length !== store.nDim) throw new Error(`writeRunOutputs: scenario has ${scenario.parameters.length} parameters, the chain ${store.nDim}`);
  fs.mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  // summary.burn_in_steps is a whole number of kept rows (rowSteps steps each); keep at least the last row.
  const discardRows = Math.min(store.nRows - 1, Math.ceil(summary.burn_in_steps / store.rowSteps));
  const names = scenario.parameters.map((p) => p.name);
  const wilsonCoefficients = scenario.parameters.flatMap((p, i) => (p.role === 'wc' ? [i] : []));
  const selected = wilsonCoefficients.length > 0 ? wilsonCoefficients : names.map((_, i) => i);
  const what = wilsonCoefficients.length > 0 ? 'Wilson coefficients' : 'parameters';

  const correlation = posteriorCorrelation(store, discardRows, selected, names, { maxPoints: MAX_CORRELATION_POINTS });
  writeJson(dir, 'correlation.json', { parameters: wilsonCoefficients.length > 0 ? 'wc' : 'all', burn_in_rows: discardRows, ...correlation });
  written.push('correlation.json');
  writeSvgAndPng(dir, 'correlation', correlationHeatmapSvg({ ...correlation, title: `${scenario.name}: posterior correlation of the ${what}` }), written);

  const points = posteriorPoints(store, discardRows);
  const stride = subsampleStride(points.nPoints, MAX_PLOT_POINTS);
  const columns = new Map(selected.map((d) => [d, column(points, d, stride)]));
  const rows: IntervalRow[] = selected.map((d) => {
    const sorted = sortedCopy(columns.get(d)!);
    const q = (p: number) => quantileOfSorted(sorted, p);
    return { name: names[d], q025: q((1 - TWO_SIGMA) / 2), q16: q((1 - ONE_SIGMA) / 2), q50: q(0.5), q84: q((1 + ONE_SIGMA) / 2), q975: q((1 + TWO_SIGMA) / 2) };
  });
  writeSvgAndPng(dir, 'intervals', intervalsSvg({ rows, title: `${scenario.name}: 68.27 % and 95.45 % credible intervals` }), written);

  if (wilsonCoefficients.length === 2) {
    const [a, b] = wilsonCoefficients;
    const svg = posteriorContourSvg({
      x: columns.get(a)!,
      y: columns.get(b)!,
      xName: names[a],
      yName: names[b],
      title: `${scenario.name}: 68.27 % and 95.45 % credible regions`,
      levels: [ONE_SIGMA, TWO_SIGMA],
      reference: { x: 0, y: 0, label: 'SM' },
    });
    writeSvgAndPng(dir, 'contour', svg, written);
  }

  writeFileAtomic(path.join(dir, 'report.md'), markdownReport(summary));
  written.push('report.md');
  written.push(...writeWcxfPoints(dir, store, scenario, summary));
  return written;
}
