/**
 * The library's EnsembleSampler in-process: posterior moments of a known density, the shapes of what the
 * user's function may answer (filled, returned, a Promise: the same chain bit for bit), resume through the
 * API bit for bit, the refusals of wrong input (one line naming the option), and on a WebGPU adapter the
 * measured float32 guard in front of a user's WGSL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EnsembleSampler, InputError, NaNLogProbError, type EnsembleSamplerOptions, type LogProbFunction } from '../../src/index.ts';
import { findWebGpuDevice } from '../../src/engine/webgpu-device.ts';
import { ChainStore } from '../../src/sampler/chain-store.ts';
import { ChainFileReader } from '../../src/sampler/hdf5-chain.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-library-unit-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** N(μ, Σ) in 2-D with Σ = [[1, 0.8·1·2], [0.8·1·2, 4]] (ρ = 0.8): precision Σ⁻¹ in closed form. */
const MU = [0.5, -1];
const SD = [1, 2];
const RHO = 0.8;
const PRECISION = [1 / (SD[0] ** 2 * (1 - RHO ** 2)), -RHO / (SD[0] * SD[1] * (1 - RHO ** 2)), 1 / (SD[1] ** 2 * (1 - RHO ** 2))];

function gaussianAt(points: Float64Array, p: number): number {
  const d0 = points[2 * p] - MU[0];
  const d1 = points[2 * p + 1] - MU[1];
  return -0.5 * (PRECISION[0] * d0 * d0 + 2 * PRECISION[1] * d0 * d1 + PRECISION[2] * d1 * d1);
}

const filling: LogProbFunction = (points, nPoints, out) => {
  for (let p = 0; p < nPoints; p++) out[p] = gaussianAt(points, p);
};
const returning: LogProbFunction = (points, nPoints) => Array.from({ length: nPoints }, (_, p) => gaussianAt(points, p));
const asynchronous: LogProbFunction = async (points, nPoints) => {
  await new Promise((resolve) => setImmediate(resolve));
  return Float64Array.from({ length: nPoints }, (_, p) => gaussianAt(points, p));
};

const base = (logProb: LogProbFunction, seed: number): EnsembleSamplerOptions => ({ nWalkers: 16, nDim: 2, nEnsembles: 2, logProb, seed, start: { center: [0, 0], width: [0.5, 0.5] } });

