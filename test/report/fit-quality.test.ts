/**
 * The report's goodness-of-fit section is read from the run records alone: a record with summary.goodnessOfFit
 * and summary.pulls gives its table row (numbers as recorded, rounded for display) and a pull figure (SVG +
 * PNG beside index.html); a record written before these existed stays readable and shows "—", with no figure.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reproduceCommand } from '../../src/commands/reproduce.ts';
import { pullLabels } from '../../src/output/plots/pulls.ts';
import { writeRecord } from './fixture-runs.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const goodnessOfFit = {
  measurements: 29, pseudo_measurements: 4, parameters: 6, wilson_coefficients: 1,
  chi2_best_fit: 24.31, chi2_measurements_best_fit: 23.9, dof: 27, p_value: 0.6121,
  chi2_sm: 25.02, chi2_measurements_sm: 25.02, delta_chi2: 0.71, delta_chi2_sigma: 0.84,
  information_criterion: 61.27, mean_log_likelihood: -12.2, var_log_likelihood: 9.2, posterior_draws: 400,
  correlated_blocks: [], conventions: 'test',
};
const pulls = [
  { measurement: 'MW', measured: 80.379, sigma: 0.012, sm_prediction: 80.356, pull_sm: 1.95, posterior_mean: 80.36, posterior_sd: 0.005, pull_posterior: 1.46 },
  { measurement: 'AFB_b', measured: 0.0992, sigma: 0.0016, sm_prediction: 0.1029, pull_sm: -2.29, posterior_mean: 0.1028, posterior_sd: 0.0001, pull_posterior: -2.24 },
];

describe('goodness of fit in the reproduce report', () => {
  it('shows the recorded numbers and pull figure, and "—" for a record that predates them', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-gof-report-'));
    dirs.push(out);
    writeRecord(out, 'ew-lu-2233', [{ name: 'lu_2233', mean: -0.23, sd: 0.19 }], []);
    writeRecord(out, 'ew-phil1-22', [{ name: 'phil1_22', mean: -0.01, sd: 0.01 }], []);
    const file = path.join(out, 'runs', 'ew-phil1-22', 'artifacts.json');
    const record = JSON.parse(fs.readFileSync(file, 'utf8'));
    record.summary = { ...record.summary, goodnessOfFit, pulls };
    fs.writeFileSync(file, JSON.stringify(record));

    await reproduceCommand({ data: '2020', out, reportOnly: true, resultsDir: path.join(out, 'no-earlier-release') });
    const html = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
    const table = html.match(/<table id="fit-quality">.*?<\/table>/s)?.[0] ?? '';
    const row = (id: string) => table.match(new RegExp(`<tr><td><code>${id}</code>.*?</tr>`))?.[0] ?? '';
    expect(row('ew-phil1-22')).toBe('<tr><td><code>ew-phil1-22</code></td><td>24.3 / 27</td><td>0.612</td><td>25.0</td><td>0.7 (0.8σ, 1 dof)</td><td>61.3</td><td>29 + 4 pseudo</td></tr>');
    expect(row('ew-lu-2233')).toBe('<tr><td><code>ew-lu-2233</code></td><td>—</td><td>—</td><td>—</td><td>—</td><td>—</td><td>—</td></tr>');
    expect(html).toContain('id="pulls-ew-phil1-22"');
    expect(html).not.toContain('id="pulls-ew-lu-2233"');
    const spec = JSON.parse(html.match(/<script type="application\/json" id="spec-pulls-ew-phil1-22">(.*?)<\/script>/s)![1]);
    expect(JSON.stringify(spec)).toContain('AFB_b');
    for (const ext of ['svg', 'png']) expect(fs.existsSync(path.join(out, `pulls-ew-phil1-22.${ext}`))).toBe(true);
    const svg = fs.readFileSync(path.join(out, 'pulls-ew-phil1-22.svg'), 'utf8');
    expect(svg).toContain('MW');
  }, 60_000);

  it('labels a bin measured by several experiments with the measurement it comes from', () => {
    const rows = [
      { measurement: '<P5p>(B0->K*mumu)[4.0,6.0]', source: 'LHCb B->K*mumu 2020' },
      { measurement: '<P5p>(B0->K*mumu)[4.0,6.0]', source: 'CMS B->K*mumu 2017' },
      { measurement: 'BR(Bs->mumu)', source: 'LHCb Bs->mumu 2017' },
      { measurement: 'MW' },
      { measurement: 'MW' },
    ];
    expect(pullLabels(rows)).toEqual(['<P5p>(B0->K*mumu)[4.0,6.0] · LHCb B->K*mumu 2020', '<P5p>(B0->K*mumu)[4.0,6.0] · CMS B->K*mumu 2017', 'BR(Bs->mumu)', 'MW #4', 'MW #5']);
  });
});
