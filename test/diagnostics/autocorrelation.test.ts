import { describe, expect, it } from 'vitest';
import { autocorrelationFunction1d, integratedTime } from '../../src/diagnostics/autocorrelation.ts';
import { lcgUniform, readSharedJson, seededNormal, seededUniform } from './test-inputs.ts';

interface Ar1Fixture {
  N: number; W: number; D: number; lcg_seed: number; a: number;
  tau_full: number[]; tau_first100_quiet: number[]; tau_first100_too_short: boolean;
  tau_walker0_has_walkers_false: number[]; acf_walker0_param0_lags0_15: number[];
}
const fixture = readSharedJson<{ ar1: Ar1Fixture }>('sampler', 'peer-fixtures.json').ar1;

/** The fixture's AR(1): x[0] = 0; x[t][w][d] = a·x[t−1][w][d] + u, loops t, w, d (fixture doc). */
function fixtureChain(): Float64Array {
  const { N, W, D, a, lcg_seed } = fixture;
  const next = lcgUniform(lcg_seed);
  const x = new Float64Array(N * W * D);
  for (let t = 1; t < N; t++) {
    for (let w = 0; w < W; w++) {
      for (let d = 0; d < D; d++) {
        const i = (t * W + w) * D + d;
        x[i] = a * x[i - W * D] + next();
      }
    }
  }
  return x;
}

function expectRelativelyClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i] - expected[i]) / Math.abs(expected[i])).toBeLessThan(tolerance);
  }
}

describe('integratedTime against emcee (peer-fixtures.json ar1)', () => {
  const { N, W, D } = fixture;
  const chain = fixtureChain();
  // Tolerance 1e-10 relative: peer-tests.md §2 ("should match these to ~1e-10 relative"; any exact
  // ACF with the same FFT length agrees with emcee up to rounding).
  const TOL = 1e-10;

  it('reproduces tau on the full chain', () => {
    const result = integratedTime(chain, N, W, D);
    expectRelativelyClose(result.tau, fixture.tau_full, TOL);
    expect(result.tooShort).toBe(false);
    expect(result.message).toBeUndefined();
  });

  it('reproduces tau and the too-short flag on the first 100 steps', () => {
    const result = integratedTime(chain.subarray(0, 100 * W * D), 100, W, D);
    expectRelativelyClose(result.tau, fixture.tau_first100_quiet, TOL);
    expect(result.tooShort).toBe(fixture.tau_first100_too_short);
    expect(result.message).toMatch(/^The chain is shorter than 50 times the integrated autocorrelation time for 2 parameter\(s\)\. /);
    expect(result.message).toContain('N/50 = 2;\ntau: [');
  });

  it('reproduces has_walkers=False on walker 0', () => {
    const walker0 = new Float64Array(N * D);
    for (let t = 0; t < N; t++) for (let d = 0; d < D; d++) walker0[t * D + d] = chain[t * W * D + d];
    const result = integratedTime(walker0, N, 1, D, { hasWalkers: false });
    expectRelativelyClose(result.tau, fixture.tau_walker0_has_walkers_false, TOL);
    // emcee reads a 2-D (steps, k) array as k walkers of one parameter unless has_walkers=False; the
    // same memory as (N, D, 1) with hasWalkers false must give the per-column taus as well.
    expectRelativelyClose(integratedTime(walker0, N, D, 1, { hasWalkers: false }).tau, fixture.tau_walker0_has_walkers_false, TOL);
  });

  it('reproduces function_1d lags 0..15 of walker 0, parameter 0', () => {
    const series = new Float64Array(N);
    for (let t = 0; t < N; t++) series[t] = chain[t * W * D];
    const acf = autocorrelationFunction1d(series).subarray(0, 16);
    expect(acf[0]).toBe(1); // divided by its own lag-0 value, as emcee
    expectRelativelyClose(acf, fixture.acf_walker0_param0_lags0_15, TOL);
  });
});

