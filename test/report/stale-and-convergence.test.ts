/**
 * Two rules of the reproduce report, on synthetic runs (no sampling):
 * - `reproduce --report-only` draws from every record it has: a record that no longer stands for
 *   the code is used and labelled "stale record …", never "not run"; a run without a record falls back to
 *   an earlier release's results/<id>/ (here the PDD/PMD flavour fits) and is labelled so.
 * - Claims read convergence: a number from a run whose summary says not converged, or with R̂ ≥ 1.01 for a
 *   coefficient the claim reads, is marked "(not converged)" and its verdict is at most "partly"; the same
 *   numbers from converged runs give "reproduced". Thresholds are those of the claims (|z| > 2, pull within
 *   0.5 of 3σ, joint R_K(*) pull < 2σ); the fixture values sit well inside or outside them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reproduceCommand } from '../../src/commands/reproduce.ts';
import { evaluateClaims, type ClaimRow, type Era } from '../../src/output/report/claims.ts';
import { convergenceOf } from '../../src/output/report/convergence.ts';
import type { LoadedRun } from '../../src/output/report/load-runs.ts';
import type { RatioMeasurements } from '../../src/output/report/measurements.ts';
import { RK_NAME, RKSTAR_NAME } from '../../src/output/report/measurements.ts';
import { writeEarlierRelease, writeRecord } from './fixture-runs.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('reproduce --report-only with stale records', () => {
  it('uses a stale record, labels it stale, and picks the PDD/PMD fits up from results/<id>/', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-stale-'));
    const results = path.join(out, 'earlier-release');
    dirs.push(out);
    writeRecord(out, 'ew-lu-2233', [{ name: 'lu_2233', mean: -0.23, sd: 0.19 }], [], 0, { dependencies: { config: 'from-an-older-config', chainCode: '', parameters: '', probes: [] } });
    const lu = (mean: number, sd: number) => [{ name: 'lu_2233', mean, sd }, { name: 'lu_1133', mean: 0.5, sd: 0.5 }];
    writeEarlierRelease(results, 'flavour-pdd-2020', lu(-1.86, 0.5), [], { converged: false, rhat: { lu_2233: 1.14, lu_1133: 1.02 } });
    writeEarlierRelease(results, 'flavour-pmd-2020', lu(-3.0, 0.36), [], { converged: true, rhat: { lu_2233: 1.0003, lu_1133: 1.001 } });

    const result = await reproduceCommand({ data: '2020', out, reportOnly: true, resultsDir: results });
    const status = new Map(result.runs.map((r) => [r.id, r.status]));
    expect(status.get('ew-lu-2233')).toBe('stale');
    expect(status.get('minimal-mu-2020')).toBe('skipped');

    const html = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
    const row = (id: string) => html.match(new RegExp(`<tr class="status-[^"]*"><td><code>${id}</code>.*?</tr>`))?.[0] ?? '';
    expect(row('ew-lu-2233')).toContain('stale record (older code; re-run reproduce to refresh)');
    expect(row('ew-lu-2233')).toContain('runs/ew-lu-2233/artifacts.json');
    expect(row('ew-lu-2233')).not.toContain('not run');
    expect(row('flavour-pdd-2020')).toContain('results/flavour-pdd-2020/ (earlier release)');
    expect(row('flavour-pdd-2020')).toContain('not converged (R̂ = 1.140 for lu_2233');
    expect(row('flavour-pmd-2020')).toMatch(/<td>converged; /);
    expect(row('minimal-mu-2020')).toContain('not run');

    // Fig. 1 draws both flavour fits; only the PDD one is marked.
    expect(html).toContain('Flavour PDD (not converged)');
    expect(html).not.toContain('Flavour PMD (not converged)');
    const claims = JSON.parse(fs.readFileSync(path.join(out, 'claims.json'), 'utf8')) as ClaimRow[];
    const pddPmd = claims.find((c) => c.claim.startsWith('Flavour PDD and PMD'))!;
    expect(pddPmd.ours['2020']).toBe('PDD −1.86 ± 0.50 (3.7σ) (not converged), PMD −3.00 ± 0.36 (8.3σ)');
    expect(pddPmd.verdict).toBe('partly');
  }, 30_000);
});

/** A loaded run with the given parameters (R̂ per name optional) and derived quantities. */
function run(id: string, parameters: Record<string, [number, number]>, derived: Record<string, [number, number]> = {}, options: { converged?: boolean; rhat?: Record<string, number>; ess?: Record<string, number>; stopReason?: string } = {}): LoadedRun {
  const entry = (name: string, [mean, sd]: [number, number]) => ({ name, mean, sd, q05: mean - 1.645 * sd, q50: mean, q95: mean + 1.645 * sd });
  const names = Object.keys(parameters);
  return {
    id,
    source: 'reproduce',
    summary: {
      parameters: names.map((n) => ({ ...entry(n, parameters[n]), ess_bulk: options.ess?.[n] ?? 1000, ess_tail: 1000, rhat: options.rhat?.[n] ?? 1.001, tau: 10 })),
      derived: Object.entries(derived).map(([n, v]) => entry(n, v)),
      converged: options.converged ?? true,
      stop_reason: options.stopReason ?? (options.converged === false ? 'max-steps' : 'converged'),
      steps: 1000,
    } as unknown as LoadedRun['summary'],
    correlation: { names, matrix: names.map((_, i) => names.map((__, j) => (i === j ? 1 : 0))) },
    intervals: names.map((n) => ({ name: n, q025: parameters[n][0] - 2 * parameters[n][1], q16: parameters[n][0] - parameters[n][1], q50: parameters[n][0], q84: parameters[n][0] + parameters[n][1], q975: parameters[n][0] + 2 * parameters[n][1] })),
  };
}

