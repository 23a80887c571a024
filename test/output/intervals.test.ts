import { describe, expect, it } from 'vitest';
import { groupedIntervalsSpec, intervalsSvg } from '../../src/output/plots/intervals.ts';
import { toVega } from '../../src/output/plots/vega-render.ts';
import { parseXmlStructure } from './xml-structure.ts';

const rows = [
  { name: 'phil1_22', q025: -0.02, q16: -0.01, q50: 0, q84: 0.01, q975: 0.02 },
  { name: 'lu_2233', q025: -3.1, q16: -2.2, q50: -1.5, q84: -0.8, q975: 0.1 },
  { name: 'eu_2233', q025: 0.5, q16: 1.0, q50: 1.4, q84: 1.9, q975: 2.6 },
];

describe('groupedIntervalsSpec (figs. 1, 3, 9)', () => {
  it('draws per fit and parameter a thin 2σ rule, a thick 1σ rule and the median', () => {
    const spec = groupedIntervalsSpec({ title: 't', series: [{ label: 'EW', colour: '#6e6e6e', rows }, { label: 'Flavour', colour: '#f28e1c', rows: rows.slice(1) }] }) as unknown as {
      data: { values: { fit: string; parameter: string }[] };
      layer: { mark: { type: string; strokeWidth?: number }; encoding: { x: { field: string }; x2?: { field: string } } }[];
    };
    expect(spec.data.values).toHaveLength(5);
    expect(spec.data.values.map((v) => v.parameter)).toEqual(['C_Hl⁽¹⁾₂₂', 'C_lu₂₂₃₃', 'C_eu₂₂₃₃', 'C_lu₂₂₃₃', 'C_eu₂₂₃₃']);
    const [two, one, median] = spec.layer;
    expect([two.encoding.x.field, two.encoding.x2!.field]).toEqual(['q025', 'q975']);
    expect([one.encoding.x.field, one.encoding.x2!.field]).toEqual(['q16', 'q84']);
    expect(one.mark.strokeWidth!).toBeGreaterThan(two.mark.strokeWidth!);
    expect(median.encoding.x.field).toBe('q50');
  });

  it('one panel per operator with its own x scale when asked (fig. 1)', () => {
    const vega = toVega(groupedIntervalsSpec({ title: 't', series: [{ label: 'EW', colour: '#000', rows }], xScale: 'independent' })) as unknown as { marks: { type: string; from?: { facet?: unknown } }[] };
    expect(vega.marks.some((m) => m.from?.facet !== undefined)).toBe(true);
  });

  it('renders one fit to SVG with the labels', async () => {
    const texts = parseXmlStructure(await intervalsSvg({ rows, title: 'fig. 3 style' })).filter((e) => e.name === 'text').map((e) => e.text);
    expect(texts).toEqual(expect.arrayContaining(['C_Hl⁽¹⁾₂₂', 'C_lu₂₂₃₃', 'C_eu₂₂₃₃', 'fig. 3 style']));
  });
});
