/**
 * `npx tsx bench/frozen-fit-gess.ts <run-dir> [--walkers N] [--steps N] [--nu ν] [--fit-draws N] [--seed S]`:
 * the ceiling of a move that fits the posterior's shape, measured on a real fit.
 *
 * The `gess` move (src/sampler/moves/gess.ts) fits a Student-t to the complementary walkers each step; in
 * 74–100 dimensions that fit rests on 80–160 walkers and is noisy. This study removes the noise: it fits
 * t(μ, Σ, ν) once, to `--fit-draws` draws of a finished, converged run (its chain.h5 after burn-in), and then
 * runs generalized elliptical slice sampling (Nishihara, Murray & Adams 2014, the update of gess.ts) with
 * that fit held fixed, from walkers started at other draws of the same chain (so no burn-in is charged).
 * For a fixed fit the update leaves the posterior invariant, so this is what a frozen, well-estimated fit
 * could do at best; it is compared with the run's own moves through the evaluations one independent draw
 * costs: τ_max × evaluations per walker update (the run's τ_max and evaluations from its summary.json).
 *
 * It also counts the ellipse points outside the prior's support (log p = −∞: a prior box, a PDD disc),
 * which a Gaussian-shaped proposal cannot avoid where the posterior fills its prior up to a hard edge, and
 * checks the draws' means against the run's (in units of the run's sd) so that a wrong update shows.
 * Writes bench/results/<date>-<host>-frozen-fit-<run>.json and .md. Timings are measurements only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { compileScenario } from '../src/commands/scenario-density.ts';
import type { RunConfig } from '../src/config/schema.ts';
import { integratedTime } from '../src/diagnostics/autocorrelation.ts';
import { REPO_ROOT } from '../src/data-dir.ts';
import { ChainFileReader } from '../src/sampler/hdf5-chain.ts';
import { studentTFit } from '../src/sampler/moves/complement-fit.ts';
import { RandomStream } from '../src/sampler/random.ts';
import { frozenGess, sampledCoordinates, studyMachine, writeStudy } from './frozen-gess.ts';

interface Options {
  runDir: string;
  walkers: number;
  steps: number;
  nu: number;
  fitDraws: number;
  seed: number;
  /** Sample flat-box parameters through a logit (see `unboundedCoordinates`). */
  unbounded: boolean;
}

interface RunSummaryExcerpt {
  name: string;
  evaluations: number;
  evaluations_per_walker_update?: number;
  burn_in_steps: number;
  thin: number;
  parameters: { name: string; mean: number; sd: number; tau: number }[];
}

function parseOptions(argv: string[]): Options {
  const value = (flag: string, fallback: number): number => {
    const i = argv.indexOf(flag);
    if (i < 0) return fallback;
    const v = Number(argv[i + 1]);
    if (!Number.isFinite(v) || v <= 0) throw new Error(`${flag}: expected a positive number, got ${argv[i + 1]}`);
    return v;
  };
  const runDir = argv.find((a, i) => !a.startsWith('--') && (i === 0 || !argv[i - 1].startsWith('--') || argv[i - 1] === '--unbounded'));
  if (!runDir) throw new Error('usage: npx tsx bench/frozen-fit-gess.ts <run-dir> [--walkers N] [--steps N] [--nu ν] [--fit-draws N] [--seed S] [--unbounded]');
  return { runDir, walkers: value('--walkers', 160), steps: value('--steps', 500), nu: value('--nu', 5), fitDraws: value('--fit-draws', 20000), seed: value('--seed', 7), unbounded: argv.includes('--unbounded') };
}

