/**
 * The README's library example, as written, in a fresh project: `npm pack` (which builds dist/ through the
 * prepare script), `npm install --prefer-offline` of the tarball into a scratch project (as the install test
 * does: dependencies from npm's cache, metadata from the registry only when the cache has none; install
 * scripts skipped, optional gl left out: neither backend here needs it),
 * then `node sample.mjs` (cpu) and `node sample.mjs webgpu` there, and a TypeScript check of calls against
 * the shipped declarations. The example is cut from README.md (the
 * first ```js block under the heading that contains "Library"), so the documentation cannot drift from
 * what is tested; its Gaussian's mean and precision are read from the same text.
 *
 * Reference: the exact moments of N(mean, P⁻¹), mean and √diag P⁻¹.
 * Tolerance (the rule of the backend posterior tests): |mean − μ| < 0.05 σ and |sd/σ − 1| < 3 %. The run's
 * own bulk ESS is asserted above 10 000 per parameter, so its Monte Carlo errors are ≤ 0.01 σ on the
 * mean and ≈ σ/√(2 ESS) ≤ 0.7 % on the sd: the tolerances sit at ≥ 4 Monte Carlo errors, so one seed
 * fails by chance with probability < 1e-4 per check (the seed is the README's, 42).
 *
 * The webgpu case is skipped where Dawn finds no adapter, unless SMEFTFIT_REQUIRE_WEBGPU=1 (CI), where
 * that is a failure (as in test/engine/webgpu.test.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/data-dir.ts';
import { findWebGpuDevice } from '../../src/engine/webgpu-device.ts';
import { invertSymmetricPositiveDefinite } from '../../src/numerics/linear-algebra.ts';
import { NPM, packCheckout } from './pack.ts';
import { runProcess as run } from '../support/run-process.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-library-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const project = path.join(work, 'project');

/** The first ```js block after the README heading that contains "Library". */
function libraryExample(readme: string): string {
  const heading = readme.search(/^#+ .*Library.*$/m);
  if (heading < 0) throw new Error('README.md: no heading containing "Library"');
  const block = /^```js\n([\s\S]*?)^```$/m.exec(readme.slice(heading));
  if (block === null) throw new Error('README.md: no ```js block under the Library heading');
  return block[1];
}

function numbersOf(example: string, name: string): number[] {
  const match = new RegExp(`const ${name} = \\[([^\\]]*)\\]`).exec(example);
  if (match === null) throw new Error(`the example defines no ${name}`);
  return match[1].split(',').map(Number);
}

const example = libraryExample(fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8'));
const mean = numbersOf(example, 'mean');
const n = mean.length;
const covariance = invertSymmetricPositiveDefinite(Float64Array.from(numbersOf(example, 'precision')), n)!;
const sd = mean.map((_, i) => Math.sqrt(covariance[i * n + i]));

interface Summary {
  backend: string;
  steps: number;
  parameters: { name: string; mean: number; sd: number; rhat: number; ess_bulk: number }[];
}

async function sampleInProject(args: string[], out: string): Promise<Summary> {
  const sampled = await run(process.execPath, ['sample.mjs', ...args], project);
  expect(sampled.status, sampled.stderr).toBe(0);
  for (const name of ['chain.h5', 'state.json', 'summary.json', 'sampler.json']) expect(fs.existsSync(path.join(project, out, name)), name).toBe(true);
  const summary = JSON.parse(fs.readFileSync(path.join(project, out, 'summary.json'), 'utf8')) as Summary;
  // What the example prints is the summary it wrote.
  for (const p of summary.parameters) expect(sampled.stdout).toContain(`${p.name}  mean ${p.mean.toFixed(3)}  sd ${p.sd.toFixed(3)}`);
  return summary;
}

function expectExactMoments(summary: Summary): void {
  expect(summary.parameters).toHaveLength(n);
  summary.parameters.forEach((p, i) => {
    expect(p.ess_bulk, p.name).toBeGreaterThan(10_000);
    expect(p.rhat, p.name).toBeLessThan(1.01);
    expect(Math.abs(p.mean - mean[i]) / sd[i], `${p.name} mean ${p.mean} vs ${mean[i]}`).toBeLessThan(0.05);
    expect(Math.abs(p.sd / sd[i] - 1), `${p.name} sd ${p.sd} vs ${sd[i]}`).toBeLessThan(0.03);
  });
}

const search = await findWebGpuDevice();
const required = process.env.SMEFTFIT_REQUIRE_WEBGPU === '1';

describe('the README library example in a project that installed the packed tarball', () => {
  beforeAll(async () => {
    const packed = await packCheckout(work);
    expect(packed.status, packed.stderr).toBe(0);
    const filename = packed.filename;
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'library-example', private: true, type: 'module' }, null, 2));
    fs.writeFileSync(path.join(project, 'sample.mjs'), example);
    const installed = await run(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--omit=optional', '--ignore-scripts', path.join(work, filename)], project);
    expect(installed.status, installed.stderr).toBe(0);
  }, 600_000);

  it('cpu: the exact moments of the Gaussian', { timeout: 300_000 }, async () => {
    const summary = await sampleInProject([], 'gauss3-cpu');
    expect(summary.backend).toBe('cpu');
    expectExactMoments(summary);
  });

  it('TypeScript in the project finds the declarations through the package exports and checks calls against them', { timeout: 120_000 }, async () => {
    // A wrong type must be an error (@ts-expect-error fails the check when it is not), a right one must pass.
    fs.writeFileSync(
      path.join(project, 'typed.ts'),
      [
        "import { EnsembleSampler, InputError, type RunSummary } from 'smeftfit';",
        'const sampler = new EnsembleSampler({ nWalkers: 8, nDim: 2, logProb: (x, n, out) => { out.fill(-0.5 * x[0], 0, n); } });',
        'const summary: Promise<RunSummary> = sampler.run({ steps: 10, untilConverged: { checkEvery: 5 } });',
        '// @ts-expect-error nWalkers is a number',
        "new EnsembleSampler({ nWalkers: '8', nDim: 2, logProb: () => undefined });",
        '// @ts-expect-error the backends are cpu, webgpu and auto',
        "new EnsembleSampler({ nWalkers: 8, nDim: 2, logProb: () => undefined, backend: 'gpu' });",
        'export { summary, InputError };',
        '',
      ].join('\n'),
    );
    const tsc = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const checked = await run(process.execPath, [tsc, '--noEmit', '--strict', '--skipLibCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', 'typed.ts'], project);
    expect(checked.status, checked.stdout + checked.stderr).toBe(0);
  });

  it.runIf(required)('a WebGPU adapter is found where CI requires one', () => {
    expect(search.ok, search.ok ? '' : search.detail).toBe(true);
  });

  it.skipIf(!search.ok)(`webgpu${search.ok ? ` on ${search.handle.info.label}` : ` (skipped: ${search.detail})`}: the exact moments of the Gaussian`, { timeout: 300_000 }, async () => {
    const summary = await sampleInProject(['webgpu'], 'gauss3-webgpu');
    expect(summary.backend).toBe('webgpu');
    expectExactMoments(summary);
  });
});
