/**
 * Pulls per measurement of one fit (smelli's and HEPfit's pull tables drawn): for every measured
 * observable two horizontal bars, the pull of the SM prediction and that of the posterior predictive,
 * (measured − predicted)/σ, with guides at ±1σ and ±2σ. Measurements keep the likelihood's order.
 */
import { FIGURE_CONFIG, renderSvg, VEGA_LITE_SCHEMA, type VegaLiteSpec } from './vega-render.ts';

export interface PullBar {
  measurement: string;
  source?: string;
  pull_sm: number;
  pull_posterior: number;
}

/** The SM in grey (paper EW colour), the posterior predictive in the combined fits' magenta. */
export const PULL_COLOURS = { sm: '#7f7f7f', posterior: '#c2187a' } as const;
const SM = 'SM';
const POSTERIOR = 'posterior predictive';

/**
 * Row labels: the observable, and where several measurements share it (LHCb, CMS and ATLAS in one q² bin)
 * the measurement it comes from; a label that still repeats gets its position.
 */
export function pullLabels(rows: { measurement: string; source?: string }[]): string[] {
  const count = (labels: string[]) => labels.reduce((m, l) => m.set(l, (m.get(l) ?? 0) + 1), new Map<string, number>());
  const byName = count(rows.map((r) => r.measurement));
  const labels = rows.map((r) => (byName.get(r.measurement)! > 1 && r.source ? `${r.measurement} · ${r.source}` : r.measurement));
  const byLabel = count(labels);
  return labels.map((l, i) => (byLabel.get(l)! > 1 ? `${l} #${i + 1}` : l));
}

/** Vega-Lite spec of the pull bars; `title` names the fit. */
export function pullsSpec(input: { title: string; rows: PullBar[]; width?: number }): VegaLiteSpec {
  // Two bars per measurement, one row per label (labels are unique: pullLabels).
  const order = pullLabels(input.rows);
  const values = input.rows.flatMap((r, i) => [
    { measurement: order[i], prediction: SM, pull: Number.isFinite(r.pull_sm) ? r.pull_sm : null },
    { measurement: order[i], prediction: POSTERIOR, pull: Number.isFinite(r.pull_posterior) ? r.pull_posterior : null },
  ]);
  const largest = Math.max(3, ...values.map((v) => Math.abs(v.pull ?? 0)));
  const domain = [-Math.ceil(largest), Math.ceil(largest)];
  const guides = [-2, -1, 0, 1, 2].map((x) => ({ x }));
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: input.title,
    config: { ...FIGURE_CONFIG, axisY: { grid: false, labelLimit: 520 } },
    width: input.width ?? 420,
    height: { step: 16 },
    layer: [
      {
        data: { values: guides },
        mark: { type: 'rule', strokeDash: [3, 3], color: '#bbbbbb' },
        encoding: { x: { field: 'x', type: 'quantitative', scale: { domain } } },
      },
      {
        data: { values },
        mark: { type: 'bar', height: 6 },
        encoding: {
          y: { field: 'measurement', type: 'nominal', sort: order, title: null },
          yOffset: { field: 'prediction', type: 'nominal', sort: [SM, POSTERIOR] },
          x: { field: 'pull', type: 'quantitative', title: 'pull (measured − predicted)/σ', scale: { domain } },
          color: { field: 'prediction', type: 'nominal', title: null, sort: [SM, POSTERIOR], scale: { domain: [SM, POSTERIOR], range: [PULL_COLOURS.sm, PULL_COLOURS.posterior] } },
          tooltip: [{ field: 'measurement' }, { field: 'prediction' }, { field: 'pull', format: '.2f' }],
        },
      },
    ],
  } as unknown as VegaLiteSpec;
}

export function pullsSvg(input: { title: string; rows: PullBar[] }): Promise<string> {
  return renderSvg(pullsSpec(input));
}
