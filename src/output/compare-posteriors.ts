/**
 * Side-by-side comparison of two posteriors of the same parameters (matched by name).
 *
 * Agreement rule, per parameter: with Δ = mean_B − mean_A, the combined Monte Carlo standard error
 * MCSE = √(MCSE_A² + MCSE_B²) (a summary-only side contributes 0) and the posterior scale
 * σ = √((sd_A² + sd_B²)/2), a parameter is FLAGGED when |Δ| > 4·MCSE AND |Δ| > 0.1·σ: the difference is
 * both statistically significant and large enough to matter. Either condition alone is unreliable:
 * "> 0.1σ" alone fails equal posteriors whenever the chains are short (Δ/σ has noise ≈ √(1/ESS_A + 1/ESS_B),
 * so ESS ≈ 300 gives a 10 % false alarm per parameter), and "> 4 MCSE" alone flags real but negligible
 * differences (and any MCSE underestimate, e.g. ensemble walkers treated as independent chains) once the
 * chains are long. With both, equal posteriors are flagged with probability ≈ P(|z| > 4) ≈ 6·10⁻⁵ per
 * parameter. A parameter whose 4·MCSE exceeds 0.1σ cannot resolve a 0.1σ shift; it is marked
 * `underpowered` (reported, not flagged).
 */
import type { ParameterStatistics, PosteriorSide } from '../import/posterior-side.ts';

export const MCSE_THRESHOLD = 4;
export const SIGMA_THRESHOLD = 0.1;

export interface ParameterComparison {
  name: string;
  a: ParameterStatistics;
  b: ParameterStatistics;
  delta_mean: number;
  /** Δ in units of the combined MCSE (NaN when neither side has one). */
  delta_mcse: number;
  /** Δ in units of the posterior σ. */
  delta_sigma: number;
  sd_ratio: number;
  combined_mcse: number;
  flagged: boolean;
  underpowered: boolean;
}

export interface SideOverview {
  label: string;
  source: string;
  kind: 'draws' | 'summary';
  sampler?: string;
  evaluations?: number;
  wall_seconds?: number;
  /** min over compared parameters of the bulk ESS. */
  ess_min?: number;
  ess_per_evaluation?: number;
  ess_per_second?: number;
  rhat_max?: number;
}

export interface Comparison {
  a: SideOverview;
  b: SideOverview;
  rule: string;
  parameters: ParameterComparison[];
  /** Parameters only one side has. */
  only_a: string[];
  only_b: string[];
  flagged: string[];
  underpowered: string[];
  agree: boolean;
  largest_correlation_difference?: { pair: [string, string]; a: number; b: number; difference: number };
  /** Correlation difference B − A over the compared parameters (names in `parameters` order). */
  correlation_difference?: number[][];
  /** ESS per evaluation of A divided by that of B (e.g. ensemble ÷ Metropolis). */
  ess_per_evaluation_ratio?: number;
  ess_per_second_ratio?: number;
}

export const AGREEMENT_RULE = `flag when |Δmean| > ${MCSE_THRESHOLD}·MCSE_combined AND |Δmean| > ${SIGMA_THRESHOLD}·σ (σ = √((sd_A² + sd_B²)/2)); underpowered when ${MCSE_THRESHOLD}·MCSE_combined > ${SIGMA_THRESHOLD}·σ`;

export function comparePosteriors(a: PosteriorSide, b: PosteriorSide): Comparison {
  const indexB = new Map(b.names.map((n, i) => [n, i]));
  const pairs = a.names.flatMap((n, i) => (indexB.has(n) ? [[i, indexB.get(n)!] as const] : []));
  const parameters = pairs.map(([i, j]) => compareParameter(a.names[i], a.statistics[i], b.statistics[j]));
  const comparison: Comparison = {
    a: overview(a, pairs.map(([i]) => i)),
    b: overview(b, pairs.map(([, j]) => j)),
    rule: AGREEMENT_RULE,
    parameters,
    only_a: a.names.filter((n) => !indexB.has(n)),
    only_b: b.names.filter((n) => !a.names.includes(n)),
    flagged: parameters.filter((p) => p.flagged).map((p) => p.name),
    underpowered: parameters.filter((p) => p.underpowered).map((p) => p.name),
    agree: parameters.every((p) => !p.flagged),
  };
  if (a.correlation && b.correlation && pairs.length > 1) {
    const diff = pairs.map(([i, j]) => pairs.map(([k, l]) => b.correlation![j][l] - a.correlation![i][k]));
    comparison.correlation_difference = diff;
    let best: Comparison['largest_correlation_difference'];
    for (let r = 0; r < pairs.length; r++) {
      for (let c = r + 1; c < pairs.length; c++) {
        if (!best || Math.abs(diff[r][c]) > Math.abs(best.difference)) {
          best = { pair: [parameters[r].name, parameters[c].name], a: a.correlation[pairs[r][0]][pairs[c][0]], b: b.correlation[pairs[r][1]][pairs[c][1]], difference: diff[r][c] };
        }
      }
    }
    comparison.largest_correlation_difference = best;
  }
  if (comparison.a.ess_per_evaluation && comparison.b.ess_per_evaluation) comparison.ess_per_evaluation_ratio = comparison.a.ess_per_evaluation / comparison.b.ess_per_evaluation;
  if (comparison.a.ess_per_second && comparison.b.ess_per_second) comparison.ess_per_second_ratio = comparison.a.ess_per_second / comparison.b.ess_per_second;
  return comparison;
}

export function compareParameter(name: string, a: ParameterStatistics, b: ParameterStatistics): ParameterComparison {
  const delta = b.mean - a.mean;
  const sigma = Math.sqrt((a.sd * a.sd + b.sd * b.sd) / 2);
  const mcse = Math.sqrt((a.mcse ?? 0) ** 2 + (b.mcse ?? 0) ** 2);
  const significant = mcse > 0 ? Math.abs(delta) > MCSE_THRESHOLD * mcse : true;
  const relevant = Math.abs(delta) > SIGMA_THRESHOLD * sigma;
  return {
    name,
    a,
    b,
    delta_mean: delta,
    delta_mcse: mcse > 0 ? delta / mcse : NaN,
    delta_sigma: delta / sigma,
    sd_ratio: b.sd / a.sd,
    combined_mcse: mcse,
    flagged: significant && relevant,
    underpowered: MCSE_THRESHOLD * mcse > SIGMA_THRESHOLD * sigma,
  };
}

function overview(side: PosteriorSide, indices: number[]): SideOverview {
  const ess = indices.map((i) => side.statistics[i].essBulk).filter((e): e is number => e !== undefined && Number.isFinite(e));
  const rhat = indices.map((i) => side.statistics[i].rhat).filter((r): r is number => r !== undefined && Number.isFinite(r));
  const essMin = ess.length === indices.length && ess.length > 0 ? Math.min(...ess) : undefined;
  return {
    label: side.label,
    source: side.source,
    kind: side.kind,
    sampler: side.sampler,
    evaluations: side.evaluations,
    wall_seconds: side.wallSeconds,
    ess_min: essMin,
    ess_per_evaluation: essMin !== undefined && side.evaluations ? essMin / side.evaluations : undefined,
    ess_per_second: essMin !== undefined && side.wallSeconds ? essMin / side.wallSeconds : undefined,
    rhat_max: rhat.length > 0 ? Math.max(...rhat) : undefined,
  };
}
