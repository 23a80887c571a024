/**
 * WCxf in and out (Aebischer et al., arXiv:1712.05298; the format of github.com/wcxf/wcxf-python:
 * `eft`, `basis`, `scale` in GeV, `values` as numbers or {Re, Im}; SMEFT/Warsaw values in GeV⁻²).
 * smeftfit's coefficients are TeV⁻² at Λ = 1 TeV: C[TeV⁻²] = C[GeV⁻²] · (1000 GeV/TeV)² = C[GeV⁻²] · 10⁶.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { maxPosteriorPoint } from '../../src/output/max-posterior-point.ts';
import { WCXF_MAX_FILE, WCXF_MEAN_FILE } from '../../src/output/wcxf-points.ts';
import { parseWcxf, smeftToWcxf, SMEFT_PARAMETERS } from '../../src/physics/wcxf.ts';
import { ChainStore } from '../../src/sampler/chain-store.ts';
import { RandomStream } from '../../src/sampler/random.ts';
import { runInProcess } from '../cli/in-process.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-wcxf-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Written by hand from the WCxf specification (not by smeftfit): real numbers, a {Re, Im} entry, a zero entry smeftfit does not model. */
const HAND_WRITTEN = `# A SMEFT point, WCxf format
eft: SMEFT
basis: Warsaw
scale: 1000
metadata:
  description: hand-written test point
values:
  phil1_11: 1.0e-7
  phil3_22: -2.5e-8
  ll_1221: 4.0e-7
  lu_2233: {Re: -1.0e-6, Im: 0}
  phiq1_11: 3.0e-8
  phiq1_22: 3.0e-8
  phiD: 0
`;

describe('WCxf in', () => {
  it('a hand-written SMEFT/Warsaw file gives the TeV⁻² values (× 10⁶), U(2) pairs folded into X_11', () => {
    const point = parseWcxf(HAND_WRITTEN, 'hand.yaml');
    expect(point.eft).toBe('SMEFT');
    // Exact decimal conversions up to one rounding of the division by 10⁻⁶ (relative 1e-15).
    const expected = { phil1_11: 0.1, phil3_22: -0.025, ll_1221: 0.4, lu_2233: -1, phiq1_11: 0.03 };
    expect(Object.keys(point.coefficients).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, value] of Object.entries(expected)) expect(point.coefficients[name]).toBeCloseTo(value, 14);
  });

  it('refuses what it cannot represent, naming the field: other scale, complex value, broken U(2), unknown non-zero coefficient, other EFT', () => {
    const cases: [string, RegExp][] = [
      [HAND_WRITTEN.replace('scale: 1000', 'scale: 91.1876'), /scale: .*1000 GeV.*got 91\.1876/],
      [HAND_WRITTEN.replace('Im: 0', 'Im: 1e-7'), /values\.lu_2233: imaginary part/],
      [HAND_WRITTEN.replace('phiq1_22: 3.0e-8', 'phiq1_22: 4.0e-8'), /values\.phiq1_22: .*U\(2\)/],
      [HAND_WRITTEN.replace('phiD: 0', 'phiD: 1e-7'), /values\.phiD: not in smeftfit's model/],
      [HAND_WRITTEN.replace('eft: SMEFT', 'eft: SMEFTsim'), /eft\/basis SMEFTsim\/Warsaw/],
      [HAND_WRITTEN.replace('scale: 1000', 'scale: lots'), /WCxf scale: /],
      ['eft: WET\nbasis: flavio\nscale: 160\nvalues: {C9_bsmumu: -1}\n', /4\.8 GeV, got 160/],
      ['[1, 2', /not a WCxf file \(YAML/],
    ];
    for (const [text, message] of cases) {
      let error: unknown;
      try {
        parseWcxf(text, 'point.yaml');
      } catch (e) {
        error = e;
      }
      expect(error, String(message)).toBeInstanceOf(InputError);
      expect((error as Error).message).toMatch(/^point\.yaml: /);
      expect((error as Error).message).toMatch(message);
    }
  });

  it('predict --wc-file gives the same observables as the same point on --wc (SMEFT and WET)', async () => {
    const smeftFile = path.join(work, 'smeft.yaml');
    fs.writeFileSync(smeftFile, HAND_WRITTEN);
    const obs = 'GammaZ,MW,A_e,<Rmue>(B+->Kll)[1.1,6.0],BR(Bs->mumu)';
    const fromFile = await runInProcess(['predict', '--obs', obs, '--wc-file', smeftFile, '--json']);
    const fromFlags = await runInProcess(['predict', '--obs', obs, '--wc', 'phil1_11=0.1,phil3_22=-0.025,ll_1221=0.4,lu_2233=-1,phiq1_11=0.03', '--json']);
    expect(fromFile.status, fromFile.stderr).toBe(0);
    expect(fromFlags.status, fromFlags.stderr).toBe(0);
    const a = JSON.parse(fromFile.stdout) as Record<string, number>;
    const b = JSON.parse(fromFlags.stdout) as Record<string, number>;
    // The only difference is the GeV⁻² → TeV⁻² division (one rounding): relative 1e-12 covers it.
    for (const name of Object.keys(b)) expect(Math.abs(a[name] / b[name] - 1), name).toBeLessThan(1e-12);

    const wetFile = path.join(work, 'wet.yaml');
    fs.writeFileSync(wetFile, 'eft: WET\nbasis: flavio\nscale: 4.8\nvalues:\n  C9_bsmumu: -1.0\n  C10_bsmumu: {Re: 0.5}\n');
    const wet = await runInProcess(['predict', '--obs', '<Rmue>(B+->Kll)[1.1,6.0]', '--wc-file', wetFile, '--json']);
    const wetFlags = await runInProcess(['predict', '--obs', '<Rmue>(B+->Kll)[1.1,6.0]', '--wc', 'C9_bsmumu=-1,C10_bsmumu=0.5', '--json']);
    expect(wet.status, wet.stderr).toBe(0);
    expect(JSON.parse(wet.stdout)).toEqual(JSON.parse(wetFlags.stdout));

    const both = await runInProcess(['predict', '--obs', 'GammaZ', '--wc-file', smeftFile, '--wc', 'phil1_11=1']);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/--wc-file: phil1_11 is given both/);
  });
});

