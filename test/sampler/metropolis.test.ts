/**
 * BAT-style adaptive Metropolis (src/sampler/metropolis/): the adaptation rules one by one against
 * BAT 1.x's source (bat/bat src/BCEngineMCMC.cxx), the proposal draws, the one-batch-per-step seam, and
 * the sampled moments of a correlated Gaussian against the analytic ones over several seeds.
 */
import { describe, expect, it } from 'vitest';
import type { BatchLogDensity } from '../../src/engine/density.ts';
import { mcseMean } from '../../src/diagnostics/mcse.ts';
import { addSample, adjustScale, blendCovariance, brooksGelmanR, covarianceUpdateWeight, emptyMoments, sampleCovariance } from '../../src/sampler/metropolis/adaptation.ts';
import { MetropolisSampler } from '../../src/sampler/metropolis/metropolis-sampler.ts';
import { initialTuning, tuningFromJson, tuningToJson, type MetropolisSettings, type MetropolisState } from '../../src/sampler/metropolis/metropolis-state.ts';
import { chiSquare, studentScale } from '../../src/sampler/metropolis/proposal-draws.ts';
import { RandomStream } from '../../src/sampler/random.ts';

const BAT: MetropolisSettings = { chains: 5, proposal: 'student-t', dof: 1, preRunCheck: 500, preRunMin: 1500, preRunMax: 100000, efficiencyMin: 0.15, efficiencyMax: 0.35, scaleMultiplier: 1.5, covarianceLambda: 0.5, rValue: 1.1 };

describe('adaptation rules (BCEngineMCMC::MetropolisPreRun)', () => {
  const rule = { efficiencyMin: 0.15, efficiencyMax: 0.35, multiplier: 1.5, lowerLimit: 0, upperLimit: Number.MAX_VALUE };
  it('scale ÷ 1.5 below the window, × 1.5 above, unchanged inside (edges inclusive)', () => {
    expect(adjustScale(0.3, 0.1, rule)).toEqual({ scale: 0.3 / 1.5, outOfRange: true, adjustable: true });
    expect(adjustScale(0.2, 0.5, rule).scale).toBeCloseTo(0.3, 15);
    expect(adjustScale(0.2, 0.15, rule)).toEqual({ scale: 0.2, outOfRange: false, adjustable: false });
    expect(adjustScale(0.2, 0.35, rule)).toEqual({ scale: 0.2, outOfRange: false, adjustable: false });
    // at a limit the scale is clamped and no longer adjustable (BAT: "Scale now at lower limit")
    expect(adjustScale(1, 0.01, { ...rule, lowerLimit: 0.9 })).toEqual({ scale: 0.9, outOfRange: true, adjustable: false });
  });

  it('covariance weight a = (t + 2)^−½ (BAT: pow(1 + t + 1, −λ)) and Σ ← (1 − a)Σ + aS', () => {
    expect(covarianceUpdateWeight(0)).toBe(Math.pow(2, -0.5));
    expect(covarianceUpdateWeight(7)).toBe(Math.pow(9, -0.5));
    const sigma = [4, 1, 1, 9];
    blendCovariance(sigma, [2, 0, 0, 1], 0.25);
    expect(sigma).toEqual([3.5, 0.75, 0.75, 7]);
  });

  it('running moments equal the two-pass mean and ddof-1 covariance', () => {
    const r = RandomStream.fromSeed('moments');
    const xs = Array.from({ length: 200 }, () => [r.normal() * 3 + 1, r.normal() - 2]);
    const m = emptyMoments(2);
    const delta = new Float64Array(2);
    for (const x of xs) addSample(m, x, delta);
    const mean = [0, 1].map((d) => xs.reduce((s, x) => s + x[d], 0) / xs.length);
    const cov = (i: number, j: number) => xs.reduce((s, x) => s + (x[i] - mean[i]) * (x[j] - mean[j]), 0) / (xs.length - 1);
    const s = sampleCovariance(m);
    // relative 1e-12: Welford and two-pass differ only by rounding
    [cov(0, 0), cov(0, 1), cov(1, 0), cov(1, 1)].forEach((v, k) => expect(Math.abs(s[k] - v)).toBeLessThan(1e-12 * Math.abs(cov(0, 0))));
    expect(m.mean[0]).toBeCloseTo(mean[0], 12);
  });

  it('Brooks–Gelman R (BCEngineMCMC::RValue) against a hand computation', () => {
    // m = 2 chains, n = 10: W = 1.5, B = var(means) = 0.5; σ² = (2·9/19)·1.5 + (10·1/19)·0.5
    const expected = Math.sqrt(((18 / 19) * 1.5 + (10 / 19) * 0.5) / 1.5);
    expect(brooksGelmanR([0, 1], [1, 2], 10)).toBeCloseTo(expected, 14);
    expect(brooksGelmanR([3, 3, 3], [2, 2, 2], 100)).toBeCloseTo(Math.sqrt((3 * 99) / 299), 14);
    expect(brooksGelmanR([1, 1], [0, 0], 10)).toBe(1);
  });

  it('tuning state survives its JSON form exactly (NaN/∞ included)', () => {
    const t = initialTuning(3, [1, 2.5, 1e-7]);
    t.rValues[1] = Infinity;
    expect(tuningFromJson(JSON.parse(JSON.stringify(tuningToJson(t))))).toEqual(t);
  });
});

