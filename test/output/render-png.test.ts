import { describe, expect, it } from 'vitest';
import { correlationHeatmapSvg } from '../../src/output/plots/heatmap.ts';
import { svgToPng } from '../../src/output/plots/render-png.ts';

/** PNG signature (ISO/IEC 15948 §5.2) and the IHDR chunk that must follow it (§11.2.2). */
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('svgToPng', () => {
  it('renders a PNG of the size the SVG declares', async () => {
    const svg = await correlationHeatmapSvg({ names: ['a', 'b', 'c'], matrix: [[1, 0.5, -0.2], [0.5, 1, 0], [-0.2, 0, 1]], title: 'png' });
    const width = Number(/<svg[^>]* width="(\d+)"/.exec(svg)![1]);
    const height = Number(/<svg[^>]* height="(\d+)"/.exec(svg)![1]);
    const png = svgToPng(svg);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBe(width);
    expect(png.readUInt32BE(20)).toBe(height);
  });
});
