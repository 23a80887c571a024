/**
 * The report's "which measurements pull, and how good is the fit" section: per planned run the goodness of
 * fit (χ² at the maximum posterior / dof and its p-value, χ² of the SM, Δχ² with its n σ, HEPfit's IC) and a
 * pull figure (SM and posterior-predictive pull per measurement), read from the run's record
 * (summary.goodnessOfFit and summary.pulls, output/goodness-of-fit.ts). A record written before these
 * existed shows "—" and no figure.
 */
import type { GoodnessOfFit } from '../goodness-of-fit.ts';
import { fixedOrMissing, MISSING } from '../report.ts';
import { pullsSpec } from '../plots/pulls.ts';
import { toVega } from '../plots/vega-render.ts';
import type { Figure } from './figures.ts';
import type { LoadedRun } from './load-runs.ts';

export interface FitQualityRow {
  id: string;
  chi2: string;
  pValue: string;
  chi2Sm: string;
  deltaChi2: string;
  ic: string;
  measurements: string;
}

const p = (x: number): string => (!Number.isFinite(x) ? MISSING : x < 1e-3 ? x.toExponential(1) : x.toFixed(3));

function row(id: string, g: GoodnessOfFit | undefined): FitQualityRow {
  if (!g) return { id, chi2: MISSING, pValue: MISSING, chi2Sm: MISSING, deltaChi2: MISSING, ic: MISSING, measurements: MISSING };
  return {
    id,
    chi2: `${fixedOrMissing(g.chi2_best_fit, 1)} / ${g.dof}`,
    pValue: p(g.p_value),
    chi2Sm: fixedOrMissing(g.chi2_sm, 1),
    // null in the full flavour fits (no SM fit of their own hadronic parameters; goodness-of-fit.ts).
    deltaChi2: Number.isFinite(g.delta_chi2) ? `${fixedOrMissing(g.delta_chi2, 1)} (${fixedOrMissing(g.delta_chi2_sigma, 1)}σ, ${g.wilson_coefficients} dof)` : MISSING,
    ic: fixedOrMissing(g.information_criterion, 1),
    measurements: `${g.measurements} + ${g.pseudo_measurements} pseudo`,
  };
}

/** One row per planned run with a record (runs without one are in the runs table). */
export function fitQualityRows(ids: string[], loaded: Map<string, LoadedRun>): FitQualityRow[] {
  return ids.flatMap((id) => {
    const run = loaded.get(id);
    return run ? [row(id, run.summary.goodnessOfFit)] : [];
  });
}

/** A pull figure per run whose record has pulls, in the order of `ids`. */
export function pullFigures(ids: string[], loaded: Map<string, LoadedRun>): Figure[] {
  return ids.flatMap((id): Figure[] => {
    const pulls = loaded.get(id)?.summary.pulls;
    if (!pulls || pulls.length === 0) return [];
    return [{
      id: `pulls-${id}`,
      title: `Pulls: ${id}`,
      caption: `(measured − predicted)/σ per measurement of ${id}: grey the SM prediction (coefficients 0; nuisances at their central values, or in the full flavour fits averaged over the posterior draws of the hadronic parameters with their spread added to σ²), magenta the posterior predictive (σ² adds the prediction's posterior variance). σ is the width the likelihood uses (experimental, plus the theory covariance where the likelihood folds it in). Dashed guides at ±1σ and ±2σ.`,
      spec: toVega(pullsSpec({ title: `${id}: pulls of the SM and of the posterior predictive`, rows: pulls })),
      missing: [],
    }];
  });
}
