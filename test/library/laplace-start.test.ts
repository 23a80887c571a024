/**
 * gess `fit: laplace` end to end through the run machinery (sampler/ensemble-run.ts, via the library): the
 * pilot is made once before the first step and charged to the run's evaluations, the walkers start from it,
 * the moments of a known Gaussian come out, and an interrupted run resumes bit for bit. Also a mixture that
 * draws the laplace move only from a later step, so the checkpoint holds no fit yet and resume makes the
 * pilot again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EnsembleSampler, type EnsembleSamplerOptions, type LogProbFunction } from '../../src/index.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-laplace-start-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** N(μ, Σ) in 2-D, ρ = 0.8, sds 1 and 2 (as test/library/ensemble-sampler.test.ts). */
const MU = [0.5, -1];
const SD = [1, 2];
const RHO = 0.8;
const PRECISION = [1 / (SD[0] ** 2 * (1 - RHO ** 2)), -RHO / (SD[0] * SD[1] * (1 - RHO ** 2)), 1 / (SD[1] ** 2 * (1 - RHO ** 2))];
let calls = 0;
const gaussian: LogProbFunction = (points, nPoints, out) => {
  calls += nPoints;
  for (let p = 0; p < nPoints; p++) {
    const d0 = points[2 * p] - MU[0];
    const d1 = points[2 * p + 1] - MU[1];
    out[p] = -0.5 * (PRECISION[0] * d0 * d0 + 2 * PRECISION[1] * d0 * d1 + PRECISION[2] * d1 * d1);
  }
};

// Start boxes far from the posterior (10 σ): the walkers start from the pilot's fit, not from these.
const base = (seed: number): EnsembleSamplerOptions => ({ nWalkers: 16, nDim: 2, nEnsembles: 2, logProb: gaussian, seed, start: { center: [10, 20], width: [0.1, 0.1] }, moves: [{ move: 'gess', fit: 'laplace' }] });

describe('gess fit: laplace through the run machinery', () => {
  // Pass rule as test/library/ensemble-sampler.test.ts: every |mean − μ| < 5 σ/√ESS_bulk and
  // |sd/σ − 1| < 5/√(2 ESS_bulk) for each of 3 seeds.
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: means and sds within 5 Monte Carlo errors; the pilot's evaluations are the run's`, async () => {
      calls = 0;
      const sampler = new EnsembleSampler(base(seed));
      const summary = await sampler.run({ steps: 600 });
      summary.parameters.forEach((p, i) => {
        expect(Math.abs(p.mean - MU[i]) / SD[i], p.name).toBeLessThan(5 / Math.sqrt(p.ess_bulk));
        expect(Math.abs(p.sd / SD[i] - 1), p.name).toBeLessThan(5 / Math.sqrt(2 * p.ess_bulk));
        // A fit equal to the target: nearly independent draws every step.
        expect(p.tau, p.name).toBeLessThan(2);
      });
      // Every call of the function but the library's first (one point, to learn the shape of its answer:
      // library/user-density.ts) is the run's, the pilot's included.
      expect(summary.evaluations).toBe(calls - 1);
      // The steps' evaluations alone are 600 · 32 · (evaluations per walker update) ≥ 600 · 32; the pilot
      // (1 + 2d + 2d(d − 1) = 9 points a Newton step) and the start add to them.
      expect(summary.evaluations).toBeGreaterThan(600 * 32 + 9);
    });
  }

  it('150 steps, then a resume to 300: the chain and summary of an uninterrupted run, bit for bit', async () => {
    const whole = new EnsembleSampler(base(7));
    const wholeSummary = await whole.run({ steps: 300, out: path.join(work, 'whole'), checkpointEvery: 40 });
    await new EnsembleSampler(base(7)).run({ steps: 150, out: path.join(work, 'parts'), checkpointEvery: 40 });
    const resumed = new EnsembleSampler(base(7));
    const resumedSummary = await resumed.run({ steps: 300, out: path.join(work, 'parts'), resume: true, checkpointEvery: 40 });
    expect(resumed.getChain().data).toEqual(whole.getChain().data);
    expect(resumedSummary.parameters).toEqual(wholeSummary.parameters);
    expect(resumedSummary.evaluations).toBe(wholeSummary.evaluations);
  });

  it('a laplace move first drawn after the checkpoint: the resumed run makes the pilot again and continues the same chain', async () => {
    const options: EnsembleSamplerOptions = { ...base(8), start: { center: [0, 0], width: [0.5, 0.5] }, moves: [{ move: 'de', weight: 1, until: 100 }, { move: 'gess', fit: 'laplace', weight: 1, from: 100 }] };
    const whole = new EnsembleSampler(options);
    const wholeSummary = await whole.run({ steps: 200, out: path.join(work, 'late-whole'), checkpointEvery: 40 });
    await new EnsembleSampler(options).run({ steps: 80, out: path.join(work, 'late-parts'), checkpointEvery: 40 });
    const resumed = new EnsembleSampler(options);
    const resumedSummary = await resumed.run({ steps: 200, out: path.join(work, 'late-parts'), resume: true, checkpointEvery: 40 });
    expect(resumed.getChain().data).toEqual(whole.getChain().data);
    expect(resumedSummary.parameters).toEqual(wholeSummary.parameters);
    // The pilot made twice: the resumed run counts its second pilot too.
    expect(resumedSummary.evaluations).toBeGreaterThan(wholeSummary.evaluations);
  });
});
