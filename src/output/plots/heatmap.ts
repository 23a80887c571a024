/**
 * Posterior correlation matrix as a heatmap (paper figs. 2 and 8): one cell per pair of coefficients,
 * coloured on a diverging blue–white–red scheme over [−1, 1], the value printed in each cell (up to
 * MAX_PRINTED_SIDE parameters; past that the cells are colour only, and correlation.json has the values).
 */
import { InputError } from '../../errors.ts';
import { physicsLabel } from './physics-labels.ts';
import { FIGURE_CONFIG, renderSvg, VEGA_LITE_SCHEMA, type VegaLiteSpec } from './vega-render.ts';

export interface HeatmapInput {
  names: string[];
  matrix: number[][];
  title: string;
}

/** Two decimals, '−' as the minus sign, blank for NaN (a parameter without spread). */
export function formatCoefficient(value: number): string {
  if (!Number.isFinite(value)) return '';
  // |ρ| < 0.005 prints as 0.00 without a sign.
  const rounded = Math.round(value * 100) / 100 || 0;
  return rounded.toFixed(2).replace('-', '−');
}

/**
 * Most parameters whose cells carry printed values and tooltips. A 100-parameter target gave 10⁴ text
 * marks: a 4.5 MB SVG that took resvg 10–20 s to rasterise, for numbers too small to read at 22 px a cell.
 */
export const MAX_PRINTED_SIDE = 40;

export function correlationHeatmapSpec(input: HeatmapInput): VegaLiteSpec {
  const n = input.names.length;
  if (input.matrix.length !== n || input.matrix.some((row) => row.length !== n)) {
    throw new InputError(`correlation matrix: expected ${n} × ${n} for ${n} names`);
  }
  const labels = input.names.map(physicsLabel);
  const printed = n <= MAX_PRINTED_SIDE;
  const cells = input.matrix.flatMap((row, i) =>
    row.map((rho, j) => ({ row: labels[i], column: labels[j], rho: Number.isFinite(rho) ? rho : null, ...(printed ? { text: formatCoefficient(rho) } : {}) })),
  );
  const cell = Math.max(22, Math.min(40, Math.floor(560 / Math.max(1, n))));
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: input.title,
    width: cell * n,
    height: cell * n,
    config: FIGURE_CONFIG,
    data: { values: cells },
    encoding: {
      x: { field: 'column', type: 'nominal', sort: labels, title: null, axis: { labelAngle: -50, orient: 'top' } },
      y: { field: 'row', type: 'nominal', sort: labels, title: null },
    },
    layer: [
      {
        mark: { type: 'rect' },
        encoding: {
          color: { field: 'rho', type: 'quantitative', title: 'ρ', scale: { domain: [-1, 1], scheme: 'redblue', reverse: true }, legend: { gradientLength: Math.max(120, cell * n - 20) } },
          ...(printed ? { tooltip: [{ field: 'row' }, { field: 'column' }, { field: 'rho', format: '.3f' }] } : {}),
        },
      },
      ...(printed
        ? [
            {
              mark: { type: 'text', fontSize: Math.max(7, Math.min(11, cell / 3.4)) },
              encoding: {
                text: { field: 'text' },
                color: { condition: { test: 'abs(datum.rho) > 0.6', value: 'white' }, value: 'black' },
              },
            },
          ]
        : []),
    ],
  } as VegaLiteSpec;
}

export function correlationHeatmapSvg(input: HeatmapInput): Promise<string> {
  return renderSvg(correlationHeatmapSpec(input));
}
