/**
 * `npx tsx bench/laplace-start-gess.ts <run-dir> [--walkers N] [--steps N] [--nu ν] [--seed S]`:
 * what a pilot fit from the likelihood alone buys, charged in full, on a finished run's scenario.
 *
 * frozen-fit-gess.ts measures generalized elliptical slice sampling with a t fitted to a converged chain:
 * the ceiling, with the fit's cost left out. This study pays for its fit. In the sampled coordinates of
 * frozen-gess.ts (flat boxes through a logit, so the mode is interior; with `--no-discs` off, the PDD discs
 * mapped to the plane), it
 *   1. finds the posterior mode as the run's pilot does (src/sampler/laplace-pilot.ts: Newton steps from the
 *      start centre on central finite differences), in these coordinates, where it then lives;
 *   2. takes the Laplace approximation N(mode, (−H)⁻¹) as the t's shape, t(mode, (−H)⁻¹(ν − 2)/ν, ν), whose
 *      covariance is the Laplace one;
 *   3. draws the walkers from that t (no chain of any earlier run), and runs GESS with the fit held fixed.
 * For any fixed fit the update leaves the posterior invariant; the fit decides only how fast it mixes and how
 * long the walkers take to forget the start. Reported: the pilot's evaluations, τ over the second half of
 * the steps, evaluations per walker update, the means of the second half against the run's (in the run's
 * sd), and the evaluations this sampler would need for the issue's criterion (bulk-ESS ≥ 1000 with ≥ 10 τ
 * kept after a 2τ burn-in) next to the run's own. Writes bench/results/<date>-<host>-laplace-start-<run>.json
 * and .md. Timings are measurements only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { compileScenario } from '../src/commands/scenario-density.ts';
import type { RunConfig } from '../src/config/schema.ts';
import { integratedTime } from '../src/diagnostics/autocorrelation.ts';
import { REPO_ROOT } from '../src/data-dir.ts';
import { gammaVariate } from '../src/sampler/gamma-variate.ts';
import { laplacePilot } from '../src/sampler/laplace-pilot.ts';
import { RandomStream } from '../src/sampler/random.ts';
import { frozenGess, sampledCoordinates, studyMachine, writeStudy, type SampledLogProb } from './frozen-gess.ts';

interface RunSummaryExcerpt {
  name: string;
  evaluations: number;
  steps: number;
  walkers: number;
  ensembles: number;
  parameters: { name: string; mean: number; sd: number; tau: number }[];
}

/** Criterion of the issue: bulk-ESS ≥ 1000 per parameter, kept draws ≥ 10 τ, burn-in 2 τ. */
const ESS_TARGET = 1000;
const KEPT_TAU = 10;
const BURN_TAU = 2;

