import { describe, expect, it } from 'vitest';
import { findStuckWalkers } from '../../src/diagnostics/stuck-walkers.ts';

describe('findStuckWalkers: acceptance below median/5', () => {
  it('flags exactly the walkers under the threshold (hand-computed)', () => {
    // sorted: 0.04 0.05 0.25 0.28 0.30 0.30 → median (0.25 + 0.28)/2 = 0.265, threshold 0.053.
    expect(findStuckWalkers(Float64Array.from([0.3, 0.25, 0.05, 0.28, 0.04, 0.3]))).toEqual([2, 4]);
  });

  it('uses a strict inequality at the threshold (odd count: sorted 0.0499 0.05 0.25 0.26 0.3, median 0.25 → threshold 0.05)', () => {
    expect(findStuckWalkers(Float64Array.from([0.25, 0.05, 0.3, 0.0499, 0.26]))).toEqual([3]);
  });

  it('flags nobody when every walker accepts equally, or when the median is 0', () => {
    expect(findStuckWalkers(new Float64Array(8).fill(0.3))).toEqual([]);
    expect(findStuckWalkers(Float64Array.from([0, 0, 0, 0.5]))).toEqual([]);
  });

  it('rejects acceptance fractions outside [0, 1]', () => {
    expect(() => findStuckWalkers(Float64Array.from([0.2, 1.5]))).toThrow(/acceptanceFraction\[1\]/);
    expect(() => findStuckWalkers(Float64Array.from([NaN]))).toThrow(/acceptanceFraction\[0\]/);
  });
});
