/**
 * Central 68.27 % and 95.45 % credible intervals (paper figs. 1, 3, 9): per parameter a thick bar for 1σ,
 * a thin one for 2σ and a tick at the median; several fits side by side are offset within a row and
 * coloured by their role (EW grey, flavour orange, combined magenta).
 */
import { physicsLabel } from './physics-labels.ts';
import { FIGURE_CONFIG, renderSvg, VEGA_LITE_SCHEMA, type VegaLiteSpec } from './vega-render.ts';

export interface IntervalRow {
  name: string;
  q025: number;
  q16: number;
  q50: number;
  q84: number;
  q975: number;
}

export interface IntervalSeries {
  label: string;
  colour: string;
  rows: IntervalRow[];
}

export interface GroupedIntervalsInput {
  title: string;
  series: IntervalSeries[];
  xTitle?: string;
  /** Row order (parameter names); default: first appearance. */
  order?: string[];
  width?: number;
  /** Rows share one x axis ('shared') or each operator gets its own panel scale ('independent'). */
  xScale?: 'shared' | 'independent';
}

export function groupedIntervalsSpec(input: GroupedIntervalsInput): VegaLiteSpec {
  const order = input.order ?? [...new Set(input.series.flatMap((s) => s.rows.map((r) => r.name)))];
  const values = input.series.flatMap((s) =>
    s.rows.filter((r) => order.includes(r.name)).map((r) => ({ ...r, parameter: physicsLabel(r.name), fit: s.label })),
  );
  const labels = order.map(physicsLabel);
  const fits = input.series.map((s) => s.label);
  const colour = { field: 'fit', type: 'nominal', title: 'fit', scale: { domain: fits, range: input.series.map((s) => s.colour) }, sort: fits } as const;
  const bandHeight = Math.max(14, 6 * fits.length + 6);
  const tooltip = [{ field: 'parameter' }, { field: 'fit' }, { field: 'q50', format: '.4g', title: 'median' }, { field: 'q16', format: '.4g', title: '16 %' }, { field: 'q84', format: '.4g', title: '84 %' }, { field: 'q025', format: '.4g', title: '2.3 %' }, { field: 'q975', format: '.4g', title: '97.7 %' }];
  const xTitle = input.xTitle ?? 'Wilson coefficient [TeV⁻²]';
  const layers = (independent: boolean) => [
    { mark: { type: 'rule', strokeWidth: 1.2 }, encoding: { x: { field: 'q025', type: 'quantitative', title: independent ? null : xTitle, scale: { zero: true } }, x2: { field: 'q975' } } },
    { mark: { type: 'rule', strokeWidth: 4.5 }, encoding: { x: { field: 'q16', type: 'quantitative' }, x2: { field: 'q84' }, tooltip } },
    { mark: { type: 'tick', thickness: 1.5, size: 8, color: 'black' }, encoding: { x: { field: 'q50', type: 'quantitative' }, color: { value: 'black' } } },
  ];
  if (input.xScale === 'independent') {
    // One panel per operator with its own x axis (the coefficients differ by two orders of magnitude).
    return {
      $schema: VEGA_LITE_SCHEMA,
      title: input.title,
      config: { ...FIGURE_CONFIG, axisY: { grid: false, labels: false, ticks: false, title: null }, facet: { spacing: 4 }, header: { labelAngle: 0, labelAlign: 'left', labelFontSize: 12 } },
      data: { values },
      facet: { row: { field: 'parameter', type: 'nominal', sort: labels, title: null } },
      spec: {
        width: input.width ?? 420,
        height: { step: 7 },
        encoding: { y: { field: 'fit', type: 'nominal', sort: fits }, color: colour },
        layer: layers(true),
      },
      resolve: { scale: { x: 'independent' } },
    } as unknown as VegaLiteSpec;
  }
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: input.title,
    config: { ...FIGURE_CONFIG, axisY: { grid: false } },
    width: input.width ?? 520,
    height: bandHeight * labels.length,
    data: { values },
    encoding: {
      y: { field: 'parameter', type: 'nominal', sort: labels, title: null },
      yOffset: { field: 'fit', type: 'nominal', sort: fits },
      color: colour,
    },
    layer: layers(false),
  } as unknown as VegaLiteSpec;
}

/** One fit's intervals (the per-run figure). */
export function intervalsSvg(input: { rows: IntervalRow[]; title: string }): Promise<string> {
  return renderSvg(groupedIntervalsSpec({ title: input.title, series: [{ label: 'posterior', colour: '#c2187a', rows: input.rows }], xTitle: 'value' }));
}
