/**
 * report.md of a run: the run facts (convergence, size, acceptance, backend, time, scenario info) and
 * markdown tables of the parameters (mean ± sd, 90 % interval, R̂, bulk/tail ESS, τ) and of the derived
 * quantities, the goodness of fit and the pulls per measurement (pulls.svg draws them) — the same numbers
 * as summary.json, laid out for reading.
 */
import type { GoodnessOfFit, PullRow } from './goodness-of-fit.ts';
import { pullLabels } from './plots/pulls.ts';
import type { DerivedSummary, ParameterSummary, RunSummary } from './summary.ts';

/** Cell text: pipes and line breaks would break a markdown table row. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function general(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 1e5 || (Math.abs(x) < 1e-4 && x !== 0) ? x.toExponential(2) : String(Number(x.toPrecision(4)));
}

/**
 * Formatter for the numbers of one row: two significant digits of the sd fix the decimals of the mean and
 * interval ends (the usual "value ± uncertainty" convention); scientific notation outside 1e-5 ≤ sd < 1e5.
 */
export function rowFormatter(sd: number): (x: number) => string {
  if (!(Number.isFinite(sd) && sd >= 1e-5 && sd < 1e5)) return general;
  const decimals = Math.max(0, 1 - Math.floor(Math.log10(sd)));
  return (x) => (Number.isFinite(x) ? (Math.abs(x) >= 1e9 ? x.toExponential(3) : x.toFixed(decimals)) : String(x));
}

function fixed(x: number, digits: number): string {
  return Number.isFinite(x) ? x.toFixed(digits) : String(x);
}

/** What a table shows for a number a fit does not have. */
export const MISSING = '—';

/** A goodness-of-fit number that a fit may not have (χ²_SM and Δχ² of the full flavour fits: NaN). */
export function fixedOrMissing(x: number, digits: number): string {
  return Number.isFinite(x) ? x.toFixed(digits) : MISSING;
}

function parameterRow(p: ParameterSummary): string {
  const f = rowFormatter(p.sd);
  return `| ${cell(p.name)} | ${f(p.mean)} ± ${f(p.sd)} | [${f(p.q05)}, ${f(p.q95)}] | ${fixed(p.rhat, 4)} | ${fixed(p.ess_bulk, 0)} | ${fixed(p.ess_tail, 0)} | ${fixed(p.tau, 1)} |`;
}

function derivedRow(d: DerivedSummary): string {
  const f = rowFormatter(d.sd);
  return `| ${cell(d.name)} | ${f(d.mean)} ± ${f(d.sd)} | ${f(d.q50)} | [${f(d.q05)}, ${f(d.q95)}] |`;
}

