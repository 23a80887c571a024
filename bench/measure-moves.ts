/**
 * The move comparison of `npm run bench`: on gauss20, gauss50, gauss100 and funnel10, every move string of
 * move-specs.ts MOVE_SPECS on smeftfit's cpu backend (all threads) and emcee's DEMove + DESnookerMove
 * mixture and default stretch move (Debian's python3-emcee, vectorised numpy log-probability) on the same
 * cell in the same run; plus the headline cell gauss20 × 1024 walkers: smeftfit's default moves against
 * emcee's default stretch. Full protocol (burn-in, production) unless quick. Moves this build does not
 * know are skipped with a printed reason.
 */
import { baselineTarget, type BaselineTargetName } from '../src/likelihood/targets.ts';
import { dataDir } from '../src/data-dir.ts';
import { measureEmcee, type EmceeResult } from './emcee-measure.ts';
import { measureSampling, type SamplingResult } from './measure-sampling.ts';
import { EMCEE_REFERENCE_SPECS, MOVE_SPECS, RUN_DEFAULT_MOVES, unsupportedMoves } from './move-specs.ts';

export interface MoveCell {
  target: BaselineTargetName;
  walkers: number;
  burn: number;
  production: number;
  /** The headline cell compares only the run's default moves with emcee's stretch. */
  headline?: boolean;
}

/**
 * Burn-in and production per target. The Gaussians need production ≥ 50 τ of emcee's stretch move,
 * whose τ grows about linearly with the dimension (≈ 110, 200 steps for gauss20/gauss50 at 64 walkers:
 * bench/README.md); gauss100 gets 2 × gauss50's walkers and steps. funnel10: τ ≈ 170 steps (DE mixture).
 */
export function moveCells(quick: boolean): MoveCell[] {
  if (quick) {
    return [
      { target: 'gauss20', walkers: 64, burn: 200, production: 600 },
      { target: 'funnel10', walkers: 64, burn: 200, production: 600 },
      { target: 'gauss20', walkers: 1024, burn: 100, production: 300, headline: true },
    ];
  }
  return [
    { target: 'gauss20', walkers: 64, burn: 6000, production: 30000 },
    { target: 'gauss50', walkers: 128, burn: 10000, production: 40000 },
    { target: 'gauss100', walkers: 256, burn: 20000, production: 80000 },
    { target: 'funnel10', walkers: 64, burn: 10000, production: 40000 },
    { target: 'gauss20', walkers: 1024, burn: 3000, production: 12000, headline: true },
  ];
}

export interface MoveComparison {
  rows: SamplingResult[];
  emcee: EmceeResult[];
  notes: string[];
}

export async function measureMoves(options: { quick: boolean; threads: number; targets?: string[]; specs?: string[]; emcee: boolean; scale: number }): Promise<MoveComparison> {
  const rows: SamplingResult[] = [];
  const emcee: EmceeResult[] = [];
  const notes: string[] = [];
  const skipped = new Set<string>();
  for (const c of moveCells(options.quick)) {
    if (options.targets && !options.targets.includes(c.target)) continue;
    const cell = { ...c, burn: Math.round(c.burn * options.scale), production: Math.round(c.production * options.scale) };
    const ndim = baselineTarget(cell.target, dataDir()).model.parameterNames.length;
    const specs = cell.headline ? [RUN_DEFAULT_MOVES] : (options.specs ?? MOVE_SPECS);
    for (const moves of specs) {
      const reason = unsupportedMoves(moves, ndim);
      if (reason) {
        if (!skipped.has(moves)) process.stderr.write(`${reason}\n`);
        if (!skipped.has(moves)) notes.push(reason);
        skipped.add(moves);
        continue;
      }
      const result = await measureSampling({ target: cell.target, walkers: cell.walkers, burn: cell.burn, production: cell.production, backend: 'cpu', threads: options.threads, seed: 1, moves });
      rows.push(result);
      process.stderr.write(`moves ${cell.target} ${cell.walkers} walkers [${moves}] ×${options.threads}: ESS/eval ${result.essPerEvaluation.toExponential(2)}, ESS/s ${result.essPerSecond.toFixed(0)}, τ ${result.tauMax.toFixed(0)}\n`);
    }
    if (!options.emcee) continue;
    for (const moves of cell.headline ? ['stretch'] : EMCEE_REFERENCE_SPECS) {
      try {
        const result = measureEmcee({ target: cell.target, walkers: cell.walkers, burn: cell.burn, production: cell.production, seed: 1, moves }, ndim);
        emcee.push(result);
        process.stderr.write(`moves ${cell.target} ${cell.walkers} walkers emcee [${moves}]: ESS/eval ${result.essPerEvaluation.toExponential(2)}, ESS/s ${result.essPerSecond.toFixed(0)}, τ ${result.tauMax.toFixed(0)}\n`);
      } catch (error) {
        notes.push(`${cell.target} ${cell.walkers} walkers: emcee [${moves}] failed: ${(error as Error).message.split('\n').filter(Boolean).pop()}`);
      }
    }
  }
  return { rows, emcee, notes };
}

