/**
 * 2-D posterior contours of two parameters (the paper's fig. 5): the 68.27 % (1σ) and 95.45 % (2σ)
 * credible regions of a smoothed 2-D histogram (density-grid.ts) drawn as level lines (marching-squares.ts),
 * solid for the inner and dashed for the outer level, on axes with ticks and the parameter names.
 */
import { bottomAxisSvg, leftAxisSvg, LinearScale, niceDomain } from './axis.ts';
import { credibleLevels, smoothedHistogram2d, type DensityGrid } from './density-grid.ts';
import { levelLines } from './marching-squares.ts';
import { coord, lineElement, rectElement, svgDocument, textElement } from './svg-document.ts';

export interface ContourInput {
  x: Float64Array;
  y: Float64Array;
  xName: string;
  yName: string;
  title: string;
  /** Credible fractions, inner first; the paper's 1σ and 2σ are [0.6827, 0.9545]. */
  levels?: readonly number[];
  bins?: number;
  smoothingBins?: number;
  /** A point to mark, e.g. the SM (all Wilson coefficients zero). */
  reference?: { x: number; y: number; label: string };
}

const WIDTH = 560;
const HEIGHT = 520;
const MARGIN = { left: 90, right: 24, top: 44, bottom: 64 };
const LINE_COLOUR = '#c2187a';
const DASHES = ['', '7 4', '2 3', '9 3 2 3'];

export interface ContourGeometry {
  grid: DensityGrid;
  /** Density level of each credible fraction. */
  densityLevels: number[];
  /** Per level, its lines in data coordinates. */
  lines: { points: [number, number][]; closed: boolean }[][];
}

/** The numbers behind the plot: grid, levels and lines in data coordinates. */
export function posteriorContours(input: ContourInput): ContourGeometry {
  const levels = input.levels ?? [0.6827, 0.9545];
  const grid = smoothedHistogram2d(input.x, input.y, { bins: input.bins, smoothingBins: input.smoothingBins });
  const densityLevels = credibleLevels(grid, input.x, input.y, levels);
  const dx = grid.xCentres[1] - grid.xCentres[0];
  const dy = grid.yCentres[1] - grid.yCentres[0];
  const lines = densityLevels.map((level) =>
    levelLines(grid.values, grid.nx, grid.ny, level).map((line) => ({
      points: line.points.map(([i, j]) => [grid.xCentres[0] + i * dx, grid.yCentres[0] + j * dy] as [number, number]),
      closed: line.closed,
    })),
  );
  return { grid, densityLevels, lines };
}

export function posteriorContourSvg(input: ContourInput): string {
  const levels = input.levels ?? [0.6827, 0.9545];
  const { grid, lines } = posteriorContours({ ...input, levels });
  const halfX = (grid.xCentres[1] - grid.xCentres[0]) / 2;
  const halfY = (grid.yCentres[1] - grid.yCentres[0]) / 2;
  const xDomain = niceDomain(grid.xCentres[0] - halfX, grid.xCentres[grid.nx - 1] + halfX);
  const yDomain = niceDomain(grid.yCentres[0] - halfY, grid.yCentres[grid.ny - 1] + halfY);
  const plot = { x0: MARGIN.left, x1: WIDTH - MARGIN.right, y0: MARGIN.top, y1: HEIGHT - MARGIN.bottom };
  const xs = new LinearScale(xDomain, [plot.x0, plot.x1]);
  const ys = new LinearScale(yDomain, [plot.y1, plot.y0]);

  const body: string[] = [
    textElement(WIDTH / 2, 24, input.title, { size: 15, anchor: 'middle', baseline: 'middle', weight: 'bold' }),
    `<defs><clipPath id="plot-area"><rect x="${plot.x0}" y="${plot.y0}" width="${plot.x1 - plot.x0}" height="${plot.y1 - plot.y0}"/></clipPath></defs>`,
    rectElement(plot.x0, plot.y0, plot.x1 - plot.x0, plot.y1 - plot.y0, 'none', 'stroke="#333333" stroke-width="1"'),
  ];
  // Zero lines: for Wilson coefficients the SM sits at 0 on both axes.
  if (xDomain[0] < 0 && xDomain[1] > 0) body.push(lineElement(xs.map(0), plot.y0, xs.map(0), plot.y1, '#bbbbbb', 1, 'stroke-dasharray="3 3"'));
  if (yDomain[0] < 0 && yDomain[1] > 0) body.push(lineElement(plot.x0, ys.map(0), plot.x1, ys.map(0), '#bbbbbb', 1, 'stroke-dasharray="3 3"'));

  body.push('<g class="contours" clip-path="url(#plot-area)">');
  lines.forEach((levelSet, k) => {
    const dash = DASHES[Math.min(k, DASHES.length - 1)];
    for (const line of levelSet) {
      const d = line.points.map(([x, y], p) => `${p === 0 ? 'M' : 'L'}${coord(xs.map(x))} ${coord(ys.map(y))}`).join('') + (line.closed ? 'Z' : '');
      body.push(`<path d="${d}" fill="none" stroke="${LINE_COLOUR}" stroke-width="${k === 0 ? 2 : 1.5}"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`);
    }
  });
  body.push('</g>');

  if (input.reference) {
    const { x, y, label } = input.reference;
    const px = xs.map(x);
    const py = ys.map(y);
    if (px >= plot.x0 && px <= plot.x1 && py >= plot.y0 && py <= plot.y1) {
      body.push(`<path d="M${coord(px - 5)} ${coord(py)}L${coord(px + 5)} ${coord(py)}M${coord(px)} ${coord(py - 5)}L${coord(px)} ${coord(py + 5)}" stroke="#000000" stroke-width="1.5"/>`);
      body.push(textElement(px + 7, py - 7, label, { size: 11 }));
    }
  }

  body.push(...bottomAxisSvg(xs, plot.y1, input.xName));
  body.push(...leftAxisSvg(ys, plot.x0, input.yName));
  body.push(...legend(plot.x1 - 150, plot.y0 + 10, levels));
  return svgDocument(WIDTH, HEIGHT, input.title, body);
}

function legend(x: number, y: number, levels: readonly number[]): string[] {
  const parts = [rectElement(x, y, 140, 8 + 18 * levels.length, '#ffffff', 'fill-opacity="0.85" stroke="#999999" stroke-width="0.5"')];
  levels.forEach((p, k) => {
    const rowY = y + 13 + 18 * k;
    const dash = DASHES[Math.min(k, DASHES.length - 1)];
    parts.push(lineElement(x + 8, rowY, x + 36, rowY, LINE_COLOUR, k === 0 ? 2 : 1.5, dash ? `stroke-dasharray="${dash}"` : ''));
    parts.push(textElement(x + 42, rowY, `${(100 * p).toFixed(2)} %`, { size: 11, baseline: 'middle' }));
  });
  return parts;
}
