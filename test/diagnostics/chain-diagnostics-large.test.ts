/**
 * chainDiagnostics on a huge ensemble (more draws than DRAWS_BUDGET even after thinning rows, more than
 * QUANTILE_DRAWS_BUDGET for the quantiles): the rank diagnostics use evenly spaced walkers and scale the
 * ESS back up; means and sds still come from every draw; quantiles from evenly spaced draws.
 */
import { describe, expect, it } from 'vitest';
import { chainDiagnostics, DRAWS_BUDGET, MAX_RANK_CHAINS, QUANTILE_DRAWS_BUDGET } from '../../src/diagnostics/chain-diagnostics.ts';
import type { ChainStore } from '../../src/sampler/chain-store.ts';
import { RandomStream } from '../../src/sampler/random.ts';

/** rows × walkers × dims of iid N(0, 1) draws, behind the part of ChainStore that chainDiagnostics reads. */
function iidStore(rows: number, nWalkers: number, nDim: number, seed: number): { store: ChainStore; data: Float64Array } {
  const random = RandomStream.fromSeed(seed);
  const data = Float64Array.from({ length: rows * nWalkers * nDim }, () => random.normal());
  const store = { nWalkers, nDim, nRows: rows, extract: (discard: number) => ({ data: data.subarray(discard * nWalkers * nDim), nSteps: rows - discard }) };
  return { store: store as unknown as ChainStore, data };
}

describe('chainDiagnostics past the draws budgets', () => {
  it('iid draws: the ESS per draw from evenly spaced walkers (scaled) equals that from every walker; mean from every draw', () => {
    const rows = 24;
    // 4000 walkers: 96 000 draws, under DRAWS_BUDGET and MAX_RANK_CHAINS (every walker used); 24 000: 576 000
    // draws, over both (every sixth walker).
    const small = iidStore(rows, 4000, 1, 5);
    const big = iidStore(rows, 24_000, 1, 5);
    expect(rows * 4000).toBeLessThan(DRAWS_BUDGET);
    expect(4000).toBeLessThan(MAX_RANK_CHAINS);
    expect(rows * 24_000).toBeGreaterThan(DRAWS_BUDGET);
    const full = chainDiagnostics(small.store, 4, 1, 0).parameters[0];
    const strided = chainDiagnostics(big.store, 4, 1, 0).parameters[0];
    // For iid draws ESS/n is a property of the estimator at this chain length (24 draws per walker: ≈ 1.18,
    // measured; it tends to 1 for long chains), not of the number of walkers: the scaled subset must give
    // the same ratio up to its noise (≈ 1 % at 4000 walkers used); 3 % stated bound.
    expect(Math.abs(strided.essBulk / (rows * 24_000) / (full.essBulk / (rows * 4000)) - 1)).toBeLessThan(0.03);
    expect(Math.abs(strided.essTail / (rows * 24_000) / (full.essTail / (rows * 4000)) - 1)).toBeLessThan(0.03);
    // R̂ of independent ensembles of iid draws: 1 within 0.01 at these sizes.
    expect(Math.abs(strided.rhat - 1)).toBeLessThan(0.01);
    let sum = 0;
    for (const x of big.data) sum += x;
    // Past QUANTILE_DRAWS_BUDGET the mean is still summed over every draw in order (one parameter: same sum).
    expect(strided.mean).toBe(sum / (rows * 24_000));
  });

  it('more draws than QUANTILE_DRAWS_BUDGET: mean and sd over every draw, 5/50/95 % quantiles within 0.015 of N(0, 1)', () => {
    const rows = 8;
    const nWalkers = 20_000;
    const nDim = 2;
    const { store, data } = iidStore(rows * 2, nWalkers, nDim, 6);
    const d = chainDiagnostics(store, 1, 1, 0);
    const n = 2 * rows * nWalkers;
    expect(n).toBeGreaterThan(QUANTILE_DRAWS_BUDGET);
    for (let dim = 0; dim < nDim; dim++) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += data[i * nDim + dim];
      const mean = sum / n;
      let sumSq = 0;
      for (let i = 0; i < n; i++) sumSq += (data[i * nDim + dim] - mean) ** 2;
      const p = d.parameters[dim];
      expect(p.mean).toBeCloseTo(mean, 14);
      expect(p.sd).toBeCloseTo(Math.sqrt(sumSq / (n - 1)), 14);
      // Quantiles of N(0, 1) from m ≈ 1.6·10⁵ evenly spaced draws: sd of a 5 % quantile ≈ √(0.05·0.95/m)/φ(1.645) ≈ 0.005.
      expect(Math.abs(p.q05 + 1.6449)).toBeLessThan(0.015);
      expect(Math.abs(p.q50)).toBeLessThan(0.015);
      expect(Math.abs(p.q95 - 1.6449)).toBeLessThan(0.015);
    }
  });
});