// LHCb-like 2020 ratios (R_K 0.846 ± 0.06, R_K* 0.69 ± 0.11, uncorrelated), SM = 1.
const MEASUREMENTS: RatioMeasurements = { rk: { central: 0.846, sigma: 0.06, source: 'LHCb' }, rkstar: { central: 0.69, sigma: 0.11, source: 'LHCb' }, rho: 0, smRk: 1, smRkstar: 1 };

function claimsWith(runs: Record<string, LoadedRun>): ClaimRow[] {
  const ctx = { run: (config: string, era?: Era) => runs[config] ?? runs[`${config}-${era ?? '2020'}`], measurements: () => MEASUREMENTS };
  return evaluateClaims(ctx, ['2020']);
}
const claim = (rows: ClaimRow[], start: string) => rows.find((r) => r.claim.startsWith(start))!;

describe('convergence-aware claim verdicts', () => {
  const ew = run('ew', { phil1_22: [0, 0.01] }, { delta_gZ_mumu_L: [0.0002, 0.002] });
  const ewLu = run('ew-lu-2233', { lu_2233: [-0.23, 0.19] });
  // PDD 3.7σ, PMD 8.4σ from 0: "reproduced" when both converged.
  const pdd = (opts = {}) => run('flavour-pdd-2020', { lu_2233: [-1.86, 0.5] }, {}, opts);
  const pmd = (opts = {}) => run('flavour-pmd-2020', { lu_2233: [-3.0, 0.36] }, {}, opts);
  const reconciling = (config: string, opts = {}) => run(`${config}-2020`, { lu_2233: [-1.2, 0.3], phil1_22: [0.001, 0.01] }, { [RK_NAME]: [0.85, 0.05], [RKSTAR_NAME]: [0.8, 0.05], delta_gZ_mumu_L: [0.0005, 0.002] }, opts);

  it('PDD/PMD: reproduced when converged; at most partly, marked and explained, when R̂ ≥ 1.01 or the summary says not converged', () => {
    expect(claim(claimsWith({ 'flavour-pdd-2020': pdd(), 'flavour-pmd-2020': pmd() }), 'Flavour PDD').verdict).toBe('reproduced');
    const byRhat = claim(claimsWith({ 'flavour-pdd-2020': pdd({ rhat: { lu_2233: 1.05 } }), 'flavour-pmd-2020': pmd() }), 'Flavour PDD');
    expect(byRhat.verdict).toBe('partly');
    expect(byRhat.ours['2020']).toContain('(3.7σ) (not converged)');
    expect(byRhat.reason).toContain('R̂ = 1.050 for lu_2233');
    const bySummary = claim(claimsWith({ 'flavour-pdd-2020': pdd(), 'flavour-pmd-2020': pmd({ converged: false }) }), 'Flavour PDD');
    expect(bySummary.verdict).toBe('partly');
    expect(bySummary.reason).toContain('flavour-pmd: summary: not converged');
    // R̂ just below the threshold is not flagged.
    expect(claim(claimsWith({ 'flavour-pdd-2020': pdd({ rhat: { lu_2233: 1.009 } }), 'flavour-pmd-2020': pmd() }), 'Flavour PDD').verdict).toBe('reproduced');
  });

  it('EW & Flavour: uses the PDD/PMD combined fits where present (saying which), else the clean fit; not converged caps at partly', () => {
    const base = { ew };
    const clean = claim(claimsWith({ ...base, 'ew-flavour-clean-2020': reconciling('ew-flavour-clean') }), 'EW & Flavour fit reconciles');
    expect(clean.ours['2020']).toMatch(/^EW & Flavour \(clean\) \(ew-flavour-clean\): .*clean combined fit\)$/);
    expect(clean.verdict).toBe('partly');
    const full = claim(claimsWith({ ...base, 'ew-flavour-clean-2020': reconciling('ew-flavour-clean'), 'ew-flavour-pmd-2020': reconciling('ew-flavour-pmd') }), 'EW & Flavour fit reconciles');
    expect(full.ours['2020']).toMatch(/^EW & Flavour PMD \(ew-flavour-pmd\): R_K 0\.85 ± 0\.05/);
    expect(full.verdict).toBe('reproduced');
    const unconverged = claim(claimsWith({ ...base, 'ew-flavour-pmd-2020': reconciling('ew-flavour-pmd', { rhat: { lu_2233: 1.3 } }) }), 'EW & Flavour fit reconciles');
    expect(unconverged.ours['2020']).toContain('EW & Flavour PMD (ew-flavour-pmd) (not converged)');
    expect(unconverged.verdict).toBe('partly');
    expect(unconverged.reason).toContain('ew-flavour-pmd reconciles R_K(*) with δg_Z but has not converged');
  });

  it('a run its own stopping rule ended counts as converged short of 50 τ, unless a coefficient read has bulk-ESS < 1000', () => {
    // The full flavour configs stop at 15–20 τ: summary.converged (which also asks for emcee's 50 τ) is then
    // false while the stop reason is "converged"; the report goes by R̂ < 1.01 and bulk-ESS ≥ 1000.
    const stopped = run('flavour-pdd-2020', { lu_2233: [-2.7, 0.6] }, {}, { converged: false, stopReason: 'converged', ess: { lu_2233: 3700 } });
    expect(convergenceOf(stopped, ['lu_2233'])).toEqual({ converged: true, why: '' });
    const capped = run('flavour-pdd-2020', { lu_2233: [-2.7, 0.6] }, {}, { converged: false, stopReason: 'max-steps', ess: { lu_2233: 3700 } });
    expect(convergenceOf(capped, ['lu_2233']).converged).toBe(false);
    const fewDraws = run('flavour-pdd-2020', { lu_2233: [-2.7, 0.6] }, {}, { stopReason: 'converged', ess: { lu_2233: 640 } });
    expect(convergenceOf(fewDraws, ['lu_2233'])).toEqual({ converged: false, why: 'bulk-ESS 640 < 1000 for lu_2233' });
  });

  it('≈3σ band tension: the PDD single-operator fit where present (reproduced / partly if not converged), else the clean fit (partly)', () => {
    // (−1.45 + 0.23) / hypot(0.38, 0.19) = 2.87σ.
    const band = (opts = {}) => run('flavour-lu2233-pdd-2020', { lu_2233: [-1.45, 0.38] }, {}, opts);
    const withPdd = claim(claimsWith({ 'ew-lu-2233': ewLu, 'flavour-lu2233-pdd-2020': band() }), '≈ 3σ');
    expect(withPdd.ours['2020']).toMatch(/^2\.9σ: flavour-only \(PDD, flavour-lu2233-pdd\)/);
    expect(withPdd.verdict).toBe('reproduced');
    const notConverged = claim(claimsWith({ 'ew-lu-2233': ewLu, 'flavour-lu2233-pdd-2020': band({ converged: false }) }), '≈ 3σ');
    expect(notConverged.ours['2020']).toMatch(/^2\.9σ \(not converged\): /);
    expect(notConverged.verdict).toBe('partly');
    const clean = claim(claimsWith({ 'ew-lu-2233': ewLu, 'flavour-clean-lu-2233-2020': run('flavour-clean-lu-2233-2020', { lu_2233: [-1.45, 0.38] }) }), '≈ 3σ');
    expect(clean.ours['2020']).toContain('clean observables, flavour-clean-lu-2233');
    expect(clean.verdict).toBe('partly');
  });
});