function option(argv: string[], flag: string, fallback: number): number {
  const i = argv.indexOf(flag);
  if (i < 0) return fallback;
  const v = Number(argv[i + 1]);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${flag}: expected a positive number, got ${argv[i + 1]}`);
  return v;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const runDir = argv.find((a, i) => !a.startsWith('--') && (i === 0 || !argv[i - 1].startsWith('--')));
  if (!runDir) throw new Error('usage: npx tsx bench/laplace-start-gess.ts <run-dir> [--walkers N] [--steps N] [--nu ν] [--seed S]');
  const W = option(argv, '--walkers', 64);
  const S = option(argv, '--steps', 600);
  const nu = option(argv, '--nu', 5);
  const seed = option(argv, '--seed', 11);
  const config = JSON.parse(fs.readFileSync(path.join(runDir, 'config.json'), 'utf8')) as RunConfig;
  const summary = JSON.parse(fs.readFileSync(path.join(runDir, 'summary.json'), 'utf8')) as RunSummaryExcerpt;
  const D = summary.parameters.length;
  const hessianBatch = 1 + 2 * D + 2 * D * (D - 1);
  const { scenario, compiled } = compileScenario(config.model, 'cpu', Math.max(W, hessianBatch));
  const coordinates = sampledCoordinates(scenario.parameters, true, !argv.includes('--no-discs'));
  const modelPoints = new Float64Array(Math.max(W, hessianBatch) * D);
  const logJacobian = new Float64Array(Math.max(W, hessianBatch));
  let evaluations = 0;
  const logProbSampled: SampledLogProb = (z, n, out) => {
    coordinates.toModel(z, n, modelPoints, logJacobian);
    compiled.density.logProbBatch(modelPoints.subarray(0, n * D), n, out);
    evaluations += n;
    for (let k = 0; k < n; k++) out[k] += logJacobian[k];
  };
  const started = performance.now();

  // 1–2. The run's pilot (src/sampler/laplace-pilot.ts) on the density in the sampled coordinates: there every
  // parameter is unbounded (so the pilot's own coordinates are the identity), its difference step 10⁻³ of a
  // unit for the mapped parameters and of the start width for the others, as before.
  const centre = Float64Array.from(scenario.parameters, (p) => p.start.center);
  const zCentre = coordinates.toSampled(centre, 1);
  const mapped = new Set(coordinates.mapped);
  const free = { kind: 'gaussian', mean: 0, sd: 1 } as const;
  const sampledParameters = scenario.parameters.map((p, d) => ({ ...p, prior: free, start: { center: zCentre[d], width: mapped.has(p.name) || p.name.startsWith('disc_') ? 1 : p.start.width } }));
  const pilotResult = await laplacePilot({ ndim: D, backend: 'cpu', logProbBatch: logProbSampled }, sampledParameters, { batch: hessianBatch });
  const pilotEvaluations = evaluations;
  // The t's scale (ν − 2)/ν of the Laplace covariance, so its covariance is the Laplace one.
  const tFactor = Math.sqrt(nu > 2 ? (nu - 2) / nu : 1);
  const fit = { mean: pilotResult.mean, cholesky: Float64Array.from(pilotResult.cholesky, (v) => v * tFactor) };

  // 3. Walkers from the t (redrawn where log p = −∞, e.g. outside a PDD disc), then GESS with the fit fixed.
  const random = RandomStream.fromSeed(seed);
  const x = new Float64Array(W * D);
  const startLogProb = new Float64Array(W);
  const normals = new Float64Array(D);
  let startDraws = 0;
  for (let w = 0; w < W; w++) {
    do {
      startDraws += 1;
      const root = Math.sqrt((0.5 * nu) / gammaVariate(random, 0.5 * nu));
      for (let d = 0; d < D; d++) normals[d] = root * random.normal();
      for (let r = 0; r < D; r++) {
        let v = fit.mean[r];
        for (let c = 0; c <= r; c++) v += fit.cholesky[r * D + c] * normals[c];
        x[w * D + r] = v;
      }
      logProbSampled(x.subarray(w * D, (w + 1) * D), 1, startLogProb.subarray(w, w + 1));
    } while (startLogProb[w] === -Infinity && startDraws < 100 * W);
  }
  const chain = new Float64Array(S * W * D);
  const run = frozenGess({ logProbSampled, fit, x, logProb: startLogProb, walkers: W, nDim: D, steps: S, nu, random, record: (s, xs) => coordinates.toModel(xs, W, chain.subarray(s * W * D, (s + 1) * W * D), logJacobian) });
  const seconds = (performance.now() - started) / 1000;

  // τ and means over the second half (the first is the walkers forgetting the start).
  const half = Math.floor(S / 2);
  const secondHalf = chain.subarray(half * W * D);
  const { tau } = integratedTime(secondHalf, S - half, W, D);
  const tauMax = Math.max(...tau);
  const perUpdate = run.evaluations / (S * W);
  const meanOffsets = summary.parameters.map((p, d) => {
    let sum = 0;
    for (let k = 0; k < (S - half) * W; k++) sum += secondHalf[k * D + d];
    return Math.abs(sum / ((S - half) * W) - p.mean) / p.sd;
  });
  const worst = meanOffsets.indexOf(Math.max(...meanOffsets));
  // Steps for the criterion: kept ≥ max(10 τ, 1000 τ / W), after 2 τ; evaluations = pilot + start + steps · W · per update.
  const criterionSteps = BURN_TAU * tauMax + Math.max(KEPT_TAU * tauMax, (ESS_TARGET * tauMax) / W);
  const criterionEvaluations = pilotEvaluations + startDraws + criterionSteps * W * perUpdate;
  const runTauMax = Math.max(...summary.parameters.map((p) => p.tau));
  const result = {
    run: summary.name,
    runDir: path.relative(REPO_ROOT, path.resolve(runDir)),
    options: { walkers: W, steps: S, nu, seed },
    dimensions: D,
    pilot: { evaluations: pilotEvaluations, newtonSteps: pilotResult.newtonSteps },
    start: { draws: startDraws },
    gess: { evaluations: run.evaluations, evaluationsPerUpdate: perUpdate, tauMax, tauMedian: [...tau].sort((p, q) => p - q)[D >> 1], tauReliable: S - half >= 50 * tauMax, outsideSupportFraction: run.outsideSupport / run.evaluations },
    agreement: {
      maxMeanOffsetInSd: meanOffsets[worst],
      worstParameter: summary.parameters[worst].name,
      monteCarloError: Math.sqrt(tauMax / ((S - half) * W)),
      beyondTenthSd: summary.parameters.filter((_, d) => meanOffsets[d] > 0.1).map((p) => p.name),
    },
    criterion: { steps: criterionSteps, evaluations: criterionEvaluations, runEvaluations: summary.evaluations, runTauMax, ratio: summary.evaluations / criterionEvaluations },
    seconds,
  };
  const machine = studyMachine();
  const date = new Date().toISOString().slice(0, 10);
  const stem = path.join(REPO_ROOT, 'bench', 'results', `${date}-${machine.host}-laplace-start-${path.basename(path.resolve(runDir))}`);
  const f = (v: number, digits = 1) => v.toFixed(digits);
  const markdown = [
    `# GESS from a Laplace pilot fit: ${summary.name} (${path.basename(path.resolve(runDir))}) ${date}`,
    '',
    `Machine: ${machine.host}, ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}; load average at the end ${machine.loadAverage.join(', ')}. Mode by ${pilotResult.newtonSteps} Newton steps on finite differences from the start centre (unbounded coordinates, bench/frozen-gess.ts: ${coordinates.mapped.join(', ')}), t(mode, (−H)⁻¹(ν − 2)/ν, ν = ${nu}); ${W} walkers drawn from it; ${S} steps of GESS with the fit held fixed (bench/laplace-start-gess.ts); τ and means over the last ${S - half} steps.`,
    '',
    '| | evaluations | τ_max (steps) | evaluations per walker update | max \\|mean − run mean\\| / run sd |',
    '|---|---:|---:|---:|---|',
    `| pilot (Newton, finite differences) | ${pilotEvaluations} | | | |`,
    `| GESS, Laplace fit frozen | ${run.evaluations} | ${f(tauMax)}${result.gess.tauReliable ? '' : ' (N < 50 τ)'} | ${f(perUpdate, 2)} | ${f(meanOffsets[worst], 3)} (${summary.parameters[worst].name}; MC error ≈ ${f(result.agreement.monteCarloError, 3)}) |`,
    `| the run (${summary.ensembles} × ${summary.walkers} walkers, its own moves) | ${summary.evaluations} | ${f(runTauMax)} | | |`,
    '',
    `Means more than 0.1 run sd from the run's: ${result.agreement.beyondTenthSd.length} of ${D}${result.agreement.beyondTenthSd.length ? ` (${result.agreement.beyondTenthSd.join(', ')})` : ''}. For the criterion (bulk-ESS ≥ ${ESS_TARGET}, ≥ ${KEPT_TAU} τ kept after ${BURN_TAU} τ): ≈ ${f(criterionSteps, 0)} steps, ${(criterionEvaluations / 1e6).toFixed(2)} M evaluations with the pilot, against the run's ${(summary.evaluations / 1e6).toFixed(2)} M (${f(result.criterion.ratio, 2)}× fewer). Points outside the support: ${(100 * result.gess.outsideSupportFraction).toFixed(1)} %.`,
    '',
  ].join('\n');
  writeStudy(stem, { date, machine, ...result }, markdown);
}

await main();
