import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { requireCholesky as cholesky, requireInverseSpd as inverseSPD } from '../../../src/numerics/linear-algebra.ts';
import { type EwLikelihoodBuild, buildEwLikelihood, ewLikelihoodModel } from '../../../src/physics/ew/likelihood.ts';
import { predictEw } from '../../../src/physics/ew/predict.ts';
import { EW_TREE_LEVEL_COEFFICIENTS, EW_WILSON_COEFFICIENTS, SEMILEPTONIC_TOP_COEFFICIENTS } from '../../../src/physics/ew/wilson-coefficients.ts';
import { ewData, inputDir } from './ew-reference.ts';
import { chiSquare, covarianceInverse, linearisedPredictions } from './linearised-model-evaluation.ts';

const builds: Record<string, EwLikelihoodBuild> = {
  ew: buildEwLikelihood({ dataDir: inputDir, wilsonCoefficients: [...EW_TREE_LEVEL_COEFFICIENTS] }),
  'ew-tree': buildEwLikelihood({ dataDir: inputDir, wilsonCoefficients: [...EW_TREE_LEVEL_COEFFICIENTS], running: false }),
  'ew-sl4f': buildEwLikelihood({ dataDir: inputDir, wilsonCoefficients: [...SEMILEPTONIC_TOP_COEFFICIENTS] }),
};

/** Exact predictions (predictEw: exact SM functions + linear SMEFT) of every measurement row at θ. */
function exactPredictions(build: EwLikelihoodBuild, theta: ArrayLike<number>, tree: boolean): number[] {
  const { model, data } = build;
  const wilson: Record<string, number> = {};
  const nuisances: Record<string, number> = {};
  model.parameterNames.forEach((n, i) => (model.priors[i].kind === 'flat' && n !== 'MZ' ? (wilson[n] = theta[i]) : (nuisances[n] = theta[i])));
  const out = predictEw({ observables: data.measurements.map((m) => m.observable), wilson, nuisances, tree });
  return data.measurements.map((m) => out[m.observable]);
}

describe('EW measurements and covariance (ew-data.json)', () => {
  const { data, model } = builds.ew;
  it('holds every measurement of the data file once (29 rows) in file order', () => {
    const ids = [
      ...ewData.correlated_sets.filter((s: { id: string }) => s.id !== 'LEP_Zlineshape_nonLFU_2019lumi_ALTERNATIVE').flatMap((s: { observables: { id: string }[] }) => s.observables.map((o) => o.id)),
      ...ewData.uncorrelated.map((o: { id: string }) => o.id),
    ];
    expect(model.observableNames).toEqual(ids);
    expect(data.measurements).toHaveLength(29);
  });
  it('uses the published correlation matrices: V_ij = ρ_ij σ_i σ_j (spot checks, exact)', () => {
    const n = model.observableNames.length;
    const at = (a: string, b: string): number => model.covariance[model.observableNames.indexOf(a) * n + model.observableNames.indexOf(b)];
    expect(at('R_b', 'R_c')).toBeCloseTo(-0.18 * 0.00066 * 0.003, 18); // hep-ex/0509008 Table 5.11
    expect(at('sigma_had', 'GammaZ')).toBeCloseTo(-0.297 * 0.037 * 0.0023, 15); // Table 2.13
    expect(at('BR_W_enu', 'BR_W_taunu')).toBeCloseTo(-0.201 * 0.0016 * 0.0021, 18); // 1302.3415
    expect(at('Ae_SLD', 'Ae_Ptau')).toBe(0); // independent experiments
    expect(() => cholesky(model.covariance, n)).not.toThrow();
  });
});

describe('expansion in the nuisances (max |exact − expanded|/σ_exp < 0.05 over ±5σ)', () => {
  it.each(['ew', 'ew-tree', 'ew-sl4f'])('%s: 400 random points and all 32 nuisance corners', (variant) => {
    const build = builds[variant];
    const { model } = build;
    const tree = variant === 'ew-tree';
    const nW = model.parameterNames.length - 5;
    const rng = seedrandom(`expansion-${variant}`);
    const points: number[][] = [];
    for (let t = 0; t < 432; t++) {
      const theta = Array.from(model.reference);
      // WCs anywhere within ±5 expected posterior sd, nuisances within ±5σ (corners for t ≥ 400).
      for (let i = 0; i < nW; i++) theta[i] = (2 * rng() - 1) * 5 * build.marginalSd[model.parameterNames[i]];
      for (let i = 0; i < 5; i++) {
        const sd = build.nuisanceSd[model.parameterNames[nW + i]];
        theta[nW + i] += t < 400 ? (2 * rng() - 1) * 5 * sd : (((t - 400) >> i) & 1 ? 5 : -5) * sd;
      }
      points.push(theta);
    }
    let worst = 0;
    for (const theta of points) {
      const exact = exactPredictions(build, theta, tree);
      const expanded = linearisedPredictions(model, theta);
      build.data.measurements.forEach((m, r) => (worst = Math.max(worst, Math.abs(exact[r] - expanded[r]) / m.error)));
    }
    expect(worst).toBeLessThan(0.05);
  });
});

