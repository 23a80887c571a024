/**
 * Regression tests of the input-bound defects of the fault campaign (issue 21, defects 6, 7, 8 and 11):
 * each case failed on the code before the bounds (a run, a NaN printed with exit 0, a hang or a stack) and
 * must now be one line on stderr naming the field or flag, exit code 2, nothing written under --out — or,
 * for the seeds, two runs that differ. In-process through src/cli.ts's runCli, as bin/smeftfit.js runs it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../src/config/load-config.ts';
import { ChainFileReader } from '../../src/sampler/hdf5-chain.ts';
import { runInProcess } from './in-process.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-bounds-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

let files = 0;
function file(text: string, ext = 'yaml'): string {
  const name = path.join(work, `input-${files++}.${ext}`);
  fs.writeFileSync(name, text);
  return name;
}

const NORMAL = 'model:\n  target: normal\n  ndim: 2\nbackend: cpu\nsampler:\n  walkers: 8\n  ensembles: 1\n  steps: 40\n';

/** Exit 2, one line matching `message`, nothing on stdout, --out never created. */
async function expectRefused(args: string[], message: RegExp): Promise<void> {
  const out = path.join(work, `never-${files++}`);
  const withOut = args[0] === 'run' ? [...args, '--out', out, '--quiet'] : args;
  const result = await runInProcess(withOut);
  expect(result.status, `${args.join(' ')}: ${result.stderr}${result.stdout}`).toBe(2);
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(result.stdout).toBe('');
  expect(fs.existsSync(out), `${out} must not be created`).toBe(false);
}

describe('defect 6: seeds are kept exactly', () => {
  it('--seed 12345678901234567891 and …892 give different chains; config.json records the seed as given', async () => {
    const config = file(`${NORMAL}  autoStop: false\nthreads: 1\n`);
    const chains: Buffer[] = [];
    for (const seed of ['12345678901234567891', '12345678901234567892']) {
      const out = path.join(work, `seed-${seed}`);
      const result = await runInProcess(['run', config, '--seed', seed, '--steps', '5', '--out', out, '--quiet', '--json']);
      expect(result.status, result.stderr).toBe(0);
      // Recorded exactly (as the decimal string), not rounded to 12345678901234567000.
      expect(JSON.parse(fs.readFileSync(path.join(out, 'config.json'), 'utf8')).seed).toBe(seed);
      const reader = await ChainFileReader.open(path.join(out, 'chain.h5'));
      const { positions } = reader.readRows(0, reader.info.iteration);
      reader.close();
      chains.push(Buffer.from(positions.buffer, positions.byteOffset, positions.byteLength));
    }
    expect(chains[0].length).toBeGreaterThan(0);
    expect(chains[0].equals(chains[1]), 'two seeds, one chain').toBe(false);
  }, 120_000);

  it('a config seed beyond 2^53 (already rounded by YAML) is refused with the way to keep it', async () => {
    await expectRefused(['run', file(`${NORMAL}seed: 12345678901234567891\n`)], /:\d+: seed: .*2\^53.*quotes/);
    // Quoted, it is a string seed and kept as written.
    expect(parseRunConfig(`${NORMAL}seed: '12345678901234567891'\n`).seed).toBe('12345678901234567891');
  });
});

