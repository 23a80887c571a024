/**
 * Every input is bounded (property-based fuzzing, fast-check, fixed seeds): four surfaces — run configs,
 * run flags, `predict` inputs, WCxf files — 500 generated cases each, in this process through src/cli.ts's
 * runCli (the function bin/smeftfit.js calls), plus 20 of the same cases through the real binary.
 *
 * Pass rule, for every case: exit 0 with finite output (every number in the JSON finite, and no "NaN" or
 * "Infinity" strings, which is how the CLI prints non-finite numbers), or exit 2 with exactly one line on
 * stderr naming the file, field or flag, nothing on stdout and nothing written under --out; never another
 * exit code or a stack trace; and no case may take longer than CASE_BOX_MS (a hang — the campaign found
 * inputs that ran for minutes — fails the case; child processes are killed at the box).
 *
 * Run cases use `run --dry-run`: the same parse, flag resolution, scenario build and checks as a run, up to
 * the point where it would start sampling (src/commands/run-plan.ts). Generated values sit on and around
 * every bound (config/limits.ts, bounds.ts, the schema) and beyond it; each surface's tally of exit codes is
 * printed, and each must contain both outcomes (so a generator that only makes junk cannot pass silently).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { configCase, flagSet, predictArgs, wcxfCase } from './input-generators.ts';
import { runInProcess } from './in-process.ts';
import { BIN } from './run-cli.ts';
import { spawn } from 'node:child_process';
import { REPO_ROOT } from '../../src/data-dir.ts';

const CASES_PER_SURFACE = 500;
/** A hang detector, not a speed test: the slowest legitimate case (an EW scenario build) takes about a second. */
const CASE_BOX_MS = 30_000;
/** A child process starts tsx and the CLI (a few seconds on an idle machine); killed past this as hung. */
const CHILD_BOX_MS = 120_000;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-bounds-fuzz-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

interface Outcome {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Every number in a JSON value finite, and no non-finite number printed as a string. */
function allFinite(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value === 'string') return !/^-?(NaN|Infinity)$/.test(value);
  if (Array.isArray(value)) return value.every(allFinite);
  if (value !== null && typeof value === 'object') return Object.values(value).every(allFinite);
  return true;
}

