import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../atomic-write.ts';
import { InputError } from '../errors.ts';
import { readNamesFile } from '../import/chain-table.ts';
import { readNameMapping } from '../import/name-mapping.ts';
import { openSide } from '../import/open-side.ts';
import { renameSide, type PosteriorSide } from '../import/posterior-side.ts';
import { isRunDirectory, readRunDirectory } from '../import/run-directory.ts';
import { comparePosteriors, type Comparison } from '../output/compare-posteriors.ts';
import { correlationDifferenceSvg, marginalsSvg } from '../output/compare-plots.ts';
import { compareMarkdown } from '../output/compare-report.ts';
import { svgToPng } from '../output/plots/render-png.ts';
import { writeJson } from '../output/summary.ts';
import { runDirectoryOf } from '../output/run-directory-guard.ts';
import { STATE_FILE } from '../sampler/checkpoint.ts';
import { resolveRunConfig, type RunFlags } from './run-config.ts';
import { runCommand } from './run.ts';

export interface CompareFlags {
  /** Where compare.json, compare.md and the plots go. */
  out?: string;
  /** Config mode: where the two runs are kept (default runs/compare/<name>). */
  runs?: string;
  /** Parameter-name mapping file (external name → name in the comparison). */
  map?: string;
  /** Names file for .npy chains. */
  names?: string;
  /** Draws dropped from the start of every external chain. */
  discard?: number;
  seed?: string;
  backend?: RunFlags['backend'];
  quiet?: boolean;
}

export interface CompareResult {
  comparison: Comparison;
  outDir: string;
  written: string[];
}

/**
 * `smeftfit compare <config>`: runs the ensemble sampler, then BAT's adaptive Metropolis on the same model
 * with the same number of log-density evaluations (the ensemble run's total), and compares them.
 * `smeftfit compare A B`: compares two posteriors read from run directories, emcee HDF5 files, CSV/.npy
 * chains or HEPfit/BAT summaries. Returns the comparison; `agree` decides the exit status.
 */
export async function compareCommand(inputs: string[], flags: CompareFlags): Promise<CompareResult> {
  let a: PosteriorSide;
  let b: PosteriorSide;
  let outDir: string;
  if (inputs.length === 1 && /\.ya?ml$/.test(inputs[0])) {
    const config = resolveRunConfig(inputs[0], { seed: flags.seed, backend: flags.backend });
    const runsDir = flags.runs ?? runDirectoryOf(config.name ?? 'run', 'name', path.join('runs', 'compare'));
    outDir = flags.out ?? runsDir;
    const ensembleDir = path.join(runsDir, 'ensemble');
    const metropolisDir = path.join(runsDir, 'metropolis');
    const common: RunFlags = { seed: flags.seed, backend: flags.backend, quiet: flags.quiet, sampler: 'ensemble' };
    await runUnlessFinished(inputs[0], ensembleDir, common);
    const ensemble = await readRunDirectory(ensembleDir, 'ensemble');
    await runUnlessFinished(inputs[0], metropolisDir, { ...common, sampler: 'metropolis', evaluationBudget: ensemble.evaluations });
    a = ensemble;
    b = await readRunDirectory(metropolisDir, 'metropolis');
  } else if (inputs.length === 2) {
    const names = flags.names ? readNamesFile(flags.names) : undefined;
    [a, b] = [await openSide(inputs[0], { names, discard: flags.discard }), await openSide(inputs[1], { names, discard: flags.discard })];
    outDir = flags.out ?? '.';
  } else {
    throw new InputError('compare: give one run config (YAML) or two posteriors (run directories, .h5, .csv/.npy chains, HEPfit summaries)');
  }
  if (flags.map) {
    const mapping = readNameMapping(flags.map);
    a = renameSide(a, mapping);
    b = renameSide(b, mapping);
  }
  const comparison = comparePosteriors(a, b);
  if (comparison.parameters.length === 0) throw new InputError(`compare: no parameter names in common between ${a.source} and ${b.source} (give a --map file)`);
  return { comparison, outDir, written: await writeComparison(outDir, a, b, comparison) };
}

async function runUnlessFinished(config: string, dir: string, flags: RunFlags): Promise<void> {
  if (isRunDirectory(dir)) return;
  await runCommand(config, { ...flags, out: dir, resume: fs.existsSync(path.join(dir, STATE_FILE)) });
}

async function writeComparison(dir: string, a: PosteriorSide, b: PosteriorSide, comparison: Comparison): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  writeJson(dir, 'compare.json', comparison);
  writeFileAtomic(path.join(dir, 'compare.md'), compareMarkdown(comparison));
  const written = ['compare.json', 'compare.md'];
  const plots: [string, string | undefined][] = [
    ['compare-marginals', await marginalsSvg(a, b, comparison, `1-D marginals: ${a.label} vs ${b.label}`)],
    ['compare-correlation-difference', await correlationDifferenceSvg(comparison, `correlation difference ${b.label} − ${a.label}`)],
  ];
  for (const [stem, svg] of plots) {
    if (!svg) continue;
    writeFileAtomic(path.join(dir, `${stem}.svg`), svg);
    writeFileAtomic(path.join(dir, `${stem}.png`), svgToPng(svg));
    written.push(`${stem}.svg`, `${stem}.png`);
  }
  return written;
}
