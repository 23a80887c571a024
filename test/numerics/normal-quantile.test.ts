import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../../src/numerics/normal-quantile.ts';

describe('normalQuantile (AS 241 PPND16)', () => {
  it('reproduces the test values published with AS 241 (Wichura 1988) to 1e-15 relative', () => {
    // Wichura (1988), Appl. Statist. 37, 477: PPND16(0.25), PPND16(0.001), PPND16(1e-20).
    // Tolerance 1e-15 relative: the algorithm's stated accuracy is about 1e-16.
    const published: Array<[number, number]> = [
      [0.25, -0.6744897501960817],
      [0.001, -3.090232306167814],
      [1e-20, -9.262340089798408],
    ];
    for (const [p, z] of published) expect(Math.abs(normalQuantile(p) - z) / Math.abs(z)).toBeLessThan(1e-15);
  });

  it('gives the standard two-sided critical values and symmetry', () => {
    // z_{0.975} = 1.959963984540054 and z_{0.95} = 1.6448536269514722 (standard tables, 16 digits).
    expect(Math.abs(normalQuantile(0.975) - 1.959963984540054) / 1.96).toBeLessThan(1e-15);
    expect(Math.abs(normalQuantile(0.95) - 1.6448536269514722) / 1.64).toBeLessThan(1e-15);
    expect(normalQuantile(0.5)).toBe(0);
    // 1 − p is rounded for small p, so symmetry holds to ~eps/p/φ(z) only: 7 decimals for p ≥ 1e-6.
    for (const p of [1e-6, 0.01, 0.3, 0.45]) expect(normalQuantile(1 - p)).toBeCloseTo(-normalQuantile(p), 7);
  });

  it('handles the end points and rejects probabilities outside [0, 1]', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(Number.isNaN(normalQuantile(NaN))).toBe(true);
    expect(() => normalQuantile(1.5)).toThrow(/not in \[0, 1\]/);
  });
});