function checkOutcome(result: Outcome, label: string, out?: string): void {
  expect(result.stderr, `${label}: stack trace`).not.toMatch(/\n\s+at .+[:(]/);
  expect([0, 2], `${label}: exit ${result.status}: ${result.stderr}`).toContain(result.status);
  if (out !== undefined) expect(fs.existsSync(out), `${label}: nothing may be written under --out (dry run or refused)`).toBe(false);
  if (result.status === 2) {
    const lines = result.stderr.split('\n').filter((line) => line !== '');
    expect(lines, `${label}: one line`).toHaveLength(1);
    expect(lines[0], label).toMatch(/^smeftfit: (error: .*'[\w-]+'|\S.*?: \S)/);
    expect(result.stdout, `${label}: nothing on stdout`).toBe('');
  } else {
    let parsed: unknown;
    expect(() => (parsed = JSON.parse(result.stdout)), `${label}: JSON output`).not.toThrow();
    expect(allFinite(parsed), `${label}: finite output ${result.stdout.slice(0, 300)}`).toBe(true);
  }
}

type Tally = Record<string, number>;
const count = (tally: Tally, key: string) => (tally[key] = (tally[key] ?? 0) + 1);

async function timed(args: string[]): Promise<Outcome & { ms: number }> {
  // Let the test runner's messages through between cases (a worker that never yields trips its RPC timeout).
  await new Promise((resolve) => setImmediate(resolve));
  const start = performance.now();
  const result = await runInProcess(args);
  return { ...result, ms: performance.now() - start };
}

// ---------------------------------------------------------------- the properties

const normalConfig = path.join(work, 'normal.yaml');
fs.writeFileSync(normalConfig, 'model:\n  target: normal\n  ndim: 2\nbackend: cpu\nsampler:\n  walkers: 8\n  steps: 200\n');

/** The run arguments of a config case (dry run, with --out that must stay absent). */
function configArgs(file: string, out: string): string[] {
  return ['run', file, '--dry-run', '--json', '--out', out];
}

describe('every input bounded (fuzz)', () => {
  const summary: string[] = [];
  afterAll(() => console.log(`input-bounds fuzz:\n  ${summary.join('\n  ')}`));

  async function runSurface<T>(name: string, arbitrary: fc.Arbitrary<T>, seed: number, toArgs: (value: T, id: number) => { args: string[]; out?: string; label: string }): Promise<void> {
    const tally: Tally = {};
    let id = 0;
    let slowest = 0;
    await fc.assert(
      fc.asyncProperty(arbitrary, async (value) => {
        const { args, out, label } = toArgs(value, id++);
        const result = await timed(args);
        slowest = Math.max(slowest, result.ms);
        count(tally, `exit ${result.status}`);
        expect(result.ms, `${label}: took ${result.ms.toFixed(0)} ms, past the ${CASE_BOX_MS} ms box`).toBeLessThan(CASE_BOX_MS);
        checkOutcome(result, label, out);
      }),
      { numRuns: CASES_PER_SURFACE, seed, endOnFailure: true },
    );
    summary.push(`${name}: ${id} in-process cases ${JSON.stringify(tally)}, slowest ${slowest.toFixed(0)} ms`);
    expect(id).toBeGreaterThanOrEqual(CASES_PER_SURFACE);
    // Both outcomes occur: the generators reach valid inputs and every kind of refusal.
    expect(tally['exit 0'] ?? 0, `${name}: some cases pass`).toBeGreaterThan(10);
    expect(tally['exit 2'] ?? 0, `${name}: some cases are refused`).toBeGreaterThan(10);
  }

  it('run configs (schema, moves, Metropolis, scenario options, seeds, sizes): 500 cases', async () => {
    await runSurface('configs', configCase, 20261207, (c, id) => {
      const file = path.join(work, `config-${id}.yaml`);
      fs.writeFileSync(file, c.text);
      const out = path.join(work, `config-out-${id}`);
      return { args: configArgs(file, out), out, label: `${c.what}\n${String(c.text).slice(0, 400)}` };
    });
  }, 300_000);

  it('run flags (sizes, seeds, moves, flags of the other sampler, extra arguments): 500 cases', async () => {
    await runSurface('flags', flagSet, 20261208, (flags, id) => {
      const out = path.join(work, `flags-out-${id}`);
      const config = flags.includes('--scenario') ? [] : [normalConfig];
      return { args: ['run', ...config, ...flags, '--dry-run', '--json', '--out', out], out, label: JSON.stringify(flags) };
    });
  }, 300_000);

  it('predict inputs (names, numbers, SM inputs, observables): 500 cases', async () => {
    await runSurface('predict', predictArgs, 20261209, (args) => ({ args, label: JSON.stringify(args) }));
  }, 300_000);

  it('WCxf files through predict --wc-file: 500 cases', async () => {
    await runSurface('wcxf', wcxfCase, 20261210, (c, id) => {
      const file = path.join(work, `point-${id}.${c.what === 'json' ? 'json' : 'yaml'}`);
      fs.writeFileSync(file, c.text);
      return { args: ['predict', '--obs', c.obs, '--wc-file', file, '--json'], label: `${c.what} ${c.obs}\n${c.text.slice(0, 400)}` };
    });
  }, 300_000);

  it('20 of the same cases through the real binary (child processes, killed at the box)', async () => {
    const cases: { args: string[]; out?: string; label: string }[] = [];
    fc.sample(configCase, { numRuns: 5, seed: 11 }).forEach((c, i) => {
      const file = path.join(work, `child-config-${i}.yaml`);
      fs.writeFileSync(file, c.text);
      const out = path.join(work, `child-config-out-${i}`);
      cases.push({ args: configArgs(file, out), out, label: `${c.what}\n${String(c.text).slice(0, 300)}` });
    });
    fc.sample(flagSet, { numRuns: 5, seed: 12 }).forEach((flags, i) => {
      const out = path.join(work, `child-flags-out-${i}`);
      cases.push({ args: ['run', ...(flags.includes('--scenario') ? [] : [normalConfig]), ...flags, '--dry-run', '--json', '--out', out], out, label: JSON.stringify(flags) });
    });
    fc.sample(predictArgs, { numRuns: 5, seed: 13 }).forEach((args) => cases.push({ args, label: JSON.stringify(args) }));
    fc.sample(wcxfCase, { numRuns: 5, seed: 14 }).forEach((c, i) => {
      const file = path.join(work, `child-point-${i}.yaml`);
      fs.writeFileSync(file, c.text);
      cases.push({ args: ['predict', '--obs', c.obs, '--wc-file', file, '--json'], label: `${c.what}\n${c.text.slice(0, 300)}` });
    });
    const tally: Tally = {};
    // Two at a time (the CI has two cores); each child is killed at CHILD_BOX_MS.
    const queue = [...cases];
    const worker = async () => {
      for (let c = queue.shift(); c !== undefined; c = queue.shift()) {
        const result = await runChild(c.args);
        count(tally, result.status === null ? 'killed' : `exit ${result.status}`);
        expect(result.status, `${c.label}: killed after ${CHILD_BOX_MS} ms`).not.toBeNull();
        checkOutcome(result, c.label, c.out);
      }
    };
    await Promise.all([worker(), worker()]);
    summary.push(`real binary: ${cases.length} child-process cases ${JSON.stringify(tally)}`);
    expect(cases.length).toBe(20);
  }, 600_000);
});

/** The real CLI as a child process, killed (status null) past the box. */
function runChild(args: string[]): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env: { ...process.env, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_BOX_MS);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}
