/**
 * emcee's integration suite (tests/integration/test_proposal.py, peer-tests.md §1), ported with the same
 * sizes and tolerances. Our random stream differs from numpy's, so "passes at seed 1234" means nothing:
 * each case runs 20 seeds and must pass for at least 19 (a case at emcee's tolerances fails a given seed
 * with probability of a few per cent at most; 2 failures in 20 would signal a real problem).
 *
 * _test_normal: target N(0, I), walkers start at randn, 2000 steps, no burn-in removed;
 *   every walker's acceptance in (0.1, 0.9); |mean| < 0.08 and |std − 1| < 0.05 per dimension;
 *   in 1-D the KS statistic against N(0,1) < 0.05.
 * _test_uniform: same target, walkers start U(0,1); acceptance in (0.1, 0.9) and the shuffled flat chain
 *   sub-sampled every 100th must FAIL a KS test against U(0,1): statistic > 0.1.
 */
import { describe, expect, it } from 'vitest';
import { DESnookerMove } from '../../src/sampler/moves/de-snooker.ts';
import { DifferentialEvolutionMove } from '../../src/sampler/moves/differential-evolution.ts';
import { GaussianMove } from '../../src/sampler/moves/gaussian.ts';
import type { Move } from '../../src/sampler/moves/move.ts';
import { StretchMove } from '../../src/sampler/moves/stretch.ts';
import { WalkMove } from '../../src/sampler/moves/walk.ts';
import { RandomStream } from '../../src/sampler/random.ts';
import { columnMeanStd, countPassingSeeds, ksStatistic, normalCdf, runHarness } from './harness.ts';

const SEEDS = 20;
const REQUIRED = 19;

function normalCase(makeMove: () => Move, ndim = 1, nSteps = 2000, nWalkers = 32): (seed: number) => string | null {
  return (seed) => {
    const run = runHarness({ moves: [{ move: makeMove(), weight: 1 }], ndim, nWalkers, nSteps, seed, init: 'normal' });
    const badAcceptance = Array.from(run.acceptance).find((a) => !(a > 0.1 && a < 0.9));
    if (badAcceptance !== undefined) return `acceptance ${badAcceptance}`;
    const { mean, std } = columnMeanStd(run.flat, ndim);
    if (mean.some((m) => !(Math.abs(m) < 0.08))) return `mean ${mean}`;
    if (std.some((s) => !(Math.abs(s - 1) < 0.05))) return `std ${std}`;
    if (ndim === 1) {
      const ks = ksStatistic(run.flat, normalCdf);
      if (!(ks < 0.05)) return `KS ${ks}`;
    }
    return null;
  };
}

function uniformCase(makeMove: () => Move, nSteps = 2000, nWalkers = 32): (seed: number) => string | null {
  return (seed) => {
    const run = runHarness({ moves: [{ move: makeMove(), weight: 1 }], ndim: 1, nWalkers, nSteps, seed, init: 'uniform' });
    const badAcceptance = Array.from(run.acceptance).find((a) => !(a > 0.1 && a < 0.9));
    if (badAcceptance !== undefined) return `acceptance ${badAcceptance}`;
    const shuffled = Array.from(run.flat);
    RandomStream.fromSeed(`${seed}:shuffle`).shuffle(shuffled);
    const subsample = Float64Array.from(shuffled.filter((_, i) => i % 100 === 0));
    const ks = ksStatistic(subsample, (x) => Math.min(1, Math.max(0, x)));
    return ks > 0.1 ? null : `KS against U(0,1) only ${ks}`;
  };
}

async function expectSeeds(check: (seed: number) => string | null): Promise<void> {
  const { passed, failures } = await countPassingSeeds(SEEDS, check);
  expect(passed, `${passed}/${SEEDS} seeds passed; ${failures.join('; ')}`).toBeGreaterThanOrEqual(REQUIRED);
}

const cases: [string, () => Move, { nSteps?: number }?][] = [
  ['stretch', () => new StretchMove()],
  ['stretch nsplits=5', () => new StretchMove(2, { nsplits: 5 })],
  ['stretch randomize_split', () => new StretchMove(2, { randomizeSplit: true })],
  ['stretch fixed split', () => new StretchMove(2, { randomizeSplit: false })],
  ['de', () => new DifferentialEvolutionMove()],
  ['de gamma0=1', () => new DifferentialEvolutionMove(1e-5, 1.0)],
  ['desnooker', () => new DESnookerMove(), { nSteps: 4000 }],
  ['walk s=3', () => new WalkMove(3)],
];

describe('emcee integration: normal target', () => {
  for (const [name, makeMove, options] of cases) {
    it(`${name}: ≥ ${REQUIRED}/${SEEDS} seeds pass _test_normal`, () => expectSeeds(normalCase(makeMove, 1, options?.nSteps ?? 2000)));
  }
  for (const factor of [undefined, 2, 5]) {
    it(`gaussian 1-D cov 0.5 factor ${factor}: ≥ ${REQUIRED}/${SEEDS} seeds`, () => expectSeeds(normalCase(() => new GaussianMove(0.5, 1, 'vector', factor))));
  }
});

describe('emcee integration: uniform start must be left behind', () => {
  for (const [name, makeMove] of cases) {
    it(`${name}: ≥ ${REQUIRED}/${SEEDS} seeds pass _test_uniform`, () => expectSeeds(uniformCase(makeMove)));
  }
  for (const factor of [undefined, 2, 5]) {
    it(`gaussian cov 0.5 factor ${factor}`, () => expectSeeds(uniformCase(() => new GaussianMove(0.5, 1, 'vector', factor))));
  }
});

describe('emcee integration: test_normal_gaussian_nd (ndim 3, 8000 steps)', () => {
  const covariances: [string, number | number[] | number[][]][] = [
    ['scalar', 0.5],
    ['vector', [0.5, 0.5, 0.5]],
    ['matrix', [[0.5, 0, 0], [0, 0.5, 0], [0, 0, 0.5]]],
  ];
  for (const [covName, cov] of covariances) {
    for (const mode of ['vector', 'random', 'sequential'] as const) {
      if (covName === 'matrix' && mode !== 'vector') continue;
      for (const factor of [undefined, 2]) {
        it(`cov ${covName}, mode ${mode}, factor ${factor}`, () => expectSeeds(normalCase(() => new GaussianMove(cov, 3, mode, factor), 3, 8000)));
      }
    }
  }
  it('rejects a covariance of the wrong length and a full matrix with mode ≠ vector', () => {
    expect(() => new GaussianMove([0.5, 0.5], 3)).toThrow(/2 entries, expected 3/);
    expect(() => new GaussianMove([[0.5, 0, 0], [0, 0.5, 0], [0, 0, 0.5]], 3, 'random')).toThrow(/mode 'vector'/);
  });
});
