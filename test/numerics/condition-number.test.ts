import { describe, expect, it } from 'vitest';
import { conditionNumber, singularValues } from '../../src/numerics/condition-number.ts';

/** Row-major product of small dense matrices. */
function multiply(a: number[][], b: number[][]): number[][] {
  return a.map((row) => b[0].map((_, j) => row.reduce((sum, v, k) => sum + v * b[k][j], 0)));
}

/** Givens rotation in the (i, j) plane of an n×n identity. */
function rotation(n: number, i: number, j: number, angle: number): number[][] {
  const r = Array.from({ length: n }, (_, a) => Array.from({ length: n }, (_, b): number => (a === b ? 1 : 0)));
  r[i][i] = Math.cos(angle); r[j][j] = Math.cos(angle);
  r[i][j] = -Math.sin(angle); r[j][i] = Math.sin(angle);
  return r;
}

describe('singularValues / conditionNumber', () => {
  it('recovers prescribed singular values of U·diag(σ)·Vᵀ (4×3, σ = 1e3, 1, 1e-2)', () => {
    const u = multiply(multiply(rotation(4, 0, 1, 0.3), rotation(4, 1, 3, -1.1)), rotation(4, 2, 3, 0.7));
    const v = multiply(rotation(3, 0, 2, 0.9), rotation(3, 1, 2, -0.4));
    const sigma = [[1e3, 0, 0], [0, 1, 0], [0, 0, 1e-2], [0, 0, 0]];
    const a = multiply(multiply(u, sigma), v.map((_, i) => v.map((row) => row[i])));
    const values = singularValues(Float64Array.from(a.flat()), 4, 3);
    // Analytic σ; tolerance 1e-12 relative to σ_max (one-sided Jacobi is accurate to ~eps·σ_max).
    [1e3, 1, 1e-2].forEach((s, k) => expect(Math.abs(values[k] - s)).toBeLessThan(1e-12 * 1e3));
    expect(Math.abs(conditionNumber(Float64Array.from(a.flat()), 4, 3) - 1e5) / 1e5).toBeLessThan(1e-9);
    // The transpose (3×4, wide) has the same singular values.
    const wide = Float64Array.from(a[0].map((_, j) => a.map((row) => row[j])).flat());
    expect(Math.abs(conditionNumber(wide, 3, 4) - 1e5) / 1e5).toBeLessThan(1e-9);
  });

  it('gives the golden ratio squared for [[1, 1], [0, 1]]', () => {
    // σ = (√5 ± 1)/2, so cond = ((√5 + 1)/2)² = (3 + √5)/2.
    expect(conditionNumber(Float64Array.from([1, 1, 0, 1]), 2, 2)).toBeCloseTo((3 + Math.sqrt(5)) / 2, 13);
  });

  it('is infinite for the zero matrix and huge for a rank-deficient one, NaN with NaN entries', () => {
    expect(conditionNumber(new Float64Array(6), 3, 2)).toBe(Infinity);
    expect(conditionNumber(Float64Array.from([1, 2, 2, 4, 3, 6]), 3, 2)).toBeGreaterThan(1e14);
    expect(Number.isNaN(conditionNumber(Float64Array.from([1, NaN, 0, 1]), 2, 2))).toBe(true);
  });

  it('is invariant to the overall scale (1e-150 and 1e150)', () => {
    for (const scale of [1e-150, 1e150]) {
      expect(conditionNumber(Float64Array.from([1, 1, 0, 1].map((x) => x * scale)), 2, 2)).toBeCloseTo((3 + Math.sqrt(5)) / 2, 12);
    }
  });
});

describe('singularValues of tall matrices (Householder QR first)', () => {
  it('U Σ Vᵀ with orthonormal U (400 × 4), σ = 1e3, 10, 1, 1e-3: σ to 1e-9 relative, either orientation', () => {
    const m = 400;
    const n = 4;
    const sigma = [1e3, 10, 1, 1e-3];
    // U: column j is 1/√100 on rows 100j … 100j + 99 (orthonormal, disjoint supports), then rotated by Givens
    // rotations in row space so that no row is sparse; V a product of Givens rotations.
    let u: number[][] = Array.from({ length: m }, (_, i) => Array.from({ length: n }, (_, j) => (Math.floor(i / 100) === j ? 0.1 : 0)));
    for (let i = 0; i + 1 < m; i += 2) {
      const c = Math.cos(0.3 + i);
      const s = Math.sin(0.3 + i);
      u = u.map((row, r) => (r === i ? row.map((x, j) => c * x - s * u[i + 1][j]) : r === i + 1 ? row.map((x, j) => s * u[i][j] + c * x) : row));
    }
    const v = multiply(multiply(rotation(n, 0, 1, 0.7), rotation(n, 1, 3, -1.1)), rotation(n, 2, 3, 0.4));
    const a = u.map((row) => v[0].map((_, j) => row.reduce((sum, x, k) => sum + x * sigma[k] * v[j][k], 0)));
    const tall = singularValues(Float64Array.from(a.flat()), m, n);
    const wide = singularValues(Float64Array.from(a[0].map((_, j) => a.map((row) => row[j])).flat()), n, m);
    // Backward-stable QR + Jacobi: relative error of σ_k ≲ ε·σ_max/σ_k = 2e-16·1e6 = 2e-10; 1e-9 stated.
    for (let k = 0; k < n; k++) {
      expect(Math.abs(tall[k] / sigma[k] - 1)).toBeLessThan(1e-9);
      expect(Math.abs(wide[k] / sigma[k] - 1)).toBeLessThan(1e-9);
    }
  });
});