describe('EnsembleSampler: moments of a correlated 2-D Gaussian', () => {
  // Pass rule: for each of 3 seeds, every |mean − μ| < 5 σ/√ESS_bulk and |sd/σ − 1| < 5/√(2 ESS_bulk)
  // (the Monte Carlo errors of a Gaussian's mean and sd; a false alarm per check has probability 6e-7).
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: means and sds within 5 Monte Carlo errors, R̂ < 1.05`, async () => {
      const sampler = new EnsembleSampler({ ...base(filling, seed), moves: 'stretch:0.7,de:0.3' });
      const summary = await sampler.run({ steps: 1500 });
      expect(summary.steps).toBe(1500);
      expect(summary.ensembles).toBe(2);
      expect(summary.rhat_method).toBe('ensembles');
      summary.parameters.forEach((p, i) => {
        expect(p.ess_bulk, p.name).toBeGreaterThan(500);
        expect(p.rhat, p.name).toBeLessThan(1.05);
        expect(Math.abs(p.mean - MU[i]) / SD[i], p.name).toBeLessThan(5 / Math.sqrt(p.ess_bulk));
        expect(Math.abs(p.sd / SD[i] - 1), p.name).toBeLessThan(5 / Math.sqrt(2 * p.ess_bulk));
      });
      expect(sampler.acceptanceFraction).toHaveLength(32);
      const chain = sampler.getChain({ discard: summary.burn_in_steps, flat: true });
      expect(chain.shape).toEqual([(1500 - summary.burn_in_steps) * 32, 2]);
    });
  }
});

describe('EnsembleSampler: the stopping rule', () => {
  it('untilConverged stops at a check once the τ-drift and R̂ rule holds, well before the step cap', async () => {
    const sampler = new EnsembleSampler(base(filling, 4));
    const summary = await sampler.run({ steps: 50_000, untilConverged: { checkEvery: 250 } });
    expect(summary.stop_reason).toBe('converged');
    expect(summary.converged).toBe(true);
    expect(summary.steps % 250).toBe(0);
    expect(summary.steps).toBeLessThan(50_000);
    // the rule's own conditions, read back from the summary: run > 50 τ_max, R̂ < 1.01
    expect(summary.steps).toBeGreaterThan(50 * Math.max(...summary.parameters.map((p) => p.tau)));
    for (const p of summary.parameters) expect(p.rhat).toBeLessThan(1.01);
  });
});

describe('EnsembleSampler: what logProb may answer', () => {
  it('filling out, returning an array and returning a Promise give the same chain, bit for bit', async () => {
    const chains: Float64Array[] = [];
    for (const logProb of [filling, returning, asynchronous]) {
      const sampler = new EnsembleSampler(base(logProb, 5));
      await sampler.run({ steps: 60 });
      chains.push(sampler.getChain().data);
      expect(sampler.getLogProb().shape).toEqual([60, 32]);
    }
    expect(chains[1]).toEqual(chains[0]);
    expect(chains[2]).toEqual(chains[0]);
  });
});

describe('EnsembleSampler: resume through the API', () => {
  it('150 steps, then a new sampler resumes to 300: the chain, log p and summary of an uninterrupted 300-step run', async () => {
    const options = { ...base(filling, 9), moves: [{ move: 'de' as const, weight: 0.8 }, { move: 'desnooker' as const, weight: 0.2 }] };
    const whole = new EnsembleSampler(options);
    const wholeSummary = await whole.run({ steps: 300, out: path.join(work, 'whole'), checkpointEvery: 40 });
    const first = new EnsembleSampler(options);
    await first.run({ steps: 150, out: path.join(work, 'parts'), checkpointEvery: 40 });
    const resumed = new EnsembleSampler(options);
    const resumedSummary = await resumed.run({ steps: 300, out: path.join(work, 'parts'), resume: true, checkpointEvery: 40 });
    expect(resumed.getChain().data).toEqual(whole.getChain().data);
    expect(resumed.getLogProb().data).toEqual(whole.getLogProb().data);
    expect(resumed.getLastSample()).toEqual(whole.getLastSample());
    expect(resumedSummary.parameters).toEqual(wholeSummary.parameters);
    expect(resumedSummary.evaluations).toBe(wholeSummary.evaluations);
    for (const file of ['chain.h5', 'state.json', 'summary.json', 'sampler.json', 'provenance.json']) expect(fs.existsSync(path.join(work, 'parts', file)), file).toBe(true);
    // chain.h5 holds the same chain, under the parameter names
    const stored = await ChainStore.load(path.join(work, 'parts'), 300);
    expect(stored.extract(0).data).toEqual(whole.getChain().data);
    const file = await ChainFileReader.open(path.join(work, 'parts', 'chain.h5'));
    try {
      expect(file.info.parameterNames).toEqual(['x0', 'x1']);
    } finally {
      file.close();
    }
  });

  it('in memory: run 150 steps, run again to 300 (emcee run_mcmc twice): the uninterrupted 300-step run, bit for bit', async () => {
    const options = { ...base(asynchronous, 10), moves: 'walk:0.5,stretch:0.5' };
    const whole = new EnsembleSampler(options);
    const wholeSummary = await whole.run({ steps: 300, untilConverged: { checkEvery: 100 } });
    const continued = new EnsembleSampler(options);
    await continued.run({ steps: 150, untilConverged: { checkEvery: 100 } });
    const summary = await continued.run({ steps: 300, untilConverged: { checkEvery: 100 } });
    expect(continued.getChain().data).toEqual(whole.getChain().data);
    expect(continued.acceptanceFraction).toEqual(whole.acceptanceFraction);
    expect(summary.parameters).toEqual(wholeSummary.parameters);
    expect(summary.evaluations).toBe(wholeSummary.evaluations);
    await expect(continued.run({ steps: 400, out: path.join(work, 'later') })).rejects.toThrow(/^run: this sampler has run already/);
  });

  it('report: true also writes the report, plots and correlations of smeftfit run', async () => {
    const dir = path.join(work, 'report');
    await new EnsembleSampler({ ...base(filling, 13), parameterNames: ['a', 'b'] }).run({ steps: 200, out: dir, report: true });
    for (const file of ['report.md', 'correlation.json', 'intervals.svg']) expect(fs.existsSync(path.join(dir, file)), file).toBe(true);
    const correlation = JSON.parse(fs.readFileSync(path.join(dir, 'correlation.json'), 'utf8')) as { names: string[] };
    expect(correlation.names).toEqual(['a', 'b']);
  });

  it('refuses to resume under another seed, and to overwrite a run without resume', async () => {
    const dir = path.join(work, 'refusals');
    await new EnsembleSampler(base(filling, 11)).run({ steps: 20, out: dir });
    await expect(new EnsembleSampler(base(filling, 12)).run({ steps: 40, out: dir, resume: true })).rejects.toThrow(/^resume: .* was made with another model, seed or sampler setting/);
    await expect(new EnsembleSampler(base(filling, 11)).run({ steps: 40, out: dir })).rejects.toThrow(/^out: .* already holds a run; pass resume/);
    await expect(new EnsembleSampler(base(filling, 11)).run({ steps: 40, out: path.join(work, 'none'), resume: true })).rejects.toThrow(/^resume: .* holds no checkpoint/);
  });
});

describe('EnsembleSampler: wrong input is refused with one line naming the option', () => {
  const ok = base(filling, 1);
  const cases: [string, () => unknown, RegExp][] = [
    ['nWalkers not an integer', () => new EnsembleSampler({ ...ok, nWalkers: 2.5 }), /^nWalkers: expected an integer/],
    ['nDim zero', () => new EnsembleSampler({ ...ok, nDim: 0 }), /^nDim: expected an integer/],
    ['logProb not a function', () => new EnsembleSampler({ ...ok, logProb: 3 as unknown as LogProbFunction }), /^logProb: expected a function/],
    ['too few walkers', () => new EnsembleSampler({ ...ok, nWalkers: 3 }), /^nWalkers: .*allowFewWalkers: true/],
    ['parameterNames of the wrong length', () => new EnsembleSampler({ ...ok, parameterNames: ['a'] }), /^parameterNames: expected 2/],
    ['start.center of the wrong length', () => new EnsembleSampler({ ...ok, start: { center: [1, 2, 3] } }), /^start\.center: expected a number or 2 numbers/],
    ['bounds of the wrong length', () => new EnsembleSampler({ ...ok, bounds: { lower: [0], upper: [1] } }), /^bounds: expected lower and upper of 2/],
    ['an unknown move', () => new EnsembleSampler({ ...ok, moves: 'hop' }), /^moves: unknown move 'hop'/],
    ['a seed that is neither a number nor a string', () => new EnsembleSampler({ ...ok, seed: {} as number }), /^seed: expected a number or a string/],
    ['a move of weight 0', () => new EnsembleSampler({ ...ok, moves: [{ move: 'stretch', weight: 0 }] }), /^moves: move weights must be positive/],
    ['an unknown backend', () => new EnsembleSampler({ ...ok, backend: 'gpu' as 'cpu' }), /^backend: expected 'cpu', 'webgpu' or 'auto'/],
  ];
  for (const [what, make, message] of cases) {
    it(what, () => {
      expect(make).toThrow(InputError);
      expect(make).toThrow(message);
    });
  }

  it('steps missing, resume without out, getChain before a run', async () => {
    const sampler = new EnsembleSampler(ok);
    await expect(sampler.run({})).rejects.toThrow(/^steps: give the number of steps/);
    await expect(sampler.run({ steps: 10, resume: true })).rejects.toThrow(/^resume: needs the out directory/);
    expect(() => sampler.getChain()).toThrow(/^getChain: run the sampler first/);
  });

  it('logProb answering the wrong shape, or NaN', async () => {
    await expect(new EnsembleSampler({ ...ok, logProb: () => [1, 2, 3] }).run({ steps: 10 })).rejects.toThrow(/^logProb: returned 3 values for 1 points$/);
    await expect(new EnsembleSampler({ ...ok, logProb: () => 'x' as unknown as number[] }).run({ steps: 10 })).rejects.toThrow(/^logProb: expected it to fill out or return 1 numbers, got string$/);
    // NaN from the first step on (calls: the shape probe, the initial draw, the initial scores, then steps).
    let calls = 0;
    const nan: LogProbFunction = (points, n, out) => {
      filling(points, n, out);
      if (++calls > 3) out[n - 1] = NaN;
    };
    await expect(new EnsembleSampler({ ...ok, logProb: nan }).run({ steps: 10 })).rejects.toThrow(NaNLogProbError);
  });

  it('backend webgpu without a WGSL body', async () => {
    await expect(new EnsembleSampler({ ...ok, backend: 'webgpu' }).run({ steps: 10 })).rejects.toThrow(/^backend webgpu: this density has no WGSL body \(give wgsl\)/);
  });
});

const search = await findWebGpuDevice();

describe.skipIf(!search.ok)(`EnsembleSampler: a user's WGSL on ${search.ok ? search.handle.info.label : `no adapter (skipped: ${search.detail})`}`, () => {
  const wgsl = (scale: string) => `
    let d0 = x[0] - params[0];
    let d1 = x[1] - params[1];
    return ${scale} * -0.5 * (params[2] * d0 * d0 + 2.0 * params[3] * d0 * d1 + params[4] * d1 * d1);`;
  const gpu = { ...base(filling, 3), backend: 'webgpu' as const, wgslConstants: [...MU, ...PRECISION] };

  it('a body that agrees with logProb samples, with its measured float32 error in the summary', async () => {
    const summary = await new EnsembleSampler({ ...gpu, wgsl: wgsl('1.0') }).run({ steps: 40 });
    expect(summary.backend).toBe('webgpu');
    const float32 = summary.info.float32 as { error_bound: number; error_at_final_walkers: number };
    // float32 rounding of |log p| ≲ 10 at the probes and the final walkers: a few 1e-6 at most (2⁻²⁴ ≈ 6e-8
    // per operation), and not exactly 0 (the kernel's values are float32, the reference float64).
    expect(float32.error_bound).toBeLessThan(1e-4);
    expect(float32.error_at_final_walkers).toBeLessThan(1e-4);
    expect(float32.error_at_final_walkers).toBeGreaterThan(0);
  });

  it('a body that differs from logProb by 1 % of log p (≈ 0.1 at the probes 4 start widths out) is refused by the float32 guard', async () => {
    await expect(new EnsembleSampler({ ...gpu, wgsl: wgsl('1.01') }).run({ steps: 40 })).rejects.toThrow(/^backend webgpu: float32 kernel cannot evaluate this model accurately/);
  });

  it('a body the device rejects is an error naming wgsl', async () => {
    await expect(new EnsembleSampler({ ...gpu, wgsl: 'return undefinedThing;' }).run({ steps: 40 })).rejects.toThrow(/^wgsl: webgpu: the kernel was rejected by the device/);
  });
});
