/**
 * (a) `cpu` (float64 loops) vs `gpujs-cpu` (the kernels in kernels/ through gpu.js CPU mode, float32
 * inputs, constants and output) on seeded random batches, for every kernel. Bound: see parity-check.ts.
 */
import { describe, expect, it } from 'vitest';
import { checkParity } from './parity-check.ts';
import { parityCases } from './parity-cases.ts';

const SEEDS = ['parity-1', 'parity-2', 'parity-3'];

describe('cpu vs gpujs-cpu parity', () => {
  for (const testCase of parityCases()) {
    it(`${testCase.name} (${testCase.kernel} kernel)`, () => {
      // 3 seeds × 600 points; maxBatch 256 also exercises chunking and a short last chunk (600 = 2·256 + 88).
      const result = checkParity(testCase, 'gpujs-cpu', SEEDS, 600, 256);
      expect(result.points).toBe(1800);
      expect(result.worstRatio).toBeLessThanOrEqual(1);
      // float32 must actually be in play (the check would be vacuous if the kernel ran in float64).
      expect(result.maxAbsDiff).toBeGreaterThan(0);
      // The linearised batches put every 7th point outside the prior box (parity-cases.ts).
      expect(result.outOfBox > 0).toBe(testCase.kernel === 'whitened-residuals');
    });
  }
});
