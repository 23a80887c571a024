/**
 * Whether a run's numbers can be quoted as a result, by the convergence the paper's fits need: R̂ < 1.01
 * across ensembles (the split-R̂ threshold of Vehtari et al. 2021, §4) and bulk-ESS ≥ 1000 for every
 * coefficient a claim or figure reads, in a run that its own stopping rule ended (stop reason
 * "converged": R̂ below the limit and the kept draws longer than the config's tauFactor·τ, with τ stable
 * or bulk-ESS above the config's essBulkAbove). summary.converged is that rule on the kept draws; records
 * written before it also asked for emcee's 50 τ, so a run its stopping rule ended counts as converged here
 * whatever that older flag says. Numbers from a run that fails are shown marked "(not converged)" and cannot carry a
 * verdict stronger than "partly".
 */
import type { LoadedRun } from './load-runs.ts';

export const RHAT_LIMIT = 1.01;
export const ESS_LIMIT = 1000;
export const NOT_CONVERGED = '(not converged)';

export interface Convergence {
  converged: boolean;
  /** Why not, in words (empty when converged). */
  why: string;
}

/** Convergence of a run for the quantities `names` (parameters of the run; derived ones carry no R̂). */
export function convergenceOf(run: LoadedRun | undefined, names: readonly string[] = []): Convergence {
  if (!run) return { converged: true, why: '' };
  const reasons: string[] = [];
  const worst = run.summary.parameters
    .filter((p) => names.includes(p.name) && Number.isFinite(p.rhat) && p.rhat >= RHAT_LIMIT)
    .sort((a, b) => b.rhat - a.rhat);
  if (worst.length > 0) reasons.push(`R̂ = ${worst[0].rhat.toFixed(3)} for ${worst[0].name}`);
  const thin = run.summary.parameters.filter((p) => names.includes(p.name) && p.ess_bulk < ESS_LIMIT).sort((a, b) => a.ess_bulk - b.ess_bulk);
  if (thin.length > 0) reasons.push(`bulk-ESS ${Math.round(thin[0].ess_bulk)} < ${ESS_LIMIT} for ${thin[0].name}`);
  if (run.summary.converged === false && run.summary.stop_reason !== 'converged') {
    const maxRhat = Math.max(...run.summary.parameters.map((p) => p.rhat).filter(Number.isFinite));
    reasons.push(`summary: not converged after ${run.summary.steps} steps${Number.isFinite(maxRhat) ? ` (max R̂ ${maxRhat.toFixed(3)})` : ''}`);
  }
  return { converged: reasons.length === 0, why: reasons.join('; ') };
}

/** Several runs together: converged only if each is. */
export function jointConvergence(parts: { label: string; run: LoadedRun | undefined; names?: readonly string[] }[]): Convergence {
  const bad = parts.map((p) => ({ label: p.label, c: convergenceOf(p.run, p.names) })).filter((p) => !p.c.converged);
  return { converged: bad.length === 0, why: bad.map((p) => `${p.label}: ${p.c.why}`).join('; ') };
}

/** Caps a verdict at "partly" for a number from a run that has not converged. */
export function capVerdict<V extends string>(verdict: V, convergence: Convergence): V | 'partly' {
  if (convergence.converged) return verdict;
  return verdict === 'reproduced' ? 'partly' : verdict;
}

/** The marker appended to a number from a non-converged run. */
export function mark(convergence: Convergence): string {
  return convergence.converged ? '' : ` ${NOT_CONVERGED}`;
}
