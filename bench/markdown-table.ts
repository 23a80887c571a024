import type { EmceeResult } from './emcee-measure.ts';
import type { MetropolisResult } from './measure-metropolis.ts';
import type { SamplingResult } from './measure-sampling.ts';

interface Report {
  date: string;
  quick: boolean;
  machine: { host: string; cpus: number; cpuModel: string; node: string; platform: string; gpu: string; loadAverage: number[] };
  notes: string[];
  rows: SamplingResult[];
  metropolis?: MetropolisResult[];
  emcee: EmceeResult[];
  ratios: { target: string; walkers: number; backend: string; threads: number; essPerSecondRatio: number; essPerEvaluationRatio: number }[];
}

const sci = (x: number) => (x >= 1e4 ? x.toExponential(2) : x.toFixed(x < 10 ? 4 : 0));
const tau = (x: { tauMax: number; tauReliable: boolean }) => `${x.tauMax.toFixed(0)}${x.tauReliable ? '' : ' (N < 50 τ)'}`;

/** The benchmark table: smeftfit's rows, emcee's rows measured in the same run, and the ratios. */
export function markdownTable(r: Report): string {
  const lines = [
    `# smeftfit benchmark ${r.date}${r.quick ? ' (quick)' : ''}`,
    '',
    `Machine: ${r.machine.host}, ${r.machine.cpus} × ${r.machine.cpuModel}, Node ${r.machine.node}, ${r.machine.platform}; GL: ${r.machine.gpu}; load average at the end ${r.machine.loadAverage.join(', ')}.`,
    '',
    '| target | walkers | sampler | threads | burn + production | τ_max (steps) | ESS | ESS/s | ESS/eval | sampler evals/s | likelihood evals/s | acceptance |',
    '|---|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---:|',
    ...r.rows.map(
      (x) =>
        `| ${x.target} | ${x.walkers} | smeftfit ${x.backend} | ${x.threads} | ${x.burn} + ${x.production} | ${tau(x)} | ${x.ess.toFixed(0)} | ${x.essPerSecond.toFixed(0)} | ${x.essPerEvaluation.toFixed(4)} | ${sci(x.samplerEvaluationsPerSecond)} | ${sci(x.likelihoodEvaluationsPerSecond)} | ${x.acceptance.toFixed(3)} |`,
    ),
    ...r.emcee.map(
      (x) =>
        `| ${x.target} | ${x.walkers} | ${x.label} | 1 | ${x.burn} + ${x.production} | ${tau(x)} | ${x.ess.toFixed(0)} | ${x.essPerSecond.toFixed(0)} | ${x.essPerEvaluation.toFixed(4)} | ${sci(x.evaluationsPerSecond)} | | ${x.acceptance.toFixed(3)} |`,
    ),
    '',
    '| smeftfit ÷ emcee | walkers | backend | threads | ESS/s | ESS/eval |',
    '|---|---:|---|---:|---:|---:|',
    ...r.ratios.map((x) => `| ${x.target} | ${x.walkers} | ${x.backend} | ${x.threads} | ${x.essPerSecondRatio.toFixed(2)}× | ${x.essPerEvaluationRatio.toFixed(2)}× |`),
    ...metropolisTable(r),
    ...(r.notes.length > 0 ? ['', ...r.notes.map((n) => `- ${n}`)] : []),
    '',
  ];
  return lines.join('\n');
}

/** Ensemble (cpu) and Metropolis side by side per target: ESS per evaluation and ESS/s from the same run. */
function metropolisTable(r: Report): string[] {
  if (!r.metropolis || r.metropolis.length === 0) return [];
  const lines = [
    '',
    '| target | sampler | walkers / chains | production evals | τ_max (steps) | ESS | ESS/s | ESS/eval | acceptance | ensemble ÷ this (ESS/eval) |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const target of [...new Set(r.metropolis.map((m) => m.target))]) {
    const ensemble = r.rows.filter((x) => x.target === target && x.backend === 'cpu');
    const best = ensemble.reduce<SamplingResult | undefined>((b, x) => (!b || x.essPerEvaluation > b.essPerEvaluation ? x : b), undefined);
    for (const x of ensemble) {
      lines.push(`| ${target} | ensemble (stretch) | ${x.walkers} | ${sci(x.walkers * x.production)} | ${x.tauMax.toFixed(0)}${x.tauReliable ? '' : ' (N < 50 τ)'} | ${x.ess.toFixed(0)} | ${x.essPerSecond.toFixed(0)} | ${x.essPerEvaluation.toExponential(2)} | ${x.acceptance.toFixed(3)} | |`);
    }
    for (const m of r.metropolis.filter((x) => x.target === target)) {
      const ratio = best ? `${(best.essPerEvaluation / m.essPerEvaluation).toFixed(1)}×` : '';
      lines.push(`| ${target} | Metropolis (BAT, pre-run ${m.preRunIterations}, ${m.preRunOutcome}) | ${m.chains} | ${sci(m.chains * m.production)} | ${m.tauMax.toFixed(0)}${m.tauReliable ? '' : ' (N < 50 τ)'} | ${m.ess.toFixed(0)} | ${m.essPerSecond.toFixed(0)} | ${m.essPerEvaluation.toExponential(2)} | ${m.acceptance.toFixed(3)} | ${ratio} |`);
    }
  }
  return lines;
}
