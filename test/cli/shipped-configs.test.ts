/**
 * Shipped configs by name: `run <name>`, `run --scenario <name>`, `base: <name>` in a user's config, and
 * `list`; in-process through the CLI boundary.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess } from './in-process.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-shipped-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('shipped configs by name', () => {
  it('run <name> and run --scenario <name> run configs/<name>.yaml', async () => {
    for (const args of [['normal'], ['--scenario', 'normal']]) {
      const out = path.join(work, `by-name-${args.length}`);
      const result = await runInProcess(['run', ...args, '--steps', '30', '--backend', 'cpu', '--out', out, '--quiet', '--json']);
      expect(result.status, result.stderr).toBe(0);
      const summary = JSON.parse(result.stdout) as { steps: number; parameters: unknown[] };
      expect(summary.steps).toBe(30);
      expect(summary.parameters).toHaveLength(5); // configs/normal.yaml: the 5-D standard normal
      expect(JSON.parse(fs.readFileSync(path.join(out, 'config.json'), 'utf8')).name).toBe('normal');
    }
  });

  it('base: <name> starts a user config from the shipped one; what it names wins', async () => {
    const file = path.join(work, 'mine.yaml');
    fs.writeFileSync(file, 'base: normal\nname: mine\nmodel:\n  ndim: 3\nsampler:\n  steps: 20\n  walkers: 12\n');
    const out = path.join(work, 'mine');
    const result = await runInProcess(['run', file, '--backend', 'cpu', '--out', out, '--quiet', '--json']);
    expect(result.status, result.stderr).toBe(0);
    const config = JSON.parse(fs.readFileSync(path.join(out, 'config.json'), 'utf8')) as { name: string; model: { target: string; ndim: number }; sampler: { steps: number; walkers: number } };
    expect(config.name).toBe('mine');
    expect(config.model).toEqual({ target: 'normal', ndim: 3 });
    expect([config.sampler.steps, config.sampler.walkers]).toEqual([20, 12]);
    const shipped = JSON.parse((await runInProcess(['list', '--json'])).stdout) as { scenarios: { name: string }[] };
    expect(shipped.scenarios.map((s) => s.name)).toContain('normal');
  });

  it('an unknown name or base is one line naming it (exit 2)', async () => {
    const missing = await runInProcess(['run', 'ew-everything', '--out', path.join(work, 'never')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^smeftfit: ew-everything: no such config file, and no shipped scenario of that name \(shipped: .*ew, .*gauss20/);
    const file = path.join(work, 'bad-base.yaml');
    fs.writeFileSync(file, 'sampler:\n  steps: 5\nbase: ../etc/passwd\n');
    const badBase = await runInProcess(['run', file, '--out', path.join(work, 'never')]);
    expect(badBase.status).toBe(2);
    expect(badBase.stderr).toMatch(/bad-base\.yaml:3: base: expected the name of a shipped config/);
    expect(fs.existsSync(path.join(work, 'never'))).toBe(false);
  });
});
