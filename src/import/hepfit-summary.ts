import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.ts';
import type { ParameterStatistics, PosteriorSide } from './posterior-side.ts';

/**
 * HEPfit's printed per-parameter statistics, a summary-only side (means, sds, quantiles; no draws).
 * HEPfit writes them through BAT (MonteCarlo/src/MonteCarlo.cpp, MonteCarlo::Run): the parameters in
 * `MonteCarlo_results<tag>.txt` (MCEngine.PrintResults → BAT's marginalization printout) and in the log
 * file (`log<tag>.txt`, BCLog lines prefixed "Summary : "), the observables in
 * `Observables<tag>/Statistics<tag>.txt` (MonteCarloEngine::computeStatistics). All three share one
 * entry layout, which is what is parsed here:
 *
 *     (0) Parameter "C9_bsmumu" :                  ← '(i) <kind> "<name>":' (BAT 1.x adds a space before ':')
 *         Mean +- sqrt(V):                -0.91 +- 0.21     (BAT 1.x: "Mean +- sqrt(Variance):")
 *         Median +- central 68% interval: -0.9 +  0.2 - 0.21
 *          5% quantile:                   -1.25          (… 10, 16, 84, 90, 95 %)
 *
 * bat/bat src/BCH1D.cxx BCH1D::PrintSummary (1.x) and BCEngineMCMC::PrintMarginalizationToStream (1.0-dev);
 * HEPfit MonteCarlo/src/MonteCarloEngine.cpp computeStatistics (observables: mean ± rms, mode and smallest
 * intervals only, so their quantiles are absent). "sqrt(V)" is ROOT's histogram RMS, the binned sd.
 * Entries "fixed at …" or without a histogram are skipped; unknown lines are ignored.
 */
export function readHepfitSummary(file: string, options: { label?: string } = {}): PosteriorSide {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new InputError(`${file}: cannot read the HEPfit summary`);
  }
  const names: string[] = [];
  const statistics: ParameterStatistics[] = [];
  let current: { name: string; line: number; stats: Partial<ParameterStatistics> & { quantiles: Map<number, number> } } | undefined;
  const finish = () => {
    if (!current) return;
    const { mean, sd } = current.stats;
    if (mean === undefined || sd === undefined) throw new InputError(`${file}:${current.line}: entry "${current.name}" has no 'Mean +- sqrt(V)' line`);
    const q = current.stats.quantiles;
    names.push(current.name);
    statistics.push({ mean, sd, q05: q.get(5), q50: current.stats.q50 ?? q.get(50), q95: q.get(95) });
    current = undefined;
  };
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/^\s*Summary\s*:\s?/, '');
    const header = /^\s*\((\d+)\)\s+([^"]*?)\s*"([^"]+)"\s*:(.*)$/.exec(line);
    if (header) {
      finish();
      if (/fixed|does not exist|empty/i.test(header[4])) return;
      current = { name: header[3], line: index + 1, stats: { quantiles: new Map() } };
      return;
    }
    if (!current) return;
    if (/^\s*WARNING: The histogram/.test(line)) {
      current = undefined;
      return;
    }
    const mean = /Mean \+- sqrt\((?:V|Variance)\):\s*(\S+)\s*\+-\s*(\S+)/.exec(line);
    if (mean) {
      current.stats.mean = number(mean[1], file, index);
      current.stats.sd = number(mean[2], file, index);
      return;
    }
    const median = /Median \+- central 68% interval:\s*(\S+)/.exec(line);
    if (median) {
      current.stats.q50 = number(median[1], file, index);
      return;
    }
    const quantile = /^\s*(\d+)% quantile:\s*(\S+)/.exec(line);
    if (quantile) current.stats.quantiles.set(Number(quantile[1]), number(quantile[2], file, index));
  });
  finish();
  if (names.length === 0) throw new InputError(`${file}: no '(i) Parameter "name":' entries with statistics (not a HEPfit/BAT summary?)`);
  return { label: options.label ?? path.basename(file), source: file, kind: 'summary', names, statistics, sampler: 'HEPfit/BAT summary' };
}

function number(text: string, file: string, index: number): number {
  const v = Number(text);
  if (!Number.isFinite(v)) throw new InputError(`${file}:${index + 1}: '${text}' is not a number`);
  return v;
}
