/**
 * The small truths of issue 20: `list` reports the webgpu backend as a run finds it (the same adapter
 * search), with reasons that name nothing the package does not ship; `--quiet` runs on the webgpu backend
 * print nothing on stderr although Dawn writes warnings from native code; `--version` prints the version
 * and the code hash.
 * The webgpu cases are skipped where Dawn finds no adapter, unless SMEFTFIT_REQUIRE_WEBGPU=1 (.ci/run).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { listCommand } from '../../src/commands/list.ts';
import { findWebGpuDevice } from '../../src/engine/webgpu-device.ts';
import { packageFingerprint, packageVersion } from '../../src/provenance.ts';
import { dropDawnWarnings, quietRunSearchesWebGpu } from '../../src/quiet-native-output.ts';
import { runInProcess } from './in-process.ts';
import { runCli } from './run-cli.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-quiet-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const search = await findWebGpuDevice();
const required = process.env.SMEFTFIT_REQUIRE_WEBGPU === '1';

describe('Dawn warning filter', () => {
  it("drops Dawn's warning blocks as Dawn prints them and passes smeftfit's own lines", () => {
    // Verbatim stderr of a run on a machine without a Vulkan loader (Dawn 0.6.2 on llvmpipe), chunked
    // mid-line as a pipe may deliver it.
    const dawn =
      "Warning: Couldn't load Vulkan: libvulkan.so.1: cannot open shared object file: No such file or directory\n" +
      '    at operator() (/home/runner/work/node-webgpu/node-webgpu/third_party/dawn/src/dawn/native/vulkan/BackendVk.cpp:368)\n' +
      '\n' +
      'Warning: maxDynamicUniformBuffersPerPipelineLayout artificially reduced from 90 to 16 to fit dynamic offset allocation limit.\n' +
      'Warning: maxDynamicStorageBuffersPerPipelineLayout artificially reduced from 80 to 16 to fit dynamic offset allocation limit.\n';
    const ours = 'smeftfit: interrupted at step 2904; everything up to it is saved in g20: continue with --resume\n';
    const filter = dropDawnWarnings();
    const text = dawn + ours + dawn;
    let out = '';
    for (let i = 0; i < text.length; i += 37) out += filter(text.slice(i, i + 37));
    out += filter('', true);
    expect(out).toBe(ours);
  });

  it('filters exactly the quiet runs and compares whose backend searches for an adapter', () => {
    expect(quietRunSearchesWebGpu(['node', 'smeftfit', 'run', 'gauss20', '--backend', 'webgpu', '--quiet'])).toBe(true);
    expect(quietRunSearchesWebGpu(['node', 'smeftfit', 'run', 'gauss20', '--backend=webgpu', '--quiet'])).toBe(true);
    expect(quietRunSearchesWebGpu(['node', 'smeftfit', 'run', 'gauss20', '--backend', 'webgpu'])).toBe(false);
    expect(quietRunSearchesWebGpu(['node', 'smeftfit', 'run', 'gauss20', '--backend', 'cpu', '--quiet'])).toBe(false);
    expect(quietRunSearchesWebGpu(['node', 'smeftfit', 'list', '--quiet'])).toBe(false);
    // From the config: configs/gauss20.yaml names no webgpu backend.
    const config = path.join(work, 'webgpu.yaml');
    fs.writeFileSync(config, 'model:\n  target: normal\n  ndim: 2\nbackend: webgpu\n');
    expect(quietRunSearchesWebGpu(['node', 'smeftfit', 'run', '--walkers', '8', config, '--quiet'])).toBe(true);
  });
});

describe('list', () => {
  it("reports webgpu as the run's adapter search finds it, and no reason names a file the package does not ship", async () => {
    // `list` runs as the command does, in its own process: its gpu probe opens a GLX context through
    // headless-gl, which cannot share a process with the Dawn (EGL) adapter this file searched for above
    // (under an X display Xlib aborts such a process with BadAccess on glXMakeCurrent).
    const result = await runCli(['list', '--json']);
    expect(result.status, result.stderr).toBe(0);
    const listing = JSON.parse(result.stdout) as Awaited<ReturnType<typeof listCommand>>;
    const webgpu = listing.backends.find((b) => b.name === 'webgpu')!;
    expect(webgpu.available).toBe(search.ok);
    if (search.ok) expect(webgpu.detail).toContain(search.handle.info.label);
    for (const backend of listing.backends) expect(backend.detail, backend.name).not.toMatch(/\.ci\/|gl\.sh/);
  });
});

describe('--version', () => {
  it('prints the version and the code hash', async () => {
    const result = await runInProcess(['--version']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`smeftfit ${packageVersion()} (code ${packageFingerprint()})\n`);
  });
});

describe.skipIf(!search.ok && !required)(search.ok ? `quiet webgpu run on ${search.handle.info.label}` : `quiet webgpu run (skipped: ${search.ok || search.detail})`, () => {
  it('--quiet --backend webgpu writes nothing to stderr; an input error still gets its one line and exit 2', { timeout: 240_000 }, async () => {
    expect(search.ok, 'SMEFTFIT_REQUIRE_WEBGPU=1 but Dawn found no adapter').toBe(true);
    const quiet = await runCli(['run', 'gauss20', '--steps', '100', '--backend', 'webgpu', '--out', path.join(work, 'quiet'), '--quiet', '--json']);
    expect(quiet.status, quiet.stderr).toBe(0);
    expect(quiet.stderr).toBe('');
    expect(JSON.parse(quiet.stdout).steps).toBe(100);
    const refused = await runCli(['run', 'gauss20', '--walkers', '4', '--steps', '100', '--backend', 'webgpu', '--out', path.join(work, 'refused'), '--quiet']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^smeftfit: sampler: 4 walkers for 20 dimensions: .* allowFewWalkers: true .*\n$/);
  });
});