describe('defect 7: nothing is silently ignored', () => {
  it('flags of the other sampler: --sampler metropolis --steps 50 (ran 100 000 iterations), --chains on the ensemble sampler', async () => {
    await expectRefused(['run', file(NORMAL), '--sampler', 'metropolis', '--steps', '50'], /^smeftfit: --steps: applies to the ensemble sampler only/);
    await expectRefused(['run', file(NORMAL), '--sampler', 'metropolis', '--walkers', '8'], /^smeftfit: --walkers: applies to the ensemble sampler only/);
    await expectRefused(['run', file(NORMAL), '--chains', '4'], /^smeftfit: --chains: applies to the Metropolis sampler only/);
    // The same in a config: an ensemble-sampler field beside kind: metropolis.
    await expectRefused(['run', file('model:\n  target: normal\nsampler:\n  kind: metropolis\n  steps: 50\n')], /:5: sampler\.steps: applies to the ensemble sampler only; with kind metropolis use sampler\.metropolis\.iterations/);
  });

  it('extra positional arguments', async () => {
    await expectRefused(['run', file(NORMAL), 'extra'], /^smeftfit: error: too many arguments for 'run'/);
    await expectRefused(['predict', '--obs', 'MW', 'extra'], /^smeftfit: error: too many arguments for 'predict'/);
  });

  it('integer flags are decimal: --walkers 0x10 is not read as 16', async () => {
    await expectRefused(['run', file(NORMAL), '--walkers', '0x10'], /^smeftfit: error: option '--walkers <n>' argument '0x10' is invalid/);
    await expectRefused(['run', file(NORMAL), '--steps', '0b11'], /^smeftfit: error: option '--steps <n>' argument '0b11' is invalid/);
  });

  it('--moves de:Infinity (and other weights that are not plain positive decimals)', async () => {
    for (const moves of ['de:Infinity', 'de:1e999', 'de:0x10', 'de:1:2', 'de:1e7']) {
      await expectRefused(['run', file(NORMAL), '--moves', moves], /^smeftfit: --moves: /);
    }
  });

  it('ndim, options, data and wcxf on test targets', async () => {
    await expectRefused(['run', file('model:\n  target: gauss20\n  ndim: 3\n')], /:3: model\.ndim: only target 'normal' takes a dimension/);
    await expectRefused(['run', file('model:\n  target: normal\n  options:\n    running: true\n')], /:\d+: model\.options: test targets take no options/);
    await expectRefused(['run', file('model:\n  target: normal\n  data: current\n')], /:\d+: model\.data: test targets have no data era/);
    await expectRefused(['run', file(NORMAL), '--data', 'current'], /^smeftfit: --data: only physics scenarios/);
  });

  it('unknown names in wcHalfWidths', async () => {
    await expectRefused(['run', file('model:\n  scenario: ew\n  options:\n    wcHalfWidths:\n      phil1_11: 0.5\n      phil1_99: 1\n')], /wcHalfWidths: 'phil1_99' is not a Wilson coefficient of this fit/);
  });

  it('burn: 1e9 (was clamped to one row: NaN τ and ESS)', async () => {
    await expectRefused(['run', file(`${NORMAL}  burn: 1000000000\n`)], /^smeftfit: sampler\.burn: 1000000000 burn-in steps leave fewer than 4 stored rows/);
    await expectRefused(['run', file(`${NORMAL}  burn: 30\n`), '--steps', '20'], /^smeftfit: sampler\.burn: 30 burn-in steps/);
  });

  it('predict: __proto__, 0x10, duplicate names', async () => {
    await expectRefused(['predict', '--obs', 'MW', '--wc', '__proto__=1'], /^smeftfit: --wc: unknown Wilson coefficient '__proto__'/);
    await expectRefused(['predict', '--obs', 'MW', '--nuisance', '__proto__=1'], /^smeftfit: --nuisance: unknown SM input '__proto__'/);
    await expectRefused(['predict', '--obs', 'MW', '--wc', 'phil1_11=0x10'], /^smeftfit: --wc: expected name=number \(a plain decimal\), got 'phil1_11=0x10'/);
    await expectRefused(['predict', '--obs', 'MW', '--nuisance', 'mt=173,mt=170'], /^smeftfit: --nuisance: mt is given twice/);
    await expectRefused(['predict', '--obs', 'MW,GammaZ,MW'], /^smeftfit: --obs: MW is named twice/);
  });

  it('predict never prints a non-finite value or M_W = −149 GeV with exit 0', async () => {
    for (const nuisance of ['MZ=0', 'MH=0', 'dalhad=1', 'mt=1e308', 'MZ=-91']) {
      await expectRefused(['predict', '--obs', 'GammaZ,MW,A_e', '--nuisance', nuisance], new RegExp(`^smeftfit: --nuisance: ${nuisance.split('=')[0]} = \\S+ is outside \\[`));
    }
    await expectRefused(['predict', '--obs', 'GammaZ,MW', '--wc', 'lu_2233=1e308'], /^smeftfit: --wc: lu_2233 = 1e\+308 is beyond ±10000/);
    // The edges of the boxes themselves give finite predictions.
    const edge = await runInProcess(['predict', '--obs', 'GammaZ,MW,A_e,R_b', '--nuisance', 'MZ=80,MH=1000,mt=300,als=0.3,dalhad=0.05', '--wc', 'lu_2233=1e4,phil1_11=-1e4', '--json']);
    expect(edge.status, edge.stderr).toBe(0);
    for (const value of Object.values(JSON.parse(edge.stdout) as Record<string, number>)) expect(Number.isFinite(value)).toBe(true);
  });
});

