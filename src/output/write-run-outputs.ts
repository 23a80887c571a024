/**
 * Writes the human-facing outputs of a finished run next to its summary.json: the posterior correlation
 * (correlation.json, .svg, .png; Wilson coefficients only when the scenario has any, as the paper's fig. 2),
 * the credible intervals (intervals.svg, .png; fig. 3 style), report.md, and for a scenario with exactly
 * two Wilson coefficients their 2-D contours (contour.svg, .png; fig. 5 style), for a scenario with
 * measurements their pulls (pulls.svg, .png; the numbers are summary.json's `pulls`), and the posterior mean and
 * maximum-posterior point in WCxf (wcxf-points.ts); the burn-in goes into chain.h5 as well
 * (hdf5-chain.ts `recordBurnIn`), so that the chain file alone says what to discard. Every file is written to a
 * temporary name and renamed, so a reader never sees half a file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { quantilesOfUnsorted } from '../numerics/select-quantiles.ts';
import type { ChainStore } from '../sampler/chain-store.ts';
import { CHAIN_FILE, recordBurnIn } from '../sampler/hdf5-chain.ts';
import type { ScenarioModel } from '../scenarios/scenario.ts';
import { posteriorCorrelation } from './correlation.ts';
import type { IntervalRow } from './plots/intervals.ts';
import { writeRunFigures } from './plots/run-figures.ts';
import { columns as columnsOf, posteriorPoints, subsampleStride } from './posterior-points.ts';
import { markdownReport } from './report.ts';
import { writeFileAtomic } from '../atomic-write.ts';
import { writeJson, type RunSummary } from './summary.ts';
import { writeWcxfPoints } from './wcxf-points.ts';

/** Points used for sorting and histogramming: keeps every output of a huge chain within a second or two. */
const MAX_PLOT_POINTS = 200_000;
/** Points used for the correlation matrix (O(points · k²), cheap enough to take more). */
const MAX_CORRELATION_POINTS = 2_000_000;
/**
 * Multiply-adds allowed for the correlation matrix: k = 100 parameters take 5·10⁴ points (a sample
 * correlation's sd ≤ 1/√n ≈ 0.005 from independent points, below the two decimals printed), a handful of
 * Wilson coefficients keep MAX_CORRELATION_POINTS. At 65 536 walkers × 100 parameters the full product was
 * seconds of CPU for a figure.
 */
const CORRELATION_WORK = 5e8;
/** Central credible fractions of ±1σ and ±2σ of a Gaussian, as in the paper's figs. 3 and 5. */
const ONE_SIGMA = 0.6827;
const TWO_SIGMA = 0.9545;

/** Writes the outputs into `dir` and returns the file names written. */
export async function writeRunOutputs(dir: string, store: ChainStore, scenario: ScenarioModel, summary: RunSummary): Promise<string[]> {
  if (store.nRows === 0) throw new Error('writeRunOutputs: the chain store holds no rows');
  if (scenario.parameters.length !== store.nDim) throw new Error(`writeRunOutputs: scenario has ${scenario.parameters.length} parameters, the chain ${store.nDim}`);
  fs.mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  // summary.burn_in_steps is a whole number of kept rows (rowSteps steps each); keep at least the last row.
  const discardRows = Math.min(store.nRows - 1, Math.ceil(summary.burn_in_steps / store.rowSteps));
  const names = scenario.parameters.map((p) => p.name);
  // A UV model's own parameters count with the coefficients it floats (its posterior is over both).
  const wilsonCoefficients = scenario.parameters.flatMap((p, i) => (p.role === 'wc' || p.role === 'uv' ? [i] : []));
  const selected = wilsonCoefficients.length > 0 ? wilsonCoefficients : names.map((_, i) => i);
  const what = wilsonCoefficients.length > 0 ? 'Wilson coefficients' : 'parameters';

  const maxPoints = Math.min(MAX_CORRELATION_POINTS, Math.floor(CORRELATION_WORK / (selected.length * selected.length)));
  const correlation = posteriorCorrelation(store, discardRows, selected, names, { maxPoints });
  writeJson(dir, 'correlation.json', { parameters: wilsonCoefficients.length > 0 ? 'wc' : 'all', burn_in_rows: discardRows, ...correlation });
  written.push('correlation.json');

  const points = posteriorPoints(store, discardRows);
  const stride = subsampleStride(points.nPoints, MAX_PLOT_POINTS);
  const columns = columnsOf(points, selected, stride);
  const rows: IntervalRow[] = selected.map((d) => {
    const [q025, q16, q50, q84, q975] = quantilesOfUnsorted(columns.get(d)!, [(1 - TWO_SIGMA) / 2, (1 - ONE_SIGMA) / 2, 0.5, (1 + ONE_SIGMA) / 2, (1 + TWO_SIGMA) / 2]);
    return { name: names[d], q025, q16, q50, q84, q975 };
  });
  const [a, b] = wilsonCoefficients;
  const contour = wilsonCoefficients.length === 2 ? { x: columns.get(a)!, y: columns.get(b)!, xName: names[a], yName: names[b], levels: [ONE_SIGMA, TWO_SIGMA] } : undefined;
  written.push(...(await writeRunFigures(dir, { scenarioName: scenario.name, what, correlation, intervals: rows, contour, pulls: summary.pulls })));

  writeFileAtomic(path.join(dir, 'report.md'), markdownReport(summary));
  written.push('report.md');
  written.push(...writeWcxfPoints(dir, store, scenario, summary));
  const chainFile = path.join(dir, CHAIN_FILE);
  if (fs.existsSync(chainFile)) await recordBurnIn(chainFile, summary.burn_in_steps);
  return written;
}
