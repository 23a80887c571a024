/**
 * `smeftfit compare`: the agreement rule on equal and shifted posteriors (several seeds), every importer
 * against its fixture (emcee HDF5 written by emcee itself, CSV, NumPy .npy, HEPfit/BAT summaries with a
 * name mapping), and the CLI's exit status (0 agree, 1 disagree, 2 input error).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareCommand } from '../../src/commands/compare.ts';
import { readChainTable } from '../../src/import/chain-table.ts';
import { readEmceeHdf5 } from '../../src/import/emcee-hdf5.ts';
import { readHepfitSummary } from '../../src/import/hepfit-summary.ts';
import { readNameMapping } from '../../src/import/name-mapping.ts';
import { renameSide, sideFromChains } from '../../src/import/posterior-side.ts';
import { comparePosteriors } from '../../src/output/compare-posteriors.ts';
import { RandomStream } from '../../src/sampler/random.ts';
import { runCli } from '../cli/run-cli.ts';

const fixtures = path.join(import.meta.dirname, 'fixtures');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-compare-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** K chains of an AR(1) process with stationary N(mean, sd²) and lag-1 correlation rho: finite, autocorrelated chains. */
function arChains(seed: string, names: string[], shift: number[], K = 4, n = 2000, rho = 0.5): Float64Array[] {
  const r = RandomStream.fromSeed(seed);
  const d = names.length;
  return Array.from({ length: K }, () => {
    const c = new Float64Array(n * d);
    for (let j = 0; j < d; j++) {
      let x = r.normal();
      for (let t = 0; t < n; t++) {
        x = rho * x + Math.sqrt(1 - rho * rho) * r.normal();
        c[t * d + j] = x + shift[j];
      }
    }
    return c;
  });
}

describe('agreement rule', () => {
  const names = Array.from({ length: 10 }, (_, i) => `p${i}`);
  it('equal posteriors from finite chains pass in every one of 8 seeds (10 parameters each)', () => {
    // Each side has ESS ≈ 8000/3 per parameter, so 4·MCSE ≈ 0.11σ: comparable to the 0.1σ floor; with
    // the AND rule a false flag needs a > 4 MCSE fluctuation (p ≈ 6e-5 per parameter).
    for (let seed = 0; seed < 8; seed++) {
      const a = sideFromChains('A', 'a', names, arChains(`a${seed}`, names, new Array(10).fill(0)));
      const b = sideFromChains('B', 'b', names, arChains(`b${seed}`, names, new Array(10).fill(0)));
      const c = comparePosteriors(a, b);
      expect(c.agree, `seed ${seed}: ${c.flagged.join(', ')}`).toBe(true);
      expect(Math.max(...c.parameters.map((p) => Math.abs(p.delta_mcse)))).toBeLessThan(4);
    }
  });

  it('a posterior shifted by 0.3σ in one parameter is flagged in that parameter only, in every seed', () => {
    for (let seed = 0; seed < 4; seed++) {
      const shift = new Array(10).fill(0);
      shift[3] = 0.3;
      const c = comparePosteriors(sideFromChains('A', 'a', names, arChains(`s${seed}`, names, new Array(10).fill(0))), sideFromChains('B', 'b', names, arChains(`t${seed}`, names, shift)));
      expect(c.agree).toBe(false);
      expect(c.flagged).toEqual(['p3']);
      expect(c.parameters[3].delta_sigma).toBeGreaterThan(0.2);
    }
  });

  it('reports the largest correlation difference and the efficiency ratio', () => {
    const a = sideFromChains('A', 'a', ['x', 'y'], arChains('c1', ['x', 'y'], [0, 0]), { evaluations: 1000, wallSeconds: 2 });
    const b = sideFromChains('B', 'b', ['x', 'y'], arChains('c2', ['x', 'y'], [0, 0]), { evaluations: 4000, wallSeconds: 2 });
    const c = comparePosteriors(a, b);
    expect(c.largest_correlation_difference?.pair).toEqual(['x', 'y']);
    // ratio of (min ESS / evaluations): B spent 4× the evaluations for a similar ESS
    expect(c.ess_per_evaluation_ratio).toBeCloseTo((c.a.ess_min! / 1000) / (c.b.ess_min! / 4000), 12);
  });
});

