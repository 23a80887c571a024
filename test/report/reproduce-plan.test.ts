/**
 * What `smeftfit reproduce` runs and when it may skip a run: the plan (EW-only fits once, fits with flavour
 * data once per era, the optional PDD/PMD fits listed) and the fingerprint (changes with the config, the
 * era and any file under src/, kernels/, data/ that can change a chain; not with the figure or report code).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeFingerprint, runFingerprint } from '../../src/commands/code-fingerprint.ts';
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

describe('run fingerprint', () => {
  const files = { 'src/physics/a.ts': 'a', 'src/output/plots/p.ts': 'p', 'src/output/report/r.ts': 'r', 'kernels/k.ts': 'k', 'data/d.json': '{}', 'configs/c.yaml': 'x: 1', 'test/t.ts': 't' };

  it('changes with code, kernels and data, not with figure/report code or tests', () => {
    const base = codeFingerprint(tree(files));
    expect(codeFingerprint(tree(files))).toBe(base);
    expect(codeFingerprint(tree({ ...files, 'src/physics/a.ts': 'a2' }))).not.toBe(base);
    expect(codeFingerprint(tree({ ...files, 'kernels/k.ts': 'k2' }))).not.toBe(base);
    expect(codeFingerprint(tree({ ...files, 'data/d.json': '{"x":1}' }))).not.toBe(base);
    expect(codeFingerprint(tree({ ...files, 'src/new-file.ts': '' }))).not.toBe(base);
    expect(codeFingerprint(tree({ ...files, 'src/output/plots/p.ts': 'p2', 'src/output/report/r.ts': 'r2', 'test/t.ts': 't2' }))).toBe(base);
  });

  it('changes with the config file and the data era', () => {
    const root = tree(files);
    const code = codeFingerprint(root);
    const config = path.join(root, 'configs/c.yaml');
    const a = runFingerprint(code, config, '2020');
    expect(runFingerprint(code, config, '2020')).toBe(a);
    expect(runFingerprint(code, config, 'current')).not.toBe(a);
    fs.writeFileSync(config, 'x: 2');
    expect(runFingerprint(code, config, '2020')).not.toBe(a);
  });
});
