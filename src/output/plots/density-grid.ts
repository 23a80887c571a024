/**
 * Smoothed 2-D histogram of a posterior sample and the density levels of its credible regions.
 *
 * The histogram spans the central 99.8 % of each coordinate, widened by 10 %. Its bin width follows Scott's
 * rule for d = 2, h = 3.5 σ n^(−1/4) (D. W. Scott, Multivariate Density Estimation, 1992, §3.4), clamped
 * to 20…60 bins per axis, so small samples do not give ragged contours and large ones still resolve the
 * shape. It is then smoothed with a separable Gaussian kernel of `smoothingBins` bins, as corner.py's
 * `hist2d(smooth=…)`.
 * The level of the p credible region is then chosen from the sample itself: the smoothed density is
 * evaluated (bilinearly, the same interpolation the contour lines use) at every sample point, and the
 * level is the (1 − p) quantile of those values, so the region {density ≥ level} holds the fraction p of
 * the samples. Taking the level from the binned mass instead (corner.py) lets the smoothing widen the
 * regions: for a unit Gaussian smoothed by h the 68 % region grows to hold ≈ 68 % of N(0, 1 + h²).
 */
import { quantileOfSorted, sortedCopy } from '../../numerics/quantile.ts';

export interface DensityGrid {
  /** Bin-centre coordinates; values are on the centres. */
  xCentres: Float64Array;
  yCentres: Float64Array;
  nx: number;
  ny: number;
  /** ny × nx row-major (values[iy * nx + ix]), normalised to a maximum of 1. */
  values: Float64Array;
}

export interface DensityGridOptions {
  bins?: number;
  smoothingBins?: number;
  xRange?: readonly [number, number];
  yRange?: readonly [number, number];
}

export function smoothedHistogram2d(x: Float64Array, y: Float64Array, options: DensityGridOptions = {}): DensityGrid {
  if (x.length !== y.length) throw new Error(`smoothedHistogram2d: x has ${x.length} values, y has ${y.length}`);
  const [x0, x1] = options.xRange ?? plotRange(x);
  const [y0, y1] = options.yRange ?? plotRange(y);
  const bins = options.bins ?? Math.max(scottBins(x, x1 - x0), scottBins(y, y1 - y0));
  const dx = (x1 - x0) / bins;
  const dy = (y1 - y0) / bins;
  const counts = new Float64Array(bins * bins);
  for (let i = 0; i < x.length; i++) {
    const ix = Math.floor((x[i] - x0) / dx);
    const iy = Math.floor((y[i] - y0) / dy);
    if (ix >= 0 && ix < bins && iy >= 0 && iy < bins) counts[iy * bins + ix] += 1;
  }
  const values = gaussianSmooth(counts, bins, bins, options.smoothingBins ?? 1);
  let max = 0;
  for (const v of values) max = Math.max(max, v);
  if (max > 0) for (let k = 0; k < values.length; k++) values[k] /= max;
  const centres = (start: number, step: number) => Float64Array.from({ length: bins }, (_, k) => start + (k + 0.5) * step);
  return { xCentres: centres(x0, dx), yCentres: centres(y0, dy), nx: bins, ny: bins, values };
}

/** Bins across `span` at Scott's 2-D width 3.5 σ n^(−1/4), clamped to [20, 60]. */
export function scottBins(values: Float64Array, span: number): number {
  let mean = 0;
  for (const v of values) mean += v / values.length;
  let variance = 0;
  for (const v of values) variance += (v - mean) ** 2 / Math.max(1, values.length - 1);
  const width = 3.5 * Math.sqrt(variance) * Math.pow(Math.max(1, values.length), -0.25);
  const bins = width > 0 ? Math.round(span / width) : 60;
  return Math.min(60, Math.max(20, Number.isFinite(bins) ? bins : 60));
}

/** Central 99.8 % of the values widened by 10 % of its span on each side; a point mass gets ±0.5. */
export function plotRange(values: Float64Array): [number, number] {
  const sorted = sortedCopy(values);
  let lo = quantileOfSorted(sorted, 0.001);
  let hi = quantileOfSorted(sorted, 0.999);
  if (!(hi > lo)) {
    const half = Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 0.5;
    return [lo - half, hi + half];
  }
  const pad = 0.1 * (hi - lo);
  lo -= pad;
  hi += pad;
  return [lo, hi];
}

/** Separable Gaussian convolution with zero padding, kernel truncated at 3σ; σ = 0 returns a copy. */
export function gaussianSmooth(values: Float64Array, nx: number, ny: number, sigmaBins: number): Float64Array {
  if (!(sigmaBins > 0)) return Float64Array.from(values);
  const radius = Math.ceil(3 * sigmaBins);
  const kernel = Float64Array.from({ length: 2 * radius + 1 }, (_, k) => Math.exp(-0.5 * ((k - radius) / sigmaBins) ** 2));
  const along = new Float64Array(values.length);
  for (let iy = 0; iy < ny; iy++) {
    for (let ix = 0; ix < nx; ix++) {
      let sum = 0;
      for (let k = -radius; k <= radius; k++) {
        const j = ix + k;
        if (j >= 0 && j < nx) sum += kernel[k + radius] * values[iy * nx + j];
      }
      along[iy * nx + ix] = sum;
    }
  }
  const out = new Float64Array(values.length);
  for (let iy = 0; iy < ny; iy++) {
    for (let ix = 0; ix < nx; ix++) {
      let sum = 0;
      for (let k = -radius; k <= radius; k++) {
        const j = iy + k;
        if (j >= 0 && j < ny) sum += kernel[k + radius] * along[j * nx + ix];
      }
      out[iy * nx + ix] = sum;
    }
  }
  return out;
}

/** Grid density at a point: bilinear between bin centres, clamped in the outer half-bins, 0 outside the range. */
export function densityAt(grid: DensityGrid, x: number, y: number): number {
  const dx = grid.xCentres[1] - grid.xCentres[0];
  const dy = grid.yCentres[1] - grid.yCentres[0];
  const fx = (x - grid.xCentres[0]) / dx;
  const fy = (y - grid.yCentres[0]) / dy;
  if (!(fx >= -0.5 && fx <= grid.nx - 0.5 && fy >= -0.5 && fy <= grid.ny - 0.5)) return 0;
  const cx = Math.min(grid.nx - 1, Math.max(0, fx));
  const cy = Math.min(grid.ny - 1, Math.max(0, fy));
  const ix = Math.min(grid.nx - 2, Math.floor(cx));
  const iy = Math.min(grid.ny - 2, Math.floor(cy));
  const tx = cx - ix;
  const ty = cy - iy;
  const v = grid.values;
  const n = grid.nx;
  return (
    (1 - tx) * (1 - ty) * v[iy * n + ix] + tx * (1 - ty) * v[iy * n + ix + 1] + (1 - tx) * ty * v[(iy + 1) * n + ix] + tx * ty * v[(iy + 1) * n + ix + 1]
  );
}

/** Density levels whose superlevel sets hold the fractions `levels` of the samples (see the file comment). */
export function credibleLevels(grid: DensityGrid, x: Float64Array, y: Float64Array, levels: readonly number[]): number[] {
  const density = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) density[i] = densityAt(grid, x[i], y[i]);
  const sorted = sortedCopy(density);
  return levels.map((p) => {
    if (!(p > 0 && p < 1)) throw new Error(`credibleLevels: level ${p} is not in (0, 1)`);
    // The smallest density among the ⌈p·n⌉ highest: {density ≥ level} holds at least p·n points.
    const index = Math.max(0, sorted.length - Math.ceil(p * sorted.length));
    return sorted[index];
  });
}