describe('importers', () => {
  const python = '/usr/bin/python3';
  const h5 = path.join(work, 'emcee.h5');
  const npy = path.join(work, 'chain.npy');
  const reference = path.join(work, 'reference.json');
  it('emcee HDF5 written by emcee itself (HDFBackend) and its .npy get_chain: same draws, same statistics as numpy', () => {
    // The fixture comes from the peer program, Debian's python3-emcee + python3-h5py + python3-numpy.
    const script = `
import json, numpy as np, emcee
np.random.seed(3)
ndim, nw = 3, 16
backend = emcee.backends.HDFBackend(${JSON.stringify(h5)})
backend.reset(nw, ndim)
s = emcee.EnsembleSampler(nw, ndim, lambda x: -0.5*np.sum((x-np.array([1.,-2.,0.5]))**2/np.array([1.,4.,0.25])), backend=backend)
s.run_mcmc(np.random.randn(nw, ndim), 600)
c = s.get_chain(discard=100)
np.save(${JSON.stringify(npy)}, c)
flat = c.reshape(-1, ndim)
json.dump({"mean": flat.mean(0).tolist(), "sd": flat.std(0, ddof=1).tolist(), "q05": np.quantile(flat, 0.05, axis=0).tolist()}, open(${JSON.stringify(reference)}, "w"))
`;
    const out = spawnSync(python, ['-c', script], { encoding: 'utf8' });
    expect(out.status, out.stderr).toBe(0);
    const ref = JSON.parse(fs.readFileSync(reference, 'utf8')) as { mean: number[]; sd: number[]; q05: number[] };
    return (async () => {
      const side = await readEmceeHdf5(h5, { discard: 100, names: ['a', 'b', 'c'] });
      const fromNpy = readChainTable(npy, { names: ['a', 'b', 'c'] });
      side.statistics.forEach((s, d) => {
        // relative 1e-12: the same float64 draws summed in another order
        expect(Math.abs(s.mean - ref.mean[d])).toBeLessThan(1e-12 * (1 + Math.abs(ref.mean[d])));
        expect(Math.abs(s.sd - ref.sd[d])).toBeLessThan(1e-12 * ref.sd[d]);
        expect(Math.abs(s.q05! - ref.q05[d])).toBeLessThan(1e-12 * (1 + Math.abs(ref.q05[d])));
        expect(fromNpy.statistics[d]).toEqual(s);
      });
      expect(side.draws![0].length).toBe(16);
      expect(comparePosteriors(side, fromNpy).agree).toBe(true);
    })();
  });

  it('CSV with a header and a chain column', () => {
    const file = path.join(work, 'chain.csv');
    const rows = ['# comment', 'a,chain,b'];
    for (let t = 0; t < 10; t++) for (const c of [0, 1]) rows.push(`${t + c * 100},${c},${-t}`);
    fs.writeFileSync(file, rows.join('\n') + '\n');
    const side = readChainTable(file, { discard: 2 });
    expect(side.names).toEqual(['a', 'b']);
    expect(side.draws![0].map((c) => Array.from(c))).toEqual([[2, 3, 4, 5, 6, 7, 8, 9], [102, 103, 104, 105, 106, 107, 108, 109]]);
    expect(side.statistics[1].mean).toBe(-5.5);
    fs.writeFileSync(file, 'a,b\n1,x\n');
    expect(() => readChainTable(file)).toThrow(/chain.csv:2: column b: 'x' is not a number/);
  });

  it('HEPfit/BAT summaries: MonteCarlo_results.txt, the BAT 1.x log and Observables/Statistics.txt', () => {
    const results = readHepfitSummary(path.join(fixtures, 'MonteCarlo_results.txt'));
    expect(results.kind).toBe('summary');
    expect(results.names).toEqual(['CHl1_11', 'CHD']); // 'mtop' is fixed: skipped
    expect(results.statistics[0]).toEqual({ mean: 0.0123, sd: 0.0456, q05: -0.0627, q50: 0.012, q95: 0.0873 });
    expect(results.statistics[1]).toEqual({ mean: -0.251, sd: 0.5, q05: -1.073, q50: -0.25, q95: 0.571 });
    const log = readHepfitSummary(path.join(fixtures, 'log.txt'));
    expect(log.names).toEqual(['CHl1_11']);
    expect(log.statistics[0]).toEqual(results.statistics[0]);
    const observables = readHepfitSummary(path.join(fixtures, 'Statistics.txt'));
    expect(observables.names).toEqual(['Mw']); // the empty binned histogram is skipped
    expect(observables.statistics[0]).toEqual({ mean: 80.3612, sd: 0.0061, q05: undefined, q50: undefined, q95: undefined });
  });

  it('a draws side against a HEPfit summary through the name mapping: means/sds/quantiles only', () => {
    const mapping = readNameMapping(path.join(fixtures, 'hepfit-to-wcxf.txt'));
    expect([...mapping]).toEqual([['CHl1_11', 'phil1_11'], ['CHD', 'phiD']]);
    const hepfit = renameSide(readHepfitSummary(path.join(fixtures, 'MonteCarlo_results.txt')), mapping);
    const r = RandomStream.fromSeed('hepfit');
    const draws = (mean: number[], sd: number[]) =>
      Array.from({ length: 4 }, () => Float64Array.from({ length: 4000 * 2 }, (_, k) => mean[k % 2] + sd[k % 2] * r.normal()));
    const same = sideFromChains('smeftfit', 'run', ['phil1_11', 'phiD'], draws([0.0123, -0.251], [0.0456, 0.5]));
    const c = comparePosteriors(same, hepfit);
    expect(c.parameters.map((p) => p.name)).toEqual(['phil1_11', 'phiD']);
    expect(c.agree).toBe(true);
    expect(c.correlation_difference).toBeUndefined();
    const shifted = sideFromChains('smeftfit', 'run', ['phil1_11', 'phiD'], draws([0.0123 + 0.02, -0.251], [0.0456, 0.5]));
    expect(comparePosteriors(shifted, hepfit).flagged).toEqual(['phil1_11']);
  });
});

