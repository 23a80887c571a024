/**
 * One parity check, registered per backend (gpu.js test/features pattern): a float32 backend's
 * log-densities must agree with the float64 `cpu` backend point by point within
 *
 *   |Δ| ≤ B(x) + 1e-12 (1 + |log p|)
 *
 * B(x) is the rigorous float32 bound of src/engine/float32-error-bound.ts (Higham 2002 §3.1: γ_k on the
 * magnitudes of the terms, k = number of rounded inputs and operations a term goes through); the
 * 1e-12 relative slack covers the float64 reference's own rounding (≈ n·2⁻⁵³ ≪ 1e-12 for n ≤ 60).
 */
import { expect } from 'vitest';
import { compileModel, type BackendName } from '../../src/engine/compile.ts';
import type { ParityCase } from './parity-cases.ts';

export interface ParityResult {
  points: number;
  maxAbsDiff: number;
  /** max over points of |Δ| / B(x): must be ≤ 1. */
  worstRatio: number;
  outOfBox: number;
}

export function checkParity(
  testCase: ParityCase,
  backend: Exclude<BackendName, 'auto' | 'cpu'>,
  seeds: string[],
  count: number,
  maxBatch = 256,
): ParityResult {
  const cpu = compileModel(testCase.model, { backend: 'cpu', maxBatch });
  const f32 = compileModel(testCase.model, { backend, maxBatch });
  expect(f32.backend).toBe(backend);
  const reference = new Float64Array(count);
  const actual = new Float64Array(count);
  const result: ParityResult = { points: 0, maxAbsDiff: 0, worstRatio: 0, outOfBox: 0 };
  try {
    for (const seed of seeds) {
      const points = testCase.batch(seed, count);
      cpu.density.logProbBatch(points, count, reference);
      f32.density.logProbBatch(points, count, actual);
      for (let p = 0; p < count; p++) {
        result.points++;
        if (reference[p] === -Infinity) {
          // Out of the prior box: decided in float64 on the CPU by both backends.
          expect(actual[p]).toBe(-Infinity);
          result.outOfBox++;
          continue;
        }
        expect(Number.isFinite(reference[p])).toBe(true);
        const diff = Math.abs(actual[p] - reference[p]);
        // The bound of what the kernel evaluates: the plan the precision guard chose (for whitened
        // residuals possibly the rotation to the Fisher eigenbasis, float32-plan.ts).
        const bound = f32.precision!.plan.boundAt(points, p) + 1e-12 * (1 + Math.abs(reference[p]));
        if (!(diff <= bound)) {
          throw new Error(
            `${testCase.name} on ${backend}, seed ${seed}, point ${p}: |Δ log p| = ${diff} > bound ${bound} ` +
              `(cpu ${reference[p]}, ${backend} ${actual[p]})`,
          );
        }
        result.maxAbsDiff = Math.max(result.maxAbsDiff, diff);
        result.worstRatio = Math.max(result.worstRatio, diff / bound);
      }
    }
  } finally {
    f32.density.dispose?.();
  }
  return result;
}
