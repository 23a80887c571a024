/**
 * The sampler's step threads (step-threads.ts) only split arithmetic whose random numbers are drawn
 * beforehand, so the chain must be the same, bit for bit, with one thread (no step threads), two and
 * three, and a run resumed from a checkpoint must continue the uninterrupted one exactly. The reference
 * of each comparison is the serial sampler on the same seed (no stored numbers).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCheckpoint, writeCheckpoint } from '../../src/sampler/checkpoint.ts';
import { EnsembleSampler } from '../../src/sampler/ensemble-sampler.ts';
import type { EnsembleState } from '../../src/sampler/ensemble-state.ts';
import { DifferentialEvolutionMove } from '../../src/sampler/moves/differential-evolution.ts';
import type { WeightedMove } from '../../src/sampler/moves/move.ts';
import { StretchMove } from '../../src/sampler/moves/stretch.ts';
import { RandomStream } from '../../src/sampler/random.ts';
import { StepThreads } from '../../src/sampler/step-threads.ts';
import { normalDensity } from './harness.ts';

const N_ENSEMBLES = 2;
const N_WALKERS = 300; // several blocks of 64 rows per thread, and an odd split of the last block
const N_DIM = 7;

function freshState(seed: string): EnsembleState {
  const init = RandomStream.fromSeed(`${seed}:init`);
  return {
    nEnsembles: N_ENSEMBLES,
    nWalkers: N_WALKERS,
    nDim: N_DIM,
    coords: Float64Array.from({ length: N_ENSEMBLES * N_WALKERS * N_DIM }, () => init.normal()),
    logProb: new Float64Array(N_ENSEMBLES * N_WALKERS),
    accepted: new Float64Array(N_ENSEMBLES * N_WALKERS),
    iteration: 0,
    randoms: Array.from({ length: N_ENSEMBLES }, (_, e) => RandomStream.fromSeed(`${seed}:${e}`)),
  };
}

function run(moves: WeightedMove[], seed: string, steps: number, stepThreads?: StepThreads): EnsembleState {
  const sampler = new EnsembleSampler(normalDensity(N_DIM), { nWalkers: N_WALKERS, nDim: N_DIM, nEnsembles: N_ENSEMBLES, moves, stepThreads });
  const state = freshState(seed);
  sampler.scoreInitial(state);
  for (let t = 0; t < steps; t++) sampler.step(state);
  return state;
}

function expectSameChain(actual: EnsembleState, expected: EnsembleState): void {
  expect(Array.from(actual.coords)).toEqual(Array.from(expected.coords));
  expect(Array.from(actual.logProb)).toEqual(Array.from(expected.logProb));
  expect(Array.from(actual.accepted)).toEqual(Array.from(expected.accepted));
  expect(actual.randoms.map((r) => r.state())).toEqual(expected.randoms.map((r) => r.state()));
}

describe('step threads', () => {
  let two: StepThreads;
  let three: StepThreads;
  beforeAll(async () => {
    [two, three] = await Promise.all([StepThreads.start(2), StepThreads.start(3)]);
  }, 60_000);
  afterAll(() => {
    two?.dispose();
    three?.dispose();
  });

  it('stretch: the chain with 2 and 3 threads is bit-identical to the serial one (3 seeds)', () => {
    for (const seed of ['a', 'b', 'c']) {
      const moves = () => [{ move: new StretchMove(2), weight: 1 }];
      const serial = run(moves(), seed, 12);
      expect(serial.accepted.reduce((s, x) => s + x, 0)).toBeGreaterThan(0); // the copy task ran
      expectSameChain(run(moves(), seed, 12, two), serial);
      expectSameChain(run(moves(), seed, 12, three), serial);
    }
  });

  it('a mixture with a move that is not row-planned (DE) runs those rounds serially and still matches', () => {
    const moves = () => [
      { move: new StretchMove(2), weight: 0.5 },
      { move: new DifferentialEvolutionMove(), weight: 0.5 },
    ];
    expectSameChain(run(moves(), 'mix', 16, two), run(moves(), 'mix', 16));
  });

  it('a threaded run resumed from a checkpoint continues the uninterrupted one bit for bit', () => {
    const moves = [{ move: new StretchMove(2), weight: 1 }];
    const straight = run(moves, 'resume', 10, two);
    const first = run(moves, 'resume', 4, two);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-step-threads-'));
    try {
      writeCheckpoint(dir, first, { nStored: 0, thin: 1, evaluations: 0, wallSeconds: 0, fingerprint: 'x', runId: '0'.repeat(32), chainDigest: '0'.repeat(64) });
      const resumed = readCheckpoint(dir).state;
      const sampler = new EnsembleSampler(normalDensity(N_DIM), { nWalkers: N_WALKERS, nDim: N_DIM, nEnsembles: N_ENSEMBLES, moves, stepThreads: two });
      for (let t = 0; t < 6; t++) sampler.step(resumed);
      expectSameChain(resumed, straight);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
