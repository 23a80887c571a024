/**
 * Credible intervals per parameter (the paper's fig. 3 style): a thick bar over the central 68.27 %
 * (q16–q84, 1σ), a thin bar over the central 95.45 % (q025–q975, 2σ), a dot at the median, one row per
 * parameter, and a vertical zero line (the SM value of a Wilson coefficient).
 */
import { bottomAxisSvg, LinearScale, niceDomain } from './axis.ts';
import { approximateTextWidth, lineElement, svgDocument, textElement } from './svg-document.ts';

export interface IntervalRow {
  name: string;
  q025: number;
  q16: number;
  q50: number;
  q84: number;
  q975: number;
}

export interface IntervalsInput {
  rows: readonly IntervalRow[];
  title: string;
}

const ROW_HEIGHT = 30;
const LABEL_SIZE = 12;
const PLOT_WIDTH = 440;
const BAR_COLOUR = '#1f5fa8';

export function intervalsSvg({ rows, title }: IntervalsInput): string {
  const finite = rows.flatMap((r) => [r.q025, r.q975]).filter(Number.isFinite);
  const [lo, hi] = niceDomain(Math.min(0, ...finite), Math.max(0, ...finite), 6);
  const left = 24 + Math.max(40, ...rows.map((r) => approximateTextWidth(r.name, LABEL_SIZE)));
  const top = 60;
  const plotHeight = Math.max(1, rows.length) * ROW_HEIGHT;
  const width = left + PLOT_WIDTH + 24;
  const height = top + plotHeight + 52;
  const xs = new LinearScale([lo, hi], [left, left + PLOT_WIDTH]);

  const body: string[] = [textElement(width / 2, 18, title, { size: 15, anchor: 'middle', baseline: 'middle', weight: 'bold' })];
  body.push(...legend(left, 42));
  if (lo < 0 && hi > 0) body.push(lineElement(xs.map(0), top, xs.map(0), top + plotHeight, '#888888', 1, 'stroke-dasharray="4 3"'));
  rows.forEach((row, k) => {
    const y = top + (k + 0.5) * ROW_HEIGHT;
    body.push(lineElement(left, y, left + PLOT_WIDTH, y, '#eeeeee', 1));
    body.push(textElement(left - 8, y, row.name, { size: LABEL_SIZE, anchor: 'end', baseline: 'middle' }));
    if (Number.isFinite(row.q025) && Number.isFinite(row.q975)) body.push(lineElement(xs.map(row.q025), y, xs.map(row.q975), y, BAR_COLOUR, 2, 'class="two-sigma"'));
    if (Number.isFinite(row.q16) && Number.isFinite(row.q84)) body.push(lineElement(xs.map(row.q16), y, xs.map(row.q84), y, BAR_COLOUR, 8, 'class="one-sigma"'));
    if (Number.isFinite(row.q50)) body.push(`<circle class="median" cx="${xs.map(row.q50).toFixed(2)}" cy="${y.toFixed(2)}" r="3.5" fill="#ffffff" stroke="${BAR_COLOUR}" stroke-width="1.5"/>`);
  });
  body.push(...bottomAxisSvg(xs, top + plotHeight, 'posterior value'));
  return svgDocument(width, height, title, body);
}

function legend(x: number, y: number): string[] {
  return [
    lineElement(x, y, x + 24, y, BAR_COLOUR, 8),
    textElement(x + 30, y, '68.27 % (1σ)', { size: 11, baseline: 'middle' }),
    lineElement(x + 130, y, x + 154, y, BAR_COLOUR, 2),
    textElement(x + 160, y, '95.45 % (2σ)', { size: 11, baseline: 'middle' }),
    `<circle cx="${x + 270}" cy="${y}" r="3.5" fill="#ffffff" stroke="${BAR_COLOUR}" stroke-width="1.5"/>`,
    textElement(x + 278, y, 'median', { size: 11, baseline: 'middle' }),
  ];
}
