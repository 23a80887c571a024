import { describe, expect, it } from 'vitest';
import { intervalsSvg } from '../../src/output/plots/intervals.ts';
import { parseXmlStructure } from './xml-structure.ts';

const rows = [
  { name: 'phil1_22', q025: -0.02, q16: -0.01, q50: 0, q84: 0.01, q975: 0.02 },
  { name: 'lu_2233', q025: -3.1, q16: -2.2, q50: -1.5, q84: -0.8, q975: 0.1 },
  { name: 'eu_2233', q025: 0.5, q16: 1.0, q50: 1.4, q84: 1.9, q975: 2.6 },
];

describe('intervalsSvg', () => {
  const svg = intervalsSvg({ rows, title: 'fig. 3 style' });
  const elements = parseXmlStructure(svg);
  const oneSigma = elements.filter((e) => e.attributes.class === 'one-sigma');
  const twoSigma = elements.filter((e) => e.attributes.class === 'two-sigma');

  it('draws one thick 1σ bar, one thin 2σ bar and one label per parameter', () => {
    expect(oneSigma).toHaveLength(3);
    expect(twoSigma).toHaveLength(3);
    expect(Number(oneSigma[0].attributes['stroke-width'])).toBeGreaterThan(Number(twoSigma[0].attributes['stroke-width']));
    const texts = elements.filter((e) => e.name === 'text').map((e) => e.text);
    expect(texts).toEqual(expect.arrayContaining(['phil1_22', 'lu_2233', 'eu_2233']));
  });

  it('places the bars on one linear axis (pixel lengths proportional to the interval widths)', () => {
    const px = (e: (typeof oneSigma)[0], which: 'x1' | 'x2') => Number(e.attributes[which]);
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k];
      const ratio = (px(oneSigma[k], 'x2') - px(oneSigma[k], 'x1')) / (px(twoSigma[k], 'x2') - px(twoSigma[k], 'x1'));
      // Linear scale: ratio of pixel lengths = ratio of data widths; coordinates are rounded to 0.01 px.
      expect(ratio).toBeCloseTo((r.q84 - r.q16) / (r.q975 - r.q025), 2);
    }
    // The zero line sits where q50 = 0 of the first row is drawn (same scale).
    const zero = elements.find((e) => e.name === 'line' && e.attributes['stroke-dasharray'] === '4 3');
    const median0 = elements.filter((e) => e.attributes.class === 'median')[0];
    expect(Number(zero!.attributes.x1)).toBeCloseTo(Number(median0.attributes.cx), 1);
  });
});
