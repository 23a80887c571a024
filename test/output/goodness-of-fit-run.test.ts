/**
 * End to end: a short `smeftfit run ew-tree` writes the goodnessOfFit block and the pulls table into
 * summary.json, the pull plot and the report tables; the SM pulls of three measurements equal the ones
 * computed by hand from the EW data file (value, error) and the SM prediction at the data file's central SM
 * inputs (physics/ew/predict.ts `predictEw`): (x − x_SM)/σ_exp — the EW likelihood has no theory covariance
 * (its theory uncertainty is the sampled nuisances). Tolerance 1e-6 in the pull: the likelihood's SM column
 * y0 is the same prediction, so only rounding separates them.
 * The clean flavour likelihood's SM predictions (ratios of quadratic forms) are checked against the
 * observables' own SM evaluation (info.smPredictions, CompiledObservables) to 1e-9 relative.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataDir } from '../../src/data-dir.ts';
import { chiSquare, covarianceFactor, measurementView } from '../../src/likelihood/measurement-view.ts';
import { resolveRunConfig } from '../../src/commands/run.ts';
import { compileScenario } from '../../src/commands/scenario-density.ts';
import { REPO_ROOT } from '../../src/data-dir.ts';
import { evaluateBatchNow } from '../../src/engine/density.ts';
import { predictEw } from '../../src/physics/ew/predict.ts';
import { buildFlavourScenario } from '../../src/scenarios/flavour.ts';
import { runInProcess } from '../cli/in-process.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gof-run-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

interface RawObservable { id: string; value: number; error: number }
const ewData = JSON.parse(fs.readFileSync(path.join(dataDir(), 'physics/ew/ew-data.json'), 'utf8')) as {
  sm_inputs: RawObservable[];
  correlated_sets: { id: string; observables: RawObservable[] }[];
  uncorrelated: RawObservable[];
};
const measurementOf = (id: string): RawObservable =>
  [...ewData.uncorrelated, ...ewData.correlated_sets.filter((s) => s.id === 'LEP_Zlineshape_nonLFU' || !s.id.startsWith('LEP_Zlineshape')).flatMap((s) => s.observables)].find((o) => o.id === id)!;
const inputOf = (id: string): number => ewData.sm_inputs.find((s) => s.id === id)!.value;

describe('goodness of fit of a run', () => {
  it('ew-tree: summary.json carries goodnessOfFit and pulls; SM pulls match the hand computation', async () => {
    const out = path.join(work, 'ew-tree');
    const result = await runInProcess(['run', 'ew-tree', '--walkers', '48', '--ensembles', '1', '--steps', '12', '--moves', 'de', '--threads', '1', '--out', out, '--quiet']);
    expect(result.status, result.stderr).toBe(0);
    const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8'));
    const g = summary.goodnessOfFit;
    // 29 EW measurements (ew-data.md), 4 Gaussian SM inputs as pseudo-measurements, 17 coefficients + 5 nuisances.
    expect(g.measurements).toBe(29);
    expect(g.pseudo_measurements).toBe(4);
    expect(g.parameters).toBe(22);
    expect(g.dof).toBe(29 + 4 - 22);
    expect(g.p_value).toBeGreaterThan(0);
    expect(g.p_value).toBeLessThanOrEqual(1);
    expect(g.delta_chi2).toBeCloseTo(g.chi2_sm - g.chi2_best_fit, 10);
    expect(g.information_criterion).toBeCloseTo(-2 * g.mean_log_likelihood + 4 * g.var_log_likelihood, 8);
    expect(summary.pulls).toHaveLength(29);

    const nuisances = { MH: inputOf('MH'), mt: inputOf('mt'), als: inputOf('alphas'), dalhad: inputOf('dalhad'), MZ: inputOf('MZ') };
    const sm = predictEw({ observables: ['MW', 'A_e', 'BR_W_taunu'], wilson: {}, nuisances, tree: true });
    for (const [id, observable] of [['MW', 'MW'], ['Ae_SLD', 'A_e'], ['BR_W_taunu', 'BR_W_taunu']] as const) {
      const m = measurementOf(id);
      const row = summary.pulls.find((p: { measurement: string }) => p.measurement === id);
      expect(row.measured).toBe(m.value);
      expect(row.sigma).toBeCloseTo(m.error, 12);
      expect(row.pull_sm).toBeCloseTo((m.value - sm[observable]) / m.error, 6);
      expect(Number.isFinite(row.pull_posterior)).toBe(true);
    }
    for (const file of ['pulls.svg', 'pulls.png']) expect(fs.existsSync(path.join(out, file))).toBe(true);
    const report = fs.readFileSync(path.join(out, 'report.md'), 'utf8');
    expect(report).toContain('## Goodness of fit');
    expect(report).toMatch(/\| MW \| 80\.379 ± 0\.012 \|/);
  }, 120_000);

  it('flavour-clean: the SM predictions of the likelihood equal the observables\' own SM values', () => {
    const scenario = buildFlavourScenario({ variant: 'flavour-clean', data: '2020', dataDir: dataDir(), theoryDraws: 0 });
    const view = measurementView(scenario.density)!;
    const smPredictions = scenario.info.smPredictions as Record<string, number>;
    let checked = 0;
    view.names.forEach((name, i) => {
      if (!(name in smPredictions)) return;
      expect(Math.abs(view.smPrediction[i] - smPredictions[name])).toBeLessThan(1e-9 * Math.abs(smPredictions[name]));
      checked++;
    });
    expect(checked).toBeGreaterThanOrEqual(2);
  }, 60_000);
});

describe('the measurement view is the likelihood', () => {
  // −2 log p of the cpu density (float64; no normalisation constants, flat priors 0 inside the box) equals
  // χ² of the measurements plus the pseudo-measurements' χ², as the view computes them, at the walkers'
  // start point and a point shifted off it. Tolerance 1e-9 relative: the density evaluates the same sums in
  // another order (whitened residuals), so only rounding separates them.
  for (const name of ['minimal-mu', 'flavour-pmd']) {
    it(`${name}: −2 log p = χ²_measurements + χ²_pseudo`, () => {
      const config = resolveRunConfig(path.join(REPO_ROOT, 'configs', `${name}.yaml`), { data: '2020' });
      const { scenario, compiled } = compileScenario(config.model, 'cpu', 2);
      const view = measurementView(scenario.density)!;
      const L = covarianceFactor(view);
      const start = Float64Array.from(scenario.parameters, (p) => p.start.center);
      const shifted = Float64Array.from(scenario.parameters, (p) => p.start.center + 0.5 * p.start.width);
      const points = new Float64Array([...start, ...shifted]);
      const logProb = new Float64Array(2);
      evaluateBatchNow(compiled.density, points, 2, logProb);
      [start, shifted].forEach((theta, k) => {
        const prediction = new Float64Array(view.names.length);
        view.predict(theta, prediction);
        const chi2 = chiSquare(L, view.measured, prediction) + view.pseudoChi2(theta);
        expect(Math.abs(-2 * logProb[k] - chi2)).toBeLessThan(1e-9 * chi2);
      });
    }, 60_000);
  }
});