const fmt = (x: number) => (x >= 1e4 ? x.toExponential(2) : x.toFixed(x < 10 ? 4 : 0));
const tau = (x: { tauMax: number; tauReliable: boolean }) => `${x.tauMax.toFixed(0)}${x.tauReliable ? '' : ' (N < 50 τ)'}`;

/** Markdown: every move row, emcee's reference rows, and the ratios to emcee's DE mixture and stretch. */
export function moveTable(m: MoveComparison): string {
  if (m.rows.length === 0 && m.emcee.length === 0) return '';
  const lines = [
    '',
    '## Moves side by side (same run)',
    '',
    '| target | walkers | sampler | moves | threads | burn + production | τ_max (steps) | ESS | ESS/s | ESS/eval | evals per walker update | acceptance | max |Δmean|/σ | max |sd/σ − 1| |',
    '|---|---:|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...m.rows.map((x) => `| ${x.target} | ${x.walkers} | smeftfit cpu | ${x.moves}${x.pilotEvaluations ? ` (pilot: ${x.pilotEvaluations} evaluations)` : ''} | ${x.threads} | ${x.burn} + ${x.production} | ${tau(x)} | ${x.ess.toFixed(0)} | ${fmt(x.essPerSecond)} | ${x.essPerEvaluation.toExponential(2)} | ${x.evaluationsPerUpdate.toFixed(2)} | ${x.acceptance.toFixed(3)} | ${x.moments.meanError.toFixed(3)} | ${x.moments.sdError.toFixed(3)} |`),
    ...m.emcee.map((x) => `| ${x.target} | ${x.walkers} | ${x.label} | ${x.moves ?? 'stretch'} | 1 | ${x.burn} + ${x.production} | ${tau(x)} | ${x.ess.toFixed(0)} | ${fmt(x.essPerSecond)} | ${x.essPerEvaluation.toExponential(2)} | 1.00 | ${x.acceptance.toFixed(3)} | ${x.moments.meanError.toFixed(3)} | ${x.moments.sdError.toFixed(3)} |`),
    '',
    '| target | walkers | smeftfit moves | ÷ emcee DE+snooker: ESS/eval | ESS/s | ÷ emcee stretch: ESS/eval | ESS/s |',
    '|---|---:|---|---:|---:|---:|---:|',
  ];
  const ratio = (a: number, b: number | undefined) => (b === undefined ? '—' : `${(a / b).toFixed(2)}×`);
  for (const x of m.rows) {
    const same = m.emcee.filter((e) => e.target === x.target && e.walkers === x.walkers);
    const de = same.find((e) => e.moves === 'de:0.8,desnooker:0.2');
    const stretch = same.find((e) => (e.moves ?? 'stretch') === 'stretch');
    lines.push(`| ${x.target} | ${x.walkers} | ${x.moves} | ${ratio(x.essPerEvaluation, de?.essPerEvaluation)} | ${ratio(x.essPerSecond, de?.essPerSecond)} | ${ratio(x.essPerEvaluation, stretch?.essPerEvaluation)} | ${ratio(x.essPerSecond, stretch?.essPerSecond)} |`);
  }
  lines.push(
    '',
    'Δmean and sd are over the kept production draws (256 evenly spaced walkers, ≤ 4000 rows) against the target\'s exact moments; their Monte Carlo error is ≈ 1/√ESS (mean, in σ) and ≈ √((κ − 1)/4)/√ESS (sd, κ the kurtosis: 1/√(2 ESS) for a Gaussian).',
  );
  if (m.notes.length > 0) lines.push('', ...m.notes.map((n) => `- ${n}`));
  lines.push('');
  return lines.join('\n');
}
