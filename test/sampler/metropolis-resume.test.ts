/**
 * Kill-and-resume of a Metropolis run with a real child process (as test/cli/resume.test.ts does for the
 * ensemble): SIGKILL once inside the adaptive pre-run and once inside the main run; each resumed run must
 * end with chain, log-probabilities and final state bit-identical to an uninterrupted run with the same seed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ChainFileReader } from '../../src/sampler/hdf5-chain.ts';
import { runCli, startCli } from '../cli/run-cli.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-metropolis-resume-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

// gauss20, 5 chains: a long pre-run (≥ 12000 iterations) so it can be caught mid-way, then 24000 main iterations.
const config = path.join(work, 'metropolis.yaml');
fs.writeFileSync(
  config,
  [
    'model:',
    '  target: gauss20',
    'seed: 4',
    'backend: cpu',
    'sampler:',
    '  kind: metropolis',
    '  thin: 10',
    '  checkpointEvery: 2000',
    '  metropolis:',
    '    preRunCheck: 500',
    '    preRunMin: 12000',
    '    iterations: 24000',
    '',
  ].join('\n'),
);

interface Saved {
  iteration: number;
  sampler?: { phase: string; preRunIterations: number };
}
function saved(dir: string): Saved | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8')) as Saved;
  } catch {
    return undefined;
  }
}

async function killWhen(dir: string, ready: (s: Saved) => boolean): Promise<Saved> {
  const child = startCli(['run', config, '--out', dir, '--quiet']);
  let finished = false;
  child.on('exit', () => (finished = true));
  for (;;) {
    const s = saved(dir);
    if (s && ready(s)) break;
    if (finished) throw new Error('the run finished before it could be killed; make it longer');
    await new Promise((r) => setTimeout(r, 15));
  }
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  return saved(dir)!;
}

/** The committed rows of dir/chain.h5 as raw float64 bytes (chain, log_prob), and the checkpoint. */
async function files(dir: string): Promise<Buffer[]> {
  const reader = await ChainFileReader.open(path.join(dir, 'chain.h5'));
  try {
    const { positions, logProbs } = reader.readRows(0, reader.info.iteration);
    const bytes = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    return [bytes(positions), bytes(logProbs), fs.readFileSync(path.join(dir, 'state.json'))];
  } finally {
    reader.close();
  }
}

describe('Metropolis kill and resume', () => {
  const straight = path.join(work, 'straight');
  it('the uninterrupted reference run completes', async () => {
    const result = await runCli(['run', config, '--out', straight, '--quiet', '--json']);
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).steps).toBe(24000);
  });

  for (const [phase, ready] of [
    ['pre-run', (s: Saved) => s.sampler?.phase === 'pre-run' && s.sampler.preRunIterations >= 2000],
    ['main run', (s: Saved) => s.sampler?.phase === 'main' && s.iteration >= 4000],
  ] as const) {
    it(`SIGKILL in the ${phase}, then --resume: chain, log-probabilities and state are bit-identical`, async () => {
      const dir = path.join(work, phase.replace(' ', '-'));
      const atKill = await killWhen(dir, ready);
      expect(atKill.sampler?.phase).toBe(phase === 'pre-run' ? 'pre-run' : 'main');
      const resumed = await runCli(['run', config, '--out', dir, '--resume', '--quiet', '--json']);
      expect(resumed.status, resumed.stderr).toBe(0);
      const [chainA, logA, stateA] = await files(straight);
      const [chainB, logB, stateB] = await files(dir);
      expect(chainB.equals(chainA)).toBe(true);
      expect(logB.equals(logA)).toBe(true);
      const a = JSON.parse(stateA.toString());
      const b = JSON.parse(stateB.toString());
      // wall time and the number of evaluations made before the kill differ; everything else is the same
      for (const key of ['coords', 'logProb', 'accepted', 'randomStates', 'sampler', 'iteration', 'nStored']) expect(b[key], key).toEqual(a[key]);
    });
  }
});
