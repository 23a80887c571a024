import { describe, expect, it } from 'vitest';
import { pearsonMatrix, posteriorCorrelation } from '../../src/output/correlation.ts';
import { correlatedPairs, storeFrom } from './fixtures.ts';

/** Stores n = nSteps·nWalkers points of a bivariate Gaussian with correlation rho, plus `burnRows` junk rows first. */
function gaussianStore(rho: number, seed: string, nSteps = 500, nWalkers = 40, burnRows = 0, offset = 0) {
  const { x, y } = correlatedPairs(nSteps * nWalkers, rho, seed);
  return storeFrom(burnRows + nSteps, nWalkers, 2, (t, w, d) => {
    // Burn-in junk: a perfectly anti-correlated line, which would drag ρ towards −1 if it were included.
    if (t < burnRows) return d === 0 ? 50 + w : -50 - w;
    const i = (t - burnRows) * nWalkers + w;
    return offset + (d === 0 ? x[i] : y[i]);
  });
}

describe('posteriorCorrelation', () => {
  it('recovers the correlation of bivariate Gaussians within 5 standard errors (5 seeds × 4 values of ρ)', () => {
    const n = 500 * 40;
    for (const rho of [-0.8, 0, 0.5, 0.95]) {
      for (const seed of ['1', '2', '3', '4', '5']) {
        const result = posteriorCorrelation(gaussianStore(rho, `${rho}-${seed}`), 0);
        // Large-sample standard error of Pearson's r is (1 − ρ²)/√n (Fisher 1915); pass rule: every one of the
        // 20 cases within 5 se (false-alarm chance per case 6e-7), with a floor of 1e-12 for |ρ| → 1.
        const se = (1 - rho * rho) / Math.sqrt(n);
        expect(Math.abs(result.matrix[0][1] - rho)).toBeLessThan(5 * se + 1e-12);
        expect(result.matrix[1][0]).toBe(result.matrix[0][1]);
        expect(result.matrix[0][0]).toBe(1);
        expect(result.samples).toBe(n);
      }
    }
  });

  it('is invariant under a shift of 1e8 (two-pass: no cancellation of Σxy − n x̄ ȳ)', () => {
    const plain = posteriorCorrelation(gaussianStore(0.6, 'shift'), 0).matrix[0][1];
    const shifted = posteriorCorrelation(gaussianStore(0.6, 'shift', 500, 40, 0, 1e8), 0).matrix[0][1];
    // Pearson's r is shift invariant; adding 1e8 to unit-variance data leaves ~8 of 16 digits of each value,
    // so agreement to 1e-6 is what float64 two-pass can give (one-pass loses everything here).
    expect(Math.abs(shifted - plain)).toBeLessThan(1e-6);
  });

  it('skips the discarded rows', () => {
    const store = gaussianStore(0.3, 'burn', 500, 40, 100);
    const result = posteriorCorrelation(store, 100);
    // Same sample as without burn-in rows: identical arithmetic, so equal to rounding (1e-12).
    const reference = posteriorCorrelation(gaussianStore(0.3, 'burn'), 0);
    expect(Math.abs(result.matrix[0][1] - reference.matrix[0][1])).toBeLessThan(1e-12);
    // Including the junk line drags ρ to about −1 (analytic: junk variance ≫ unit variance).
    expect(posteriorCorrelation(store, 0).matrix[0][1]).toBeLessThan(-0.9);
  });

  it('selects parameters in the requested order, names them, and gives NaN for a constant parameter', () => {
    const { x, y } = correlatedPairs(4000, -0.5, 'select');
    const store = storeFrom(100, 40, 3, (t, w, d) => (d === 0 ? x[t * 40 + w] : d === 1 ? 7 : y[t * 40 + w]));
    const result = posteriorCorrelation(store, 0, [2, 0, 1], ['a', 'b', 'c']);
    expect(result.names).toEqual(['c', 'a', 'b']);
    // se = (1 − 0.25)/√4000 ≈ 0.012; 5 se as above.
    expect(Math.abs(result.matrix[0][1] + 0.5)).toBeLessThan(5 * 0.75 / Math.sqrt(4000));
    expect(result.matrix[2][2]).toBeNaN();
    expect(result.matrix[0][2]).toBeNaN();
    expect(posteriorCorrelation(store, 0, [0]).names).toEqual(['theta[0]']);
    expect(() => posteriorCorrelation(store, 0, [3])).toThrow(/parameter index 3/);
  });

  it('sub-samples evenly when capped', () => {
    const store = gaussianStore(0.5, 'cap');
    const capped = posteriorCorrelation(store, 0, undefined, undefined, { maxPoints: 3000 });
    // 20000 points, stride ⌈20000/3000⌉ = 7 → ⌈20000/7⌉ = 2858 points.
    expect(capped.samples).toBe(2858);
    expect(Math.abs(capped.matrix[0][1] - 0.5)).toBeLessThan((5 * 0.75) / Math.sqrt(2858));
  });
});

describe('pearsonMatrix', () => {
  it('gives ±1 for exactly (anti)linear columns', () => {
    const data = Float64Array.from([1, 3, -2, 2, 5, -4, 3, 7, -6, 4, 9, -8]); // columns x, 2x+1, −2x
    const m = pearsonMatrix(data, 4, 3, [0, 1, 2]);
    // Analytic: ρ = ±1; rounding of the sums allows 1e-15.
    expect(m[0][1]).toBeCloseTo(1, 15);
    expect(m[0][2]).toBeCloseTo(-1, 15);
    expect(m[1][2]).toBeCloseTo(-1, 15);
  });
});
