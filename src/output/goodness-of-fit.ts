/**
 * Which measurements pull, and how good the fit is: per measurement the pull of the SM and of the posterior
 * predictive, and for the fit χ² at the maximum posterior with its degrees of freedom and p-value, HEPfit's
 * information criterion, and Δχ² between the SM and the best fit. Computed from the stored chain and the
 * scenario's measurement view (likelihood/measurement-view.ts), in float64.
 *
 * Definitions (σ_i² = C_ii, the diagonal of the covariance the likelihood uses: experimental, plus the theory
 * covariance at the SM point where the likelihood folds it in):
 *  - SM pull: (x_exp − x_SM)/σ_i with x_SM at the SM point (coefficients 0, nuisances at their central
 *    values), as smelli's `obstable` (GlobalLikelihoodPoint.obstable, "pull exp.") and flavio's
 *    `statistics.functions.pull`, signed as measurement minus prediction. The full flavour fits carry their
 *    theory uncertainty in sampled hadronic parameters (σ_i is experimental only) and the PDD/PMD ones have
 *    no central value: there x_SM is the mean over the posterior draws of the prediction with the
 *    coefficients set to 0 (each draw's own hadronic parameters) and its variance adds to σ_i², as smelli's
 *    SM covariance comes from sampling the nuisances. Their χ²_SM and Δχ² would need an SM fit of their own
 *    (a profile over ~70 hadronic parameters): fixing those at prior means or at the NP fit's means
 *    overstated Δχ² several-fold (Δχ² ≈ 249 for one coefficient whose posterior sits 5.4 sd from 0), so they
 *    are not computed (NaN) and `sm_point` says so.
 *  - Posterior-predictive pull: (x_exp − ⟨x_th⟩)/√(σ_i² + Var x_th) over POSTERIOR_DRAWS evenly spaced
 *    post-burn-in draws: the spread of the prediction over the posterior (coefficients and nuisances) adds
 *    to the measurement's, as in HEPfit's pull of an observable against its posterior-predictive histogram.
 *  - χ² at the maximum posterior: at the stored draw of highest log-posterior (wcxf-points.ts), the
 *    Gaussian χ² of the measurements (−2 log L less its constant) plus that of the pseudo-measurements
 *    (each Gaussian-prior nuisance read as a measurement of itself; the PDD constraints).
 *  - Degrees of freedom: measurements + pseudo-measurements − sampled parameters. A Gaussian-prior nuisance
 *    brings one pseudo-measurement and one parameter and so leaves the count alone; a flat-prior nuisance
 *    (M_Z in EW, the PDD/PMD hadronic parameters) is a free parameter fitted to the data and takes one; so
 *    does every Wilson coefficient (or UV parameter). p = Q(dof/2, χ²/2) (numerics/chi-square.ts).
 *  - IC = −2 ⟨log L⟩ + 4 Var(log L) over the posterior draws (HEPfit, arXiv:1910.14012, §"information
 *    criterion", after Ando 2007 / Kass & Raftery 1995), with log L = −½ χ² of the measurements (the
 *    Gaussian normalisation is left out: it is the same for every fit of the same data, and IC is read only
 *    as a difference between such fits; nuisance priors and pseudo-measurements are priors here).
 *  - Δχ² = χ²_SM − χ²_best (measurements and pseudo-measurements, at the SM point and at the best draw),
 *    with the Gaussian-equivalent significance of a χ² with as many dof as there are Wilson coefficients
 *    (or UV parameters) — the smelli/flavio convention (flavio `delta_chi2`, `pull` of Δχ²).
 *  - Correlated blocks (measurements linked by off-diagonal covariance): the block's χ² at the SM point and
 *    at the best draw, since single pulls hide correlations.
 */
import { chiSquarePValue, sigmaOfPValue } from '../numerics/chi-square.ts';
import { chiSquare, covarianceFactor, measurementView, type MeasurementView } from '../likelihood/measurement-view.ts';
import { choleskyLower } from '../numerics/linear-algebra.ts';
import { addToRunningMoments } from '../numerics/running-moments.ts';
import type { ChainStore } from '../sampler/chain-store.ts';
import type { ScenarioModel } from '../scenarios/scenario.ts';
import { posteriorPoints, subsampleStride } from './posterior-points.ts';
import { maxPosteriorPoint } from './max-posterior-point.ts';

/** Posterior draws for the predictive pulls and IC: a few hundred give ⟨x⟩ and Var x to a few per cent. */
export const POSTERIOR_DRAWS = 400;