/** Rows of the chain after burn-in: `fit` for the t fit, `start` (interleaved with them) for the walkers. */
async function readDraws(chainPath: string, firstRow: number, fitDraws: number, walkers: number) {
  const reader = await ChainFileReader.open(chainPath);
  try {
    const { nWalkers, nDim, rowsInFile } = reader.info;
    const fitRows = Math.max(1, Math.ceil(fitDraws / nWalkers));
    const stride = Math.max(2, Math.floor((rowsInFile - firstRow) / (fitRows + 1)));
    const fit = reader.readRows(firstRow, rowsInFile, stride).positions;
    // Starts from rows half a stride away from every fit row, so no walker starts on a fitted draw.
    const startRows = reader.readRows(firstRow + (stride >> 1), rowsInFile, stride);
    const random = RandomStream.fromSeed('frozen-fit-starts');
    const start = new Float64Array(walkers * nDim);
    for (let w = 0; w < walkers; w++) {
      const k = Math.floor(random.uniform() * startRows.nRows * nWalkers);
      start.set(startRows.positions.subarray(k * nDim, (k + 1) * nDim), w * nDim);
    }
    return { fit, nFit: fit.length / nDim, start, nDim };
  } finally {
    reader.close();
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const { runDir, walkers: W, steps: S, nu, seed } = options;
  const config = JSON.parse(fs.readFileSync(path.join(runDir, 'config.json'), 'utf8')) as RunConfig;
  const summary = JSON.parse(fs.readFileSync(path.join(runDir, 'summary.json'), 'utf8')) as RunSummaryExcerpt;
  const firstRow = Math.ceil(summary.burn_in_steps / summary.thin);
  const draws = await readDraws(path.join(runDir, 'chain.h5'), firstRow, options.fitDraws, W);
  const D = draws.nDim;
  const { scenario, compiled } = compileScenario(config.model, 'cpu', W);
  const coordinates = sampledCoordinates(scenario.parameters, options.unbounded);
  const all = Int32Array.from({ length: draws.nFit }, (_, i) => i);
  // Five Liu–Rubin EM rounds on top of the moment fit: with ≥ 10⁴ draws the fit is the posterior's t shape.
  const fit = studentTFit(coordinates.toSampled(draws.fit, draws.nFit), all, draws.nFit, D, nu, 5, false);
  const modelPoints = new Float64Array(W * D);
  const logJacobian = new Float64Array(W);
  /** log p in the sampled coordinates: the model's log p at x(z) plus log |dx/dz|. */
  const logProbSampled = (z: Float64Array, n: number, out: Float64Array): void => {
    coordinates.toModel(z, n, modelPoints, logJacobian);
    compiled.density.logProbBatch(modelPoints.subarray(0, n * D), n, out);
    for (let k = 0; k < n; k++) out[k] += logJacobian[k];
  };

  const random = RandomStream.fromSeed(seed);
  const x = coordinates.toSampled(draws.start, W);
  const chain = new Float64Array(S * W * D);
  const started = performance.now();
  const { evaluations, outsideSupport } = frozenGess({ logProbSampled, fit, x, walkers: W, nDim: D, steps: S, nu, random, record: (s, xs) => coordinates.toModel(xs, W, chain.subarray(s * W * D, (s + 1) * W * D), logJacobian) });
  const seconds = (performance.now() - started) / 1000;
  const { tau } = integratedTime(chain, S, W, D);
  const tauMax = Math.max(...tau);
  const perUpdate = evaluations / (S * W);
  const runTauMax = Math.max(...summary.parameters.map((p) => p.tau));
  const runPerUpdate = summary.evaluations_per_walker_update ?? 1;
  // Means of the study's draws against the run's, in the run's sd (their Monte Carlo error ≈ √(τ/(S·W))).
  const meanOffsets = summary.parameters.map((p, d) => {
    let sum = 0;
    for (let s = 0; s < S; s++) for (let w = 0; w < W; w++) sum += chain[(s * W + w) * D + d];
    return Math.abs(sum / (S * W) - p.mean) / p.sd;
  });
  const result = {
    run: summary.name,
    runDir: path.relative(REPO_ROOT, path.resolve(runDir)),
    options: { walkers: W, steps: S, nu, fitDraws: draws.nFit, seed, unbounded: options.unbounded },
    unboundedParameters: coordinates.mapped,
    dimensions: D,
    study: { tauMax, tauMedian: [...tau].sort((p, q) => p - q)[D >> 1], evaluationsPerUpdate: perUpdate, evaluationsPerIndependentDraw: tauMax * perUpdate, outsideSupportFraction: outsideSupport / evaluations, seconds, evaluations, tauReliable: S >= 50 * tauMax },
    run_moves: { tauMax: runTauMax, evaluationsPerUpdate: runPerUpdate, evaluationsPerIndependentDraw: runTauMax * runPerUpdate, moves: (config.sampler as { moves?: unknown }).moves },
    gainPerEvaluation: (runTauMax * runPerUpdate) / (tauMax * perUpdate),
    maxMeanOffsetInSd: Math.max(...meanOffsets),
    meanOffsetMonteCarloError: Math.sqrt(tauMax / (S * W)),
  };
  const machine = studyMachine();
  const date = new Date().toISOString().slice(0, 10);
  const stem = path.join(REPO_ROOT, 'bench', 'results', `${date}-${machine.host}-frozen-fit-${path.basename(path.resolve(runDir))}${options.unbounded ? '-unbounded' : ''}`);
  const f = (v: number, digits = 1) => v.toFixed(digits);
  const markdown = [
    `# GESS with a frozen t fit: ${summary.name} (${path.basename(path.resolve(runDir))}) ${date}`,
    '',
    `Machine: ${machine.host}, ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}; load average at the end ${machine.loadAverage.join(', ')}. t(μ, Σ, ν = ${nu}) fitted once to ${draws.nFit} draws of the run after burn-in; ${W} walkers started at other draws of the same run, ${S} steps of generalized elliptical slice sampling with that fit held fixed (bench/frozen-fit-gess.ts)${options.unbounded ? `, in unbounded coordinates: logit of ${coordinates.mapped.join(', ')}` : ''}.`,
    '',
    '| sampler | τ_max (steps) | evaluations per walker update | evaluations per independent draw | points outside the prior support |',
    '|---|---:|---:|---:|---:|',
    `| the run's moves (${JSON.stringify(result.run_moves.moves)}) | ${f(runTauMax)} | ${f(runPerUpdate, 2)} | ${f(runTauMax * runPerUpdate)} | |`,
    `| GESS, frozen fit${options.unbounded ? ', unbounded coordinates' : ''} | ${f(tauMax)}${result.study.tauReliable ? '' : ' (N < 50 τ)'} | ${f(perUpdate, 2)} | ${f(tauMax * perUpdate)} | ${(100 * result.study.outsideSupportFraction).toFixed(1)} % |`,
    '',
    `Gain per evaluation: ${result.gainPerEvaluation.toFixed(2)}×. Largest |mean − run mean| over the parameters: ${result.maxMeanOffsetInSd.toFixed(3)} sd (Monte Carlo error per parameter ≈ ${result.meanOffsetMonteCarloError.toFixed(3)} sd).`,
    '',
  ].join('\n');
  writeStudy(stem, { date, machine, ...result }, markdown);
}

await main();
