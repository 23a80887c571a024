/**
 * The gess move fitted to the ensemble's own history (moves/history-fit.ts): its running moments against a
 * two-pass computation, its refit schedule and freeze, exact moments with fewer walkers than dimensions
 * (where a fit to the complementary walkers is singular), and bit-identical resume in mid-adaptation.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/engine/compile.ts';
import { baselineTarget } from '../../src/likelihood/targets.ts';
import { readCheckpoint, writeCheckpoint } from '../../src/sampler/checkpoint.ts';
import { EnsembleSampler } from '../../src/sampler/ensemble-sampler.ts';
import { cloneState } from '../../src/sampler/ensemble-state.ts';
import { DifferentialEvolutionMove } from '../../src/sampler/moves/differential-evolution.ts';
import { GessMove } from '../../src/sampler/moves/gess.ts';
import { HistoryFit } from '../../src/sampler/moves/history-fit.ts';
import { adaptationSteps, type WeightedMove } from '../../src/sampler/moves/move.ts';
import { RandomStream } from '../../src/sampler/random.ts';
import { countPassingSeeds, freshState, moments, momentsMiss, normalDensity } from './harness.ts';

const dataDir = path.resolve(import.meta.dirname, '../../data');

describe('gess fit: history — the running moments and their schedule', () => {
  it('the fit at a refit is t(mean, covariance·(ν − 2)/ν) of every position seen since the last refit: matches a two-pass computation to 1e-12 (relative)', () => {
    const nDim = 5;
    const nWalkers = 8;
    const nu = 5;
    const random = RandomStream.fromSeed('history-moments');
    const tuning = HistoryFit.initialState(nDim, 4);
    const fit = new HistoryFit(tuning, nDim);
    const seen: number[][] = [];
    // Correlated, offset positions (x_d = 10 + z_0 + d·z_d): the centring of Welford's update matters here.
    for (let step = 0; step < 4; step++) {
      const coords = new Float64Array(nWalkers * nDim);
      for (let w = 0; w < nWalkers; w++) {
        const z0 = random.normal();
        for (let d = 0; d < nDim; d++) coords[w * nDim + d] = 1e3 + z0 + (d + 1) * random.normal();
        seen.push(Array.from(coords.subarray(w * nDim, (w + 1) * nDim)));
      }
      fit.observe(coords, 0, nWalkers, step, nu, 100);
      expect(fit.fitted()).toBeUndefined();
    }
    // Step 4 is due: the 32 positions of steps 0–3 make the fit (step 4's own positions start the next window).
    fit.observe(new Float64Array(nWalkers * nDim).fill(7), 0, nWalkers, 4, nu, 100);
    const n = seen.length;
    const mean = Array.from({ length: nDim }, (_, d) => seen.reduce((s, x) => s + x[d], 0) / n);
    const covariance = Array.from({ length: nDim * nDim }, (_, k) => {
      const [i, j] = [Math.floor(k / nDim), k % nDim];
      return (seen.reduce((s, x) => s + (x[i] - mean[i]) * (x[j] - mean[j]), 0) / (n - 1)) * ((nu - 2) / nu);
    });
    const fitted = fit.fitted()!;
    for (let d = 0; d < nDim; d++) expect(Math.abs(fitted.mean[d] - mean[d]) / Math.abs(mean[d])).toBeLessThan(1e-12);
    const l = fitted.cholesky;
    for (let i = 0; i < nDim; i++) {
      for (let j = 0; j <= i; j++) {
        let llt = 0;
        for (let k = 0; k <= j; k++) llt += l[i * nDim + k] * l[j * nDim + k];
        expect(Math.abs(llt - covariance[i * nDim + j]) / Math.sqrt(covariance[i * nDim + i] * covariance[j * nDim + j])).toBeLessThan(1e-12);
      }
    }
  });

  it('refits at firstRefit·2^k up to freezeAfter, then never again; adaptationSteps is the last refit', () => {
    const nDim = 2;
    const move = new GessMove({ fit: 'history', firstRefit: 3, freezeAfter: 20 });
    expect(move.adaptationSteps).toBe(12);
    expect(adaptationSteps([{ move, weight: 1 }, { move: new DifferentialEvolutionMove(), weight: 1 }])).toBe(12);
    expect(new GessMove().adaptationSteps).toBe(0);
    const tuning = move.initialTuning(nDim);
    const fit = new HistoryFit(tuning, nDim);
    const random = RandomStream.fromSeed('history-schedule');
    const refitSteps: number[] = [];
    let last: string | undefined;
    for (let step = 0; step < 40; step++) {
      const coords = Float64Array.from({ length: 4 * nDim }, () => random.normal());
      fit.observe(coords, 0, 4, step, move.nu, move.freezeAfter);
      const now = JSON.stringify(Array.from(fit.fitted()?.mean ?? []));
      if (now !== last && fit.fitted()) refitSteps.push(step);
      last = now;
    }
    expect(refitSteps).toEqual([3, 6, 12]);
    expect(() => new GessMove({ fit: 'history', firstRefit: 10, freezeAfter: 5 })).toThrow(/freezeAfter/);
  });
});

describe('gess fit: history — sampling', () => {
  it('gauss20 (condition number 1e4) with 16 walkers, fewer than the 20 dimensions: every mean within 0.15 σ and sd within 15 % in ≥ 3 of 4 seeds', async () => {
    // A fit to 8 complementary walkers in 20 dimensions is singular; the history's is not. Refits at 10, 20,
    // … 640 steps, then frozen; 750 kept steps after 650. Measured on seeds 1–4: means within 0.03 σ, sds
    // within 3.3 %, so 0.15 σ and 15 % leave room for the Monte Carlo error of a 16-walker chain.
    // Freezing too early fails here: frozen at 160 steps (the walkers still expanding from their 0.1 σ ball),
    // the fit is too narrow and an sd was still 18 % short after 3000 steps. Valid, but slow: the physics
    // configs freeze late enough (configs/*.yaml).
    const gauss20 = baselineTarget('gauss20', dataDir);
    const density = compileModel(gauss20.model as never, { backend: 'cpu', maxBatch: 64 }).density;
    const { passed, failures } = await countPassingSeeds(4, (seed) => {
      const state = freshState(1, 16, 20, `gauss20:history:${seed}`, gauss20.truth.mean, gauss20.truth.sd.map((s) => 0.1 * s));
      const moves: WeightedMove[] = [{ move: new GessMove({ fit: 'history', firstRefit: 10, freezeAfter: 640, shrinkage: true }), weight: 1 }];
      const m = moments(density, moves, state, 1400, 650, { allowFewWalkers: true });
      return momentsMiss(m, gauss20.truth, 0.15, 0.15);
    });
    expect(passed, failures.join('; ')).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it('rosen2 (banana; exact x1 ~ N(1, 10), E x2 = 11, sd x2 = 15.5), mixed with DE: within 0.2 σ, sd within 15 % (x1) and 35 % (x2) in ≥ 3 of 4 seeds', async () => {
    // A fixed t is a poor fit to the banana: the slice shrinks more, but the kernel still leaves π invariant,
    // which is what this checks (the tolerances and their reasons are those of driven-moves.test.ts).
    const rosen = baselineTarget('rosen2', dataDir);
    const density = compileModel(rosen.model as never, { backend: 'cpu', maxBatch: 64 }).density;
    const { passed, failures } = await countPassingSeeds(4, (seed) => {
      const state = freshState(1, 32, 2, `rosen2:history:${seed}`, [1, 1], [1, 1]);
      const moves: WeightedMove[] = [
        { move: new GessMove({ fit: 'history', firstRefit: 50, freezeAfter: 1600 }), weight: 0.8 },
        { move: new DifferentialEvolutionMove(), weight: 0.2 },
      ];
      const m = moments(density, moves, state, 8000, 3000);
      return momentsMiss(m, rosen.truth, 0.2, [0.15, 0.35]);
    });
    expect(passed, failures.join('; ')).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it('from/until: differential evolution alone until step 5 (one evaluation per walker), gess from 5 with a fit of steps 0–4 it saw without being drawn; a gap is refused', () => {
    let evaluations = 0;
    const inner = normalDensity(3);
    const density = { ...inner, logProbBatch: (points: Float64Array, count: number, out: Float64Array) => ((evaluations += count), inner.logProbBatch(points, count, out)) };
    const gess = new GessMove({ fit: 'history', firstRefit: 5, freezeAfter: 5 });
    const moves: WeightedMove[] = [
      { move: new DifferentialEvolutionMove(), weight: 1, until: 5 },
      { move: gess, weight: 1, from: 5 },
    ];
    const sampler = new EnsembleSampler(density, { nWalkers: 16, nDim: 3, nEnsembles: 2, moves });
    const state = freshState(2, 16, 3, 'scheduled');
    sampler.scoreInitial(state);
    evaluations = 0;
    for (let t = 0; t < 5; t++) sampler.step(state);
    expect(evaluations).toBe(5 * 32);
    // The moments of steps 0–4 (5 × 16 positions per ensemble) are there, the fit not yet.
    expect(state.moveStates!['1:gess'].map((e) => [e[1], e[2]])).toEqual([[80, 0], [80, 0]]);
    sampler.step(state);
    // Step 5 refits (and freezes: 10 > freezeAfter) before its draw, and gess is the only move in use.
    expect(state.moveStates!['1:gess'].map((e) => [e[0], e[2]])).toEqual([[-1, 1], [-1, 1]]);
    expect(evaluations).toBeGreaterThan(5 * 32 + 32);
    expect(() => new EnsembleSampler(density, { nWalkers: 16, nDim: 3, nEnsembles: 1, moves: [{ move: new DifferentialEvolutionMove(), weight: 1, until: 5 }, { move: gess, weight: 1, from: 6 }] })).toThrow(/no move is in use at step 5/);
  });

  it('a run continued from a checkpoint in mid-adaptation (two ensembles, each its own fit) is bit-identical to an uninterrupted one', () => {
    const moves = (): WeightedMove[] => [
      { move: new GessMove({ fit: 'history', firstRefit: 4, freezeAfter: 40 }), weight: 3 },
      { move: new DifferentialEvolutionMove(), weight: 1 },
    ];
    const sampler = new EnsembleSampler(normalDensity(6, 1), { nWalkers: 16, nDim: 6, nEnsembles: 2, moves: moves() });
    const straight = freshState(2, 16, 6, 'restart-history');
    sampler.scoreInitial(straight);
    const split = cloneState(straight);
    for (let t = 0; t < 50; t++) sampler.step(straight);
    for (let t = 0; t < 25; t++) sampler.step(split);
    const [first, second] = split.moveStates!['0:gess'];
    // Step 25 lies between the refits at 16 and 32, and the two ensembles' fits differ.
    expect(first[2]).toBe(1);
    expect(first.slice(3)).not.toEqual(second.slice(3));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-history-'));
    writeCheckpoint(dir, split, { nStored: 0, thin: 1, evaluations: 0, wallSeconds: 0, fingerprint: 'x', runId: '0'.repeat(32), chainDigest: 'f'.repeat(64) });
    const resumed = readCheckpoint(dir).state;
    fs.rmSync(dir, { recursive: true });
    const fresh = new EnsembleSampler(normalDensity(6, 1), { nWalkers: 16, nDim: 6, nEnsembles: 2, moves: moves() });
    for (let t = 0; t < 25; t++) fresh.step(resumed);
    expect(Array.from(resumed.coords)).toEqual(Array.from(straight.coords));
    expect(resumed.moveStates).toEqual(straight.moveStates);
  });
});