function infoValue(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

function pValue(p: number): string {
  return !Number.isFinite(p) ? String(p) : p < 1e-3 ? p.toExponential(1) : p.toFixed(3);
}

/** The goodness-of-fit lines of a run (output/goodness-of-fit.ts defines every number). */
export function goodnessOfFitLines(g: GoodnessOfFit): string[] {
  const rows: [string, string][] = [
    ['χ² at the maximum posterior / dof', `${fixed(g.chi2_best_fit, 2)} / ${g.dof} (p = ${pValue(g.p_value)}); measurements alone ${fixed(g.chi2_measurements_best_fit, 2)}`],
    ['dof', `${g.measurements} measurements + ${g.pseudo_measurements} pseudo-measurements − ${g.parameters} parameters`],
    ['χ² of the SM', Number.isFinite(g.chi2_sm) ? `${fixed(g.chi2_sm, 2)} (measurements alone ${fixed(g.chi2_measurements_sm, 2)})` : `— (${g.sm_point})`],
    ['Δχ² = χ²_SM − χ²_best fit', `${fixedOrMissing(g.delta_chi2, 2)} (${fixedOrMissing(g.delta_chi2_sigma, 1)}σ for ${g.wilson_coefficients} coefficient${g.wilson_coefficients === 1 ? '' : 's'})`],
    ['IC (HEPfit) = −2⟨log L⟩ + 4 Var log L', `${fixed(g.information_criterion, 2)} over ${g.posterior_draws} posterior draws`],
    ...g.correlated_blocks.map((b): [string, string] => [`χ² of the correlated block ${b.source ?? (b.measurements.length > 4 ? `${b.measurements.slice(0, 3).join(', ')}, … (${b.measurements.length})` : b.measurements.join(', '))}`, `SM ${fixedOrMissing(b.chi2_sm, 2)}, best fit ${fixed(b.chi2_best_fit, 2)} (${b.measurements.length} measurements)`]),
  ];
  return ['| goodness of fit | |', '|---|---|', ...rows.map(([k, v]) => `| ${cell(k)} | ${cell(v)} |`), '', `Conventions: ${g.conventions}.`];
}

function pullRow(p: PullRow, label: string): string {
  const f = rowFormatter(p.sigma);
  return `| ${cell(label)} | ${f(p.measured)} ± ${f(p.sigma)} | ${f(p.sm_prediction)} | ${fixed(p.pull_sm, 2)} | ${f(p.posterior_mean)} ± ${f(p.posterior_sd)} | ${fixed(p.pull_posterior, 2)} |`;
}

export function markdownReport(summary: RunSummary): string {
  const s = summary;
  const facts: [string, string][] = [
    ['converged', s.converged ? 'yes' : '**no**'],
    ['stop reason', s.stop_reason],
    ['steps', `${s.steps} (burn-in ${s.burn_in_steps}, thin ${s.thin})`],
    ['walkers', `${s.walkers} per ensemble × ${s.ensembles} ensemble${s.ensembles === 1 ? '' : 's'}`],
    ['acceptance', fixed(s.acceptance, 3)],
    ['backend', s.backend_reason ? `${s.backend} (${s.backend_reason})` : s.backend],
    ['wall time', `${fixed(s.wall_seconds, 1)} s, ${s.evaluations} density evaluations`],
    ['seed', String(s.seed)],
    ...(s.thin_schedule !== undefined
      ? [['draws', `${s.diagnostics_draws.kept_rows} of the ${s.diagnostics_draws.stored_rows} stored rows, ${s.thin * s.diagnostics_draws.thinned_by} steps apart (stored thin ${s.thin_schedule.map(([, thin]) => thin).join(', ')} under sampler.diskCapMB); chain.h5 holds them all`] as [string, string]]
      : s.diagnostics_draws && s.diagnostics_draws.thinned_by > 1
        ? [['draws', `1 of every ${s.diagnostics_draws.thinned_by} of the ${s.diagnostics_draws.stored_rows} stored rows (sampler.memoryCapMB); chain.h5 holds them all`] as [string, string]]
        : []),
    ['R̂ method', s.diagnostics_thin > 1 ? `${s.rhat_method} (diagnostics on 1 of every ${s.diagnostics_thin} stored rows)` : s.rhat_method],
    ...Object.entries(s.info).map(([key, value]) => [key, infoValue(value)] as [string, string]),
  ];
  const warnings = [
    ...(s.stuck_walkers.length > 0 ? [`stuck walkers (acceptance below a fifth of the median): ${s.stuck_walkers.join(', ')}`] : []),
    ...(s.tau_too_short ? ['the chain is shorter than 50 τ for some parameter: treat τ and the ESS with caution'] : []),
  ];
  const lines = [
    `# ${cell(s.name)}`,
    '',
    '| run | |',
    '|---|---|',
    ...facts.map(([key, value]) => `| ${cell(key)} | ${cell(value)} |`),
    '',
    ...(warnings.length > 0 ? [...warnings.map((w) => `> warning: ${w}`), ''] : []),
    '## Parameters',
    '',
    '| parameter | mean ± sd | 90 % interval | R̂ | ESS bulk | ESS tail | τ (steps) |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...s.parameters.map(parameterRow),
    '',
  ];
  if (s.derived.length > 0) {
    lines.push('## Derived quantities', '', '| quantity | mean ± sd | median | 90 % interval |', '|---|---:|---:|---:|', ...s.derived.map(derivedRow), '');
  }
  if (s.goodnessOfFit) lines.push('## Goodness of fit', '', ...goodnessOfFitLines(s.goodnessOfFit), '');
  if (s.pulls && s.pulls.length > 0) {
    lines.push(
      '## Pulls',
      '',
      'Pull = (measured − predicted)/σ; the posterior-predictive σ adds the spread of the prediction over the posterior. Drawn in pulls.svg.',
      '',
      '| measurement | measured ± σ | SM | pull SM | posterior predictive | pull posterior |',
      '|---|---:|---:|---:|---:|---:|',
      ...((labels) => s.pulls!.map((p, i) => pullRow(p, labels[i])))(pullLabels(s.pulls)),
      '',
    );
  }
  return lines.join('\n');
}
