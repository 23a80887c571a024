/**
 * Resume with the driven moves through the run command: a run stopped at a checkpoint and continued with
 * --resume writes the chain of the uninterrupted run bit for bit, although the slice move's scale was
 * still being tuned when it stopped (its state travels in state.json), and the summary counts the
 * evaluations, which vary from step to step with these moves.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { committedChainBytes } from '../support/chain-bytes.ts';
import { runInProcess } from './in-process.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-resume-driven-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const config = path.join(work, 'driven.yaml');
fs.writeFileSync(
  config,
  ['model:', '  target: gauss20', 'seed: 5', 'backend: cpu', 'threads: 1', 'sampler:', '  walkers: 48', '  ensembles: 2', '  steps: 60', '  thin: 2', '  autoStop: false', '  checkpointEvery: 20', ''].join('\n'),
);


describe('resume with driven moves (--moves slice:0.5,gess:0.3,de:0.2)', () => {
  it('stopped at step 20 and resumed to 60: chain, log-probabilities and move state equal the uninterrupted run', async () => {
    const moves = ['--moves', 'slice:0.5,gess:0.3,de:0.2'];
    const straight = path.join(work, 'straight');
    const split = path.join(work, 'split');
    const full = await runInProcess(['run', config, '--out', straight, '--quiet', '--json', ...moves]);
    expect(full.status, full.stderr).toBe(0);
    const first = await runInProcess(['run', config, '--out', split, '--quiet', '--steps', '20', ...moves]);
    expect(first.status, first.stderr).toBe(0);
    const stopped = JSON.parse(fs.readFileSync(path.join(split, 'state.json'), 'utf8'));
    expect(stopped.iteration).toBe(20);
    // The slice move's scale is still tuning in at least one ensemble at step 20 (flag 1 in its state).
    expect((stopped.moveStates['0:slice'] as number[][]).some((e) => e[1] === 1)).toBe(true);
    const rest = await runInProcess(['run', config, '--out', split, '--resume', '--quiet', '--json', ...moves]);
    expect(rest.status, rest.stderr).toBe(0);
    expect((await committedChainBytes(split)).bytes.equals((await committedChainBytes(straight)).bytes)).toBe(true);
    const [a, b] = [straight, split].map((dir) => JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8')));
    expect(b.moveStates).toEqual(a.moveStates);
    expect(b.evaluations).toBe(a.evaluations);
    const summary = JSON.parse(full.stdout);
    // Evaluations per walker update: ≥ 1 (DE), ≈ 5 (slice), ≈ 2–5 (gess) at this size; the summary's figure is
    // evaluations / (steps × walkers), the initial draw included.
    expect(summary.evaluations_per_walker_update).toBeCloseTo(summary.evaluations / (60 * 96), 12);
    expect(summary.evaluations_per_walker_update).toBeGreaterThan(1.5);
  }, 120_000);
});
