/**
 * Fault campaign, part 1 (in-process, through the CLI boundary): checkpoints that prove themselves, runs
 * that never overwrite a chain, run names kept under runs/, I/O failures as one line, locks held by
 * zombies, leftovers of interrupted writers, and the disk budget.
 *
 * Pass rule, every case: a refused command exits 2 (input) or 1 (environment) with exactly one line on
 * stderr naming the file, and leaves every file of the run directory byte for byte as it was; an accepted
 * resume continues the chain bit for bit as the uninterrupted run. The counts of cases are printed.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/data-dir.ts';
import { contentDigest } from '../../src/sampler/checkpoint-digest.ts';
import { loadHdf5 } from '../../src/sampler/hdf5-chain.ts';
import { committedChainBytes } from '../support/chain-bytes.ts';
import { LOCK_FILE } from '../../src/sampler/run-lock.ts';
import { runInProcess } from './in-process.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-integrity-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** gauss20, 48 walkers, 300 steps stored every 2nd: a run of under a second. */
function writeConfig(name: string, lines: string[] = []): string {
  const file = path.join(work, `${name}.yaml`);
  const sampler = ['  walkers: 48', '  ensembles: 1', '  steps: 300', '  thin: 2', '  autoStop: false', '  checkpointEvery: 100'];
  const own = new Set(lines.map((l) => l.split(':')[0]));
  fs.writeFileSync(file, ['model:', '  target: gauss20', 'seed: 7', 'backend: cpu', 'threads: 1', ...lines.filter((l) => !l.startsWith('  ')), 'sampler:', ...sampler.filter((l) => !own.has(l.split(':')[0])), ...lines.filter((l) => l.startsWith('  ')), ''].join('\n'));
  return file;
}
const config = writeConfig('gauss20');
const base = path.join(work, 'base');
const other = path.join(work, 'other-seed');
const continued = path.join(work, 'continued');

function expectOneLine(result: { status: number; stderr: string }, status: number, message: RegExp, what: string): void {
  const lines = result.stderr.trim().split('\n');
  expect(result.status, `${what}: ${result.stderr}`).toBe(status);
  expect(lines.length, `${what}: one line: ${result.stderr}`).toBe(1);
  expect(lines[0], what).toMatch(message);
}

/** Every file of a directory, name → bytes (to show that a refused command changed nothing). */
function snapshot(dir: string): Map<string, Buffer> {
  return new Map(fs.readdirSync(dir).filter((f) => fs.statSync(path.join(dir, f)).isFile()).map((f) => [f, fs.readFileSync(path.join(dir, f))]));
}
function expectUnchanged(dir: string, before: Map<string, Buffer>, what: string): void {
  const after = snapshot(dir);
  expect([...after.keys()].sort(), `${what}: no file added or removed`).toEqual([...before.keys()].sort());
  for (const [file, bytes] of before) expect(after.get(file)!.equals(bytes), `${what}: ${file} unchanged`).toBe(true);
}

function copyRun(from: string, name: string): string {
  const dir = path.join(work, name);
  fs.cpSync(from, dir, { recursive: true });
  return dir;
}

type State = Record<string, unknown> & { nStored: number; iteration: number; accepted: number[]; coords: number[]; randomStates: { i: number; X: number[] }[] };
function editState(dir: string, edit: (s: State) => void, redigest = false): void {
  const file = path.join(dir, 'state.json');
  const state = JSON.parse(fs.readFileSync(file, 'utf8')) as State;
  edit(state);
  if (redigest) {
    const { digest: _digest, ...body } = state;
    state.digest = contentDigest(body);
  }
  fs.writeFileSync(file, JSON.stringify(state));
}

beforeAll(async () => {
  for (const [dir, seed] of [[base, '7'], [other, '8']]) {
    const result = await runInProcess(['run', config, '--out', dir, '--seed', seed, '--quiet']);
    expect(result.status, result.stderr).toBe(0);
  }
  // The reference for every accepted resume: the base run continued to 400 steps.
  fs.cpSync(base, continued, { recursive: true });
  const result = await runInProcess(['run', config, '--out', continued, '--resume', '--steps', '400', '--quiet']);
  expect(result.status, result.stderr).toBe(0);
}, 120_000);

