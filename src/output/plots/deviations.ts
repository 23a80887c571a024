/**
 * Paper fig. 3: the shifts of the Z-lepton couplings δg_Z^{ℓℓ} and of the LFU ratios δR_K(*) predicted by
 * each fit (1σ thick, 2σ thin bars: mean ± sd, ± 2 sd of the derived quantity), with the experimental
 * ranges as shaded boxes (1σ) behind them; one panel for δg_Z, one for δR_K(*).
 */
import { physicsLabel } from './physics-labels.ts';
import { FIGURE_CONFIG, VEGA_LITE_SCHEMA, type VegaLiteSpec } from './vega-render.ts';

export interface DeviationSeries {
  label: string;
  colour: string;
  values: { name: string; mean: number; sd: number }[];
}

export interface ExperimentalBox {
  name: string;
  low: number;
  high: number;
  label: string;
}

function panel(title: string, names: string[], series: DeviationSeries[], boxes: ExperimentalBox[]) {
  const labels = names.map(physicsLabel);
  const fits = series.map((s) => s.label);
  const rows = series.flatMap((s) =>
    s.values.filter((v) => names.includes(v.name) && Number.isFinite(v.mean)).map((v) => ({
      quantity: physicsLabel(v.name), fit: s.label, mean: v.mean, lo1: v.mean - v.sd, hi1: v.mean + v.sd, lo2: v.mean - 2 * v.sd, hi2: v.mean + 2 * v.sd,
    })),
  );
  const boxRows = boxes.filter((b) => names.includes(b.name)).map((b) => ({ quantity: physicsLabel(b.name), low: b.low, high: b.high, source: b.label }));
  const y = { field: 'quantity', type: 'nominal', sort: labels, title: null };
  return {
    title,
    width: 300,
    height: Math.max(16, 7 * fits.length + 8) * names.length,
    layer: [
      { data: { values: boxRows }, mark: { type: 'bar', color: '#9ecae1', opacity: 0.6 }, encoding: { y, x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' }, tooltip: [{ field: 'source', title: 'measurement' }, { field: 'low', format: '.4g' }, { field: 'high', format: '.4g' }] } },
      {
        data: { values: rows },
        layer: [
          { mark: { type: 'rule', strokeWidth: 1.2 }, encoding: { x: { field: 'lo2', type: 'quantitative', title: 'shift' }, x2: { field: 'hi2' } } },
          { mark: { type: 'rule', strokeWidth: 4.5 }, encoding: { x: { field: 'lo1', type: 'quantitative' }, x2: { field: 'hi1' }, tooltip: [{ field: 'quantity' }, { field: 'fit' }, { field: 'mean', format: '.4g' }, { field: 'lo1', format: '.4g', title: 'mean − sd' }, { field: 'hi1', format: '.4g', title: 'mean + sd' }] } },
          { mark: { type: 'tick', thickness: 1.5, size: 7 }, encoding: { x: { field: 'mean', type: 'quantitative' }, color: { value: 'black' } } },
        ],
        encoding: { y, yOffset: { field: 'fit', type: 'nominal', sort: fits }, color: { field: 'fit', type: 'nominal', title: 'fit', sort: fits, scale: { domain: fits, range: series.map((s) => s.colour) } } },
      },
    ],
  };
}

export function deviationsSpec(input: { title: string; series: DeviationSeries[]; boxes: ExperimentalBox[] }): VegaLiteSpec {
  const couplings = ['delta_gZ_ee_L', 'delta_gZ_ee_R', 'delta_gZ_mumu_L', 'delta_gZ_mumu_R'];
  const ratios = ['dRK[1.0,6.0]', 'dRKstar[1.0,6.0]'];
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: input.title,
    config: { ...FIGURE_CONFIG, axisY: { grid: false } },
    hconcat: [panel('Z-lepton couplings δg_Z^ℓℓ', couplings, input.series, input.boxes), panel('LFU ratios δR_K(*) (q² ∈ [1, 6] GeV²)', ratios, input.series, input.boxes)],
    resolve: { scale: { color: 'shared' } },
  } as unknown as VegaLiteSpec;
}
