/**
 * Whether a run's numbers can be quoted as a result: a run counts as not converged when its summary says
 * so (R̂, τ-length and ESS rules of src/output/summary.ts) or when a coefficient a claim or figure reads
 * has R̂ ≥ 1.01 (the split-R̂ threshold of Vehtari et al. 2021, §4). Such numbers are shown marked
 * "(not converged)" and cannot carry a verdict stronger than "partly".
 */
import type { LoadedRun } from './load-runs.ts';

export const RHAT_LIMIT = 1.01;
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
  if (run.summary.converged === false) {
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