describe('checkpoints that prove themselves', () => {
  it('an edited state.json or a chain.h5 that is not the one it committed is refused by run --resume, diagnose and compare', async () => {
    const cases: [string, (dir: string) => void | Promise<void>, RegExp][] = [
      ['nStored 0', (d) => editState(d, (s) => (s.nStored = 0)), /state\.json: the checkpoint was edited/],
      ['iteration 200', (d) => editState(d, (s) => (s.iteration = 200)), /state\.json: corrupted checkpoint, refusing to resume: nStored: 150 rows at thin 2 is more than step 200/],
      ['iteration 302', (d) => editState(d, (s) => (s.iteration = 302)), /state\.json: the checkpoint was edited/],
      ['accepted count', (d) => editState(d, (s) => (s.accepted[0] += 1)), /state\.json: the checkpoint was edited/],
      ['random state index', (d) => editState(d, (s) => (s.randomStates[0].i = (s.randomStates[0].i + 1) % 128)), /state\.json: the checkpoint was edited/],
      ['random state word', (d) => editState(d, (s) => (s.randomStates[0].X[5] ^= 1)), /state\.json: the checkpoint was edited/],
      ['a walker moved by 1e-12', (d) => editState(d, (s) => (s.coords[7] *= 1 + 1e-12)), /state\.json: the checkpoint was edited/],
      // Someone who also recomputes the content digest still meets the digest of the committed rows.
      ['nStored 10, digest recomputed', (d) => editState(d, (s) => (s.nStored = 10), true), /chain\.h5: its first 10 rows differ from the rows the checkpoint committed/],
      ['nStored 100, digest recomputed', (d) => editState(d, (s) => (s.nStored = 100), true), /chain\.h5: its first 100 rows differ/],
      ['chain.h5 of another run', (d) => fs.copyFileSync(path.join(other, 'chain.h5'), path.join(d, 'chain.h5')), /chain\.h5: belongs to run [0-9a-f]{32}, the checkpoint to run [0-9a-f]{32}: a chain file from another run/],
      ['a committed row rewritten (checksums valid)', (d) => rewriteRow(path.join(d, 'chain.h5'), 40), /chain\.h5: its first 150 rows differ/],
    ];
    let refusals = 0;
    for (const [index, [what, damage, message]] of cases.entries()) {
      const dir = copyRun(base, `tampered-${index}`);
      await damage(dir);
      const before = snapshot(dir);
      const commands: [string, string[]][] = [
        ['run --resume', ['run', config, '--out', dir, '--resume', '--steps', '400', '--quiet']],
        ['diagnose', ['diagnose', dir]],
        ['compare', ['compare', dir, base, '--out', path.join(work, 'compare-out')]],
      ];
      for (const [command, args] of commands) {
        expectOneLine(await runInProcess(args), 2, message, `${what}, ${command}`);
        expectUnchanged(dir, before, `${what}, ${command}`);
        refusals += 1;
      }
    }
    console.log(`checkpoint integrity: ${cases.length} kinds of tampering × 3 commands = ${refusals} refusals, each one line, exit 2, nothing written`);
    // The untouched copy still resumes to the uninterrupted chain.
    const intact = copyRun(base, 'intact');
    expect((await runInProcess(['run', config, '--out', intact, '--resume', '--steps', '400', '--quiet'])).status).toBe(0);
    expect((await committedChainBytes(intact)).bytes.equals((await committedChainBytes(continued)).bytes)).toBe(true);
  }, 120_000);

  it('merge refuses a chain.h5 copied from another ensemble and a null JSON file', async () => {
    const mergeConfig = writeConfig('merge', ['  steps: 100', '  ensembles: 2']);
    const ens = (i: number) => path.join(work, `ens-${i}`);
    for (const i of [0, 1]) expect((await runInProcess(['run', mergeConfig, '--out', ens(i), '--ensemble-index', String(i), '--quiet'])).status).toBe(0);
    const copied = copyRun(ens(1), 'ens-1-foreign-chain');
    fs.copyFileSync(path.join(ens(0), 'chain.h5'), path.join(copied, 'chain.h5'));
    const merged = path.join(work, 'merged');
    expectOneLine(await runInProcess(['merge', merged, ens(0), copied]), 2, /^smeftfit: merge: .*chain\.h5: belongs to run .*a chain file from another run/, 'merge, foreign chain');
    expect(fs.existsSync(merged)).toBe(false);
    const nulled = copyRun(ens(1), 'ens-1-null-config');
    fs.writeFileSync(path.join(nulled, 'config.json'), 'null');
    expectOneLine(await runInProcess(['merge', merged, ens(0), nulled]), 2, /config\.json: not a JSON object/, 'merge, null config.json');
    expect((await runInProcess(['merge', merged, ens(0), ens(1)])).status, 'the intact pair merges').toBe(0);
  }, 120_000);
});

