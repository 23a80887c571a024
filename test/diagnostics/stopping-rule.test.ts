import { describe, expect, it } from 'vitest';
import { integratedTime } from '../../src/diagnostics/autocorrelation.ts';
import { AutoStopRule, tauRelativeVariance } from '../../src/diagnostics/stopping-rule.ts';
import { RandomStream } from '../../src/sampler/random.ts';

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

describe("AutoStopRule with τ's sampling error (Sokal's var(τ̂)/τ² ≈ 2(2cτ + 1)/(N·walkers), c = 5)", () => {
  // Without `sampling` the rule is emcee's (the cases above, unchanged). With it, parameter d may drift by
  // tolerance + z·√(v(N_prev) − v(N)), z = Φ⁻¹(1 − 0.05/(2·ndim)).
  it('the allowance by hand: τ = 100, 64 walkers, checks at 95 000 and 100 000 steps, one parameter', () => {
    // v(95 000) − v(100 000) = 2·1001/64 · (1/95 000 − 1/100 000) = 1.6462e-5, √ = 4.0574e-3; z = 1.95996;
    // allowance = 0.01 + 0.0079523 = 0.0179523.
    expect(tauRelativeVariance(100, 95000, 64) - tauRelativeVariance(100, 100000, 64)).toBeCloseTo(1.6462e-5, 8);
    const sampling = { previousSteps: 95000, walkers: 64 };
    const passes = new AutoStopRule();
    passes.check(95000, tau(100));
    expect(passes.check(100000, tau(101.7), sampling).converged).toBe(true); // drift 0.01672 < 0.01795
    const fails = new AutoStopRule();
    fails.check(95000, tau(100));
    expect(fails.check(100000, tau(101.85), sampling).converged).toBe(false); // drift 0.01816 > 0.01795
    const plain = new AutoStopRule();
    plain.check(95000, tau(100));
    expect(plain.check(100000, tau(101.7)).converged).toBe(false); // emcee's 1 % rule refuses the same drift
  });

  it('more parameters widen z (Bonferroni): 100 parameters, z = Φ⁻¹(1 − 0.00025) = 3.4808', () => {
    // allowance = 0.01 + 3.4808·4.0574e-3 = 0.024123: a 2.2 % drift on one of 100 parameters passes.
    const rule = new AutoStopRule();
    const previous = new Float64Array(100).fill(100);
    rule.check(95000, previous);
    const now = new Float64Array(100).fill(100);
    now[37] = 102.25; // drift 2.25/102.25 = 0.0220
    expect(rule.check(100000, now, { previousSteps: 95000, walkers: 64 }).converged).toBe(true);
    const drifting = new AutoStopRule();
    drifting.check(95000, previous);
    now[37] = 102.6; // drift 0.0253 > 0.0241
    expect(drifting.check(100000, now, { previousSteps: 95000, walkers: 64 }).converged).toBe(false);
  });

  it('stationary AR(1) chains, 20 parameters × 16 walkers, N = 2000 ≈ 100 τ: passes in ≥ 8 of 10 seeds, emcee’s 1 % rule in ≤ 2', () => {
    // ρ = 0.9 gives τ = (1 + ρ)/(1 − ρ) = 19. The allowance is built for 95 % family-wise, so ≥ 8/10 is the
    // pass rule (P(≤ 7 of 10 | p = 0.95) ≈ 0.01); the plain rule needs all 20 drifts < 1 % while each is
    // ≈ 7 % noise, so it should essentially never pass (≤ 2 of 10 leaves room for luck).
    const D = 20;
    const W = 16;
    const N = 2000;
    const previousN = 1600;
    const rho = 0.9;
    let passNew = 0;
    let passPlain = 0;
    for (let seed = 0; seed < 10; seed++) {
      const r = RandomStream.fromSeed(`ar1:${seed}`);
      const data = new Float64Array(N * W * D);
      const x = Float64Array.from({ length: W * D }, () => r.normal());
      const s = Math.sqrt(1 - rho * rho);
      for (let t = 0; t < N; t++) {
        for (let k = 0; k < W * D; k++) {
          x[k] = rho * x[k] + s * r.normal();
          data[t * W * D + k] = x[k];
        }
      }
      const tauPrevious = integratedTime(data.subarray(0, previousN * W * D), previousN, W, D, { c: 5, tol: 0 }).tau;
      const tauNow = integratedTime(data, N, W, D, { c: 5, tol: 0 }).tau;
      const withError = new AutoStopRule();
      withError.check(previousN, Float64Array.from(tauPrevious));
      if (withError.check(N, Float64Array.from(tauNow), { previousSteps: previousN, walkers: W }).converged) passNew++;
      const plain = new AutoStopRule();
      plain.check(previousN, Float64Array.from(tauPrevious));
      if (plain.check(N, Float64Array.from(tauNow)).converged) passPlain++;
    }
    expect(passNew).toBeGreaterThanOrEqual(8);
    expect(passPlain).toBeLessThanOrEqual(2);
  });
});
