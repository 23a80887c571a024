import { describe, expect, it } from 'vitest';
import { argsort } from '../../src/numerics/argsort.ts';
import { averageRanks } from '../../src/numerics/ranks.ts';
import { median, quantile } from '../../src/numerics/quantile.ts';
import { sortedFloat64 } from '../../src/numerics/sort-float64.ts';
import { seededNormal } from '../diagnostics/test-inputs.ts';

describe('averageRanks (R rank, ties.method = "average")', () => {
  it('ranks the digits of pi with ties averaged (hand-computed)', () => {
    // 3 1 4 1 5 9 2 6 5: ones share ranks 1,2 → 1.5; fives share 6,7 → 6.5.
    expect(Array.from(averageRanks([3, 1, 4, 1, 5, 9, 2, 6, 5]))).toEqual([4, 1.5, 5, 1.5, 6.5, 9, 3, 8, 6.5]);
  });

  it('orders negatives, zeros of both signs, subnormals and huge values correctly', () => {
    expect(Array.from(averageRanks([0, -0, -1e300, 5e-324, -5e-324, 1e300, -2]))).toEqual([4.5, 4.5, 1, 6, 3, 7, 2]);
  });
});

describe('argsort (radix)', () => {
  it('sorts like a comparison sort and is stable', () => {
    const normal = seededNormal('argsort');
    // Many ties; `+ 0` turns −0 into +0 (the radix order puts −0 first, a comparison sort calls them equal).
    const values = Float64Array.from({ length: 5000 }, () => Math.round(normal() * 100) / 10 + 0);
    const order = argsort(values);
    const reference = Array.from(values.keys()).sort((a, b) => values[a] - values[b] || a - b);
    expect(Array.from(order)).toEqual(reference);
  });
});

describe('sortedFloat64 (radix)', () => {
  it('sorts like the built-in Float64Array sort: ties, negatives, infinities, subnormals', () => {
    const normal = seededNormal('sortedFloat64');
    // `+ 0` turns −0 into +0: the radix order puts −0 first, the built-in sort calls them equal.
    const values = Float64Array.from({ length: 5000 }, () => Math.round(normal() * 100) / 10 + 0);
    values.set([Infinity, -Infinity, 5e-324, -5e-324, 1e300, -1e300], 10);
    expect(Array.from(sortedFloat64(values))).toEqual(Array.from(values.slice().sort()));
  });

  it('falls back to the built-in order (NaN last) when a NaN is present', () => {
    const values = Float64Array.from({ length: 1000 }, (_, i) => (i % 7) - 3);
    values[500] = NaN;
    const sorted = sortedFloat64(values);
    expect(Number.isNaN(sorted[999])).toBe(true);
    expect(Array.from(sorted.subarray(0, 999))).toEqual(Array.from(values.slice().sort().subarray(0, 999)));
  });
});

describe('quantile (type 7) and median', () => {
  it('matches R/numpy type 7 on 1..10 (hand-computed: 1 + 9p)', () => {
    const x = [10, 2, 3, 4, 5, 6, 7, 8, 9, 1];
    expect(quantile(x, 0)).toBe(1);
    expect(quantile(x, 1)).toBe(10);
    expect(quantile(x, 0.05)).toBeCloseTo(1.45, 14);
    expect(quantile(x, 0.5)).toBe(5.5);
    expect(quantile(x, 0.95)).toBeCloseTo(9.55, 14);
  });

  it('returns the tied value without interpolating, and median of even/odd counts', () => {
    expect(quantile([1, 2, 2, 2, 3], 0.4)).toBe(2);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('rejects probabilities outside [0, 1]', () => {
    expect(() => quantile([1, 2], -0.1)).toThrow(/not in \[0, 1\]/);
  });
});