/** Rewrites committed row `row` of a chain file with other numbers through HDF5 (so its checksums stay valid). */
async function rewriteRow(file: string, row: number): Promise<void> {
  const h5 = await loadHdf5();
  const f = new h5.File(file, 'a');
  try {
    const chain = f.get('mcmc/chain') as import('h5wasm').Dataset;
    const [, walkers, dims] = chain.shape!;
    chain.write_slice([[row, row + 1], [], []], new Float64Array(walkers * dims).fill(0.5));
  } finally {
    f.close();
  }
}

describe('a run never overwrites a chain', () => {
  it('a directory holding chain.h5 without state.json is refused; --force moves it aside whole', async () => {
    const dir = copyRun(base, 'no-state');
    fs.rmSync(path.join(dir, 'state.json'));
    const before = snapshot(dir);
    expectOneLine(await runInProcess(['run', config, '--out', dir, '--quiet']), 2, /--out: .*no-state already holds a run \(chain\.h5\); pass --resume .* --force/, 'plain run');
    expectUnchanged(dir, before, 'plain run');
    const forced = await runInProcess(['run', config, '--out', dir, '--force', '--quiet']);
    expect(forced.status, forced.stderr).toBe(0);
    const aside = /moved the earlier .* aside to (\S+)$/m.exec(forced.stderr)?.[1];
    expect(aside, forced.stderr).toMatch(/no-state\.old-\d{8}T\d{6}Z/);
    expectUnchanged(aside!, before, 'the directory moved aside');
    expect((await committedChainBytes(dir)).iteration).toBe(150);
  }, 60_000);

  it("a config's name cannot place the run outside runs/", async () => {
    const name = `../escaped-${process.pid}`;
    const escaping = writeConfig('escaping', [`name: ${name}`]);
    const target = path.resolve(REPO_ROOT, 'runs', name);
    try {
      expectOneLine(await runInProcess(['run', escaping, '--quiet']), 2, /name: '\.\.\/escaped-\d+' is not a plain folder name/, 'name ../escaped');
      expect(fs.existsSync(target)).toBe(false);
    } finally {
      fs.rmSync(target, { recursive: true, force: true });
    }
  });
});

