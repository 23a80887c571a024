/**
 * One writer per run directory, with two real processes (issue: a --resume started while the first run was
 * still going made both append to one chain), and resume refused from a truncated or edited checkpoint.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../src/sampler/run-lock.ts';
import { runInProcess } from './in-process.ts';
import { runCli, startCli } from './run-cli.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-lock-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

// A run that cannot finish on its own within the test (10⁶ steps), checkpointing every 100 steps.
const config = path.join(work, 'long.yaml');
fs.writeFileSync(config, ['model:', '  target: normal', '  ndim: 3', 'seed: 3', 'backend: cpu', 'sampler:', '  walkers: 8', '  ensembles: 2', '  steps: 1000000', '  thin: 50', '  autoStop: false', '  checkpointEvery: 100', ''].join('\n'));

const iterationIn = (dir: string): number => {
  try {
    return (JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8')) as { iteration: number }).iteration;
  } catch {
    return 0;
  }
};

function expectOneLine(result: { status: number | null; stderr: string }, message: RegExp): void {
  expect(result.status, result.stderr).toBe(2);
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(message);
}

describe('run directory lock', () => {
  it('a second writer is refused while the first runs; after kill -9 the stale lock is taken over and the resume completes', async () => {
    const dir = path.join(work, 'locked');
    const first = startCli(['run', config, '--out', dir, '--quiet']);
    const exited = new Promise<NodeJS.Signals | null>((resolve) => first.on('exit', (_code, signal) => resolve(signal)));
    while (iterationIn(dir) < 200) await new Promise((r) => setTimeout(r, 20));

    const holder = JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')) as { pid: number; hostname: string };
    expect(holder.pid).toBe(first.pid);
    expect(holder.hostname).toBe(os.hostname());

    const second = await runCli(['run', config, '--out', dir, '--resume', '--quiet']);
    expectOneLine(second, new RegExp(`another smeftfit \\(process ${first.pid}`));
    // A fresh run into the same directory is refused too (it already holds a run).
    expectOneLine(await runInProcess(['run', config, '--out', dir, '--quiet']), /already holds a run/);

    first.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(fs.existsSync(path.join(dir, LOCK_FILE)), 'kill -9 leaves the lock behind').toBe(true);

    // Only --steps may change on resume: finish 100 steps after the last checkpoint.
    const target = iterationIn(dir) + 100;
    const resumed = await runCli(['run', config, '--out', dir, '--resume', '--steps', String(target), '--quiet', '--json']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout).steps).toBe(target);
    expect(fs.existsSync(path.join(dir, LOCK_FILE)), 'the lock is released at the end').toBe(false);
  });
});

describe('resume from a damaged checkpoint is refused', () => {
  const short = path.join(work, 'short.yaml');
  fs.writeFileSync(short, ['model:', '  target: normal', '  ndim: 3', 'backend: cpu', 'sampler:', '  walkers: 8', '  ensembles: 2', '  steps: 100', '  autoStop: false', '  checkpointEvery: 50', ''].join('\n'));

  it('truncated, wrong-length arrays, wrong types, or not JSON at all: one line, exit 2, nothing changed', async () => {
    const dir = path.join(work, 'damaged');
    expect((await runInProcess(['run', short, '--out', dir, '--quiet'])).status).toBe(0);
    const stateFile = path.join(dir, 'state.json');
    const good = fs.readFileSync(stateFile, 'utf8');
    const parsed = JSON.parse(good) as Record<string, unknown>;
    const damaged: [string, string, RegExp][] = [
      ['truncated', good.slice(0, Math.floor(good.length / 2)), /truncated or corrupted checkpoint \(not valid JSON/],
      ['empty', '', /not valid JSON/],
      ['short coords', JSON.stringify({ ...parsed, coords: (parsed.coords as number[]).slice(1) }), /coords: 47 entries, expected 48/],
      ['string in coords', JSON.stringify({ ...parsed, coords: ['x', ...(parsed.coords as number[]).slice(1)] }), /coords\.0:/],
      ['bad random state', JSON.stringify({ ...parsed, randomStates: [{ X: [1, 2], i: 0, w: 0 }, (parsed.randomStates as unknown[])[1]] }), /randomStates\.0\.X:/],
      ['missing field', JSON.stringify({ ...parsed, nWalkers: undefined }), /nWalkers:/],
    ];
    for (const [what, text, message] of damaged) {
      fs.writeFileSync(stateFile, text);
      const before = fs.readFileSync(path.join(dir, 'chain.h5'));
      const result = await runInProcess(['run', short, '--out', dir, '--resume', '--steps', '200', '--quiet']);
      expect(result.status, `${what}: ${result.stderr}`).toBe(2);
      expectOneLine(result, message);
      expect(result.stderr).toMatch(/state\.json/);
      expect(fs.readFileSync(path.join(dir, 'chain.h5')).equals(before), `${what}: the chain is untouched`).toBe(true);
      expect(fs.existsSync(path.join(dir, LOCK_FILE)), `${what}: the lock is released`).toBe(false);
    }
  });
});
