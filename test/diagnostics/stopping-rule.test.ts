import { describe, expect, it } from 'vitest';
import { AutoStopRule } from '../../src/diagnostics/stopping-rule.ts';

const tau = (...values: number[]): Float64Array => Float64Array.from(values);

describe('AutoStopRule (emcee monitor rule: N > factor·max τ and |Δτ|/τ < tolerance)', () => {
  it('never converges on the first check, converges once τ is stable and short enough', () => {
    const rule = new AutoStopRule({ tauFactor: 50, tauDriftTolerance: 0.01 });
    const first = rule.check(1000, tau(10, 12));
    expect(first).toMatchObject({ converged: false, stop: false });
    // 2000 > 50·12.05 = 602.5; drifts 0.05/10.05 ≈ 0.0050 and 0.05/12.05 ≈ 0.0041 < 0.01.
    const second = rule.check(2000, tau(10.05, 12.05));
    expect(second).toMatchObject({ converged: true, stop: true });
    expect(second.reason).toMatch(/^converged/);
  });

  it('does not converge while τ drifts by 1 % or more', () => {
    const rule = new AutoStopRule();
    rule.check(1000, tau(10));
    // |10.1 − 10|/10.1 = 0.0099 < 0.01 would pass; |10.2 − 10.1|/10.2 = 0.0098 passes too; 10 → 10.102 fails:
    expect(rule.check(2000, tau(10.102)).converged).toBe(false); // 0.102/10.102 = 0.01010
    expect(rule.check(3000, tau(10.2)).converged).toBe(true); // 0.098/10.2 = 0.00961
  });

  it('does not converge while N ≤ tauFactor·max τ', () => {
    const rule = new AutoStopRule({ tauFactor: 50 });
    rule.check(400, tau(10, 8));
    const decision = rule.check(500, tau(10, 8)); // 500 = 50·10, not strictly greater
    expect(decision).toMatchObject({ converged: false, stop: false });
    expect(rule.check(501, tau(10, 8)).converged).toBe(true);
  });

  it('stops unconverged at maxSteps and says so', () => {
    const rule = new AutoStopRule({ maxSteps: 1000 });
    rule.check(500, tau(30));
    const decision = rule.check(1000, tau(40));
    expect(decision).toMatchObject({ converged: false, stop: true });
    expect(decision.reason).toMatch(/maxSteps = 1000/);
  });

  it('treats non-finite τ as not converged and reset() forgets the previous τ', () => {
    const rule = new AutoStopRule();
    rule.check(1000, tau(5));
    expect(rule.check(2000, tau(NaN)).converged).toBe(false);
    rule.check(3000, tau(5));
    rule.reset();
    expect(rule.check(4000, tau(5)).converged).toBe(false);
    expect(rule.check(5000, tau(5)).converged).toBe(true);
  });

  it('rejects invalid options', () => {
    expect(() => new AutoStopRule({ tauFactor: 0 })).toThrow(/tauFactor/);
    expect(() => new AutoStopRule({ tauDriftTolerance: -1 })).toThrow(/tauDriftTolerance/);
  });
});
