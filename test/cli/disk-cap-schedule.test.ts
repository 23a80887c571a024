/**
 * sampler.diskCapMB thins only what is stored past the cap (issue #21): a gauss20 run under a 1 MiB cap
 * stores its rows in stages of doubling thin (thin-schedule.ts), records the schedule in chain.h5, stays
 * under the cap, stores exactly the uncapped run's states at the schedule's steps, bases its diagnostics on
 * evenly spaced rows, and resumes across a switch bit for bit.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readEmceeHdf5 } from '../../src/import/emcee-hdf5.ts';
import { ChainFileReader, loadHdf5 } from '../../src/sampler/hdf5-chain.ts';
import { ThinSchedule } from '../../src/sampler/thin-schedule.ts';
import { committedChainBytes } from '../support/chain-bytes.ts';
import { runInProcess } from './in-process.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-disk-cap-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function writeConfig(name: string, sampler: string[]): string {
  const file = path.join(work, `${name}.yaml`);
  const defaults = ['  walkers: 48', '  ensembles: 1', '  steps: 300', '  autoStop: false', '  checkpointEvery: 50'];
  const own = new Set(sampler.map((l) => l.split(':')[0]));
  const lines = ['model:', '  target: gauss20', 'seed: 7', 'backend: cpu', 'threads: 1', 'sampler:', ...defaults.filter((l) => !own.has(l.split(':')[0])), ...sampler, ''];
  fs.writeFileSync(file, lines.join('\n'));
  return file;
}

// 48 walkers × 21 values × 8 bytes = 8064 bytes a row, 68 rows an HDF5 chunk; 1 MiB less the 256 KiB file
// allowance holds one chunk: R = 68 rows. Halving from thin 2 (each stage ends on an even multiple of its
// thin): 34 rows at 2 (to step 68), 17 at 4 (to 136), 9 at 8 (to 208), 5 at 16 (to 288), the last 3 at 32.
const EXPECTED_SCHEDULE = [[0, 2], [34, 4], [51, 8], [60, 16], [65, 32]];
const capped = writeConfig('capped', ['  thin: 2', '  diskCapMB: 1']);
const uncapped = writeConfig('uncapped', ['  thin: 2']);

async function chainOf(dir: string): Promise<{ positions: Float64Array; logProbs: Float64Array; iteration: number; nWalkers: number; nDim: number; schedule: ThinSchedule }> {
  const reader = await ChainFileReader.open(path.join(dir, 'chain.h5'));
  try {
    const { iteration, nWalkers, nDim, thinSchedule } = reader.info;
    return { ...reader.readRows(0, iteration), iteration, nWalkers, nDim, schedule: thinSchedule };
  } finally {
    reader.close();
  }
}

function summaryOf(dir: string): { parameters: unknown; burn_in_steps: number; thin_schedule?: unknown; diagnostics_draws: { kept_rows: number } } {
  return JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8'));
}

describe('sampler.diskCapMB thin schedule', () => {
  const cappedDir = path.join(work, 'capped');
  const uncappedDir = path.join(work, 'uncapped');

  it('stores the first half of the cap at the config thin and doubles it after, under the cap, recorded in chain.h5', async () => {
    const result = await runInProcess(['run', capped, '--out', cappedDir, '--quiet']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr.trim()).toBe(
      'smeftfit: sampler.diskCapMB 1: 300 steps at thin 2 would store 1.4 MiB; storing thin 2 to step 68, thin 4 to step 136, thin 8 to step 208, thin 16 to step 288, thin 32 to step 300 instead (thin_schedule in chain.h5)',
    );
    expect(fs.statSync(path.join(cappedDir, 'chain.h5')).size).toBeLessThanOrEqual(2 ** 20);
    const h5 = await loadHdf5();
    const file = new h5.File(path.join(cappedDir, 'chain.h5'), 'r');
    try {
      const group = file.get('mcmc') as import('h5wasm').Group;
      const pairs = Array.from(group.get_attribute('thin_schedule', false) as unknown as BigInt64Array, Number);
      expect(pairs).toEqual(EXPECTED_SCHEDULE.flat());
      expect([Number(group.get_attribute('thin_by', true)), Number(group.get_attribute('thin_requested', true)), Number(group.get_attribute('disk_cap_mb', true))]).toEqual([2, 2, 1]);
      // Rows up to step 300: 65 (the last stage's first row, at step 320, is not reached).
      expect(Number(group.get_attribute('iteration', true))).toBe(65);
    } finally {
      file.close();
    }
  }, 60_000);

  it('stores, row by row, the uncapped run’s states at the schedule’s steps, bit for bit', async () => {
    const result = await runInProcess(['run', uncapped, '--out', uncappedDir, '--quiet']);
    expect(result.status, result.stderr).toBe(0);
    const a = await chainOf(cappedDir);
    const b = await chainOf(uncappedDir);
    expect(b.iteration).toBe(150);
    const rowP = a.nWalkers * a.nDim;
    const steps: number[] = [];
    for (let r = 0; r < a.iteration; r++) {
      const step = a.schedule.stepOfRow(r);
      steps.push(step);
      const u = step / 2 - 1; // the uncapped run stores step 2(u + 1) as row u
      expect(Buffer.from(a.positions.buffer, r * rowP * 8, rowP * 8).equals(Buffer.from(b.positions.buffer, u * rowP * 8, rowP * 8)), `row ${r} = step ${step}`).toBe(true);
      expect(Buffer.from(a.logProbs.buffer, r * a.nWalkers * 8, a.nWalkers * 8).equals(Buffer.from(b.logProbs.buffer, u * a.nWalkers * 8, a.nWalkers * 8)), `log_prob of row ${r}`).toBe(true);
    }
    // The schedule's steps: every 2nd to 68, every 4th to 136, 8th to 208, 16th to 288.
    const expected = [...range(2, 68, 2), ...range(72, 136, 4), ...range(144, 208, 8), ...range(224, 288, 16)];
    expect(steps).toEqual(expected);
  }, 60_000);

  it('bases τ, ESS and R̂ on evenly spaced rows: the same summary as an uncapped run storing every 16th step', async () => {
    // The capped run's last stored thin is 16 (steps 224 … 288): its diagnostics keep the rows on the grid of
    // 16, steps 16 … 288, which is exactly the chain of the same seed at thin 16 (sampling does not depend
    // on thin), so every diagnostic must agree to the last bit.
    const thin16 = writeConfig('thin16', ['  thin: 16']);
    const dir = path.join(work, 'thin16');
    expect((await runInProcess(['run', thin16, '--out', dir, '--quiet'])).status).toBe(0);
    const scheduled = summaryOf(cappedDir);
    const plain = summaryOf(dir);
    expect(scheduled.diagnostics_draws.kept_rows).toBe(18);
    expect(scheduled.thin_schedule).toEqual(EXPECTED_SCHEDULE.slice(0, 4));
    expect(scheduled.burn_in_steps).toBe(plain.burn_in_steps);
    expect(scheduled.parameters).toEqual(plain.parameters);
    // diagnose rebuilds the same reservoir from chain.h5 and its schedule.
    const diagnosed = await runInProcess(['diagnose', cappedDir, '--json']);
    expect(diagnosed.status, diagnosed.stderr).toBe(0);
    expect((JSON.parse(diagnosed.stdout) as { parameters: unknown }).parameters).toEqual(scheduled.parameters);
    // Read as a bare emcee file (compare's .h5 side) or exported, the scheduled chain gives the rows on its
    // last thin's grid: the thin-16 run's rows (16 … 288; the thin-16 run also holds no more).
    const [bare, reference] = [await readEmceeHdf5(path.join(cappedDir, 'chain.h5')), await readEmceeHdf5(path.join(dir, 'chain.h5'))];
    expect(bare.draws).toEqual(reference.draws);
    const exported = await runInProcess(['export', cappedDir, '--to', 'arviz', '--out', path.join(work, 'capped.nc')]);
    expect(exported.status, exported.stderr).toBe(0);
    // burn-in 32 steps (summary.json): rows on the grid of 16 after step 32 are steps 48 … 288, 16 of them.
    expect(exported.stdout).toMatch(/1 chains \(ensembles\) × 768 draws of 20 parameters, burn-in of 32 steps removed/);
  }, 60_000);

  it('resumes across a switch bit for bit, and refuses a step cap past what the schedule can store', async () => {
    // Stopped at step 110: inside the second stage (thin 4), not on a stored step.
    const dir = path.join(work, 'resumed');
    expect((await runInProcess(['run', capped, '--out', dir, '--steps', '110', '--quiet'])).status).toBe(0);
    expect((await chainOf(dir)).iteration).toBe(34 + 10);
    const resumed = await runInProcess(['run', capped, '--out', dir, '--resume', '--steps', '300', '--quiet']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toBe('');
    const [straight, continued] = [await committedChainBytes(cappedDir), await committedChainBytes(dir)];
    expect(continued.iteration).toBe(straight.iteration);
    expect(continued.bytes.equals(straight.bytes)).toBe(true);
    expect(summaryOf(dir).parameters).toEqual(summaryOf(cappedDir).parameters);
    // The schedule stores up to step 288 + 3 · 32 = 384.
    const refused = await runInProcess(['run', capped, '--out', dir, '--resume', '--steps', '400', '--quiet']);
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim()).toBe('smeftfit: --steps: 400 steps pass the 384 that sampler.diskCapMB 1 can store at thin 2 (68 rows, thinned by halves); thin: 3 would fit (or lower --steps, or raise the cap)');
    // A new run is refused before anything is written, and so is its --dry-run.
    for (const args of [['--out', path.join(work, 'too-long')], ['--dry-run']]) {
      const early = await runInProcess(['run', capped, ...args, '--steps', '400', '--quiet']);
      expect([early.status, early.stderr]).toEqual([2, refused.stderr]);
    }
    expect(fs.existsSync(path.join(work, 'too-long'))).toBe(false);
  }, 60_000);

  it('merge keeps the schedule of the ensemble runs it joins', async () => {
    const split = writeConfig('split', ['  thin: 2', '  diskCapMB: 1', '  ensembles: 2']);
    const parts = [path.join(work, 'part0'), path.join(work, 'part1')];
    for (const [i, dir] of parts.entries()) {
      const result = await runInProcess(['run', split, '--ensemble-index', String(i), '--out', dir, '--quiet']);
      expect(result.status, result.stderr).toBe(0);
    }
    const merged = path.join(work, 'merged');
    const result = await runInProcess(['merge', merged, ...parts]);
    expect(result.status, result.stderr).toBe(0);
    // Each part is one ensemble of 48 walkers under the 1 MiB cap: the schedule above; the merged file
    // holds both parts' rows (twice one part's bytes), at the same steps.
    const chain = await chainOf(merged);
    expect([chain.nWalkers, chain.iteration]).toEqual([96, 65]);
    expect(chain.schedule.pairs()).toEqual(EXPECTED_SCHEDULE);
    expect(summaryOf(merged).thin_schedule).toEqual(EXPECTED_SCHEDULE.slice(0, 4));
  }, 60_000);
});

function range(from: number, to: number, by: number): number[] {
  return Array.from({ length: (to - from) / by + 1 }, (_, i) => from + i * by);
}
