/**
 * `run --measurements FILE` and `model.measurements` through the real CLI: a bad measurement file (unknown
 * observable, a bin the program cannot compute, an error string flavio would not read, a correlation matrix
 * that is not symmetric or not positive definite) is one line naming file and measurement, exit 2, nothing
 * written; a scenario without flavour data refuses measurements. Each call stops before any sampling.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-measurements-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const file = (name: string, text: string): string => {
  const f = path.join(work, name);
  fs.writeFileSync(f, text);
  return f;
};
const value = (name: string, a: number, b: number, v: string) => `    - {name: '${name}', q2min: ${a}, q2max: ${b}, value: '${v}'}\n`;

const BAD: [string, string, RegExp][] = [
  ['unknown.yaml', `X:\n  values:\n${value('<Rmue>(B+->Kpipi)', 1.1, 6, '0.8 ± 0.1')}`, /unknown\.yaml: measurement 'X'.*unknown flavour observable '<Rmue>\(B\+->Kpipi\)\[1\.1,6\.0\]'/],
  ['bin.yaml', `X:\n  values:\n${value('<Rmue>(B+->Kll)', 6, 1.1, '0.8 ± 0.1')}`, /bin\.yaml: measurement 'X'.*q² bin \[6,1\.1\]/],
  ['error.yaml', `X:\n  values:\n${value('<Rmue>(B+->Kll)', 1.1, 6, '0.8 +- oops')}`, /error\.yaml: measurement 'X', value 1: value '0\.8 \+- oops' is not a flavio error string/],
  ['asymmetric.yaml', `X:\n  values:\n${value('<Rmue>(B+->Kll)', 1.1, 6, '0.8 ± 0.1')}${value('<Rmue>(B0->K*ll)', 1.1, 6, '0.8 ± 0.1')}  correlation: [[1, 0.2], [0.3, 1]]\n`, /asymmetric\.yaml: measurement 'X': correlation is not symmetric/],
  ['indefinite.yaml', `X:\n  values:\n${value('<Rmue>(B+->Kll)', 1.1, 6, '0.8 ± 0.1')}${value('<Rmue>(B0->K*ll)', 1.1, 6, '0.8 ± 0.1')}${value('<Rmue>(B0->K*ll)', 0.1, 1.1, '0.8 ± 0.1')}  correlation: [[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]]\n`, /indefinite\.yaml: measurement 'X': correlation is not positive definite/],
];

describe('run --measurements: bad files', () => {
  for (const [name, text, message] of BAD) {
    it(`${name}: one line, exit 2, no output`, async () => {
      const out = path.join(work, `never-${name}`);
      const result = await runCli(['run', 'flavour-clean', '--measurements', file(name, text), '--steps', '10', '--out', out, '--quiet']);
      expect(result.status, result.stderr).toBe(2);
      const lines = result.stderr.trim().split('\n');
      expect(lines, result.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(fs.existsSync(out)).toBe(false);
    }, 60_000);
  }

  it('an EW-only scenario refuses model.measurements', async () => {
    const out = path.join(work, 'never-ew');
    const good = file('good.yaml', `X:\n  values:\n${value('<Rmue>(B+->Kll)', 1.1, 6, '0.8 ± 0.1')}`);
    const result = await runCli(['run', 'ew-tree', '--measurements', good, '--steps', '10', '--out', out, '--quiet']);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr.trim()).toMatch(/^smeftfit: model\.measurements: scenario ew-tree uses EW data only/);
    expect(fs.existsSync(out)).toBe(false);
  }, 60_000);
});