describe('proposal draws', () => {
  it('χ²_ν has mean ν and variance 2ν; Student scale is 1 for a Gaussian proposal', () => {
    const r = RandomStream.fromSeed('chi2');
    for (const dof of [1, 3, 0.5]) {
      const n = 40000;
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        const x = chiSquare(r, dof);
        s += x;
        s2 += x * x;
      }
      const mean = s / n;
      // 5 standard errors of the mean: √(2ν/n)
      expect(Math.abs(mean - dof)).toBeLessThan(5 * Math.sqrt((2 * dof) / n));
      expect(s2 / n - mean * mean).toBeGreaterThan(0);
    }
    expect(studentScale(r, 0)).toBe(1);
  });
});

/** A correlated Gaussian: Σ = D R D with sds 1, 3, 0.5, 10 and correlations up to 0.8; log p up to a constant. */
const SD = [1, 3, 0.5, 10];
const MU = [0.5, -2, 1, 4];
const CORR = [
  [1, 0.8, 0, 0.3],
  [0.8, 1, -0.5, 0],
  [0, -0.5, 1, 0.2],
  [0.3, 0, 0.2, 1],
];
function gaussian(counter: { calls: number; maxCount: number }): BatchLogDensity {
  const n = 4;
  const cov = CORR.flatMap((row, i) => row.map((r, j) => r * SD[i] * SD[j]));
  // precision by Gauss–Jordan (4 × 4, test only)
  const a = cov.map((v) => v);
  const inv = Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0));
  for (let c = 0; c < n; c++) {
    const p = a[c * n + c];
    for (let j = 0; j < n; j++) {
      a[c * n + j] /= p;
      inv[c * n + j] /= p;
    }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r * n + c];
      for (let j = 0; j < n; j++) {
        a[r * n + j] -= f * a[c * n + j];
        inv[r * n + j] -= f * inv[c * n + j];
      }
    }
  }
  return {
    ndim: n,
    backend: 'test',
    logProbBatch(points, count, out) {
      counter.calls++;
      counter.maxCount = Math.max(counter.maxCount, count);
      for (let k = 0; k < count; k++) {
        let q = 0;
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) q += (points[k * n + i] - MU[i]) * inv[i * n + j] * (points[k * n + j] - MU[j]);
        out[k] = -0.5 * q;
      }
    },
  };
}

function newState(seed: number, settings: MetropolisSettings): MetropolisState {
  const init = RandomStream.fromSeed(`${seed}:init`);
  return {
    nEnsembles: settings.chains,
    nWalkers: 1,
    nDim: 4,
    coords: Float64Array.from({ length: settings.chains * 4 }, () => init.normal()),
    logProb: new Float64Array(settings.chains),
    accepted: new Float64Array(settings.chains),
    iteration: 0,
    randoms: Array.from({ length: settings.chains }, (_, c) => RandomStream.fromSeed(`${seed}:${c}`)),
    tuning: initialTuning(settings.chains, [1, 1, 1, 1]),
  };
}

function run(seed: number, settings: MetropolisSettings, mainIterations: number) {
  const counter = { calls: 0, maxCount: 0 };
  const sampler = new MetropolisSampler(gaussian(counter), { ...settings, nDim: 4, lower: [-Infinity, -Infinity, -Infinity, -Infinity], upper: [Infinity, Infinity, Infinity, Infinity] });
  const state = newState(seed, settings);
  sampler.scoreInitial(state);
  let preRunSteps = 0;
  while (state.tuning.phase === 'pre-run') {
    sampler.step(state);
    preRunSteps++;
  }
  const chains = Array.from({ length: settings.chains }, () => Array.from({ length: 4 }, () => new Float64Array(mainIterations)));
  for (let t = 0; t < mainIterations; t++) {
    sampler.step(state);
    for (let c = 0; c < settings.chains; c++) for (let d = 0; d < 4; d++) chains[c][d][t] = state.coords[c * 4 + d];
  }
  return { state, chains, counter, preRunSteps };
}

