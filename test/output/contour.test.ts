import { describe, expect, it } from 'vitest';
import { credibleRegionSpec, credibleRegionSvg } from '../../src/output/plots/contour.ts';
import { credibleLevels, densityAt, gaussianSmooth, smoothedHistogram2d, type DensityGrid } from '../../src/output/plots/density-grid.ts';
import { correlatedPairs } from './fixtures.ts';
import { parseXmlStructure } from './xml-structure.ts';

const LEVELS = [0.6827, 0.9545];
/** HPD radius of a standard 2-D Gaussian: P(r ≤ R) = 1 − exp(−R²/2) → R = √(−2 ln(1 − p)). */
const hpdRadius = (p: number) => Math.sqrt(-2 * Math.log(1 - p));

function fractionAbove(grid: DensityGrid, x: Float64Array, y: Float64Array, level: number): number {
  let inside = 0;
  for (let i = 0; i < x.length; i++) if (densityAt(grid, x[i], y[i]) >= level) inside++;
  return inside / x.length;
}

describe('credible levels of the smoothed 2-D histogram on a standard 2-D Gaussian (3 seeds, every seed must pass)', () => {
  const n = 100_000;
  for (const seed of ['c1', 'c2', 'c3']) {
    it(`seed ${seed}: the regions hold 68.27 % / 95.45 % of an independent sample; the HPD radius where the level is crossed`, () => {
      const fit = correlatedPairs(n, 0, `${seed}-fit`);
      const fresh = correlatedPairs(n, 0, `${seed}-fresh`);
      const grid = smoothedHistogram2d(fit.x, fit.y);
      const levels = credibleLevels(grid, fit.x, fit.y, LEVELS);
      LEVELS.forEach((p, k) => {
        // Built from the fit sample, the region holds at least p of it and at most p + 1e-4 (ties only).
        const own = fractionAbove(grid, fit.x, fit.y, levels[k]);
        expect(own).toBeGreaterThanOrEqual(p);
        expect(own).toBeLessThan(p + 1e-4);
        // Out of sample: binomial se √(p(1−p)/n) is 0.0015 (68 %) and 0.0007 (95 %) for the fresh sample and
        // about as much again for the level's own sampling error, plus a small in-sample bias of the level;
        // tolerances 0.01 and 0.005 are ≈ 4 combined se + bias.
        const tolerance = k === 0 ? 0.01 : 0.005;
        expect(Math.abs(fractionAbove(grid, fresh.x, fresh.y, levels[k]) - p)).toBeLessThan(tolerance);
        // Along the x axis the density crosses the level at the analytic HPD radius, within one bin (0.2).
        let crossing = NaN;
        for (let r = 0; r < 4; r += 0.005) if (densityAt(grid, r, 0) < levels[k]) { crossing = r; break; }
        expect(Math.abs(crossing - hpdRadius(p))).toBeLessThan(0.2);
      });
    });
  }
});

describe('credibleRegionSpec (Vega isocontour)', () => {
  it('contours each sample at its 68.27 % and 95.45 % density levels and draws one path per level', async () => {
    const fit = correlatedPairs(20_000, 0.5, 'spec');
    const input = { title: 'two WCs', xTitle: 'x', yTitle: 'y', regions: [{ label: 'fit', colour: '#c2187a', x: fit.x, y: fit.y }], xDomain: [-5, 5] as [number, number], yDomain: [-5, 5] as [number, number], bins: 50 };
    const spec = credibleRegionSpec(input) as unknown as { data: { name: string; transform?: { type: string; thresholds: number[] }[] }[] };
    const grid = smoothedHistogram2d(fit.x, fit.y, { bins: 50, smoothingBins: 1.5, xRange: [-5, 5], yRange: [-5, 5] });
    const [one, two] = credibleLevels(grid, fit.x, fit.y, LEVELS);
    const transform = spec.data.find((d) => d.name === 'region0')!.transform![0];
    expect(transform.type).toBe('isocontour');
    expect(transform.thresholds).toEqual([two, one]);
    const svg = await credibleRegionSvg({ ...input, reference: { x: 0, y: 0, label: 'SM' } });
    const paths = parseXmlStructure(svg).filter((e) => e.name === 'path' && e.ancestorClasses.some((c) => c.includes('mark-path')));
    expect(paths).toHaveLength(2);
    expect(svg).toContain('>SM<');
  });
});

describe('gaussianSmooth', () => {
  it('conserves the mass of an interior spike and spreads it with the kernel width', () => {
    const n = 21;
    const spike = new Float64Array(n * n);
    spike[10 * n + 10] = 1;
    const smooth = gaussianSmooth(spike, n, n, 1.5);
    const total = smooth.reduce((s, v) => s + v, 0);
    // Unnormalised kernel: total = (Σ_k exp(−k²/2σ²))², |k| ≤ 5; for σ = 1.5 that is (σ√(2π))² up to 1e-3.
    expect(total / (1.5 * Math.sqrt(2 * Math.PI)) ** 2).toBeCloseTo(1, 3);
    // Ratio of neighbours one bin apart along an axis: exp(−1/(2σ²)) analytically.
    expect(smooth[10 * n + 11] / smooth[10 * n + 10]).toBeCloseTo(Math.exp(-1 / 4.5), 12);
  });
});
