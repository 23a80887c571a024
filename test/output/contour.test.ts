import { describe, expect, it } from 'vitest';
import { posteriorContours, posteriorContourSvg } from '../../src/output/plots/contour.ts';
import { densityAt, gaussianSmooth } from '../../src/output/plots/density-grid.ts';
import { levelLines } from '../../src/output/plots/marching-squares.ts';
import { correlatedPairs } from './fixtures.ts';
import { parseXmlStructure } from './xml-structure.ts';

const LEVELS = [0.6827, 0.9545];
/** HPD radius of a standard 2-D Gaussian: P(r ≤ R) = 1 − exp(−R²/2) → R = √(−2 ln(1 − p)). */
const hpdRadius = (p: number) => Math.sqrt(-2 * Math.log(1 - p));

function fractionAbove(contours: ReturnType<typeof posteriorContours>, x: Float64Array, y: Float64Array, level: number): number {
  let inside = 0;
  for (let i = 0; i < x.length; i++) if (densityAt(contours.grid, x[i], y[i]) >= level) inside++;
  return inside / x.length;
}

describe('posteriorContours on a standard 2-D Gaussian (3 seeds, every seed must pass)', () => {
  const n = 100_000;
  for (const seed of ['c1', 'c2', 'c3']) {
    it(`seed ${seed}: the regions hold 68.27 % / 95.45 % of an independent sample and are circles of the HPD radius`, () => {
      const fit = correlatedPairs(n, 0, `${seed}-fit`);
      const fresh = correlatedPairs(n, 0, `${seed}-fresh`);
      const contours = posteriorContours({ x: fit.x, y: fit.y, xName: 'x', yName: 'y', title: '', levels: LEVELS });
      LEVELS.forEach((p, k) => {
        // Built from the fit sample, the region holds at least p of it and at most p + 1e-4 (ties only).
        const own = fractionAbove(contours, fit.x, fit.y, contours.densityLevels[k]);
        expect(own).toBeGreaterThanOrEqual(p);
        expect(own).toBeLessThan(p + 1e-4);
        // Out of sample: binomial se √(p(1−p)/n) is 0.0015 (68 %) and 0.0007 (95 %) for the fresh sample and
        // about as much again for the level's own sampling error, plus a small in-sample bias of the level
        // (densities at the fit points are biased up); tolerances 0.01 and 0.005 are ≈ 4 combined se + bias.
        const tolerance = k === 0 ? 0.01 : 0.005;
        expect(Math.abs(fractionAbove(contours, fresh.x, fresh.y, contours.densityLevels[k]) - p)).toBeLessThan(tolerance);
        // One closed line per level, every point at the analytic HPD radius: Scott's rule gives 38 bins over
        // ≈ ±3.7, i.e. bins of 0.2; linear interpolation and sampling noise keep points within an eighth of
        // a bin (0.025) on average and within one bin (0.2) individually.
        expect(contours.grid.nx).toBe(38); // round(7.42 / (3.5 · 100000^(−1/4))) = round(37.7), span ±1.1 Φ⁻¹(0.999)
        const lines = contours.lines[k];
        expect(lines).toHaveLength(1);
        expect(lines[0].closed).toBe(true);
        const radii = lines[0].points.map(([x, y]) => Math.hypot(x, y));
        const meanRadius = radii.reduce((s, r) => s + r, 0) / radii.length;
        expect(Math.abs(meanRadius - hpdRadius(p))).toBeLessThan(0.025);
        for (const r of radii) expect(Math.abs(r - hpdRadius(p))).toBeLessThan(0.2);
      });
    });
  }
});

describe('levelLines (marching squares)', () => {
  it('traces a closed circle of a cone function at the requested radius', () => {
    const size = 41;
    const values = new Float64Array(size * size);
    for (let j = 0; j < size; j++) for (let i = 0; i < size; i++) values[j * size + i] = -Math.hypot(i - 20, j - 20);
    const lines = levelLines(values, size, size, -12.3);
    expect(lines).toHaveLength(1);
    expect(lines[0].closed).toBe(true);
    // A cone is linear along rays, and along grid edges its chord error at radius R with unit spacing is at
    // most 1/(8R) ≈ 0.01; allow 0.02.
    for (const [x, y] of lines[0].points) expect(Math.abs(Math.hypot(x - 20, y - 20) - 12.3)).toBeLessThan(0.02);
  });

  it('returns open lines where the level set leaves the grid and separate lines for separate peaks', () => {
    const nx = 30;
    const ny = 10;
    const values = new Float64Array(nx * ny);
    // Two peaks, both far enough apart that the 0.5 level separates them; a ramp that leaves through the edges.
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) values[j * nx + i] = Math.exp(-((i - 7) ** 2 + (j - 5) ** 2) / 4) + Math.exp(-((i - 22) ** 2 + (j - 5) ** 2) / 4);
    const peaks = levelLines(values, nx, ny, 0.5);
    expect(peaks).toHaveLength(2);
    expect(peaks.every((l) => l.closed)).toBe(true);
    const ramp = new Float64Array(nx * ny);
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) ramp[j * nx + i] = i;
    const cut = levelLines(ramp, nx, ny, 10.5);
    expect(cut).toHaveLength(1);
    expect(cut[0].closed).toBe(false);
    // The line x = 10.5 from the bottom row to the top row (exact: the ramp is linear).
    expect(cut[0].points).toHaveLength(ny);
    for (const [x] of cut[0].points) expect(x).toBeCloseTo(10.5, 12);
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

describe('posteriorContourSvg', () => {
  it('is well-formed with one path per level, axis titles and the legend', () => {
    const { x, y } = correlatedPairs(20_000, 0.7, 'svg');
    const svg = posteriorContourSvg({ x, y, xName: 'lu_2233', yName: 'eu_2233', title: 'two WCs', levels: LEVELS, reference: { x: 0, y: 0, label: 'SM' } });
    const elements = parseXmlStructure(svg);
    const paths = elements.filter((e) => e.ancestorClasses.includes('contours') && e.name === 'path');
    expect(paths).toHaveLength(2);
    expect(paths[0].attributes['stroke-dasharray']).toBeUndefined();
    expect(paths[1].attributes['stroke-dasharray']).toBeDefined();
    const texts = elements.filter((e) => e.name === 'text').map((e) => e.text);
    expect(texts).toEqual(expect.arrayContaining(['lu_2233', 'eu_2233', 'SM', '68.27 %', '95.45 %', 'two WCs']));
  });
});
