/**
 * The figures of one run (`smeftfit run`): posterior correlation heatmap (fig. 2 style), 1σ/2σ credible
 * intervals (fig. 3 style), for two sampled coefficients their 2-D credible regions (fig. 5 style), and for
 * a scenario with measurements the pulls per measurement (plots/pulls.ts), each as SVG and PNG. The caller computes the numbers; this module only draws them.
 */
import path from 'node:path';
import { writeFileAtomic } from '../../atomic-write.ts';
import { posteriorContourSvg } from './contour.ts';
import { correlationHeatmapSvg } from './heatmap.ts';
import { intervalsSvg, type IntervalRow } from './intervals.ts';
import { coefficientAxisTitle } from './physics-labels.ts';
import { pullsSvg, type PullBar } from './pulls.ts';
import { svgToPng } from './render-png.ts';

export interface RunFigureInput {
  scenarioName: string;
  /** 'Wilson coefficients' or 'parameters' (titles). */
  what: string;
  correlation: { names: string[]; matrix: number[][] };
  intervals: IntervalRow[];
  contour?: { x: Float64Array; y: Float64Array; xName: string; yName: string; levels: number[] };
  /** Per-measurement pulls (scenarios with measurements). */
  pulls?: PullBar[];
}

async function writeSvgAndPng(dir: string, stem: string, svg: string | Promise<string>, written: string[]): Promise<void> {
  const text = await svg;
  writeFileAtomic(path.join(dir, `${stem}.svg`), text);
  writeFileAtomic(path.join(dir, `${stem}.png`), svgToPng(text));
  written.push(`${stem}.svg`, `${stem}.png`);
}

/** Writes correlation, intervals and (where given) contour as SVG + PNG into `dir`; returns the file names. */
export async function writeRunFigures(dir: string, input: RunFigureInput): Promise<string[]> {
  const written: string[] = [];
  await writeSvgAndPng(dir, 'correlation', correlationHeatmapSvg({ ...input.correlation, title: `${input.scenarioName}: posterior correlation of the ${input.what}` }), written);
  await writeSvgAndPng(dir, 'intervals', intervalsSvg({ rows: input.intervals, title: `${input.scenarioName}: 68.27 % and 95.45 % credible intervals` }), written);
  if (input.contour) {
    const c = input.contour;
    const svg = posteriorContourSvg({ x: c.x, y: c.y, xName: coefficientAxisTitle(c.xName), yName: coefficientAxisTitle(c.yName), title: `${input.scenarioName}: 68.27 % and 95.45 % credible regions`, reference: { x: 0, y: 0, label: 'SM' } });
    await writeSvgAndPng(dir, 'contour', svg, written);
  }
  if (input.pulls && input.pulls.length > 0) {
    await writeSvgAndPng(dir, 'pulls', pullsSvg({ rows: input.pulls, title: `${input.scenarioName}: pulls of the SM and of the posterior predictive` }), written);
  }
  return written;
}
