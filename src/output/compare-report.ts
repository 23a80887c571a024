import type { Comparison, SideOverview } from './compare-posteriors.ts';

const f = (x: number | undefined, digits = 4) => (x === undefined || !Number.isFinite(x) ? '—' : Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(3) : x.toPrecision(digits));

function sideLine(name: string, s: SideOverview): string {
  return `| ${name} | ${s.label} | ${s.sampler ?? '—'} | ${f(s.evaluations, 6)} | ${f(s.wall_seconds, 3)} | ${f(s.ess_min, 4)} | ${f(s.ess_per_evaluation, 3)} | ${f(s.ess_per_second, 4)} | ${f(s.rhat_max, 4)} |`;
}

/** compare.md: verdict, efficiency, per-parameter table, correlation difference, the rule. */
export function compareMarkdown(c: Comparison): string {
  const lines = [
    `# Posterior comparison: ${c.a.label} vs ${c.b.label}`,
    '',
    `**${c.agree ? 'AGREE' : 'DISAGREE'}** — ${c.flagged.length} of ${c.parameters.length} parameters flagged${c.flagged.length ? ` (${c.flagged.join(', ')})` : ''}${c.underpowered.length ? `; ${c.underpowered.length} underpowered (4·MCSE > 0.1σ: ${c.underpowered.join(', ')})` : ''}.`,
    '',
    `Rule: ${c.rule}. Δ = mean_B − mean_A, B = ${c.b.label}, A = ${c.a.label}.`,
    '',
    '| side | label | sampler | evaluations | wall s | min ESS_bulk | ESS/eval | ESS/s | max R̂ |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|',
    sideLine('A', c.a),
    sideLine('B', c.b),
    '',
  ];
  if (c.ess_per_evaluation_ratio !== undefined) {
    lines.push(`Efficiency ratio A/B: ESS per evaluation ${c.ess_per_evaluation_ratio.toFixed(3)}×${c.ess_per_second_ratio !== undefined ? `, ESS per second ${c.ess_per_second_ratio.toFixed(3)}×` : ''} (ESS = min over parameters of bulk ESS; evaluations and time of the whole run, burn-in/pre-run included).`, '');
  }
  if (c.largest_correlation_difference) {
    const l = c.largest_correlation_difference;
    lines.push(`Largest correlation difference: ρ(${l.pair[0]}, ${l.pair[1]}) = ${l.a.toFixed(3)} (A) vs ${l.b.toFixed(3)} (B), Δρ = ${l.difference.toFixed(3)}.`, '');
  }
  lines.push(
    '| parameter | mean A | mean B | sd A | sd B | q05 A | q05 B | q50 A | q50 B | q95 A | q95 B | Δ/MCSE | Δ/σ | sd B/A | R̂ A | R̂ B | flag |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...c.parameters.map(
      (p) =>
        `| ${p.name} | ${f(p.a.mean)} | ${f(p.b.mean)} | ${f(p.a.sd)} | ${f(p.b.sd)} | ${f(p.a.q05)} | ${f(p.b.q05)} | ${f(p.a.q50)} | ${f(p.b.q50)} | ${f(p.a.q95)} | ${f(p.b.q95)} | ${f(p.delta_mcse, 3)} | ${f(p.delta_sigma, 3)} | ${f(p.sd_ratio, 4)} | ${f(p.a.rhat)} | ${f(p.b.rhat)} | ${p.flagged ? '**flagged**' : p.underpowered ? 'underpowered' : ''} |`,
    ),
    '',
  );
  if (c.only_a.length || c.only_b.length) lines.push(`Not compared (one side only): A: ${c.only_a.join(', ') || '—'}; B: ${c.only_b.join(', ') || '—'}.`, '');
  return lines.join('\n');
}