describe('defect 8: sizes and settings with no range', () => {
  it('Metropolis chains: 1e7 (4.8 GB in 46 s) is refused up front with the estimate', async () => {
    await expectRefused(['run', file('model:\n  target: normal\n  ndim: 5\nsampler:\n  kind: metropolis\n  metropolis:\n    chains: 10000000\n')], /^smeftfit: sampler(\.metropolis\.chains)?: .*10000000 .*(GiB|more than)/);
  });

  it('--threads 1024 (1201 threads, 5.9 GB) is refused against the cores', async () => {
    await expectRefused(['run', file(NORMAL), '--threads', '1024'], /^smeftfit: --threads: 1024 threads is more than this machine's \d+ available cores/);
  });

  it('normal ndim 4000 with the walkers it needs (no output after 150 s) is refused with the cost', async () => {
    await expectRefused(['run', file('model:\n  target: normal\n  ndim: 4000\nsampler:\n  walkers: 8000\n')], /^smeftfit: sampler: the initial-walker independence check .* 4000 dimensions costs ≈ \S+ operations/);
  });

  it('quadrature.subintervals: 1e9 (RangeError) and qedUncertainty: 1e308 (non-positive-definite covariance)', async () => {
    await expectRefused(['run', file('model:\n  scenario: flavour-pdd\n  options:\n    quadrature:\n      subintervals: 1000000000\n      order: 8\n')], /^smeftfit: model\.options\.quadrature\.subintervals: .*\(scenario flavour-pdd\)/);
    await expectRefused(['run', file('model:\n  scenario: flavour-pdd\n  options:\n    qedUncertainty: 1.0e+308\n')], /^smeftfit: model\.options\.qedUncertainty: .*\(scenario flavour-pdd\)/);
  });

  it('moves whose every proposal is non-finite (died at step 0 leaving files in --out)', async () => {
    const withMove = (move: string) => file(`${NORMAL}  moves:\n    - ${move}\n`);
    await expectRefused(['run', withMove('{ move: gaussian, cov: [-1, 1] }')], /:\d+: sampler\.moves\.0\.cov/);
    await expectRefused(['run', withMove('{ move: gaussian, cov: [[1, 2], [2, 1]] }')], /^smeftfit: moves: gaussian move: cov is not positive definite/);
    await expectRefused(['run', withMove('{ move: gaussian, cov: [[1, 0.5], [0, 1]] }')], /^smeftfit: sampler\.moves\.0\.cov: not symmetric/);
    await expectRefused(['run', withMove('{ move: stretch, a: 1.0e+308 }')], /:\d+: sampler\.moves\.0\.a: /);
    await expectRefused(['run', withMove('{ move: de, sigma: 1.0e+308 }')], /:\d+: sampler\.moves\.0\.sigma: /);
  });
});

describe('defect 11: large YAML inputs are linear or refused at once', () => {
  it('an 80 000-key config is refused by its size before parsing (was 45 s of quadratic parsing)', async () => {
    // Short keys keep it under the 1 MiB that was the only limit before (it was parsed, quadratically, then refused).
    const keys = Array.from({ length: 80_000 }, (_, i) => `  k${i.toString(36)}: 1\n`).join('');
    await expectRefused(['run', file(`model:\n  target: normal\nsampler:\n${keys}`)], /^smeftfit: \S+: not a run config \(larger than 262144 bytes\)/);
  });

  it('a 100 000-entry WCxf file is refused by its size before parsing (was 82 s in predict)', async () => {
    const entries = Array.from({ length: 100_000 }, (_, i) => `  x_${i}: 0\n`).join('');
    await expectRefused(['predict', '--obs', 'MW', '--wc-file', file(`eft: SMEFT\nbasis: Warsaw\nscale: 1000\nvalues:\n${entries}`)], /^smeftfit: \S+: not a WCxf file \(larger than 1 MiB\)/);
  });

  it('duplicate keys are still refused, with their line, now that the parser does not check them itself', async () => {
    await expectRefused(['run', file('model:\n  target: normal\nsampler:\n  walkers: 8\n  walkers: 9\n')], /:5: YAML: map keys must be unique \('walkers' appears twice\)/);
    await expectRefused(['predict', '--obs', 'MW', '--wc-file', file('eft: SMEFT\nbasis: Warsaw\nscale: 1000\nvalues:\n  phil1_11: 1.0e-7\n  phil1_11: 2.0e-7\n')], /not a WCxf file \(YAML, line 6: map keys must be unique/);
  });
});
