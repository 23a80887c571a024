/**
 * keptDrawsVerdict: the run's criterion on the kept draws, shared by the stopping rule and the summary.
 * Each case sits on one side of one threshold, so that a criterion dropped or inverted fails.
 */
import { describe, expect, it } from 'vitest';
import { keptDrawsVerdict } from '../../src/diagnostics/kept-draws-verdict.ts';

const good = { rhat: 1.004, essBulk: 1500, tauSteps: 100 };
const rule = { rhatBelow: 1.01, tauFactor: 10, essBulkAbove: 1000 };

describe('keptDrawsVerdict', () => {
  it('converges only when R̂, bulk-ESS and the length all pass', () => {
    expect(keptDrawsVerdict([good, good], 1001, rule)).toEqual({ converged: true, rhatMax: 1.004, essBulkMin: 1500, tauMax: 100, longEnough: true });
    expect(keptDrawsVerdict([good], 1000, rule)).toMatchObject({ converged: false, longEnough: false });
    expect(keptDrawsVerdict([good, { ...good, rhat: 1.01 }], 5000, rule).converged).toBe(false);
    expect(keptDrawsVerdict([good, { ...good, essBulk: 999 }], 5000, rule)).toMatchObject({ converged: false, essBulkMin: 999 });
    // Without the ESS rule a small ESS does not hold the run (emcee's τ rule).
    expect(keptDrawsVerdict([{ ...good, essBulk: 10 }], 5000, { rhatBelow: 1.01, tauFactor: 10 }).converged).toBe(true);
  });

  it('a NaN R̂ or τ fails, a NaN ESS counts as none', () => {
    expect(keptDrawsVerdict([good, { ...good, rhat: NaN }], 5000, rule)).toMatchObject({ converged: false, rhatMax: Infinity });
    expect(keptDrawsVerdict([good, { ...good, tauSteps: NaN }], 5000, rule)).toMatchObject({ converged: false, tauMax: Infinity, longEnough: false });
    expect(keptDrawsVerdict([good, { ...good, essBulk: NaN }], 5000, rule)).toMatchObject({ converged: false, essBulkMin: 0 });
  });
});
