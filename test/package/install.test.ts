/**
 * The packed tarball installs into a fresh prefix and runs from an empty directory, with nothing of the
 * checkout beside it: `npm pack` (which builds dist/ through the prepare script), `npm install -g
 * --prefix`, then `smeftfit --version`, `smeftfit list` and a short run of a shipped scenario by name, all
 * through the compiled code (the installed bin finds dist/ newer than every shipped source). Dependencies come from npm's cache (filled by `npm ci`), metadata from the
 * registry when the cache has none (--prefer-offline); install scripts are skipped (--ignore-scripts,
 * --omit=optional: the optional gl build is not what this test is about, and the cpu backend needs none).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageFingerprint } from '../../src/provenance.ts';
import { packCheckout } from './pack.ts';
import { runProcess as run } from '../support/run-process.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-install-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));


describe('installed package', () => {
  it('npm pack → npm install -g --prefix → smeftfit list and a run by name from an empty directory', { timeout: 300_000 }, async () => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    // Through the shared pack: another package test may be packing (and rebuilding dist/) at the same time.
    const packed = await packCheckout(work);
    expect(packed.status, packed.stderr).toBe(0);
    const { filename, files: shipped } = packed;
    for (const required of ['bin/smeftfit.js', 'dist/src/cli.js', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/engine/density-worker.js', 'dist/kernels/wgsl.js', 'dist/build-info.json', 'src/cli.ts', 'data/README.md', 'data/sampler/baseline-targets.json', 'data/physics/ew/ew-data.json', 'data/physics/flavour/nlo-grid/f_12_79.dat', 'configs/ew.yaml', 'configs/gauss20.yaml', 'kernels/quadratic-form.ts']) {
      expect(shipped, required).toContain(required);
    }
    expect(shipped.some((f) => f.startsWith('test/') || f.startsWith('runs/')), 'no tests or runs in the tarball').toBe(false);

    const prefix = path.join(work, 'prefix');
    const installed = await run(npm, ['install', '-g', '--prefix', prefix, path.join(work, filename), '--prefer-offline', '--omit=optional', '--ignore-scripts', '--no-audit', '--no-fund'], work);
    expect(installed.status, installed.stderr).toBe(0);

    const empty = fs.mkdtempSync(path.join(work, 'empty-'));
    const smeftfit = path.join(prefix, 'bin', 'smeftfit');
    const built = JSON.parse(fs.readFileSync(path.join(prefix, 'lib', 'node_modules', 'smeftfit', 'dist', 'build-info.json'), 'utf8')) as { version: string; code: string };
    const version = await run(smeftfit, ['--version'], empty);
    expect(version.status, version.stderr).toBe(0);
    // The code hash computed at build time from the sources equals the one the checkout computes from them.
    expect(built.code).toBe(packageFingerprint());
    expect(version.stdout.trim()).toBe(`smeftfit ${built.version} (code ${built.code})`);

    const listed = await run(smeftfit, ['list', '--json'], empty);
    expect(listed.status, listed.stderr).toBe(0);
    const listing = JSON.parse(listed.stdout) as { scenarios: { name: string; kind: string; file: string }[]; dataEras: string[]; backends: { name: string }[] };
    expect(listing.scenarios.map((s) => s.name)).toEqual(expect.arrayContaining(['ew', 'ew-tree', 'ew-sl4f', 'flavour-clean', 'ew-flavour-clean', 'minimal-mu', 'minimal-e', 'gauss20', 'normal']));
    // The shipped configs are the installed copies, not the checkout's.
    expect(listing.scenarios.every((s) => s.file.startsWith(path.join(prefix, 'lib')))).toBe(true);
    expect(listing.dataEras).toEqual(['2020', 'current']);
    expect(listing.backends.map((b) => b.name)).toEqual(['auto', 'cpu', 'gpujs-cpu', 'gpu', 'webgpu']);

    const ran = await run(smeftfit, ['run', 'gauss20', '--steps', '200', '--backend', 'cpu', '--out', 'g20', '--quiet', '--json'], empty);
    expect(ran.status, ran.stderr).toBe(0);
    const summary = JSON.parse(ran.stdout) as { steps: number; parameters: unknown[] };
    expect(summary.steps).toBe(200);
    expect(summary.parameters).toHaveLength(20);
    expect(fs.existsSync(path.join(empty, 'g20', 'summary.json'))).toBe(true);
  });
});
