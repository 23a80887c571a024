/**
 * The run's convergence criterion on the draws its summary keeps, in one place: the stopping rule
 * (convergence-monitor.ts) decides with it and the summary (output/summary.ts) reports it, so that a run
 * never stops "converged" with a summary saying otherwise.
 *
 * Converged when every parameter's rank R̂ is below `rhatBelow`, every bulk-ESS is at least `essBulkAbove`
 * (when the run has the ESS rule), and the kept draws are longer than `tauFactor` · τ_max (so that τ, and
 * the ESS with it, comes from a chain long enough to trust). A NaN R̂ or τ fails, a NaN ESS counts as 0.
 */

/** The run's criterion (autoStop: rhatBelow, tauFactor, essBulkAbove). */
export interface KeptDrawsRule {
  rhatBelow: number;
  tauFactor: number;
  essBulkAbove?: number;
}

/** Per-parameter diagnostics of the kept draws (chain-diagnostics.ts). */
export interface KeptParameterDiagnostics {
  rhat: number;
  essBulk: number;
  /** τ in sampler steps. */
  tauSteps: number;
}

export interface KeptDrawsVerdict {
  converged: boolean;
  rhatMax: number;
  essBulkMin: number;
  tauMax: number;
  /** keptSteps > tauFactor · τ_max. */
  longEnough: boolean;
}

export function keptDrawsVerdict(parameters: readonly KeptParameterDiagnostics[], keptSteps: number, rule: KeptDrawsRule): KeptDrawsVerdict {
  let rhatMax = 0;
  let essBulkMin = Infinity;
  let tauMax = 0;
  for (const p of parameters) {
    rhatMax = Number.isNaN(p.rhat) ? Infinity : Math.max(rhatMax, p.rhat);
    essBulkMin = Number.isNaN(p.essBulk) ? 0 : Math.min(essBulkMin, p.essBulk);
    tauMax = Number.isNaN(p.tauSteps) ? Infinity : Math.max(tauMax, p.tauSteps);
  }
  const longEnough = keptSteps > rule.tauFactor * tauMax;
  const converged = rhatMax < rule.rhatBelow && (rule.essBulkAbove === undefined || essBulkMin >= rule.essBulkAbove) && longEnough;
  return { converged, rhatMax, essBulkMin, tauMax, longEnough };
}
