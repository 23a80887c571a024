/**
 * Plots of a comparison: overlaid 1-D marginals per parameter (histograms of both sides' draws on a
 * common range; a summary-only side is drawn as the Gaussian of its mean and sd, dashed) and the heatmap
 * of the correlation differences B − A (the correlation heatmap's diverging scale over [−1, 1]).
 * Self-contained SVG on the project's plot helpers, in its own file so it can move to another renderer.
 */
import type { PosteriorSide } from '../import/posterior-side.ts';
import { quantileOfSorted, sortedCopy } from '../numerics/quantile.ts';
import { LinearScale, niceTicks, formatTick, tickStep } from './plots/axis.ts';
import { correlationHeatmapSvg } from './plots/heatmap.ts';
import { coord, lineElement, rectElement, svgDocument, textElement } from './plots/svg-document.ts';
import type { Comparison } from './compare-posteriors.ts';

const COLOURS = ['#1f5fa8', '#d95f02'];
const PANEL_W = 220;
const PANEL_H = 150;
const COLUMNS = 4;
const BINS = 40;
const MAX_POINTS = 400_000;

/** Pooled draws of one parameter of a side (subsampled to MAX_POINTS). */
function pooled(side: PosteriorSide, index: number): Float64Array | undefined {
  const chains = side.draws?.[index];
  if (!chains) return undefined;
  const total = chains.reduce((s, c) => s + c.length, 0);
  const stride = Math.max(1, Math.ceil(total / MAX_POINTS));
  const out: number[] = [];
  let k = 0;
  for (const c of chains) for (let i = 0; i < c.length; i++, k++) if (k % stride === 0) out.push(c[i]);
  return Float64Array.from(out);
}

function histogram(values: Float64Array, lo: number, hi: number): number[] {
  // Normalised by all draws, so each curve is the density (its tails outside the range are simply not drawn).
  const counts = new Array<number>(BINS).fill(0);
  for (const v of values) {
    const b = Math.floor(((v - lo) / (hi - lo)) * BINS);
    if (b >= 0 && b < BINS) counts[b]++;
  }
  const width = (hi - lo) / BINS;
  return counts.map((c) => c / (values.length * width));
}

export function marginalsSvg(a: PosteriorSide, b: PosteriorSide, comparison: Comparison, title: string): string {
  const sides = [a, b];
  const n = comparison.parameters.length;
  const rows = Math.ceil(n / COLUMNS);
  const width = COLUMNS * PANEL_W + 20;
  const top = 56;
  const height = top + rows * (PANEL_H + 46) + 10;
  const body: string[] = [textElement(width / 2, 18, title, { size: 15, anchor: 'middle', baseline: 'middle', weight: 'bold' })];
  sides.forEach((s, k) => {
    body.push(lineElement(20 + k * 260, 40, 44 + k * 260, 40, COLOURS[k], 2, s.kind === 'summary' ? 'stroke-dasharray="5 3"' : ''));
    body.push(textElement(50 + k * 260, 40, `${s.label}${s.kind === 'summary' ? ' (Gaussian of mean, sd)' : ''}`, { size: 12, baseline: 'middle' }));
  });
  comparison.parameters.forEach((p, idx) => {
    const x0 = 10 + (idx % COLUMNS) * PANEL_W + 14;
    const y0 = top + Math.floor(idx / COLUMNS) * (PANEL_H + 46);
    const w = PANEL_W - 28;
    const h = PANEL_H - 20;
    const values = sides.map((s) => pooled(s, s.names.indexOf(p.name)));
    const stats = [p.a, p.b];
    const ends = values.flatMap((v, k) => {
      if (v && v.length > 0) {
        const sorted = sortedCopy(v);
        return [quantileOfSorted(sorted, 0.005), quantileOfSorted(sorted, 0.995)];
      }
      return [stats[k].mean - 3 * stats[k].sd, stats[k].mean + 3 * stats[k].sd];
    });
    let lo = Math.min(...ends);
    let hi = Math.max(...ends);
    if (!(hi > lo)) [lo, hi] = [lo - 1, hi + 1];
    const xs = new LinearScale([lo, hi], [x0, x0 + w]);
    const curves = values.map((v, k) => {
      if (v) return histogram(v, lo, hi);
      const { mean, sd } = stats[k];
      return Array.from({ length: BINS }, (_, i) => {
        const x = lo + ((i + 0.5) * (hi - lo)) / BINS;
        return Math.exp(-0.5 * ((x - mean) / sd) ** 2) / (sd * Math.sqrt(2 * Math.PI));
      });
    });
    const peak = Math.max(...curves.flat(), 1e-300);
    const ys = new LinearScale([0, peak * 1.08], [y0 + h, y0]);
    body.push(rectElement(x0, y0, w, h, 'none', 'stroke="#cccccc"'));
    curves.forEach((curve, k) => {
      const points: string[] = [];
      curve.forEach((d, i) => {
        const xa = xs.map(lo + (i * (hi - lo)) / BINS);
        const xb = xs.map(lo + ((i + 1) * (hi - lo)) / BINS);
        points.push(`${coord(xa)},${coord(ys.map(d))}`, `${coord(xb)},${coord(ys.map(d))}`);
      });
      const dash = sides[k].kind === 'summary' ? ' stroke-dasharray="5 3"' : '';
      body.push(`<polyline fill="none" stroke="${COLOURS[k]}" stroke-width="1.5"${dash} points="${points.join(' ')}"/>`);
      body.push(lineElement(xs.map(stats[k].mean), y0, xs.map(stats[k].mean), y0 + h, COLOURS[k], 1, 'stroke-dasharray="2 2"'));
    });
    const step = tickStep(lo, hi, 3);
    for (const t of niceTicks(lo, hi, 3)) {
      body.push(lineElement(xs.map(t), y0 + h, xs.map(t), y0 + h + 4, '#333333'));
      body.push(textElement(xs.map(t), y0 + h + 6, formatTick(t, step), { size: 10, anchor: 'middle', baseline: 'hanging' }));
    }
    const label = `${p.name}${p.flagged ? '  ⚑' : ''}  Δ = ${p.delta_sigma.toFixed(3)}σ`;
    body.push(textElement(x0 + w / 2, y0 + h + 30, label, { size: 11, anchor: 'middle', weight: p.flagged ? 'bold' : undefined }));
  });
  return svgDocument(width, height, title, body);
}

export function correlationDifferenceSvg(comparison: Comparison, title: string): string | undefined {
  if (!comparison.correlation_difference) return undefined;
  return correlationHeatmapSvg({ names: comparison.parameters.map((p) => p.name), matrix: comparison.correlation_difference, title });
}
