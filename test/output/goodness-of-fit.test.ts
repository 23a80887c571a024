/**
 * Goodness of fit on a linear Gaussian case where every number is known in closed form: five measurements
 * x (two of them correlated) of y = J θ, θ = (c, n) with a flat prior on the coefficient c and a Gaussian
 * prior N(0, s²) on the nuisance n. The posterior is N(μ, Σ) with Σ⁻¹ = F = Jᵀ C⁻¹ J + diag(0, 1/s²),
 * μ = Σ Jᵀ C⁻¹ x; at μ the χ² (measurements + the nuisance's pseudo-measurement) has 5 + 1 − 2 = 4 dof, whose
 * survival function is e^{−x/2}(1 + x/2); Δχ² for one coefficient is z². Over the posterior, Q = χ²_meas(θ)
 * has E Q = r̂ᵀC⁻¹r̂ + tr(AΣ) and Var Q = 2 tr((AΣ)²) + 4 bᵀΣb (A = JᵀC⁻¹J, b = JᵀC⁻¹r̂, r̂ = x − Jμ; moments
 * of a Gaussian quadratic form, Mathai & Provost 1992, thm 3.2b), so IC = −2⟨log L⟩ + 4 Var log L = E Q + Var Q.
 */
import { describe, expect, it } from 'vitest';
import type { LinearisedGaussianModel } from '../../src/likelihood/model.ts';
import { correlatedBlocks, fitQuality, POSTERIOR_DRAWS } from '../../src/output/goodness-of-fit.ts';
import { ChainStore } from '../../src/sampler/chain-store.ts';
import type { EnsembleState } from '../../src/sampler/ensemble-state.ts';
import { RandomStream } from '../../src/sampler/random.ts';
import type { ScenarioModel } from '../../src/scenarios/scenario.ts';

const J = [[1.0, 0.5], [0.8, -0.3], [-0.4, 1.0], [1.5, 0.0], [0.3, 0.7]];
const SIGMA = [0.5, 0.4, 0.6, 0.9, 0.3];
const RHO01 = 0.4;
const X = [0.9, 0.2, -0.3, 1.9, 0.6];
const S = 0.8;

const C: number[][] = SIGMA.map((si, i) => SIGMA.map((sj, j) => (i === j ? si * si : (i + j === 1 ? RHO01 * si * sj : 0))));

function inverse(m: number[][]): number[][] {
  // Gauss–Jordan (5×5 and 2×2 here), independent of the code under test.
  const n = m.length;
  const a = m.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    const p = a[c][c];
    for (let j = 0; j < 2 * n; j++) a[c][j] /= p;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r][c];
      for (let j = 0; j < 2 * n; j++) a[r][j] -= f * a[c][j];
    }
  }
  return a.map((row) => row.slice(n));
}
const mul = (a: number[][], b: number[][]) => a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
const tr = (a: number[][]) => a.reduce((s, row, i) => s + row[i], 0);
const T = (a: number[][]) => a[0].map((_, j) => a.map((row) => row[j]));

const Ci = inverse(C);
const A = mul(mul(T(J), Ci), J);
const F = [[A[0][0], A[0][1]], [A[1][0], A[1][1] + 1 / (S * S)]];
const Sigma = inverse(F);
const mu = mul(Sigma, mul(mul(T(J), Ci), X.map((v) => [v]))).map((r) => r[0]);
const rHat = X.map((x, i) => x - J[i][0] * mu[0] - J[i][1] * mu[1]);
const quad = (r: number[]) => r.reduce((s, ri, i) => s + ri * r.reduce((t, rj, j) => t + Ci[i][j] * rj, 0), 0);
const chi2Best = quad(rHat) + (mu[1] / S) ** 2;
const chi2Sm = quad(X);
const b = mul(mul(T(J), Ci), rHat.map((v) => [v])).map((r) => r[0]);
const AS = mul(A, Sigma);
const meanQ = quad(rHat) + tr(AS);
const varQ = 2 * tr(mul(AS, AS)) + 4 * (b[0] * (Sigma[0][0] * b[0] + Sigma[0][1] * b[1]) + b[1] * (Sigma[1][0] * b[0] + Sigma[1][1] * b[1]));

