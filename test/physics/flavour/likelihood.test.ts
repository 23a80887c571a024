// Data selection and the flavour likelihood / scenario builder.
import { compileModel } from '../../../src/engine/compile.ts';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import { flavourMeasurements, symmetrise } from '../../../src/physics/flavour/data.ts';
import { matchingFactorK } from '../../../src/physics/flavour/matching.ts';
import { predictFlavour } from '../../../src/physics/flavour/predict.ts';
import { buildFlavourScenario, flavourLikelihoodModel } from '../../../src/scenarios/flavour.ts';
import { readShared, inputDir } from './shared.ts';

describe('measurements', () => {
  it('HEPfit symmetrisation reproduces the spec §9 example 0.69 +0.11 −0.07 ± 0.05 → 0.71 ± 0.10', () => {
    const s = symmetrise(0.69, [[0.11, 0.07]], [0.05]);
    expect(s.central).toBeCloseTo(0.71, 12);
    // spec rounds σ = √(0.09² + 0.05²) = 0.103 to 0.10 → tolerance 0.005
    expect(Math.abs(s.sigma - 0.1)).toBeLessThan(0.005);
  });
  it('symmetrisation matches the file’s central_symmetrised / sigma_total for LHCb 2022 (1e-12)', () => {
    const file = readShared<{ current: { measurements: { flavio_key?: string; values?: { central: number; errors_asym_plus_minus: [number, number][]; errors_sym: number[]; central_symmetrised: number; sigma_total: number }[] }[] } }>(
      'physics', 'flavour', 'flavour-data.json');
    const lhcb = file.current.measurements.find((m) => m.flavio_key === 'LHCb RK RK* 2022')!;
    for (const v of lhcb.values!) {
      const s = symmetrise(v.central, v.errors_asym_plus_minus, v.errors_sym);
      expect(Math.abs(s.central - v.central_symmetrised)).toBeLessThan(1e-12);
      expect(Math.abs(s.sigma - v.sigma_total)).toBeLessThan(1e-12);
    }
  });
  it('2020 era: LHCb R_K 2019 (0.845 ± 0.06), LHCb R_K* 2017 (two bins), Belle R_K* (4), three B_s → μμ, B_s → ee', () => {
    const blocks = flavourMeasurements('2020', inputDir);
    const obs = blocks.flatMap((b) => b.observables);
    expect(obs.filter((o) => o === 'BR(Bs->mumu)').length).toBe(3);
    expect(obs.filter((o) => o.startsWith('<Rmue>(B0->K*ll)') || o.startsWith('<Rmue>(B+->K*ll)')).length).toBe(6);
    const rk = blocks.find((b) => b.observables[0] === '<Rmue>(B+->Kll)[1.1,6.0]')!;
    expect([rk.central[0], rk.sigma[0]]).toEqual([0.845, 0.06]); // flavour-data.json hepfit_gaussian
  });
  it('current era carries the LHCb 2022 correlation matrix and rejects unknown eras', () => {
    const lhcb = flavourMeasurements('current', inputDir).find((b) => b.source === 'LHCb RK RK* 2022')!;
    expect(lhcb.correlation![0][3]).toBe(0.005);
    expect(() => flavourMeasurements('2019' as '2020', inputDir)).toThrow(InputError);
  });
});

