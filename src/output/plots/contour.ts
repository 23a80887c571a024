/**
 * Credible regions in a plane (paper figs. 5–7): for each posterior sample, the 68.27 % and 95.45 %
 * highest-density regions of a smoothed 2-D histogram (density-grid.ts), filled dark (1σ) and light (2σ);
 * single-parameter fits as vertical or horizontal 1σ/2σ bands (fig. 5's grey EW and orange flavour bands);
 * the SM point. A Vega spec: Vega's isocontour transform traces the level sets of the grid in the browser
 * and in Node alike (Vega-Lite has no contour mark).
 */
import { credibleLevels, plotRange, smoothedHistogram2d } from './density-grid.ts';
import { REGION_FILLS } from './paper-colours.ts';
import { renderSvg, VEGA_FIGURE_CONFIG, VEGA_SCHEMA, type VegaSpec } from './vega-render.ts';

export const ONE_SIGMA = 0.6827;
export const TWO_SIGMA = 0.9545;

export interface RegionLayer {
  label: string;
  colour: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

/** A 1-D fit drawn across the plane: 'x' bands are vertical (constrain x), 'y' bands horizontal. */
export interface BandLayer {
  label: string;
  colour: string;
  axis: 'x' | 'y';
  oneSigma: [number, number];
  twoSigma: [number, number];
}

export interface CredibleRegionInput {
  title: string;
  subtitle?: string[];
  xTitle: string;
  yTitle: string;
  regions: RegionLayer[];
  bands?: BandLayer[];
  reference?: { x: number; y: number; label: string };
  xDomain?: [number, number];
  yDomain?: [number, number];
  size?: number;
  bins?: number;
}

function span(values: number[][]): [number, number] {
  const flat = values.flat().filter(Number.isFinite);
  let lo = Math.min(...flat);
  let hi = Math.max(...flat);
  if (!(hi > lo)) [lo, hi] = [lo - 0.5, hi + 0.5];
  const pad = 0.06 * (hi - lo);
  return [lo - pad, hi + pad];
}

export function credibleRegionSpec(input: CredibleRegionInput): VegaSpec {
  const size = input.size ?? 380;
  const bins = input.bins ?? 70;
  const regions = input.regions.map((r) => ({ ...r, x: Float64Array.from(r.x), y: Float64Array.from(r.y) }));
  const bands = input.bands ?? [];
  const ref = input.reference ? [[input.reference.x], [input.reference.y]] : [[], []];
  const xDomain = input.xDomain ?? span([...regions.map((r) => plotRange(r.x)), ...bands.filter((b) => b.axis === 'x').map((b) => b.twoSigma), ref[0]]);
  const yDomain = input.yDomain ?? span([...regions.map((r) => plotRange(r.y)), ...bands.filter((b) => b.axis === 'y').map((b) => b.twoSigma), ref[1]]);

  const data: object[] = [];
  const marks: object[] = [];
  bands.forEach((b, k) => {
    const rows = [
      { lo: b.twoSigma[0], hi: b.twoSigma[1], opacity: REGION_FILLS.twoSigma },
      { lo: b.oneSigma[0], hi: b.oneSigma[1], opacity: REGION_FILLS.oneSigma - REGION_FILLS.twoSigma },
    ];
    data.push({ name: `band${k}`, values: rows });
    const along = b.axis === 'x'
      ? { x: { scale: 'x', field: 'lo' }, x2: { scale: 'x', field: 'hi' }, y: { value: 0 }, y2: { signal: 'height' } }
      : { y: { scale: 'y', field: 'lo' }, y2: { scale: 'y', field: 'hi' }, x: { value: 0 }, x2: { signal: 'width' } };
    marks.push({ type: 'rect', clip: true, from: { data: `band${k}` }, encode: { enter: { ...along, fill: { value: b.colour }, fillOpacity: { field: 'opacity' } } } });
  });
  regions.forEach((r, k) => {
    const grid = smoothedHistogram2d(r.x, r.y, { bins, smoothingBins: 1.5, xRange: xDomain, yRange: yDomain });
    const [one, two] = credibleLevels(grid, r.x, r.y, [ONE_SIGMA, TWO_SIGMA]);
    // Grid rows run upwards in y; the contour transform's rows run downwards in pixels.
    const flipped: number[] = [];
    for (let iy = grid.ny - 1; iy >= 0; iy--) for (let ix = 0; ix < grid.nx; ix++) flipped.push(Number(grid.values[iy * grid.nx + ix].toPrecision(5)));
    data.push({
      name: `region${k}`,
      values: [{ grid: { width: grid.nx, height: grid.ny, values: flipped } }],
      transform: [{ type: 'isocontour', field: 'grid', thresholds: [two, one], scale: { expr: `width / ${grid.nx}` } }],
    });
    marks.push({
      type: 'path',
      clip: true,
      from: { data: `region${k}` },
      encode: { enter: { fill: { value: r.colour }, fillOpacity: { value: REGION_FILLS.twoSigma + 0.1 }, stroke: { value: r.colour }, strokeWidth: { value: 1 } } },
      transform: [{ type: 'geopath', field: 'datum.contour' }],
    });
  });
  if (input.reference) {
    data.push({ name: 'reference', values: [input.reference] });
    marks.push({ type: 'symbol', from: { data: 'reference' }, encode: { enter: { x: { scale: 'x', field: 'x' }, y: { scale: 'y', field: 'y' }, shape: { value: 'cross' }, size: { value: 90 }, fill: { value: 'black' } } } });
    marks.push({ type: 'text', from: { data: 'reference' }, encode: { enter: { x: { scale: 'x', field: 'x', offset: 7 }, y: { scale: 'y', field: 'y', offset: -7 }, text: { field: 'label' }, fontSize: { value: 11 }, fill: { value: 'black' } } } });
  }
  const legendItems = [...regions.map((r) => [r.label, r.colour]), ...bands.map((b) => [b.label, b.colour])];
  return {
    $schema: VEGA_SCHEMA,
    title: { text: input.title, subtitle: input.subtitle ?? [] },
    width: size,
    height: size,
    padding: 8,
    config: VEGA_FIGURE_CONFIG,
    data,
    scales: [
      { name: 'x', type: 'linear', domain: xDomain, range: 'width', nice: false, zero: false },
      { name: 'y', type: 'linear', domain: yDomain, range: 'height', nice: false, zero: false },
      { name: 'role', type: 'ordinal', domain: legendItems.map((l) => l[0]), range: legendItems.map((l) => l[1]) },
    ],
    axes: [
      { orient: 'bottom', scale: 'x', title: input.xTitle, grid: true, gridOpacity: 0.25 },
      { orient: 'left', scale: 'y', title: input.yTitle, grid: true, gridOpacity: 0.25 },
    ],
    legends: legendItems.length > 0 ? [{ fill: 'role', orient: 'bottom', direction: 'vertical', symbolType: 'square', symbolOpacity: 0.7 }] : [],
    marks,
  } as unknown as VegaSpec;
}

export function credibleRegionSvg(input: CredibleRegionInput): Promise<string> {
  return renderSvg(credibleRegionSpec(input));
}

/** The per-run contour of two coefficients (kept for `smeftfit run`). */
export function posteriorContourSvg(input: { x: Float64Array; y: Float64Array; xName: string; yName: string; title: string; reference?: { x: number; y: number; label: string } }): Promise<string> {
  return credibleRegionSvg({ title: input.title, xTitle: input.xName, yTitle: input.yName, regions: [{ label: 'posterior 1σ/2σ', colour: '#c2187a', x: input.x, y: input.y }], reference: input.reference });
}