describe('WCxf out', () => {
  it('round trip: every SMEFT parameter written in GeV⁻² and read back in TeV⁻²', () => {
    const parameters = Object.fromEntries(SMEFT_PARAMETERS.map((name, i) => [name, (i - 10) * 0.137 + 1e-3]));
    const text = smeftToWcxf({ ...parameters, mt: 172.5 });
    const written = parse(text) as { eft: string; basis: string; scale: number; values: Record<string, number> };
    expect([written.eft, written.basis, written.scale]).toEqual(['SMEFT', 'Warsaw', 1000]);
    expect(written.values.phil1_11).toBeCloseTo(parameters.phil1_11 * 1e-6, 20);
    expect(written.values.phiq3_22, 'U(2) partner written').toBe(written.values.phiq3_11);
    expect(written.values.mt, 'nuisances are not Wilson coefficients').toBeUndefined();
    const back = parseWcxf(text, 'round-trip.yaml').coefficients;
    expect(Object.keys(back).sort()).toEqual([...SMEFT_PARAMETERS].sort());
    for (const name of SMEFT_PARAMETERS) expect(Math.abs(back[name] - parameters[name])).toBeLessThanOrEqual(1e-15 * Math.abs(parameters[name]) + 1e-300);
  });

  it('maxPosteriorPoint picks the stored point of highest log-probability', () => {
    const store = new ChainStore(3, 2);
    const logProbs = [
      [-5, -4, -9],
      [-3, -7, -1.5],
      [-2, -8, -6],
    ];
    logProbs.forEach((row, s) =>
      store.append({ nEnsembles: 1, nWalkers: 3, nDim: 2, iteration: s, coords: Float64Array.from({ length: 6 }, (_, i) => 10 * s + i), logProb: Float64Array.from(row), accepted: new Float64Array(3), randoms: [RandomStream.fromSeed(1)] }),
    );
    const best = maxPosteriorPoint(store);
    expect(best.logProb).toBe(-1.5);
    expect(Array.from(best.point)).toEqual([14, 15]); // step 1, walker 2: coords 10·1 + (4, 5)
  });

  it('a run writes both files; the mean file is summary.json\'s posterior mean, the run can start from a WCxf point', async () => {
    fs.writeFileSync(path.join(work, 'start.yaml'), 'eft: SMEFT\nbasis: Warsaw\nscale: 1000\nvalues: {lu_2233: -1.2e-6, phil1_22: 7.0e-8}\n');
    const config = path.join(work, 'mm.yaml');
    fs.writeFileSync(config, ['model:', '  scenario: minimal-mu', '  options: { flavour: { theoryDraws: 0 } }', '  wcxf: { file: start.yaml, use: centre }', 'backend: cpu', 'sampler: { walkers: 16, ensembles: 2, steps: 40, autoStop: false, skipInitialStateCheck: true }', ''].join('\n'));
    const out = path.join(work, 'mm-run');
    const result = await runInProcess(['run', config, '--out', out, '--quiet', '--json']);
    expect(result.status, result.stderr).toBe(0);
    const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8')) as { parameters: { name: string; mean: number }[] };
    const mean = parseWcxf(fs.readFileSync(path.join(out, WCXF_MEAN_FILE), 'utf8'), WCXF_MEAN_FILE).coefficients;
    for (const p of summary.parameters.filter((q) => q.name in mean)) expect(Math.abs(mean[p.name] / p.mean - 1), p.name).toBeLessThan(1e-14);
    expect(Object.keys(mean).sort()).toEqual(['lu_2233', 'phil1_22']);
    const max = parse(fs.readFileSync(path.join(out, WCXF_MAX_FILE), 'utf8')) as { metadata: { log_posterior: number } };
    expect(Number.isFinite(max.metadata.log_posterior)).toBe(true);
    // The start file is resolved against the config's folder and recorded in the run's config.
    expect(JSON.parse(fs.readFileSync(path.join(out, 'config.json'), 'utf8')).model.wcxf.file).toBe(path.join(work, 'start.yaml'));
  });
});
