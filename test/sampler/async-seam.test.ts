/**
 * The asynchronous seam: a backend that returns Promises (WebGPU, worker threads) drives the same
 * step as a synchronous one, so the chain must be bit-identical, with several ensembles and a mixture
 * of moves; and a sum model with one asynchronous part must add the parts exactly as the synchronous sum.
 */
import { describe, expect, it } from 'vitest';
import type { BatchLogDensity } from '../../src/engine/density.ts';
import { SumDensity } from '../../src/engine/sum-density.ts';
import { EnsembleSampler } from '../../src/sampler/ensemble-sampler.ts';
import { DifferentialEvolutionMove } from '../../src/sampler/moves/differential-evolution.ts';
import { StretchMove } from '../../src/sampler/moves/stretch.ts';
import { freshState, normalDensity } from './harness.ts';

/** The same density, answered after a macrotask, as a GPU queue or a worker would. */
function deferred(inner: BatchLogDensity): BatchLogDensity {
  return {
    ndim: inner.ndim,
    backend: 'deferred',
    asynchronous: true,
    logProbBatch(points, count, out) {
      return new Promise<void>((resolve) =>
        setImmediate(() => {
          inner.logProbBatch(points, count, out);
          resolve();
        }),
      );
    },
  };
}

describe('asynchronous batch seam', () => {
  const moves = [
    { move: new StretchMove(), weight: 0.5 },
    { move: new DifferentialEvolutionMove(), weight: 0.5 },
  ];
  const options = { nWalkers: 16, nDim: 4, nEnsembles: 3, moves };

  it('stepAsync on an asynchronous backend gives the chain of step on the synchronous one, bit for bit', async () => {
    const sync = new EnsembleSampler(normalDensity(4), options);
    const later = new EnsembleSampler(deferred(normalDensity(4)), options);
    expect(sync.asynchronous).toBe(false);
    expect(later.asynchronous).toBe(true);
    const a = freshState(3, 16, 4, 'async');
    const b = freshState(3, 16, 4, 'async');
    sync.scoreInitial(a);
    await later.scoreInitialAsync(b);
    for (let t = 0; t < 300; t++) {
      sync.step(a);
      await later.stepAsync(b);
    }
    expect(Buffer.from(b.coords.buffer).equals(Buffer.from(a.coords.buffer))).toBe(true);
    expect(Array.from(b.logProb)).toEqual(Array.from(a.logProb));
    expect(Array.from(b.accepted)).toEqual(Array.from(a.accepted));
  });

  it('the synchronous step refuses an asynchronous backend instead of reading unfilled scores', () => {
    const later = new EnsembleSampler(deferred(normalDensity(4)), options);
    expect(() => later.step(freshState(3, 16, 4, 'async'))).toThrow(/asynchronous/);
  });

  it('a sum with one asynchronous part equals the synchronous sum exactly', async () => {
    const model = {
      kind: 'sum' as const,
      parameterNames: ['a', 'b', 'c'],
      parts: [
        { name: 'left', model: { kind: 'rosenbrock' as const, parameterNames: ['a', 'b'] }, parameterIndex: [0, 1] },
        { name: 'right', model: { kind: 'rosenbrock' as const, parameterNames: ['b', 'c'] }, parameterIndex: [1, 2] },
      ],
    };
    const points = Float64Array.from({ length: 30 }, (_, i) => Math.sin(i));
    const syncOut = new Float64Array(10);
    const asyncOut = new Float64Array(10);
    new SumDensity(model, [normalDensity(2, 1), normalDensity(2, -1)], 4).logProbBatch(points, 10, syncOut);
    const mixed = new SumDensity(model, [deferred(normalDensity(2, 1)), normalDensity(2, -1)], 4);
    expect(mixed.asynchronous).toBe(true);
    await mixed.logProbBatch(points, 10, asyncOut);
    expect(Array.from(asyncOut)).toEqual(Array.from(syncOut));
  });
});