const model: LinearisedGaussianModel = {
  kind: 'linearised-gaussian',
  parameterNames: ['c', 'n'],
  observableNames: ['m0', 'm1', 'm2', 'm3', 'm4'],
  reference: new Float64Array(2),
  y0: new Float64Array(5),
  jacobian: Float64Array.from(J.flat()),
  measured: Float64Array.from(X),
  covariance: Float64Array.from(C.flat()),
  priors: [{ kind: 'flat', lower: -50, upper: 50 }, { kind: 'gaussian', mean: 0, sd: S }],
};
const scenario: ScenarioModel = {
  name: 'linear-gaussian',
  parameters: [
    { name: 'c', role: 'wc', prior: model.priors[0], start: { center: 0, width: 0.1 } },
    { name: 'n', role: 'nuisance', prior: model.priors[1], start: { center: 0, width: 0.1 } },
  ],
  density: model,
  derived: [],
  info: {},
};

/** Exact posterior draws (θ = μ + L z, Σ = L Lᵀ), 64 walkers × 100 rows, the last row's walker 0 at μ with the highest log p. */
function posteriorStore(seed: string): ChainStore {
  const random = RandomStream.fromSeed(seed);
  const l00 = Math.sqrt(Sigma[0][0]);
  const l10 = Sigma[1][0] / l00;
  const l11 = Math.sqrt(Sigma[1][1] - l10 * l10);
  const nWalkers = 64;
  const store = new ChainStore(nWalkers, 2);
  for (let t = 0; t < 100; t++) {
    const coords = new Float64Array(nWalkers * 2);
    const logProb = new Float64Array(nWalkers);
    for (let w = 0; w < nWalkers; w++) {
      const z0 = random.normal();
      const z1 = random.normal();
      const d0 = l00 * z0;
      const d1 = l10 * z0 + l11 * z1;
      coords[2 * w] = mu[0] + d0;
      coords[2 * w + 1] = mu[1] + d1;
      logProb[w] = -0.5 * (z0 * z0 + z1 * z1) - 1e-9;
    }
    if (t === 99) {
      coords[0] = mu[0];
      coords[1] = mu[1];
      logProb[0] = 0;
    }
    const state: EnsembleState = { nEnsembles: 1, nWalkers, nDim: 2, coords, logProb, accepted: new Float64Array(nWalkers), iteration: t, randoms: [] };
    store.append(state);
  }
  return store;
}

