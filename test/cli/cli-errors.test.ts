/**
 * The command line's contract: bad input → one line naming the file/line/field, exit code 2, nothing
 * written; `predict` reproduces the validation references through the real CLI.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { referenceDir } from '../support/reference-dir.ts';
import { runCli } from './run-cli.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-cli-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function configFile(name: string, text: string): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, text);
  return file;
}

async function expectInputError(args: string[], message: RegExp, outDir?: string): Promise<void> {
  const result = await runCli(args);
  expect(result.status, result.stderr).toBe(2);
  const lines = result.stderr.trim().split('\n');
  expect(lines.length, result.stderr).toBe(1);
  expect(lines[0]).toMatch(message);
  if (outDir) expect(fs.existsSync(outDir), `${outDir} must not be created`).toBe(false);
}

describe('run: bad configs and flags', () => {
  it('unknown field: file, line and field named; exit 2; no output directory', async () => {
    const file = configFile('unknown.yaml', 'model:\n  target: normal\nsampler:\n  walkers: 16\n  wlakers: 3\n');
    const out = path.join(work, 'never-1');
    await expectInputError(['run', file, '--out', out], /unknown\.yaml:5: sampler: unknown field 'wlakers'/, out);
  });

  it('invalid value, YAML syntax error, unknown scenario option', async () => {
    const out = path.join(work, 'never-2');
    await expectInputError(['run', configFile('neg.yaml', 'model:\n  target: normal\nsampler:\n  walkers: -4\n'), '--out', out], /neg\.yaml:4: sampler\.walkers:/, out);
    await expectInputError(['run', configFile('syntax.yaml', 'model:\n  target: [normal\n'), '--out', out], /syntax\.yaml:\d+: YAML:/, out);
    await expectInputError(['run', configFile('opt.yaml', 'model:\n  scenario: ew\n  options:\n    runing: true\n'), '--out', out], /model\.options: .*'runing'.*scenario ew/, out);
    await expectInputError(['run', configFile('scen.yaml', 'model:\n  scenario: ew-everything\n'), '--out', out], /model\.scenario: unknown scenario 'ew-everything'/, out);
  });

  it('bad flags: non-integer walkers, unknown backend, unknown move, too few walkers', async () => {
    const file = configFile('ok.yaml', 'model:\n  target: normal\n  ndim: 5\n');
    const out = path.join(work, 'never-3');
    await expectInputError(['run', file, '--walkers', 'many', '--out', out], /--walkers.*positive integer/, out);
    await expectInputError(['run', file, '--backend', 'tpu', '--out', out], /--backend.*tpu/, out);
    await expectInputError(['run', file, '--moves', 'stretch:1,hop:2', '--out', out], /--moves: unknown move 'hop'/, out);
    await expectInputError(['run', file, '--walkers', '6', '--out', out], /fewer walkers than twice the number of dimensions/, out);
  });

  it('--backend gpu without a GL context is refused with the reason, never run on the CPU', async () => {
    if (process.env.DISPLAY) return; // under xvfb-run the software GL context exists and gpu is legitimate
    const out = path.join(work, 'never-4');
    await expectInputError(['run', configFile('gpu.yaml', 'model:\n  target: normal\n'), '--backend', 'gpu', '--out', out], /backend gpu: no GPU device .*WebGL context/, out);
  });
});

describe('predict through the CLI', () => {
  const ewReference = JSON.parse(fs.readFileSync(path.join(referenceDir(), 'physics/ew/ew-validation.json'), 'utf8')).independent;
  const flavourReference = JSON.parse(fs.readFileSync(path.join(referenceDir(), 'physics/flavour/flavour-validation.json'), 'utf8')).scenarios;

  it('SM EW observables at the reference point match ew-validation.json to 1e-5 relative (the spec tolerance)', async () => {
    const names = ['GammaZ', 'sigma_had_nb', 'R_e', 'A_e', 'MW'];
    const point = Object.entries(ewReference.reference_point as Record<string, number>).map(([k, v]) => `${k}=${v}`).join(',');
    const result = await runCli(['predict', '--obs', names.join(','), '--nuisance', point, '--json']);
    expect(result.status, result.stderr).toBe(0);
    const values = JSON.parse(result.stdout) as Record<string, number>;
    for (const name of names) expect(Math.abs(values[name] / ewReference.sm[name] - 1), name).toBeLessThan(1e-5);
  });

  it('R_K, R_K* and BR(B_s → μμ) at C9_bsmumu = −1 match flavio within 0.5 % (flavour-validation.json, flavio inputs)', async () => {
    const names = ['<Rmue>(B+->Kll)[1.1,6.0]', '<Rmue>(B0->K*ll)[1.1,6.0]', 'BR(Bs->mumu)'];
    const result = await runCli(['predict', '--obs', names.join(','), '--wc', 'C9_bsmumu=-1', '--scheme', 'flavio', '--json']);
    expect(result.status, result.stderr).toBe(0);
    const values = JSON.parse(result.stdout) as Record<string, number>;
    for (const name of names) expect(Math.abs(values[name] / flavourReference['C9mu=-1'].central[name] - 1), name).toBeLessThan(5e-3);
  });

  it('unknown observable, unknown coefficient, malformed assignment: exit 2 with the name', async () => {
    await expectInputError(['predict', '--obs', 'GammaZ,GammaQ'], /unknown observable 'GammaQ'/);
    await expectInputError(['predict', '--obs', 'GammaZ', '--wc', 'phil9_11=1'], /unknown Wilson coefficient 'phil9_11'/);
    await expectInputError(['predict', '--obs', 'GammaZ', '--wc', 'phil1_11'], /--wc: expected name=number/);
  });
});
