/**
 * Issue 14, item 5 on a real Slurm: cluster/local-slurm.sh starts munged, slurmctld and slurmd on this
 * machine (one node, its own config, ports and munge socket), cluster/submit.sh submits the 4-task job
 * array of smeftfit-array.sbatch and the merge job waiting on it (--dependency=afterok), and the merged run
 * must be the single-process 4-ensemble run bit for bit.
 *
 * Where Slurm is not installed or cannot start, the test is skipped with the reason, except under CI=true,
 * where it must run (.ci/run installs slurm-wlm and munge).
 */
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/data-dir.ts';
import { BIN, runCli } from '../cli/run-cli.ts';
import { expectSameRun } from './compare-runs.ts';

const run = promisify(execFile);
const inCi = process.env.CI === 'true' || process.env.CI === '1';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-slurm-'));
const slurmDir = path.join(work, 'slurm');
const script = path.join(REPO_ROOT, 'cluster/local-slurm.sh');

/** Starts the one-node cluster: its SLURM_CONF, or why it could not start. */
function startSlurm(): { conf?: string; reason?: string } {
  const needed = ['slurmctld', 'slurmd', 'sbatch', 'munged'];
  const missing = needed.filter((cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status !== 0);
  // Outside CI a test does not install system packages; under CI the script installs what is missing.
  if (missing.length > 0 && !inCi) return { reason: `${missing.join(', ')} not installed (apt-get install slurm-wlm munge)` };
  if (process.getuid?.() !== 0 && !inCi) return { reason: 'not root (slurmd must run jobs as the submitting user)' };
  const started = spawnSync('bash', [script, 'start', slurmDir], { encoding: 'utf8', timeout: 240_000 });
  const conf = /export SLURM_CONF=(\S+)/.exec(started.stdout ?? '')?.[1];
  if (started.status !== 0 || conf === undefined) return { reason: `local-slurm.sh start failed (exit ${started.status}): ${(started.stderr ?? '').trim().split('\n').slice(-5).join(' | ')}` };
  return { conf };
}

const slurm = startSlurm();
afterAll(() => {
  spawnSync('bash', [script, 'stop', slurmDir]);
  fs.rmSync(work, { recursive: true, force: true });
});
const skipped = slurm.reason !== undefined && !inCi;
if (skipped) {
  // vitest runs no hook of a file whose tests are all skipped: clean up here.
  fs.rmSync(work, { recursive: true, force: true });
  console.warn(`slurm-array.test.ts skipped: ${slurm.reason}`);
}

// gauss20, 4 ensembles × 48 walkers, 300 steps: a few seconds per task.
const config = path.join(work, 'short.yaml');
if (!skipped) fs.writeFileSync(config, ['name: short', 'model:', '  target: gauss20', 'seed: 5', 'backend: cpu', 'sampler:', '  walkers: 48', '  ensembles: 4', '  steps: 300', '  thin: 3', '  autoStop: false', '  checkpointEvery: 100', ''].join('\n'));

/** JobState of every record of a job (an array job has one per task), from slurmctld itself (no accounting database). */
async function jobStates(env: NodeJS.ProcessEnv, jobId: string): Promise<string[]> {
  const { stdout } = await run('scontrol', ['show', 'job', '-o', jobId], { env });
  return [...stdout.matchAll(/JobState=(\S+)/g)].map((m) => m[1]);
}

const FINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL', 'OUT_OF_MEMORY', 'BOOT_FAIL', 'DEADLINE', 'PREEMPTED']);

describe.skipIf(skipped)('a 4-task Slurm job array + merge job', () => {
  it('the cluster started', () => {
    expect(slurm.reason).toBeUndefined();
  });

  it.skipIf(slurm.reason !== undefined)('merges into the single-process 4-ensemble run bit for bit', async () => {
    const env = { ...process.env, SLURM_CONF: slurm.conf, SMEFTFIT: `${process.execPath} ${BIN}` };
    const runDir = path.join(work, 'run');
    const reference = runCli(['run', config, '--out', path.join(work, 'single'), '--quiet']);
    const { stdout } = await run('bash', [path.join(REPO_ROOT, 'cluster/submit.sh'), config, '4', runDir], { env });
    const arrayJob = /array_job=(\d+)/.exec(stdout)?.[1];
    const mergeJob = /merge_job=(\d+)/.exec(stdout)?.[1];
    expect(arrayJob && mergeJob, stdout).toBeTruthy();

    // ~20 s on an idle 2-core machine; the limit only bounds a hung cluster.
    const deadline = Date.now() + 240_000;
    let states: string[] = [];
    while (Date.now() < deadline) {
      states = await jobStates(env, mergeJob!);
      if (states.length > 0 && states.every((s) => FINAL.has(s))) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const logs = () =>
      fs.existsSync(path.join(runDir, 'logs'))
        ? fs.readdirSync(path.join(runDir, 'logs')).map((f) => `${f}: ${fs.readFileSync(path.join(runDir, 'logs', f), 'utf8').slice(-400)}`).join('\n')
        : 'no logs';
    expect(await jobStates(env, arrayJob!), logs()).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED']);
    expect(states, logs()).toEqual(['COMPLETED']);

    const single = await reference;
    expect(single.status, single.stderr).toBe(0);
    for (let i = 0; i < 4; i++) expect(JSON.parse(fs.readFileSync(path.join(runDir, `ens-${i}`, 'ensemble.json'), 'utf8')).index).toBe(i);
    await expectSameRun(path.join(runDir, 'merged'), path.join(work, 'single'));
  }, 300_000);
});
