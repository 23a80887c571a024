/**
 * quantilesOfUnsorted must give exactly quantileOfSorted(sortedCopy(values), p), the R type-7 quantile
 * that ranks-and-quantiles.test.ts checks against R: the reference here is that sorting path, compared
 * with toBe (the same order statistics, the same interpolation), on inputs that exercise the bracket
 * (large, continuous), its misses (heavy ties, sorted input, ±∞) and the NaN fallback.
 */
import { describe, expect, it } from 'vitest';
import { quantileOfSorted, sortedCopy } from '../../src/numerics/quantile.ts';
import { quantilesOfUnsorted } from '../../src/numerics/select-quantiles.ts';
import { RandomStream } from '../../src/sampler/random.ts';

const PS = [0.025, 0.16, 0.5, 0.84, 0.975, 0.05, 0.95, 0, 1];

function expectSameAsSorting(values: Float64Array): void {
  const sorted = sortedCopy(values);
  expect(quantilesOfUnsorted(values, PS)).toEqual(PS.map((p) => quantileOfSorted(sorted, p)));
}

describe('quantiles by selection', () => {
  const sizes = [1, 2, 1000, 40_000, 123_457];
  it('equal the sorted quantiles for normal, tied, sorted and infinite values (3 seeds)', () => {
    for (const seed of [1, 2, 3]) {
      const random = RandomStream.fromSeed(`select-quantiles:${seed}`);
      for (const n of sizes) {
        expectSameAsSorting(Float64Array.from({ length: n }, () => random.normal()));
        expectSameAsSorting(Float64Array.from({ length: n }, () => random.integer(5)));
        expectSameAsSorting(Float64Array.from({ length: n }, (_, i) => i));
        expectSameAsSorting(Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? random.uniform() : -Infinity)));
      }
    }
  });

  it('take the sorting path for values holding a NaN, and refuse a probability outside [0, 1]', () => {
    const random = RandomStream.fromSeed('select-quantiles:nan');
    const values = Float64Array.from({ length: 50_000 }, () => random.normal());
    values[31_000] = NaN;
    expectSameAsSorting(values);
    expect(() => quantilesOfUnsorted(values, [1.5])).toThrow(/not in \[0, 1\]/);
  });
});