describe('the LinearisedGaussianModel reproduces the direct χ² from predictEw and the data', () => {
  /**
   * Points drawn from the Fisher approximation of the posterior, N(θ_ref, s² F⁻¹), so that they probe
   * the region a sampler visits (s = 1) and its far tails (s = 3); F is built here from the model's own
   * matrices. Pass rule: every point of all three seeds passes (the bound is deterministic; the seeds
   * only vary the points).
   */
  it.each(['ew', 'ew-tree', 'ew-sl4f'])('%s: 3 seeds × 40 points at s = 1 and s = 3', (variant) => {
    const build = builds[variant];
    const { model } = build;
    const npar = model.parameterNames.length;
    const nobs = model.observableNames.length;
    const vInv = covarianceInverse(model);
    const fisher = new Float64Array(npar * npar);
    for (let a = 0; a < npar; a++) {
      for (let b = 0; b < npar; b++) {
        let s = 0;
        for (let r = 0; r < nobs; r++) for (let t = 0; t < nobs; t++) s += model.jacobian[r * npar + a] * vInv[r * nobs + t] * model.jacobian[t * npar + b];
        fisher[a * npar + b] = s;
      }
      const p = model.priors[a];
      if (p.kind === 'gaussian') fisher[a * npar + a] += 1 / (p.sd * p.sd);
    }
    const l = cholesky(inverseSPD(fisher, npar), npar);
    for (const seed of ['a', 'b', 'c']) {
      const rng = seedrandom(`chi2-${variant}-${seed}`);
      const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
      for (let t = 0; t < 40; t++) {
        const scale = t < 20 ? 1 : 3;
        const z = Array.from({ length: npar }, gauss);
        const theta = Array.from(model.reference, (v, i) => v + scale * z.reduce((s, zj, j) => s + l[i * npar + j] * zj, 0));
        const direct = chiSquare(exactPredictions(build, theta, variant === 'ew-tree'), model.measured, vInv);
        const viaModel = chiSquare(linearisedPredictions(model, theta), model.measured, vInv);
        // s = 1: |Δχ²| < 0.01, i.e. the density differs by < 0.5 %, far below Monte-Carlo noise.
        // s = 3 (χ² of several hundred): third-order terms grow; |Δχ²| < 10⁻³ χ² still ranks points correctly.
        if (scale === 1) expect(Math.abs(direct - viaModel)).toBeLessThan(0.01);
        else expect(Math.abs(direct - viaModel)).toBeLessThan(1e-3 * direct);
      }
    }
  });
});

describe('model shape and inputs', () => {
  it('parameters are the chosen WCs then MH, mt, als, dalhad, MZ, with the priors stated', () => {
    const model = ewLikelihoodModel({ dataDir: inputDir, wilsonCoefficients: ['phiq1_33', 'lu_2233'] });
    expect(model.parameterNames).toEqual(['phiq1_33', 'lu_2233', 'MH', 'mt', 'als', 'dalhad', 'MZ']);
    const mt = ewData.sm_inputs.find((s: { id: string }) => s.id === 'mt');
    expect(model.priors[3]).toEqual({ kind: 'gaussian', mean: mt.value, sd: mt.error });
    expect(model.priors[6].kind).toBe('flat'); // M_Z constrained by the lineshape row only
    expect(model.priors[0].kind).toBe('flat');
  });

  it('all 21 coefficients: the EW-only flat directions C_lu vs C_Hl1 (eq. 2.7) show as infinite marginal sd', () => {
    const build = buildEwLikelihood({ dataDir: inputDir, wilsonCoefficients: [...EW_WILSON_COEFFICIENTS] });
    for (const name of ['lu_1133', 'lu_2233', 'eu_1133', 'eu_2233', 'phil1_11', 'phie_22']) expect(build.marginalSd[name]).toBe(Infinity);
    expect(Number.isFinite(build.marginalSd.phil3_33)).toBe(true);
    for (const p of build.model.priors) if (p.kind === 'flat') expect(p.upper).toBeGreaterThan(0);
  });

  it('rejects unknown or repeated Wilson coefficients with an InputError', () => {
    expect(() => ewLikelihoodModel({ dataDir: inputDir, wilsonCoefficients: ['phiHq_11'] })).toThrowError(expect.objectContaining({ name: 'InputError', message: expect.stringContaining("'phiHq_11'") }));
    expect(() => ewLikelihoodModel({ dataDir: inputDir, wilsonCoefficients: ['ll_1221', 'll_1221'] })).toThrowError(expect.objectContaining({ name: 'InputError' }));
  });

  it('the Janot–Jadach 2019 lineshape option swaps σ_had⁰ to 41.4742 nb and keeps M_Z', () => {
    const build = buildEwLikelihood({ dataDir: inputDir, wilsonCoefficients: ['phil1_11'], zLineshape: 'janot-jadach-2019' });
    const idx = (id: string): number => build.model.observableNames.indexOf(id);
    expect(build.model.measured[idx('sigma_had')]).toBe(41.4742); // arXiv:1912.02067 Table B.13
    expect(build.model.measured[idx('MZ')]).toBe(91.1876);
  });
});