describe('flavour likelihood', () => {
  it('without theory covariance and QED error, log L at θ equals −½ Σ ((y − y_exp)/σ)² of the 2020 data (1e-9)', () => {
    const lik = flavourLikelihoodModel({ data: '2020', wilsonCoefficients: ['lu_2233', 'eu_2233'], dataDir: inputDir, theoryDraws: 0, qedUncertainty: 0 });
    const theta = [0.7, -0.4];
    const out = new Float64Array(1);
    // The clean observables compile to a quadratic-ratio-gaussian model: evaluate it on the cpu backend.
    expect(lik.model.kind).toBe('quadratic-ratio-gaussian');
    compileModel(lik.model, { backend: 'cpu', maxBatch: 2 }).density.logProbBatch(Float64Array.from(theta), 1, out);
    // Reference: the uncorrelated Gaussian of the data blocks with predictions from predictFlavour.
    const blocks = flavourMeasurements('2020', inputDir);
    const names = [...new Set(blocks.flatMap((b) => b.observables))];
    const pred = predictFlavour({ observables: names, smeft: { lu_2233: theta[0], eu_2233: theta[1] }, options: { dataDir: inputDir } });
    let chi2 = 0;
    for (const b of blocks) b.observables.forEach((o, i) => (chi2 += ((pred[o] - b.central[i]) / b.sigma[i]) ** 2));
    expect(Math.abs(out[0] + 0.5 * chi2)).toBeLessThan(1e-9);
  });
  it('is −∞ outside the flat prior box and rejects unknown coefficients', () => {
    const lik = flavourLikelihoodModel({ data: 'current', wilsonCoefficients: ['lu_1133'], dataDir: inputDir, theoryDraws: 0 });
    const out = new Float64Array(2);
    // The clean observables compile to a quadratic-ratio-gaussian model: evaluate it on the cpu backend.
    expect(lik.model.kind).toBe('quadratic-ratio-gaussian');
    compileModel(lik.model, { backend: 'cpu', maxBatch: 2 }).density.logProbBatch(Float64Array.from([0.1, 11]), 2, out);
    expect(Number.isFinite(out[0])).toBe(true);
    expect(out[1]).toBe(-Infinity);
    expect(() => flavourLikelihoodModel({ data: '2020', wilsonCoefficients: ['lq1_2223'], dataDir: inputDir })).toThrow(/lq1_2223/);
  });
  it('the theory covariance only adds uncertainty: log L at the SM is larger with it (2020 data, ratios below 1)', () => {
    const common = { data: '2020' as const, wilsonCoefficients: ['lu_2233'], dataDir: inputDir, qedUncertainty: 0 };
    const a = flavourLikelihoodModel({ ...common, theoryDraws: 0 });
    const b = flavourLikelihoodModel({ ...common, theoryDraws: 20 });
    const oa = new Float64Array(1);
    const ob = new Float64Array(1);
    compileModel(a.model, { backend: 'cpu', maxBatch: 1 }).density.logProbBatch(new Float64Array(1), 1, oa);
    compileModel(b.model, { backend: 'cpu', maxBatch: 1 }).density.logProbBatch(new Float64Array(1), 1, ob);
    expect(ob[0]).toBeGreaterThan(oa[0]);
  });
});

describe('flavour scenarios', () => {
  it('variants sample the paper’s coefficients; info carries K; derived C9μ = K·C_lu_2233 and δR_K(SM) = 0', () => {
    const s = buildFlavourScenario({ variant: 'minimal-mu', data: '2020', dataDir: inputDir, theoryDraws: 0 });
    expect(s.parameters.map((p) => p.name)).toEqual(['lu_2233', 'phil1_22']);
    expect(s.info.matchingFactorK).toBe(matchingFactorK());
    const d = Object.fromEntries(s.derived.map((q) => [q.name, q]));
    expect(d['C9_bsmumu'].evaluate(Float64Array.from([1, 0]))).toBe(matchingFactorK());
    // eq. (2.6): C_lu and C_Hl(1) enter C9, C10 only through C_lu − C_Hl(1), so (1, 1) is SM-like exactly.
    expect(Math.abs(d['dRK[1.0,6.0]'].evaluate(Float64Array.from([1, 1])))).toBeLessThan(1e-12);
    expect(buildFlavourScenario({ variant: 'flavour-clean', data: 'current', dataDir: inputDir, theoryDraws: 0 }).parameters.length).toBe(4);
    expect(() => buildFlavourScenario({ variant: 'nope' as 'minimal-e', data: '2020', dataDir: inputDir })).toThrow(InputError);
  });
  it('the K option changes K and the derived C9 accordingly (alphaMZ / msbar)', () => {
    const s = buildFlavourScenario({ variant: 'minimal-e', data: '2020', dataDir: inputDir, theoryDraws: 0, kScheme: { alphaE: 'alphaMZ', yt: 'msbar' } });
    const K = matchingFactorK({ alphaE: 'alphaMZ', yt: 'msbar' });
    expect(s.info.matchingFactorK).toBe(K);
    expect(s.derived.find((q) => q.name === 'C10_bsee')!.evaluate(Float64Array.from([1, 0]))).toBe(-K);
  });
});
