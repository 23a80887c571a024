/**
 * Plots of a comparison: overlaid 1-D marginals per parameter (histograms of both sides' draws on a
 * common range; a summary-only side is drawn as the Gaussian of its mean and sd, dashed) and the heatmap
 * of the correlation differences B − A (the correlation heatmap's diverging scale over [−1, 1]).
 * Vega-Lite specs rendered headless by Vega (plots/vega-render.ts), like every figure of the project.
 */
import type { PosteriorSide } from '../import/posterior-side.ts';
import { quantileOfSorted, sortedCopy } from '../numerics/quantile.ts';
import { correlationHeatmapSvg } from './plots/heatmap.ts';
import { physicsLabel } from './plots/physics-labels.ts';
import { FIGURE_CONFIG, renderSvg, VEGA_LITE_SCHEMA, type VegaLiteSpec } from './plots/vega-render.ts';
import type { Comparison } from './compare-posteriors.ts';

const COLOURS = ['#1f5fa8', '#d95f02'];
const PANEL_W = 190;
const PANEL_H = 120;
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

/** One step curve per side and parameter (density against the parameter), plus each side's mean. */
interface CurvePoint {
  panel: string;
  side: string;
  x: number;
  density: number;
}

/** The overlaid 1-D marginals as a faceted Vega-Lite spec (one panel per parameter, shared legend). */
export function marginalsSpec(a: PosteriorSide, b: PosteriorSide, comparison: Comparison, title: string): VegaLiteSpec {
  const sides = [a, b];
  const labels = sides.map((s) => `${s.label}${s.kind === 'summary' ? ' (Gaussian of mean, sd)' : ''}`);
  const curves: CurvePoint[] = [];
  const means: { panel: string; side: string; x: number }[] = [];
  const panels: string[] = [];
  for (const p of comparison.parameters) {
    const panel = `${physicsLabel(p.name)}${p.flagged ? ' ⚑' : ''}  Δ = ${p.delta_sigma.toFixed(3)}σ`;
    panels.push(panel);
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
    values.forEach((v, k) => {
      const { mean, sd } = stats[k];
      const density = v
        ? histogram(v, lo, hi)
        : Array.from({ length: BINS }, (_, i) => {
            const x = lo + ((i + 0.5) * (hi - lo)) / BINS;
            return Math.exp(-0.5 * ((x - mean) / sd) ** 2) / (sd * Math.sqrt(2 * Math.PI));
          });
      // A step curve: each bin's density at both of its edges.
      density.forEach((d, i) => {
        curves.push({ panel, side: labels[k], x: lo + (i * (hi - lo)) / BINS, density: d });
        curves.push({ panel, side: labels[k], x: lo + ((i + 1) * (hi - lo)) / BINS, density: d });
      });
      means.push({ panel, side: labels[k], x: mean });
    });
  }
  const colour = { field: 'side', type: 'nominal', title: null, scale: { domain: labels, range: COLOURS }, legend: { orient: 'top' } } as const;
  // Same field as the colour: Vega-Lite merges both into one legend (a dashed line for a summary-only side).
  const dash = { field: 'side', type: 'nominal', title: null, scale: { domain: labels, range: sides.map((s) => (s.kind === 'summary' ? [5, 3] : [1, 0])) } } as const;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title,
    config: FIGURE_CONFIG,
    data: { values: [...curves.map((c) => ({ ...c, layer: 'curve' })), ...means.map((m) => ({ ...m, layer: 'mean' }))] },
    facet: { field: 'panel', type: 'nominal', title: null, sort: panels, header: { labelFontSize: 11 } },
    columns: COLUMNS,
    resolve: { scale: { x: 'independent', y: 'independent' } },
    spec: {
      width: PANEL_W,
      height: PANEL_H,
      layer: [
        {
          transform: [{ filter: "datum.layer === 'curve'" }],
          mark: { type: 'line', strokeWidth: 1.5, interpolate: 'linear' },
          encoding: {
            x: { field: 'x', type: 'quantitative', title: null, axis: { tickCount: 3 } },
            y: { field: 'density', type: 'quantitative', title: null, axis: null },
            color: colour,
            strokeDash: dash,
            detail: { field: 'side' },
          },
        },
        {
          transform: [{ filter: "datum.layer === 'mean'" }],
          mark: { type: 'rule', strokeDash: [2, 2], strokeWidth: 1 },
          encoding: { x: { field: 'x', type: 'quantitative' }, color: colour },
        },
      ],
    },
  } as VegaLiteSpec;
}

export function marginalsSvg(a: PosteriorSide, b: PosteriorSide, comparison: Comparison, title: string): Promise<string> {
  return renderSvg(marginalsSpec(a, b, comparison, title));
}

export async function correlationDifferenceSvg(comparison: Comparison, title: string): Promise<string | undefined> {
  if (!comparison.correlation_difference) return undefined;
  return correlationHeatmapSvg({ names: comparison.parameters.map((p) => p.name), matrix: comparison.correlation_difference, title });
}