export interface PullRow {
  /** The observable (bin) measured. */
  measurement: string;
  /** The measurement it comes from (catalogue name: experiment, paper), where the likelihood records it. */
  source?: string;
  measured: number;
  /** √C_ii: the width of the measurement in the likelihood (theory covariance included where folded in). */
  sigma: number;
  sm_prediction: number;
  pull_sm: number;
  posterior_mean: number;
  posterior_sd: number;
  pull_posterior: number;
}

export interface CorrelatedBlock {
  measurements: string[];
  /** The measurement (catalogue name) the block comes from, where it is one. */
  source?: string;
  chi2_sm: number;
  chi2_best_fit: number;
}

export interface GoodnessOfFit {
  measurements: number;
  pseudo_measurements: number;
  parameters: number;
  wilson_coefficients: number;
  /** χ² (measurements + pseudo-measurements) at the stored draw of highest log-posterior. */
  chi2_best_fit: number;
  /** Its measurement part alone. */
  chi2_measurements_best_fit: number;
  dof: number;
  p_value: number;
  chi2_sm: number;
  chi2_measurements_sm: number;
  delta_chi2: number;
  /** Two-sided Gaussian significance of Δχ² for `wilson_coefficients` dof. */
  delta_chi2_sigma: number;
  information_criterion: number;
  mean_log_likelihood: number;
  var_log_likelihood: number;
  posterior_draws: number;
  correlated_blocks: CorrelatedBlock[];
  /** Where the SM predictions were evaluated. */
  sm_point: string;
  conventions: string;
}

const CONVENTIONS =
  'pull = (measured − prediction)/√(σ² [+ posterior variance]); σ² = covariance diagonal the likelihood uses; SM point: see sm_point; ' +
  'χ² at the highest-log-posterior draw incl. Gaussian nuisance priors as pseudo-measurements; dof = measurements + pseudo-measurements − sampled parameters; ' +
  'IC = −2⟨log L⟩ + 4 Var(log L) (HEPfit), log L = −½ χ² of the measurements without constant';

/** Groups of measurements connected through non-zero off-diagonal covariance (in order of first member). */
export function correlatedBlocks(covariance: Float64Array, n: number): number[][] {
  const blockOf = new Int32Array(n).fill(-1);
  const blocks: number[][] = [];
  for (let start = 0; start < n; start++) {
    if (blockOf[start] >= 0) continue;
    const members = [start];
    blockOf[start] = blocks.length;
    for (let k = 0; k < members.length; k++) {
      const i = members[k];
      for (let j = 0; j < n; j++) {
        if (blockOf[j] < 0 && covariance[i * n + j] !== 0) {
          blockOf[j] = blocks.length;
          members.push(j);
        }
      }
    }
    blocks.push(members.sort((a, b) => a - b));
  }
  return blocks;
}

function blockChiSquare(view: MeasurementView, members: number[], prediction: Float64Array): number {
  const n = view.names.length;
  const m = members.length;
  const sub = new Float64Array(m * m);
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) sub[a * m + b] = view.covariance[members[a] * n + members[b]];
  const L = choleskyLower(sub, m);
  if (L === null) return NaN;
  return chiSquare(L, Float64Array.from(members, (i) => view.measured[i]), Float64Array.from(members, (i) => prediction[i]));
}

export interface FitQuality {
  goodnessOfFit: GoodnessOfFit;
  pulls: PullRow[];
}

/**
 * The pulls and goodness of fit of a run from its stored chain (rows after `discardRows` are the
 * posterior), or undefined for a scenario without measurements.
 */
