import { describe, expect, it } from 'vitest';
import { correlationHeatmapSpec, correlationHeatmapSvg, formatCoefficient } from '../../src/output/plots/heatmap.ts';
import { parseXmlStructure } from './xml-structure.ts';

const names = ['phil3_22', 'phie_22', 'lu_2233', 'eu_2233'];
const matrix = [
  [1, -0.4213, 0.07, -1],
  [-0.4213, 1, 0.5551, 0],
  [0.07, 0.5551, 1, -0.004],
  [-1, 0, -0.004, 1],
];

describe('correlationHeatmapSpec / Svg (Vega-Lite, rendered headless by Vega)', () => {
  const spec = correlationHeatmapSpec({ names, matrix, title: 'EW fit <WCs> & more' }) as unknown as {
    data: { values: { row: string; column: string; rho: number; text: string }[] };
    layer: { encoding: { color?: { scale?: { domain: number[]; scheme: string } } } }[];
  };

  it('has one cell per matrix entry, row-major, labelled in physics notation, printed with two decimals', () => {
    expect(spec.data.values).toHaveLength(16);
    expect(spec.data.values.map((v) => v.text)).toEqual(['1.00', '−0.42', '0.07', '−1.00', '−0.42', '1.00', '0.56', '0.00', '0.07', '0.56', '1.00', '0.00', '−1.00', '0.00', '0.00', '1.00']);
    expect(spec.data.values[1]).toMatchObject({ row: 'C_Hl⁽³⁾₂₂', column: 'C_He₂₂' });
  });

  it('colours ρ on a diverging scheme fixed to [−1, 1] (so 0 is white whatever the data)', () => {
    expect(spec.layer[0].encoding.color!.scale).toMatchObject({ domain: [-1, 1], scheme: 'redblue' });
  });

  it('renders to well-formed SVG with every label and value and the escaped title', async () => {
    const svg = await correlationHeatmapSvg({ names, matrix, title: 'EW fit <WCs> & more' });
    const texts = parseXmlStructure(svg).filter((e) => e.name === 'text').map((e) => e.text);
    for (const label of ['C_Hl⁽³⁾₂₂', 'C_He₂₂', 'C_lu₂₂₃₃', 'C_eu₂₂₃₃']) expect(texts.filter((t) => t === label)).toHaveLength(2);
    expect(texts.filter((t) => t === '0.56')).toHaveLength(2);
    expect(svg).toContain('EW fit &lt;WCs&gt; &amp; more');
  });

  it('rejects a matrix that is not n × n', () => {
    expect(() => correlationHeatmapSpec({ names: ['a', 'b'], matrix: [[1, 0]], title: '' })).toThrow(/2 × 2/);
  });

  it('formats NaN as blank and uses the minus sign', () => {
    expect(formatCoefficient(NaN)).toBe('');
    expect(formatCoefficient(-0.126)).toBe('−0.13');
  });
});
