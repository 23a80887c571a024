import { describe, expect, it } from 'vitest';
import { summariseSamples } from '../../src/diagnostics/summary-statistics.ts';

describe('summariseSamples', () => {
  it('matches the closed forms for the integers 1..101 (and their negatives) in shuffled order', () => {
    const n = 101;
    const samples = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      const v = ((i * 37) % n) + 1; // a permutation of 1..101 (37 is coprime with 101)
      samples[i * 2] = v;
      samples[i * 2 + 1] = -v;
    }
    const [pos, neg] = summariseSamples(samples, n, 2);
    // Analytic: mean 51; var(ddof 1) of 1..n = n(n+1)/12 = 858.5; type-7 quantiles 1 + 100p: 6, 51, 96.
    expect(pos.mean).toBe(51);
    expect(pos.sd).toBeCloseTo(Math.sqrt(858.5), 12);
    expect([pos.q05, pos.q50, pos.q95]).toEqual([6, 51, 96]);
    expect([neg.mean, neg.q05, neg.q50, neg.q95]).toEqual([-51, -96, -51, -6]);
  });

  it('interpolates between order statistics (numpy linear: [1, 2, 3, 4] → q05 = 1.15, q95 = 3.85)', () => {
    const [s] = summariseSamples(Float64Array.from([4, 1, 3, 2]), 4, 1);
    // h = 3p: 0.15 and 2.85 → 1 + 0.15 and 3 + 0.85 (hand-computed); tolerance: two roundings.
    expect(s.q05).toBeCloseTo(1.15, 14);
    expect(s.q50).toBe(2.5);
    expect(s.q95).toBeCloseTo(3.85, 14);
  });

  it('rejects a sample whose size does not match its shape', () => {
    expect(() => summariseSamples(new Float64Array(5), 2, 2)).toThrow(/samples has 5 values/);
  });
});
