/**
 * Derived quantities over the posterior draws. A quantity declared affine in some parameters L
 * (`DerivedQuantity.linearIn`, e.g. δg_Z in the Wilson coefficients) is tabulated once about the posterior
 * mean m instead of being evaluated draw by draw (a δg_Z evaluation walks the whole coupling-shift code,
 * tens of µs; the table costs ~|L|·|R| multiply-adds a draw):
 *
 *   q(θ) ≈ q(m) + Σ_{i∈L} s_i Δ_i + Σ_{j∈R} g_j Δ_j + Σ_{i∈L, j∈R} h_ij Δ_i Δ_j,   Δ = θ − m,
 *
 * with R the other parameters (SM-input nuisances). This is exact in L (the quantity is affine there, so
 * there are no L–L terms) and first order in R around m, where the nuisances sit within a few per mille; the
 * neglected O(Δ_R²) terms are checked against the exact evaluation at PROBE_DRAWS draws spread over the
 * chain, and a quantity whose table misses by more than TABLE_TOLERANCE of its posterior sd is evaluated
 * draw by draw instead. Quantities without `linearIn` are always evaluated draw by draw.
 */
import type { DerivedQuantity } from '../scenarios/scenario.ts';

/** Draws at which a table is checked against the exact evaluation. */
const PROBE_DRAWS = 64;
/** Largest table error accepted, as a fraction of the quantity's posterior sd (far below its MC error). */
export const TABLE_TOLERANCE = 1e-3;

export interface DerivedValues {
  name: string;
  values: Float64Array;
  /** 'table' when tabulated (and checked), 'per-draw' when evaluated at every draw. */
  method: 'table' | 'per-draw';
}

/** Mean and sd of each column of `count` points (row-major, nDim wide, every `stride`-th of `data`). */
function columnMoments(data: Float64Array, nDim: number, count: number, stride: number): { mean: Float64Array; sd: Float64Array } {
  const mean = new Float64Array(nDim);
  const sumSq = new Float64Array(nDim);
  for (let p = 0; p < count; p++) {
    const row = p * stride * nDim;
    for (let d = 0; d < nDim; d++) mean[d] += data[row + d];
  }
  for (let d = 0; d < nDim; d++) mean[d] /= count;
  for (let p = 0; p < count; p++) {
    const row = p * stride * nDim;
    for (let d = 0; d < nDim; d++) sumSq[d] += (data[row + d] - mean[d]) ** 2;
  }
  return { mean, sd: sumSq.map((s) => Math.sqrt(s / Math.max(1, count - 1))) };
}

interface DerivedTable {
  centre: number;
  linear: Int32Array;
  other: Int32Array;
  /** s_i for i in `linear`. */
  slope: Float64Array;
  /** g_j for j in `other`. */
  gradient: Float64Array;
  /** h_ij, row i of `linear`, column j of `other`. */
  cross: Float64Array;
}

/**
 * The table of `quantity` about `mean`: finite differences with steps of one posterior sd (exact in the
 * affine directions whatever the step; central and of error O(sd²·q''') in the others).
 */
function tabulate(quantity: DerivedQuantity, linearIn: readonly number[], mean: Float64Array, sd: Float64Array): DerivedTable {
  const nDim = mean.length;
  const linear = Int32Array.from(linearIn);
  const isLinear = new Uint8Array(nDim);
  for (const i of linear) isLinear[i] = 1;
  const other = Int32Array.from({ length: nDim }, (_, d) => d).filter((d) => !isLinear[d]);
  const step = (d: number) => (sd[d] > 0 ? sd[d] : 1e-6 * Math.max(1, Math.abs(mean[d])));
  const point = Float64Array.from(mean);
  const at = (shifts: ReadonlyArray<readonly [number, number]>): number => {
    point.set(mean);
    for (const [d, by] of shifts) point[d] += by;
    return quantity.evaluate(point);
  };
  const centre = at([]);
  const gradientAt = (base: ReadonlyArray<readonly [number, number]>): Float64Array =>
    Float64Array.from(other, (j) => (at([...base, [j, step(j)]]) - at([...base, [j, -step(j)]])) / (2 * step(j)));
  const gradient = gradientAt([]);
  const slope = new Float64Array(linear.length);
  const cross = new Float64Array(linear.length * other.length);
  linear.forEach((i, a) => {
    const h = step(i);
    slope[a] = (at([[i, h]]) - centre) / h;
    const shifted = gradientAt([[i, h]]);
    for (let b = 0; b < other.length; b++) cross[a * other.length + b] = (shifted[b] - gradient[b]) / h;
  });
  return { centre, linear, other, slope, gradient, cross };
}

function evaluateTable(table: DerivedTable, mean: Float64Array, point: Float64Array, offset: number, deltaOther: Float64Array): number {
  const { linear, other, slope, gradient, cross } = table;
  const nOther = other.length;
  let value = table.centre;
  for (let b = 0; b < nOther; b++) {
    const j = other[b];
    deltaOther[b] = point[offset + j] - mean[j];
    value += gradient[b] * deltaOther[b];
  }
  for (let a = 0; a < linear.length; a++) {
    const i = linear[a];
    let coefficient = slope[a];
    const row = a * nOther;
    for (let b = 0; b < nOther; b++) coefficient += cross[row + b] * deltaOther[b];
    value += coefficient * (point[offset + i] - mean[i]);
  }
  return value;
}

function sdOf(values: Float64Array): number {
  let mean = 0;
  for (const v of values) mean += v / values.length;
  let sumSq = 0;
  for (const v of values) sumSq += (v - mean) ** 2;
  return Math.sqrt(sumSq / Math.max(1, values.length - 1));
}

/**
 * Every quantity at `count` points of `data` (row-major, nDim wide), taking every `stride`-th point.
 * Tables are checked at up to PROBE_DRAWS of those points; see the module comment.
 */
export function derivedValues(quantities: readonly DerivedQuantity[], data: Float64Array, nDim: number, count: number, stride = 1): DerivedValues[] {
  if (quantities.length === 0 || count === 0) return quantities.map((q) => ({ name: q.name, values: new Float64Array(count), method: 'per-draw' }));
  const moments = quantities.some((q) => q.linearIn !== undefined) ? columnMoments(data, nDim, count, stride) : undefined;
  const point = new Float64Array(nDim);
  const exactAt = (quantity: DerivedQuantity, p: number): number => {
    point.set(data.subarray(p * stride * nDim, (p * stride + 1) * nDim));
    return quantity.evaluate(point);
  };
  return quantities.map((quantity): DerivedValues => {
    const values = new Float64Array(count);
    if (quantity.linearIn !== undefined && moments !== undefined) {
      const table = tabulate(quantity, quantity.linearIn, moments.mean, moments.sd);
      const deltaOther = new Float64Array(table.other.length);
      for (let p = 0; p < count; p++) values[p] = evaluateTable(table, moments.mean, data, p * stride * nDim, deltaOther);
      const tolerance = TABLE_TOLERANCE * sdOf(values) + 1e-12 * Math.max(1, Math.abs(table.centre));
      const probeStride = Math.max(1, Math.floor(count / PROBE_DRAWS));
      let worst = 0;
      for (let p = 0; p < count; p += probeStride) worst = Math.max(worst, Math.abs(exactAt(quantity, p) - values[p]));
      if (worst <= tolerance) return { name: quantity.name, values, method: 'table' };
    }
    for (let p = 0; p < count; p++) values[p] = exactAt(quantity, p);
    return { name: quantity.name, values, method: 'per-draw' };
  });
}