describe('smeftfit compare A B (exit status)', () => {
  it('0 when the posteriors agree, 1 when they do not, 2 on bad input; writes compare.json/.md and plots', async () => {
    const write = (file: string, shift: number, seed: string) => {
      const r = RandomStream.fromSeed(seed);
      const rows = ['x,y,chain'];
      for (const c of [0, 1, 2, 3]) for (let t = 0; t < 1500; t++) rows.push(`${r.normal() + shift},${2 * r.normal()},${c}`);
      fs.writeFileSync(file, rows.join('\n'));
    };
    const [a, b, shifted] = ['a.csv', 'b.csv', 'shifted.csv'].map((f) => path.join(work, f));
    write(a, 0, 'A');
    write(b, 0, 'B');
    write(shifted, 0.5, 'C');
    const out = path.join(work, 'out');
    const agree = await runCli(['compare', a, b, '--out', out]);
    expect(agree.status, agree.stderr).toBe(0);
    for (const f of ['compare.json', 'compare.md', 'compare-marginals.svg', 'compare-marginals.png', 'compare-correlation-difference.svg']) expect(fs.existsSync(path.join(out, f)), f).toBe(true);
    const disagree = await runCli(['compare', a, shifted, '--out', out, '--json']);
    expect(disagree.status).toBe(1);
    expect(JSON.parse(disagree.stdout).flagged).toEqual(['x']);
    const missing = await runCli(['compare', a, path.join(work, 'nothing.h5'), '--out', out]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/nothing\.h5: no such file/);
  });
});

describe('smeftfit compare <config>', () => {
  it('runs the ensemble, then Metropolis on the same evaluation budget, and the two agree on N(0, I₃)', async () => {
    const config = path.join(work, 'normal3.yaml');
    fs.writeFileSync(config, ['name: normal3', 'model:', '  target: normal', '  ndim: 3', 'seed: 2', 'backend: cpu', 'sampler:', '  walkers: 16', '  ensembles: 2', '  steps: 3000', '  autoStop: false', '  checkpointEvery: 1000', ''].join('\n'));
    const runs = path.join(work, 'cmp-runs');
    const { comparison } = await compareCommand([config], { runs, out: path.join(work, 'cmp-out'), quiet: true });
    expect(comparison.agree).toBe(true);
    expect(comparison.a.sampler).toBe('ensemble');
    expect(comparison.b.sampler).toBe('metropolis');
    // the Metropolis run spends the ensemble's evaluations: floor((budget − pre-run)/K) main iterations,
    // proposals outside the limits unscored, so at most the budget and less than K·(1 + rejected) below it
    expect(comparison.b.evaluations!).toBeLessThanOrEqual(comparison.a.evaluations!);
    expect(comparison.b.evaluations!).toBeGreaterThan(comparison.a.evaluations! - 5);
    expect(comparison.ess_per_evaluation_ratio).toBeGreaterThan(0);
    const summary = JSON.parse(fs.readFileSync(path.join(runs, 'metropolis', 'summary.json'), 'utf8'));
    expect(summary.ensembles).toBe(5); // K chains, each its own "ensemble" for R̂
    expect(summary.info.metropolis.pre_run_outcome).toBe('converged');
  });
});
