import { describe, expect, it } from 'vitest';
import { divergingColour, PALETTE_STOPS, UNDEFINED_COLOUR } from '../../src/output/plots/diverging-palette.ts';
import { correlationHeatmapSvg, formatCoefficient } from '../../src/output/plots/heatmap.ts';
import { parseXmlStructure } from './xml-structure.ts';

const names = ['phil3_22', 'phie_22', 'lu_2233', 'eu_2233'];
const matrix = [
  [1, -0.4213, 0.07, -1],
  [-0.4213, 1, 0.5551, 0],
  [0.07, 0.5551, 1, -0.004],
  [-1, 0, -0.004, 1],
];

describe('correlationHeatmapSvg', () => {
  const svg = correlationHeatmapSvg({ names, matrix, title: 'EW fit <WCs> & more' });
  const elements = parseXmlStructure(svg);

  it('is well-formed with n² cells, n² printed values and n labels on each axis', () => {
    const inCells = elements.filter((e) => e.ancestorClasses.includes('cells'));
    expect(inCells.filter((e) => e.name === 'rect')).toHaveLength(16);
    expect(inCells.filter((e) => e.name === 'text')).toHaveLength(16);
    const labels = elements.filter((e) => e.ancestorClasses.includes('labels') && e.name === 'text');
    expect(labels.map((e) => e.text)).toEqual(names.flatMap((n) => [n, n]));
    // Labels of the x axis are rotated so long names do not overlap.
    expect(labels.filter((e) => /rotate\(-45\)/.test(e.attributes.transform ?? ''))).toHaveLength(4);
    expect(svg).toContain('EW fit &lt;WCs&gt; &amp; more');
  });

  it('prints each coefficient with two decimals in row-major order', () => {
    const values = elements.filter((e) => e.ancestorClasses.includes('cells') && e.name === 'text').map((e) => e.text);
    // toFixed(2) of the inputs; −0.004 rounds to 0.00 and is printed without a sign.
    expect(values).toEqual(['1.00', '-0.42', '0.07', '-1.00', '-0.42', '1.00', '0.56', '0.00', '0.07', '0.56', '1.00', '0.00', '-1.00', '0.00', '0.00', '1.00']);
  });

  it('colours the cells with the palette: −1, 0 and 1 are the blue end, white and the red end', () => {
    const fills = elements.filter((e) => e.ancestorClasses.includes('cells') && e.name === 'rect').map((e) => e.attributes.fill);
    expect(fills[3]).toBe(PALETTE_STOPS[0]); // ρ = −1
    expect(fills[7]).toBe('#ffffff'); // ρ = 0
    expect(fills[0]).toBe(PALETTE_STOPS[PALETTE_STOPS.length - 1]); // ρ = 1
    const gradientStops = elements.filter((e) => e.name === 'stop');
    expect(gradientStops).toHaveLength(PALETTE_STOPS.length);
    expect(gradientStops[0].attributes['stop-color']).toBe(PALETTE_STOPS[PALETTE_STOPS.length - 1]); // +1 on top
  });

  it('rejects a matrix that is not n × n', () => {
    expect(() => correlationHeatmapSvg({ names: ['a', 'b'], matrix: [[1, 0]], title: '' })).toThrow(/2 × 2/);
  });
});

describe('divergingColour', () => {
  it('maps the ends and the centre to the palette ends and white, clamps, and greys out NaN', () => {
    expect(divergingColour(-1)).toBe('#2166ac'); // ColorBrewer RdBu dark blue
    expect(divergingColour(0)).toBe('#ffffff');
    expect(divergingColour(1)).toBe('#b2182b'); // ColorBrewer RdBu dark red
    expect(divergingColour(-3)).toBe('#2166ac');
    expect(divergingColour(NaN)).toBe(UNDEFINED_COLOUR);
  });

  it('interpolates linearly between stops (midpoint of the last two stops at ρ = 0.875)', () => {
    // 9 stops every 0.25: 0.75 → #d6604d, 1 → #b2182b; halfway per channel: (214+178)/2 = 196, (96+24)/2 = 60, (77+43)/2 = 60.
    expect(divergingColour(0.875)).toBe('#c43c3c');
  });

  it('formats coefficients without a negative zero', () => {
    expect([formatCoefficient(-0.004), formatCoefficient(0.125), formatCoefficient(-0.999)]).toEqual(['0.00', '0.13', '-1.00']);
  });
});