export function fitQuality(store: ChainStore, scenario: ScenarioModel, discardRows: number): FitQuality | undefined {
  const view = measurementView(scenario.density);
  if (view === null || store.nRows === 0) return undefined;
  const n = view.names.length;
  const L = covarianceFactor(view);
  const z = new Float64Array(n);
  const prediction = new Float64Array(n);

  const best = maxPosteriorPoint(store);
  view.predict(best.point, prediction);
  const bestPrediction = Float64Array.from(prediction);
  const chi2MeasBest = chiSquare(L, view.measured, bestPrediction, z);
  const chi2Best = chi2MeasBest + view.pseudoChi2(best.point);
  // Posterior draws, evenly spaced through the post-burn-in rows (all walkers).
  const points = posteriorPoints(store, discardRows);
  const stride = subsampleStride(points.nPoints, POSTERIOR_DRAWS);
  // Fits whose hadronic parameters have no SM value of their own: the SM prediction is averaged over the
  // posterior draws with the coefficients zeroed (see the header), and χ²_SM is not computed.
  const smOverDraws = view.smWithFlatNuisancesAt !== undefined;
  const coefficientIndex = scenario.parameters.flatMap((p, i) => (p.role === 'wc' || p.role === 'uv' ? [i] : []));
  const smMean = new Float64Array(n);
  const smM2 = new Float64Array(n);
  const sm = smOverDraws ? { prediction: smMean, pseudoChi2: NaN } : { prediction: view.smPrediction, pseudoChi2: view.smPseudoChi2 };

  // Welford mean/variance of the predictions and of log L over the draws.
  const mean = new Float64Array(n);
  const m2 = new Float64Array(n);
  const theta = new Float64Array(points.nDim);
  let draws = 0;
  const logL = new Float64Array(1);
  const meanLogL = new Float64Array(1);
  const m2LogL = new Float64Array(1);
  for (let p = 0; p < points.nPoints; p += stride) {
    theta.set(points.data.subarray(p * points.nDim, (p + 1) * points.nDim));
    view.predict(theta, prediction);
    draws++;
    addToRunningMoments(prediction, draws, mean, m2);
    logL[0] = -0.5 * chiSquare(L, view.measured, prediction, z);
    if (smOverDraws) {
      for (const i of coefficientIndex) theta[i] = 0;
      view.predict(theta, prediction);
      addToRunningMoments(prediction, draws, smMean, smM2);
    }
    addToRunningMoments(logL, draws, meanLogL, m2LogL);
  }
  // Population variances (1/N): the posterior's own spread, as HEPfit's σ²_{log L} over its sample.
  const varLogL = draws > 0 ? m2LogL[0] / draws : NaN;
  const chi2MeasSm = smOverDraws ? NaN : chiSquare(L, view.measured, sm.prediction, z);
  const chi2Sm = chi2MeasSm + sm.pseudoChi2;
  const smVariance = (i: number): number => (smOverDraws && draws > 0 ? smM2[i] / draws : 0);
  const pulls: PullRow[] = view.names.map((name, i) => {
    const sigma2 = view.covariance[i * n + i];
    const variance = draws > 0 ? m2[i] / draws : NaN;
    return {
      measurement: name,
      ...(view.sources?.[i] ? { source: view.sources[i] } : {}),
      measured: view.measured[i],
      sigma: Math.sqrt(sigma2),
      sm_prediction: sm.prediction[i],
      pull_sm: (view.measured[i] - sm.prediction[i]) / Math.sqrt(sigma2 + smVariance(i)),
      posterior_mean: mean[i],
      posterior_sd: Math.sqrt(variance),
      pull_posterior: (view.measured[i] - mean[i]) / Math.sqrt(sigma2 + variance),
    };
  });

  const nParameters = scenario.parameters.length;
  const nWilson = scenario.parameters.filter((p) => p.role === 'wc' || p.role === 'uv').length;
  const dof = n + view.pseudoMeasurements - nParameters;
  const deltaChi2 = chi2Sm - chi2Best;
  const blocks = correlatedBlocks(view.covariance, n)
    .filter((members) => members.length > 1)
    .map((members): CorrelatedBlock => ({
      measurements: members.map((i) => view.names[i]),
      ...(view.sources && new Set(members.map((i) => view.sources![i])).size === 1 ? { source: view.sources[members[0]] } : {}),
      chi2_sm: smOverDraws ? NaN : blockChiSquare(view, members, sm.prediction),
      chi2_best_fit: blockChiSquare(view, members, bestPrediction),
    }));
  return {
    goodnessOfFit: {
      measurements: n,
      pseudo_measurements: view.pseudoMeasurements,
      parameters: nParameters,
      wilson_coefficients: nWilson,
      chi2_best_fit: chi2Best,
      chi2_measurements_best_fit: chi2MeasBest,
      dof,
      p_value: chiSquarePValue(chi2Best, dof),
      chi2_sm: chi2Sm,
      chi2_measurements_sm: chi2MeasSm,
      delta_chi2: deltaChi2,
      // A best draw worse than the SM point (a poorly sampled run) is no evidence against the SM: 0 σ.
      delta_chi2_sigma: nWilson > 0 ? sigmaOfPValue(chiSquarePValue(Math.max(0, deltaChi2), nWilson)) : NaN,
      information_criterion: -2 * meanLogL[0] + 4 * varLogL,
      mean_log_likelihood: meanLogL[0],
      var_log_likelihood: varLogL,
      posterior_draws: draws,
      correlated_blocks: blocks,
      sm_point: smOverDraws
        ? "coefficients 0 at each posterior draw's hadronic parameters (they have no SM value of their own): SM prediction = mean over the draws, their spread added to σ²; χ²_SM and Δχ² need an SM fit with its own hadronic parameters and are not computed (NaN)"
        : 'coefficients 0; nuisances at their central values (Gaussian prior means, middle of flat boxes)',
      conventions: CONVENTIONS,
    },
    pulls,
  };
}