describe('adaptive Metropolis on a correlated 4-D Gaussian', () => {
  it('pre-run ends with every efficiency in [0.15, 0.35] and every R < 1.1, after ≥ preRunMin iterations in whole blocks', () => {
    const { state, counter, preRunSteps } = run(11, BAT, 10);
    const t = state.tuning;
    expect(t.preRunOutcome).toBe('converged');
    expect(preRunSteps).toBe(t.preRunIterations);
    expect(t.preRunIterations).toBeGreaterThanOrEqual(BAT.preRunMin);
    expect(t.preRunIterations % BAT.preRunCheck).toBe(0);
    t.efficiency.forEach((e) => expect(e >= 0.15 && e <= 0.35).toBe(true));
    t.rValues.forEach((r) => expect(r).toBeLessThan(1.1));
    expect(t.updates).toBe(t.checks - 1); // the final check ends the pre-run without an update
    // one batched call per step, never more than K points
    expect(counter.calls).toBe(1 + preRunSteps + 10);
    expect(counter.maxCount).toBe(BAT.chains);
  });

  it('means and sds match the analytic ones for 5 seeds, Student-t and Gaussian proposals', () => {
    // Pass rule: every parameter's |mean − μ| < 4.5 MCSE (posterior mcse_mean over the 5 chains) and
    // |sd/σ − 1| < 0.1 in every seed; a correct sampler fails a single 4.5-MCSE check with p ≈ 7e-6.
    for (const proposal of ['student-t', 'gaussian'] as const) {
      for (const seed of [1, 2, 3, 4, 5]) {
        const { chains } = run(seed, { ...BAT, proposal }, 6000);
        for (let d = 0; d < 4; d++) {
          const perChain = chains.map((c) => c[d]);
          const all = perChain.flatMap((c) => Array.from(c));
          const mean = all.reduce((s, x) => s + x, 0) / all.length;
          const sd = Math.sqrt(all.reduce((s, x) => s + (x - mean) ** 2, 0) / (all.length - 1));
          const mcse = mcseMean(perChain);
          expect(Math.abs(mean - MU[d]), `${proposal} seed ${seed} x${d}`).toBeLessThan(4.5 * mcse);
          expect(Math.abs(sd / SD[d] - 1), `${proposal} seed ${seed} x${d} sd`).toBeLessThan(0.1);
        }
      }
    }
  });

  it('asynchronous backend gives the bit-identical chain', async () => {
    const settings = { ...BAT, preRunMin: 1000 };
    const sync = run(9, settings, 300).state;
    const counter = { calls: 0, maxCount: 0 };
    const inner = gaussian(counter);
    const asyncDensity: BatchLogDensity = { ndim: 4, backend: 'async-test', asynchronous: true, logProbBatch: (p, n, o) => Promise.resolve().then(() => inner.logProbBatch(p, n, o)) };
    const sampler = new MetropolisSampler(asyncDensity, { ...settings, nDim: 4, lower: [-Infinity, -Infinity, -Infinity, -Infinity], upper: [Infinity, Infinity, Infinity, Infinity] });
    const state = newState(9, settings);
    await sampler.scoreInitialAsync(state);
    while (state.tuning.phase === 'pre-run') await sampler.stepAsync(state);
    for (let t = 0; t < 300; t++) await sampler.stepAsync(state);
    expect(Array.from(state.coords)).toEqual(Array.from(sync.coords));
    expect(state.tuning).toEqual(sync.tuning);
  });

  it('proposals outside the limits are rejected without being scored (BAT: IsWithinLimits)', () => {
    const counter = { calls: 0, maxCount: 0 };
    const sampler = new MetropolisSampler(gaussian(counter), { ...BAT, nDim: 4, lower: [-1e-9, -Infinity, -Infinity, -Infinity], upper: [1e-9, Infinity, Infinity, Infinity] });
    const state = newState(3, BAT);
    for (let c = 0; c < BAT.chains; c++) state.coords[c * 4] = 0;
    sampler.scoreInitial(state);
    const before = Array.from(state.coords);
    for (let t = 0; t < 20; t++) sampler.step(state);
    expect(Array.from(state.coords)).toEqual(before);
    expect(counter.calls).toBe(1); // only the initial scores
  });
});
