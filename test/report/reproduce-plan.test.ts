/**
 * What `smeftfit reproduce` runs and when it may skip a run: the plan (EW-only fits once, fits with flavour
 * data once per era, the optional PDD/PMD fits listed) and when a record still stands (record-validity.ts:
 * the resolved config, the sampler-side code, likelihood probes).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chainCodeHash, recordDependencies, staleReason } from '../../src/commands/record-validity.ts';
import { resolveRunConfig } from '../../src/commands/run-config.ts';
import { runCommand } from '../../src/commands/run.ts';
import { REPO_ROOT } from '../../src/data-dir.ts';
import { PAPER_RUNS, plannedRuns } from '../../src/output/report/paper-runs.ts';

function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-fingerprint-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

describe('reproduce plan', () => {
  it('runs EW-only fits once and fits with flavour data on each requested era', () => {
    const both = plannedRuns('both').map((p) => p.id);
    expect(both.filter((id) => id === 'ew')).toHaveLength(1);
    expect(both).toEqual(expect.arrayContaining(['minimal-mu-2020', 'minimal-mu-current', 'zprime-eta250-2020', 'lq-vector-e-current', 'ew-lu-2233']));
    expect(plannedRuns('2020').map((p) => p.id)).not.toContain('minimal-mu-current');
    // The full flavour fits are planned (picked up when their configs exist).
    for (const config of ['flavour-pdd', 'flavour-pmd', 'ew-flavour-pdd', 'ew-flavour-pmd', 'flavour-lu2233-pdd']) {
      expect(PAPER_RUNS.find((r) => r.config === config)?.optional).toBe(true);
    }
  });

  it('has a config for every non-optional run', () => {
    for (const run of PAPER_RUNS.filter((r) => !r.optional)) expect(fs.existsSync(path.join('configs', `${run.config}.yaml`)), run.config).toBe(true);
  });
});

describe('record validity', () => {
  const files = { 'src/sampler/move.ts': 'm', 'src/physics/a.ts': 'a', 'src/output/plots/p.ts': 'p', 'kernels/k.ts': 'k', 'data/d.json': '{}', 'test/t.ts': 't' };

  it('hashes the sampler-side code, not the physics, kernels, data, figures or tests (those the probes judge)', () => {
    const base = chainCodeHash(tree(files));
    expect(chainCodeHash(tree(files))).toBe(base);
    expect(chainCodeHash(tree({ ...files, 'src/sampler/move.ts': 'm2' }))).not.toBe(base);
    expect(chainCodeHash(tree({ ...files, 'src/sampler/new-move.ts': '' }))).not.toBe(base);
    expect(chainCodeHash(tree({ ...files, 'src/physics/a.ts': 'a2', 'kernels/k.ts': 'k2', 'data/d.json': '{"x":1}', 'src/output/plots/p.ts': 'p2', 'test/t.ts': 't2' }))).toBe(base);
  });

  it('a finished run stands until its config, era or likelihood changes', async () => {
    // A real 200-step run of a one-parameter fit; its record must stand as it is, and fall with a new
    // seed, another data era, or a likelihood that no longer gives the recorded log p (shifted by 1e-6).
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-record-'));
    const configFile = path.join(REPO_ROOT, 'configs', 'flavour-clean-lu-2233.yaml');
    const config = resolveRunConfig(configFile, { data: '2020', steps: 200 });
    await runCommand(configFile, { data: '2020', steps: 200, out, quiet: true, threads: 1 });
    const deps = recordDependencies(config, out, REPO_ROOT);
    expect(deps.probes.length).toBe(9);
    expect(staleReason(deps, config, REPO_ROOT)).toBeUndefined();
    expect(staleReason(deps, resolveRunConfig(configFile, { data: '2020', steps: 200, seed: '2' }), REPO_ROOT)).toBe('the config changed');
    expect(staleReason(deps, resolveRunConfig(configFile, { data: 'current', steps: 200 }), REPO_ROOT)).toBe('the config changed');
    expect(staleReason(deps, { ...config, threads: 7 }, REPO_ROOT)).toBeUndefined();
    const shifted = { ...deps, probes: deps.probes.map((p, k) => (k === 3 ? { ...p, logProb: p.logProb + 1e-6 } : p)) };
    expect(staleReason(shifted, config, REPO_ROOT)).toMatch(/^the likelihood changed .* at probe 3\)$/);
    expect(staleReason(undefined, config, REPO_ROOT)).toBe('no dependency record');
    fs.rmSync(out, { recursive: true, force: true });
  }, 240_000); // six builds of the clean flavour likelihood (its theory covariance): seconds alone, a minute on a loaded machine
});