/** emcee tests/unit/test_autocorr.py get_chain: x[0] = 0, x[i] = 0.9·x[i−1] + U(0,1)^ndim. */
function emceeAr1(seed: string, nSteps: number, nDims: number): Float64Array {
  const uniform = seededUniform(seed);
  const x = new Float64Array(nSteps * nDims);
  for (let i = 1; i < nSteps; i++) for (let d = 0; d < nDims; d++) x[i * nDims + d] = 0.9 * x[(i - 1) * nDims + d] + uniform();
  return x;
}

describe('emcee statistical autocorrelation tests (true tau = (1 + 0.9)/(1 − 0.9) = 19)', () => {
  // emcee asserts |tau − 19|/19 < 0.2 at one seed. Here at 5 seeds; pass rule: every seed passes. With
  // N ≈ 13 000 τ the estimator's relative sd is ≈ 3 % (emcee autocorr tutorial), so 20 % is > 6 sd.
  const seeds = ['ar1-a', 'ar1-b', 'ar1-c', 'ar1-d', 'ar1-e'];

  it('test_1d: N = 250 000, one parameter', () => {
    for (const seed of seeds) {
      const tau = integratedTime(emceeAr1(seed, 250_000, 1), 250_000, 1, 1).tau[0];
      expect(Math.abs(tau - 19) / 19).toBeLessThan(0.2);
    }
  });

  it('test_nd: N = 150 000, a (N, 3) array read as 3 walkers', () => {
    for (const seed of seeds.slice(0, 3)) {
      const tau = integratedTime(emceeAr1(seed, 150_000, 3), 150_000, 3, 1).tau[0];
      expect(Math.abs(tau - 19) / 19).toBeLessThan(0.2);
    }
  });
});

describe('emcee structural autocorrelation tests', () => {
  it('test_nd_without_walkers: (N, 1, 3) equals (N, 3) with hasWalkers false', () => {
    const x = emceeAr1('no-walkers', 10_000, 3);
    const withWalkerAxis = integratedTime(x, 10_000, 1, 3).tau;
    const without = integratedTime(x, 10_000, 3, 1, { hasWalkers: false }).tau;
    // Same arithmetic on the same series; 1e-12 relative allows for summation order only.
    expectRelativelyClose(without, withWalkerAxis, 1e-12);
  });

  it('test_autocorr_multi_works: all parameters at once equal each column alone', () => {
    const normal = seededNormal('multi-works');
    const n = 16384;
    const x = Float64Array.from({ length: n * 2 }, normal);
    const together = integratedTime(x, n, 1, 2, { tol: 0 }).tau;
    for (let d = 0; d < 2; d++) {
      const column = Float64Array.from({ length: n }, (_, t) => x[t * 2 + d]);
      // emcee uses np.allclose (rtol 1e-5); a single column differs only by rounding.
      expect(Math.abs(integratedTime(column, n, 1, 1, { tol: 0 }).tau[0] - together[d]) / together[d]).toBeLessThan(1e-12);
    }
  });

  it('test_too_short: N = 100 is reported, not thrown; tol = 0 never flags', () => {
    const x = emceeAr1('too-short', 100, 1);
    const result = integratedTime(x, 100, 1, 1);
    expect(result.tooShort).toBe(true);
    expect(result.message).toContain('for 1 parameter(s)');
    expect(integratedTime(x, 100, 1, 1, { tol: 0 }).tooShort).toBe(false);
  });

  it('a constant walker gives NaN like emcee (acf /= acf[0] = 0/0)', () => {
    const x = new Float64Array(200 * 2);
    const uniform = seededUniform('constant-walker');
    for (let t = 0; t < 200; t++) x[t * 2] = uniform(); // walker 1 stays at 0
    expect(Number.isNaN(integratedTime(x, 200, 2, 1).tau[0])).toBe(true);
  });

  it('rejects a chain whose length does not match its shape', () => {
    expect(() => integratedTime(new Float64Array(10), 3, 2, 2)).toThrow(/chain has 10 values/);
  });
});