describe('fitQuality on a linear Gaussian likelihood', () => {
  it('χ² at the maximum posterior, dof, p, χ²_SM, Δχ² and its significance are exact', () => {
    const { goodnessOfFit: g } = fitQuality(posteriorStore('gof-exact'), scenario, 10)!;
    // Tolerance 1e-10 relative: float64 solves of a 5×5 system.
    expect(g.measurements).toBe(5);
    expect(g.pseudo_measurements).toBe(1);
    expect(g.parameters).toBe(2);
    expect(g.dof).toBe(4);
    expect(g.chi2_best_fit).toBeCloseTo(chi2Best, 10);
    expect(g.p_value).toBeCloseTo(Math.exp(-chi2Best / 2) * (1 + chi2Best / 2), 10);
    expect(g.chi2_sm).toBeCloseTo(chi2Sm, 10);
    expect(g.delta_chi2).toBeCloseTo(chi2Sm - chi2Best, 10);
    expect(g.delta_chi2_sigma).toBeCloseTo(Math.sqrt(chi2Sm - chi2Best), 8);
    // The correlated pair m0, m1 is one block; its χ² at the SM is the 2×2 quadratic form.
    const c2 = inverse([[C[0][0], C[0][1]], [C[1][0], C[1][1]]]);
    const smBlock = X[0] * (c2[0][0] * X[0] + c2[0][1] * X[1]) + X[1] * (c2[1][0] * X[0] + c2[1][1] * X[1]);
    expect(g.correlated_blocks.map((blk) => blk.measurements)).toEqual([['m0', 'm1']]);
    expect(g.correlated_blocks[0].chi2_sm).toBeCloseTo(smBlock, 10);
  });

  it('SM pulls are x/σ exactly; posterior-predictive pulls and IC match the Gaussian moments (3 seeds, all within 5 se)', () => {
    const varianceEstimates: number[] = [];
    for (const seed of ['gof-a', 'gof-b', 'gof-c']) {
      const { goodnessOfFit: g, pulls } = fitQuality(posteriorStore(seed), scenario, 10)!;
      // Every ⌈5760/400⌉ = 15th of the 90 × 64 post-burn-in points.
      expect(g.posterior_draws).toBe(Math.ceil(90 * 64 / Math.ceil((90 * 64) / POSTERIOR_DRAWS)));
      const nDraws = g.posterior_draws;
      pulls.forEach((p, i) => {
        expect(p.pull_sm).toBeCloseTo(X[i] / SIGMA[i], 12);
        const mean = J[i][0] * mu[0] + J[i][1] * mu[1];
        const variance = J[i][0] * (Sigma[0][0] * J[i][0] + Sigma[0][1] * J[i][1]) + J[i][1] * (Sigma[1][0] * J[i][0] + Sigma[1][1] * J[i][1]);
        // Sample mean: se = √(var/N); sample variance of a Gaussian: se = var √(2/N).
        expect(Math.abs(p.posterior_mean - mean)).toBeLessThan(5 * Math.sqrt(variance / nDraws));
        expect(Math.abs(p.posterior_sd ** 2 - variance)).toBeLessThan(5 * variance * Math.sqrt(2 / nDraws));
        const exact = (X[i] - mean) / Math.sqrt(SIGMA[i] ** 2 + variance);
        // Mean within 5 se (≤ 0.25 σ_pred) and variance within 5 se move the pull by < 0.1 here (σ_pred < σ_i).
        expect(Math.abs(p.pull_posterior - exact)).toBeLessThan(0.1);
      });
      // IC = −2⟨log L⟩ + 4 Var(log L) exactly in terms of the reported moments (1e-12 relative).
      expect(g.information_criterion).toBeCloseTo(-2 * g.mean_log_likelihood + 4 * g.var_log_likelihood, 10);
      // ⟨−2 log L⟩ = ⟨Q⟩ estimates E Q with se √(Var Q/N).
      expect(Math.abs(-2 * g.mean_log_likelihood - meanQ)).toBeLessThan(5 * Math.sqrt(varQ / nDraws));
      varianceEstimates.push(4 * g.var_log_likelihood);
    }
    // 4 Var(log L) = Var Q, pooled over the seeds: se of a sample variance is Var Q √((κ − 1)/N) with κ = 9.06
    // the kurtosis of Q here (numpy, 2·10⁶ exact draws). 4 se (≈ 0.33 Var Q) tells 4 Var from 2 Var (0.5 Var Q).
    const pooled = varianceEstimates.reduce((s, v) => s + v, 0) / varianceEstimates.length;
    const n = varianceEstimates.length * Math.ceil(90 * 64 / Math.ceil((90 * 64) / POSTERIOR_DRAWS));
    expect(Math.abs(pooled - varQ)).toBeLessThan(4 * varQ * Math.sqrt(8.06 / n));
  });

  it('a scenario without measurements has no fit quality; blocks follow the covariance', () => {
    const target: ScenarioModel = { ...scenario, density: { kind: 'rosenbrock', parameterNames: ['x1', 'x2'] } };
    expect(fitQuality(posteriorStore('gof-none'), target, 0)).toBeUndefined();
    const cov = Float64Array.from([1, 0, 0.2, 0, 1, 0, 0.2, 0, 1]);
    expect(correlatedBlocks(cov, 3)).toEqual([[0, 2], [1]]);
  });
});