describe('I/O failures are one line naming the path', () => {
  it("--out '' and --out /dev/null (exit 2), compare on a random .h5 (exit 2, no HDF5 dump)", async () => {
    expectOneLine(await runInProcess(['run', config, '--out', '', '--quiet']), 2, /--out: empty path/, "--out ''");
    expectOneLine(await runInProcess(['run', config, '--out', '/dev/null', '--quiet']), 2, /--out: \/dev\/null exists and is not a directory/, '--out /dev/null');
    const junk = path.join(work, 'random.h5');
    // Fixed bytes (a seeded LCG), not Math.random: the case is the same every run.
    let x = 12345;
    fs.writeFileSync(junk, Uint8Array.from({ length: 4096 }, () => ((x = (x * 1103515245 + 12345) >>> 0) >>> 24)));
    expectOneLine(await runInProcess(['compare', junk, base, '--out', path.join(work, 'compare-junk')]), 2, /random\.h5: not an HDF5 file/, 'compare random.h5');
  });

  it('a read-only run directory: resume and a new run fail in one line, exit 1', async (context) => {
    const mount = path.join(work, 'read-only');
    fs.mkdirSync(mount);
    const readOnly = makeReadOnly(mount, () => fs.cpSync(base, path.join(mount, 'run'), { recursive: true }));
    if (readOnly === undefined) {
      console.warn('skipping the read-only case: neither a read-only tmpfs nor a non-writable folder can be made here');
      context.skip();
      return;
    }
    try {
      const before = snapshot(path.join(mount, 'run'));
      expectOneLine(await runInProcess(['run', config, '--out', path.join(mount, 'run'), '--resume', '--steps', '400', '--quiet']), 1, new RegExp(`run\\.lock: cannot create the run lock: ${readOnly.cause}`), 'resume, read-only');
      expectUnchanged(path.join(mount, 'run'), before, 'resume, read-only');
      expectOneLine(await runInProcess(['run', config, '--out', path.join(mount, 'new'), '--quiet']), 1, new RegExp(`new: cannot create the run directory in .*read-only: ${readOnly.cause}`), 'new run, read-only');
    } finally {
      readOnly.undo();
    }
  }, 60_000);
});

/**
 * Makes `dir` read-only after `fill` has put files in it: as root a tmpfs remounted read-only (EROFS);
 * otherwise chmod 0555 (EACCES). Undefined where neither takes effect.
 */
function makeReadOnly(dir: string, fill: () => void): { cause: string; undo(): void } | undefined {
  const root = process.getuid?.() === 0;
  if (root) {
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', dir]).status === 0) {
      fill();
      if (spawnSync('mount', ['-o', 'remount,ro', dir]).status === 0) return { cause: 'read-only file system \\(EROFS\\)', undo: () => void spawnSync('umount', [dir]) };
      spawnSync('umount', [dir]);
    }
    return undefined;
  }
  fill();
  fs.chmodSync(path.join(dir, 'run'), 0o555);
  fs.chmodSync(dir, 0o555);
  return { cause: 'permission denied \\(EACCES\\)', undo: () => (fs.chmodSync(dir, 0o755), fs.chmodSync(path.join(dir, 'run'), 0o755)) };
}

describe('locks and leftovers', () => {
  it('a lock held by a zombie writer is taken over; leftover temp files and stale locks are removed', async () => {
    const dir = copyRun(base, 'zombie');
    const zombie = await makeZombie();
    try {
      const stat = fs.readFileSync(`/proc/${zombie.pid}/stat`, 'utf8');
      expect(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0], 'the holder is a zombie').toBe('Z');
      const startTime = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
      fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: zombie.pid, hostname: os.hostname(), startTime, since: new Date().toISOString() }));
      const leftovers = [`state.json.${zombie.pid}.tmp`, `summary.json.${zombie.pid}.tmp`, `${LOCK_FILE}.stale.${zombie.pid}`];
      fs.writeFileSync(path.join(dir, leftovers[0]), '{"half": ');
      fs.writeFileSync(path.join(dir, leftovers[1]), '');
      fs.mkdirSync(path.join(dir, leftovers[2]));
      const result = await runInProcess(['run', config, '--out', dir, '--resume', '--steps', '400', '--quiet']);
      expect(result.status, result.stderr).toBe(0);
      for (const file of [...leftovers, LOCK_FILE]) expect(fs.existsSync(path.join(dir, file)), `${file} removed`).toBe(false);
      expect((await committedChainBytes(dir)).bytes.equals((await committedChainBytes(continued)).bytes)).toBe(true);
    } finally {
      zombie.end();
    }
  }, 60_000);
});

