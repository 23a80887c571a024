/**
 * Checkpoint and resume with a real child process (issue: "a run killed with SIGKILL mid-way and resumed
 * must produce a chain bit-identical to an uninterrupted run with the same seed"), and the clean
 * interrupt path (SIGINT: final checkpoint, exit 130, resume continues without losing a step).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ChainFileReader } from '../../src/sampler/hdf5-chain.ts';
import { runCli, startCli } from './run-cli.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-resume-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

// gauss20 with 4 × 64 walkers: long enough (a few seconds) to be killed mid-way, checkpoint every 500 steps.
const config = path.join(work, 'resume.yaml');
fs.writeFileSync(
  config,
  ['model:', '  target: gauss20', 'seed: 7', 'backend: cpu', 'sampler:', '  walkers: 48', '  ensembles: 4', '  steps: 12000', '  thin: 10', '  autoStop: false', '  checkpointEvery: 500', ''].join('\n'),
);

function checkpointIteration(dir: string): number {
  try {
    return (JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8')) as { iteration: number }).iteration;
  } catch {
    return 0;
  }
}

async function stopWhenCheckpointed(dir: string, minimumIteration: number, signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const child = startCli(['run', config, '--out', dir, '--quiet']);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, sig) => resolve({ code, signal: sig })));
  let finished = false;
  void exited.then(() => (finished = true));
  while (!finished && checkpointIteration(dir) < minimumIteration) await new Promise((r) => setTimeout(r, 20));
  if (finished) throw new Error('the run finished before it could be interrupted; make it longer');
  child.kill(signal);
  return exited;
}

/** The committed rows of dir/chain.h5 as raw float64 bytes (chain, log_prob), and emcee's iteration. */
async function files(dir: string): Promise<{ chain: Buffer; logprob: Buffer; iteration: number }> {
  const reader = await ChainFileReader.open(path.join(dir, 'chain.h5'));
  try {
    const { positions, logProbs } = reader.readRows(0, reader.info.iteration);
    const bytes = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    return { chain: bytes(positions), logprob: bytes(logProbs), iteration: reader.info.iteration };
  } finally {
    reader.close();
  }
}

describe('kill and resume', () => {
  const straight = path.join(work, 'straight');
  it('the uninterrupted reference run completes', async () => {
    const result = await runCli(['run', config, '--out', straight, '--quiet', '--json']);
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).steps).toBe(12000);
  });

  it('SIGKILL mid-run, then --resume: chain and log-probabilities are bit-identical', async () => {
    const dir = path.join(work, 'killed');
    const { signal } = await stopWhenCheckpointed(dir, 2000, 'SIGKILL');
    expect(signal).toBe('SIGKILL');
    const iterationAtKill = checkpointIteration(dir);
    expect(iterationAtKill).toBeGreaterThanOrEqual(2000);
    expect(iterationAtKill).toBeLessThan(12000);
    const resumed = await runCli(['run', config, '--out', dir, '--resume', '--quiet', '--json']);
    expect(resumed.status, resumed.stderr).toBe(0);
    const a = await files(straight);
    const b = await files(dir);
    expect(a.iteration).toBe(1200);
    expect(b.iteration).toBe(a.iteration);
    expect(b.chain.length).toBe(a.chain.length);
    expect(b.chain.equals(a.chain)).toBe(true);
    expect(b.logprob.equals(a.logprob)).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8')).coords).toEqual(JSON.parse(fs.readFileSync(path.join(straight, 'state.json'), 'utf8')).coords);
  });

  it('SIGINT saves every step taken, exits 130, and --resume finishes the same chain', async () => {
    const dir = path.join(work, 'interrupted');
    const { code } = await stopWhenCheckpointed(dir, 1000, 'SIGINT');
    expect(code).toBe(130);
    const resumed = await runCli(['run', config, '--out', dir, '--resume', '--quiet', '--json']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect((await files(dir)).chain.equals((await files(straight)).chain)).toBe(true);
  });

  it('refuses to resume under another seed, and to overwrite a run without --resume (exit 2)', async () => {
    const otherSeed = await runCli(['run', config, '--out', straight, '--resume', '--seed', '8', '--quiet']);
    expect(otherSeed.status).toBe(2);
    expect(otherSeed.stderr).toMatch(/another model, seed or sampler setting/);
    const overwrite = await runCli(['run', config, '--out', straight, '--quiet']);
    expect(overwrite.status).toBe(2);
    expect(overwrite.stderr).toMatch(/already holds a run/);
  });
});
