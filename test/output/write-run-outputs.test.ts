import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeRunOutputs } from '../../src/output/write-run-outputs.ts';
import { correlatedPairs, parameter, scenarioWith, storeFrom, summaryFor } from './fixtures.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-outputs-'));
  tempDirs.push(dir);
  return dir;
}

/**
 * Two WCs (columns 0 and 2) with correlation rho and a nuisance (column 1); 200 stored rows of junk
 * (WCs perfectly correlated with a spread of ±15) come before 400 × 32 posterior points.
 */
function twoWcRun(rho: number) {
  const nWalkers = 32;
  const burn = 200;
  const { x, y } = correlatedPairs(400 * nWalkers, rho, `run-${rho}`);
  const nuisance = correlatedPairs(400 * nWalkers, 0, `nuisance-${rho}`).x;
  const store = storeFrom(burn + 400, nWalkers, 3, (t, w, d) => {
    if (t < burn) return d === 1 ? 1 : 30 - w;
    const i = (t - burn) * nWalkers + w;
    return d === 0 ? 0.1 * x[i] : d === 1 ? 1 + 0.2 * nuisance[i] : 0.5 + 0.01 * y[i];
  }, 2);
  const scenario = scenarioWith('two-wc', [parameter('lu_2233', 'wc'), parameter('alpha_s', 'nuisance'), parameter('eu_2233', 'wc')]);
  // burn_in_steps = 400 with thin 2 → ⌈400 / 2⌉ = 200 stored rows discarded.
  const summary = summaryFor(['lu_2233', 'alpha_s', 'eu_2233'], { burn_in_steps: 400, thin: 2 });
  return { store, scenario, summary, nPoints: 400 * nWalkers };
}

describe('writeRunOutputs', () => {
  it('writes the correlation of the WCs only, the plots, the contour of the two WCs and the report', async () => {
    const rho = 0.6;
    const { store, scenario, summary, nPoints } = twoWcRun(rho);
    const dir = tempDir();
    const written = await writeRunOutputs(dir, store, scenario, summary);
    expect(written.sort()).toEqual(['contour.png', 'contour.svg', 'correlation.json', 'correlation.png', 'correlation.svg', 'intervals.png', 'intervals.svg', 'report.md', 'wcxf-max-posterior.yaml', 'wcxf-posterior-mean.yaml']);
    expect(fs.readdirSync(dir).sort()).toEqual(written.sort()); // no temporary files left behind
    const correlation = JSON.parse(fs.readFileSync(path.join(dir, 'correlation.json'), 'utf8'));
    expect(correlation.names).toEqual(['lu_2233', 'eu_2233']);
    expect(correlation.parameters).toBe('wc');
    expect(correlation.samples).toBe(nPoints);
    expect(correlation.burn_in_rows).toBe(200);
    // Correlation is invariant under the affine maps of the fixture: ρ within 5 se = 5 (1 − ρ²)/√n (Fisher
    // 1915). Including the junk rows would give ρ ≈ 1.
    expect(Math.abs(correlation.matrix[0][1] - rho)).toBeLessThan((5 * (1 - rho * rho)) / Math.sqrt(nPoints));
    for (const png of ['correlation.png', 'intervals.png', 'contour.png']) {
      expect(fs.readFileSync(path.join(dir, png)).subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    }
    const report = fs.readFileSync(path.join(dir, 'report.md'), 'utf8');
    expect(report).toContain('| lu_2233 |');
    expect(report).toContain('| alpha_s |');
  });

  it('draws the intervals of the WCs only', async () => {
    const { store, scenario, summary } = twoWcRun(0);
    const dir = tempDir();
    await writeRunOutputs(dir, store, scenario, summary);
    const svg = fs.readFileSync(path.join(dir, 'intervals.svg'), 'utf8');
    // Two WC rows only (the nuisance is not a WC), labelled in physics notation.
    expect(svg).toContain('C_lu₂₂₃₃');
    expect(svg).toContain('C_eu₂₂₃₃');
    expect(svg).not.toContain('alpha_s');
  });

  it('falls back to all parameters without WCs and draws no contour unless there are exactly two WCs', async () => {
    const { x, y } = correlatedPairs(200 * 16, -0.7, 'targets');
    const store = storeFrom(200, 16, 3, (t, w, d) => (d === 0 ? x[t * 16 + w] : d === 1 ? y[t * 16 + w] : x[t * 16 + w] + y[t * 16 + w]));
    const names = ['t0', 't1', 't2'];
    const dir = tempDir();
    const written = await writeRunOutputs(dir, store, scenarioWith('gauss', names.map((n) => parameter(n, 'target'))), summaryFor(names, { burn_in_steps: 0 }));
    expect(written).not.toContain('contour.svg');
    const correlation = JSON.parse(fs.readFileSync(path.join(dir, 'correlation.json'), 'utf8'));
    expect(correlation.names).toEqual(names);
    expect(correlation.parameters).toBe('all');
    // ρ(t0, t1) = −0.7 within 5 se, se = (1 − ρ²)/√n, n = 3200 (Fisher 1915).
    expect(Math.abs(correlation.matrix[0][1] + 0.7)).toBeLessThan((5 * 0.51) / Math.sqrt(3200));
    const threeWcs = await writeRunOutputs(tempDir(), store, scenarioWith('three', names.map((n) => parameter(n, 'wc'))), summaryFor(names, { burn_in_steps: 0 }));
    expect(threeWcs).not.toContain('contour.svg');
  });
});