/**
 * A zombie: `sh` starts a short `sleep` in the background and replaces itself by a long `sleep`, which
 * never reaps it; the short one, once exited, stays a zombie (state Z) until the long one ends.
 */
function makeZombie(): Promise<{ pid: number; end(): void }> {
  return new Promise((resolve, reject) => {
    const parent = spawn('sh', ['-c', 'sleep 0.2 & echo $!; exec sleep 60'], { stdio: ['ignore', 'pipe', 'ignore'] });
    parent.stdout.setEncoding('utf8').once('data', (text: string) => {
      const pid = Number(text.trim());
      // Wait until the child has exited (state Z).
      const poll = setInterval(() => {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, { encoding: 'utf8', flag: 'r' });
        if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) {
          clearInterval(poll);
          resolve({ pid, end: () => parent.kill('SIGKILL') });
        }
      }, 20);
      setTimeout(() => (clearInterval(poll), reject(new Error(`process ${pid} did not become a zombie`))), 5000);
    });
    parent.on('error', reject);
  });
}

describe('disk bounded like memory', () => {
  it('a chain larger than the free space is refused up front with the thin that would fit', async () => {
    const out = path.join(work, 'too-big');
    const result = await runInProcess(['run', config, '--out', out, '--steps', '1000000000', '--quiet']);
    expectOneLine(result, 2, /--out: .*too-big: the chain needs [\d.]+ MiB \(500000000 rows × 48 walkers × 21 values × 8 bytes\) but its disk has [\d.]+ MiB free, less a [\d.]+ MiB margin; thin: \d+ would fit/, 'steps 1e9');
    expect(fs.existsSync(out), 'nothing written').toBe(false);
    // The thin named stores at most what the message says is free: rows · row bytes ≤ free.
    const [, free] = /disk has ([\d.]+) MiB free/.exec(result.stderr)!;
    const thin = Number(/thin: (\d+) would fit/.exec(result.stderr)![1]);
    expect(Math.ceil(1e9 / thin) * 48 * 21 * 8).toBeLessThanOrEqual(Number(free) * 2 ** 20);
    expect(Math.ceil(1e9 / (thin - 1)) * 48 * 21 * 8, 'and is the smallest that does').toBeGreaterThan((Number(free) - 64) * 2 ** 20);
  });
});

/** A Metropolis run: 8 chains on a 3-D normal (rows of 8 × 4 values × 8 bytes = 256 bytes). */
function writeMetropolisConfig(name: string, lines: string[], iterations: number): string {
  const file = path.join(work, `${name}.yaml`);
  fs.writeFileSync(file, ['model:', '  target: normal', '  ndim: 3', 'seed: 3', 'backend: cpu', 'sampler:', '  kind: metropolis', '  autoStop: false', '  checkpointEvery: 1000', ...lines, '  metropolis:', '    chains: 8', `    iterations: ${iterations}`, ''].join('\n'));
  return file;
}

describe('disk bounded like memory, Metropolis runs', () => {
  it('a chain larger than the free space is refused up front with the thin that would fit', async () => {
    const out = path.join(work, 'too-big-metropolis');
    // 10⁹ iterations of 8 chains × 4 values: 2 TB at thin 1.
    const result = await runInProcess(['run', writeMetropolisConfig('metropolis-too-big', ['  thin: 1'], 1_000_000_000), '--out', out, '--quiet']);
    expectOneLine(result, 2, /--out: .*too-big-metropolis: the chain needs [\d.]+ MiB \(1000000000 rows × 8 walkers × 4 values × 8 bytes\) but its disk has [\d.]+ MiB free, less a [\d.]+ MiB margin; thin: \d+ would fit \(or lower sampler\.metropolis\.iterations/, 'iterations 1e9');
    expect(fs.existsSync(out), 'nothing written').toBe(false);
    const [, free] = /disk has ([\d.]+) MiB free/.exec(result.stderr)!;
    const thin = Number(/thin: (\d+) would fit/.exec(result.stderr)![1]);
    expect(Math.ceil(1e9 / thin) * 8 * 4 * 8).toBeLessThanOrEqual(Number(free) * 2 ** 20);
  });
});

describe('sampler.diskCapMB', () => {
  it('thins what is stored past half the cap, says so, records it in chain.h5, and holds it on resume', async () => {
    // 48 walkers × 21 values × 8 bytes = 8064 bytes a row, 68 rows an HDF5 chunk (512 KiB of positions);
    // 1 MiB less the 256 KiB file allowance holds one chunk, 68 rows: 34 rows at thin 2, 17 at 4, 9 at 8,
    // 5 at 16, 3 at 32 (thin-schedule.ts), covering 384 steps; 300 steps store 65 rows.
    // (The schedule itself is tested in test/cli/disk-cap-schedule.test.ts.)
    const capped = writeConfig('capped', ['  diskCapMB: 1']);
    const dir = path.join(work, 'capped');
    const result = await runInProcess(['run', capped, '--out', dir, '--quiet']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr.trim()).toMatch(/^smeftfit: sampler\.diskCapMB 1: 300 steps at thin 2 would store [\d.]+ MiB; storing thin 2 to step 68, thin 4 to step 136, thin 8 to step 208, thin 16 to step 288, thin 32 to step 300 instead \(thin_schedule in chain\.h5\)$/);
    const h5 = await loadHdf5();
    const file = new h5.File(path.join(dir, 'chain.h5'), 'r');
    try {
      const group = file.get('mcmc') as import('h5wasm').Group;
      expect(Number(group.get_attribute('thin_by', true))).toBe(2);
      expect(Number(group.get_attribute('thin_requested', true))).toBe(2);
      expect(Number(group.get_attribute('disk_cap_mb', true))).toBe(1);
      expect(Number(group.get_attribute('iteration', true))).toBe(65);
    } finally {
      file.close();
    }
    expect(fs.statSync(path.join(dir, 'chain.h5')).size).toBeLessThanOrEqual(2 ** 20);
    expect((await runInProcess(['run', capped, '--out', dir, '--resume', '--steps', '384', '--quiet'])).status).toBe(0);
    expect(fs.statSync(path.join(dir, 'chain.h5')).size).toBeLessThanOrEqual(2 ** 20);
    expectOneLine(await runInProcess(['run', capped, '--out', dir, '--resume', '--steps', '400', '--quiet']), 2, /--steps: 400 steps pass the 384 that sampler\.diskCapMB 1 can store at thin 2 \(68 rows, thinned by halves\); thin: 3 would fit/, 'resume past the cap');
  }, 60_000);

  it('holds a Metropolis run under the cap too', async () => {
    // 8 chains × 3 dims: 2730 rows an HDF5 chunk (512 KiB of positions), 256 bytes a row; 1 MiB less the
    // 256 KiB file allowance holds one chunk, so 6000 iterations are stored at thin ⌈6000/2730⌉ = 3: 2000 rows.
    const capped = writeMetropolisConfig('metropolis-capped', ['  thin: 1', '  diskCapMB: 1'], 6000);
    const dir = path.join(work, 'metropolis-capped');
    const result = await runInProcess(['run', capped, '--out', dir, '--quiet']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr.trim()).toMatch(/^smeftfit: sampler\.diskCapMB 1: 6000 iterations at thin 1 would store [\d.]+ MiB; storing every 3rd step instead \(thin 3, recorded in chain\.h5\)$/);
    const h5 = await loadHdf5();
    const file = new h5.File(path.join(dir, 'chain.h5'), 'r');
    try {
      const group = file.get('mcmc') as import('h5wasm').Group;
      expect([Number(group.get_attribute('thin_by', true)), Number(group.get_attribute('thin_requested', true)), Number(group.get_attribute('iteration', true))]).toEqual([3, 1, 2000]);
    } finally {
      file.close();
    }
    expect(fs.statSync(path.join(dir, 'chain.h5')).size).toBeLessThanOrEqual(2 ** 20);
  }, 120_000);
});
