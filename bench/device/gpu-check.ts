/**
 * GPU-machine check (run by bench/device/check.sh, or directly with tsx): one JSON with
 *  1. the WebGPU adapter (and, with --require-nvidia, a failure unless it is the NVIDIA GPU);
 *  2. per-point cpu-vs-webgpu equivalence on every physics model and gauss50, within each model's float32
 *     error bound (precision-guard.ts; for the full flavour likelihood, flavour-pdd, the measured bound
 *     |Δ log p| ≤ 2e-6 (1 + |log p|) of test/engine/webgpu-flavour.test.ts);
 *  3. posterior equivalence, same seed, cpu vs webgpu, on ew, ew-flavour-clean and flavour-pdd (means within
 *     0.05 σ, sds within 3 %; flavour-pdd with fewer steps, its cpu evaluations cost ~1 ms each);
 *  4. evaluations/s (likelihood alone, half-ensemble batch) and ESS/s (stretch move, time-boxed
 *     production) for cpu and webgpu on gauss50, ew, flavour-clean, ew-flavour-clean and flavour-pdd
 *     (flavour-pdd on cpu at the smallest size only: its cost per point does not depend on the walkers,
 *     and a 32768-point batch would take half a minute).
 * Every stage has a time guard and the JSON is rewritten after every result, so a run cut short still
 * leaves its partial results.
 *
 *   tsx bench/device/gpu-check.ts --out result.json [--require-nvidia] [--sizes 4096,16384,65536]
 *                                 [--budget 380] [--posterior-walkers 128 --posterior-steps 600]
 */
import fs from 'node:fs';
import os from 'node:os';
import { integratedTime } from '../../src/diagnostics/autocorrelation.ts';
import { compileModel, compileModelAsync, type CompiledModel } from '../../src/engine/compile.ts';
import type { BatchLogDensity } from '../../src/engine/density.ts';
import { findWebGpuDevice } from '../../src/engine/webgpu-device.ts';
import { EnsembleSampler } from '../../src/sampler/ensemble-sampler.ts';
import type { EnsembleState } from '../../src/sampler/ensemble-state.ts';
import { StretchMove } from '../../src/sampler/moves/stretch.ts';
import { RandomStream } from '../../src/sampler/random.ts';
import { resolveScenario } from '../../src/scenarios/registry.ts';
import type { ScenarioModel } from '../../src/scenarios/scenario.ts';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && at + 1 < args.length ? args[at + 1] : fallback;
};
const outFile = flag('out', 'gpu-check.json');
const requireNvidia = args.includes('--require-nvidia');
const sizes = flag('sizes', '4096,16384,65536').split(',').map(Number);
const budgetSeconds = Number(flag('budget', '380'));
const posteriorWalkersDefault = Number(flag('posterior-walkers', '128'));
const posteriorStepsDefault = Number(flag('posterior-steps', '600'));
const targets = flag('targets', 'gauss50,ew,flavour-clean,ew-flavour-clean,flavour-pdd').split(',');
/** Models without an a-priori float32 bound (the full flavour likelihood): its measured per-point bound. */
const MEASURED_RELATIVE_BOUND = 2e-6;
const t0 = performance.now();
const elapsed = (): number => (performance.now() - t0) / 1000;
/** Stage deadlines as fractions of the budget: adapter+equivalence, posterior, benchmark. */
const deadline = { equivalence: 0.2 * budgetSeconds, posterior: 0.45 * budgetSeconds, bench: budgetSeconds };

const report: Record<string, unknown> = {
  started: new Date().toISOString(),
  host: os.hostname(),
  cpu: os.cpus()[0]?.model,
  node: process.version,
  options: { sizes, budgetSeconds, posteriorWalkers: posteriorWalkersDefault, posteriorSteps: posteriorStepsDefault, targets, requireNvidia },
  failures: [] as string[],
};
const failures = report.failures as string[];
const write = (): void => {
  report.elapsedSeconds = elapsed();
  fs.writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);
};
const log = (line: string): void => {
  process.stderr.write(`[${elapsed().toFixed(1)} s] ${line}\n`);
};

const scenarios = new Map<string, ScenarioModel>();
function scenario(name: string): ScenarioModel {
  if (!scenarios.has(name)) scenarios.set(name, resolveScenario(name === 'gauss50' ? { target: 'gauss50' } : ({ scenario: name } as never)));
  return scenarios.get(name)!;
}

/** Points start.center + spread·start.width·N(0,1), deterministic. */
function startPoints(s: ScenarioModel, count: number, spread: number, seed: string): Float64Array {
  const n = s.parameters.length;
  const random = RandomStream.fromSeed(seed);
  const points = new Float64Array(count * n);
  for (let p = 0; p < count; p++) {
    for (let i = 0; i < n; i++) points[p * n + i] = s.parameters[i].start.center + spread * s.parameters[i].start.width * random.normal();
  }
  return points;
}

async function adapterStage(): Promise<boolean> {
  const search = await findWebGpuDevice();
  if (!search.ok) {
    report.adapter = { error: search.detail };
    failures.push(`adapter: ${search.detail}`);
    return false;
  }
  const { info } = search.handle;
  report.adapter = info;
  log(`adapter: ${info.label}`);
  if (requireNvidia && (info.software || !/nvidia/i.test(`${info.vendor} ${info.description}`))) {
    failures.push(`adapter: expected the NVIDIA GPU, got ${info.label}`);
  }
  return true;
}

async function equivalenceStage(): Promise<void> {
  const rows: Record<string, unknown>[] = [];
  report.equivalence = rows;
  for (const name of targets) {
    if (elapsed() > deadline.equivalence) {
      rows.push({ model: name, skipped: 'time guard' });
      continue;
    }
    const s = scenario(name);
    const count = 4096;
    // Within a few start widths (0.1 expected sd each) of the start: the region the sampler visits.
    const points = startPoints(s, count, 5, `equivalence:${name}`);
    const n = s.parameters.length;
    const parts = s.density.kind === 'sum' ? s.density.parts : [{ name, model: s.density, parameterIndex: Array.from({ length: n }, (_, i) => i) }];
    for (const part of parts) {
      const m = part.parameterIndex.length;
      const sub = new Float64Array(count * m);
      for (let p = 0; p < count; p++) for (let j = 0; j < m; j++) sub[p * m + j] = points[p * n + part.parameterIndex[j]];
      const cpu = compileModel(part.model, { backend: 'cpu', maxBatch: count });
      const gpu = await compileModelAsync(part.model, { backend: 'webgpu', maxBatch: count });
      const a = new Float64Array(count);
      const b = new Float64Array(count);
      cpu.density.logProbBatch(sub, count, a);
      await gpu.density.logProbBatch(sub, count, b);
      // Per point: |Δ log p| must stay within the rigorous float32 bound at that point.
      let maxDiff = 0;
      let worstRatio = 0;
      let outside = 0;
      for (let p = 0; p < count; p++) {
        if (!Number.isFinite(a[p])) {
          if (a[p] !== b[p]) outside++;
          continue;
        }
        const diff = Math.abs(a[p] - b[p]);
        const apriori = gpu.precision!.plan.boundAt(sub, p);
        const bound = Number.isNaN(apriori) ? MEASURED_RELATIVE_BOUND * (1 + Math.abs(a[p])) : apriori;
        maxDiff = Math.max(maxDiff, diff);
        worstRatio = Math.max(worstRatio, diff / bound);
        if (!(diff <= bound)) outside++;
      }
      const pass = outside === 0;
      rows.push({ model: name, part: part.name, points: count, maxAbsDiffLogP: maxDiff, worstDiffOverPointBound: worstRatio, pointsOutsideBound: outside, boundAtProbes: gpu.precision!.worstBound, pass });
      if (!pass) failures.push(`equivalence ${name}/${part.name}: ${outside} points outside the float32 bound`);
      log(`equivalence ${name}/${part.name}: max |Δ log p| ${maxDiff.toExponential(2)}, worst Δ/bound ${worstRatio.toFixed(3)} (bound at probes ${gpu.precision!.worstBound.toExponential(2)})`);
      gpu.density.dispose?.();
      write();
    }
  }
}

function initialState(s: ScenarioModel, walkers: number, seed: string): EnsembleState {
  const n = s.parameters.length;
  return {
    nEnsembles: 1,
    nWalkers: walkers,
    nDim: n,
    coords: startPoints(s, walkers, 1, `${seed}:init`),
    logProb: new Float64Array(walkers),
    accepted: new Float64Array(walkers),
    iteration: 0,
    randoms: [RandomStream.fromSeed(seed)],
  };
}

async function posteriorStage(): Promise<void> {
  const rows: Record<string, unknown>[] = [];
  report.posterior = rows;
  for (const name of ['ew', 'ew-flavour-clean', 'flavour-pdd'].filter((t) => targets.includes(t))) {
    if (elapsed() > deadline.posterior) {
      rows.push({ model: name, skipped: 'time guard' });
      continue;
    }
    const s = scenario(name);
    const n = s.parameters.length;
    const moments: { mean: Float64Array; sd: Float64Array }[] = [];
    // flavour-pdd: ~1 ms per cpu evaluation, so fewer steps (the chains stay step-for-step equal anyway)
    const posteriorSteps = name === 'flavour-pdd' ? Math.min(60, posteriorStepsDefault) : posteriorStepsDefault;
    const posteriorWalkers = Math.max(posteriorWalkersDefault, 2 * n + 4);
    for (const backend of ['cpu', 'webgpu'] as const) {
      const compiled = await compileModelAsync(s.density, { backend, maxBatch: posteriorWalkers });
      const sampler = new EnsembleSampler(compiled.density, { nWalkers: posteriorWalkers, nDim: n, nEnsembles: 1, moves: [{ move: new StretchMove(2), weight: 1 }] });
      const state = initialState(s, posteriorWalkers, `posterior:${name}`);
      await sampler.scoreInitialAsync(state);
      const sum = new Float64Array(n);
      const sum2 = new Float64Array(n);
      let kept = 0;
      for (let t = 1; t <= posteriorSteps; t++) {
        await sampler.stepAsync(state);
        if (t <= posteriorSteps / 2) continue;
        for (let w = 0; w < posteriorWalkers; w++) {
          for (let i = 0; i < n; i++) {
            const x = state.coords[w * n + i];
            sum[i] += x;
            sum2[i] += x * x;
          }
        }
        kept += posteriorWalkers;
      }
      const mean = sum.map((x) => x / kept);
      moments.push({ mean, sd: sum2.map((x, i) => Math.sqrt(Math.max(x / kept - mean[i] * mean[i], 0))) });
      compiled.density.dispose?.();
    }
    const [cpu, gpu] = moments;
    let worstMean = 0;
    let worstSd = 0;
    for (let i = 0; i < n; i++) {
      worstMean = Math.max(worstMean, Math.abs(cpu.mean[i] - gpu.mean[i]) / cpu.sd[i]);
      worstSd = Math.max(worstSd, Math.abs(cpu.sd[i] / gpu.sd[i] - 1));
    }
    const pass = worstMean <= 0.05 && worstSd <= 0.03;
    rows.push({ model: name, walkers: posteriorWalkers, steps: posteriorSteps, worstMeanShiftInSd: worstMean, worstSdRelativeDiff: worstSd, pass });
    if (!pass) failures.push(`posterior ${name}: mean shift ${worstMean.toFixed(3)} σ, sd diff ${(100 * worstSd).toFixed(1)} %`);
    log(`posterior ${name}: worst mean shift ${worstMean.toFixed(4)} σ, worst sd diff ${(100 * worstSd).toFixed(2)} %`);
    write();
  }
}

async function evaluationsPerSecond(density: BatchLogDensity, points: Float64Array, batch: number, maxSeconds: number): Promise<number> {
  const out = new Float64Array(batch);
  await density.logProbBatch(points, batch, out);
  let reps = 0;
  const start = performance.now();
  do {
    await density.logProbBatch(points, batch, out);
    reps++;
  } while (performance.now() - start < 1000 * maxSeconds && reps < 50);
  return (reps * batch) / ((performance.now() - start) / 1000);
}

async function benchStage(): Promise<void> {
  const rows: Record<string, unknown>[] = [];
  report.bench = rows;
  const cells = targets
    .flatMap((name) => sizes.flatMap((walkers) => (['cpu', 'webgpu'] as const).map((backend) => ({ name, walkers, backend }))))
    .filter((cell) => !(cell.name === 'flavour-pdd' && cell.backend === 'cpu' && cell.walkers !== sizes[0]));
  for (const [k, cell] of cells.entries()) {
    const remaining = deadline.bench - elapsed();
    if (remaining < 3) {
      rows.push({ ...cell, skipped: 'time guard' });
      continue;
    }
    const cellSeconds = Math.min(20, remaining / (cells.length - k));
    const s = scenario(cell.name);
    const n = s.parameters.length;
    const compiled = await compileModelAsync(s.density, { backend: cell.backend, maxBatch: cell.walkers });
    const half = cell.walkers / 2;
    const likelihood = await evaluationsPerSecond(compiled.density, startPoints(s, half, 1, 'bench'), half, 0.25 * cellSeconds);
    // ESS/s: stretch move, a short burn, then production until the cell's time is used.
    const sampler = new EnsembleSampler(compiled.density, { nWalkers: cell.walkers, nDim: n, nEnsembles: 1, moves: [{ move: new StretchMove(2), weight: 1 }] });
    const state = initialState(s, cell.walkers, `bench:${cell.name}`);
    await sampler.scoreInitialAsync(state);
    const sampleStart = performance.now();
    const burnUntil = sampleStart + 250 * cellSeconds;
    let burn = 0;
    while (performance.now() < burnUntil || burn < 3) {
      await sampler.stepAsync(state);
      burn++;
    }
    const keep = Math.min(cell.walkers, 256);
    const chain: number[] = [];
    let steps = 0;
    const start = performance.now();
    while ((performance.now() - start < 500 * cellSeconds || steps < 10) && steps < 4000) {
      await sampler.stepAsync(state);
      steps++;
      for (let w = 0; w < keep; w++) for (let i = 0; i < n; i++) chain.push(state.coords[w * n + i]);
    }
    const seconds = (performance.now() - start) / 1000;
    const tau = integratedTime(Float64Array.from(chain), steps, keep, n, { c: 5, tol: 50 });
    const tauMax = Math.max(...tau.tau);
    const ess = (steps * cell.walkers) / tauMax;
    const row = {
      target: cell.name,
      walkers: cell.walkers,
      backend: cell.backend,
      adapter: compiled.adapter?.label,
      likelihoodEvaluationsPerSecond: likelihood,
      samplerEvaluationsPerSecond: (steps * cell.walkers) / seconds,
      burnSteps: burn,
      productionSteps: steps,
      tauMax,
      tauReliable: !tau.tooShort,
      essPerSecond: ess / seconds,
    };
    rows.push(row);
    log(`bench ${cell.name} ${cell.walkers} ${cell.backend}: ${likelihood.toExponential(3)} evals/s (likelihood), ESS/s ${row.essPerSecond.toExponential(3)}${row.tauReliable ? '' : ' (τ from a short chain)'}`);
    compiled.density.dispose?.();
    write();
  }
}

async function main(): Promise<void> {
  write();
  const stages: [string, () => Promise<unknown>][] = [
    ['adapter', adapterStage],
    ['equivalence', equivalenceStage],
    ['posterior', posteriorStage],
    ['bench', benchStage],
  ];
  for (const [name, stage] of stages) {
    try {
      const ok = await stage();
      if (ok === false) break;
    } catch (error) {
      failures.push(`${name}: ${(error as Error).stack ?? String(error)}`);
      log(`${name} failed: ${(error as Error).message}`);
    }
    write();
  }
  report.finished = new Date().toISOString();
  report.pass = failures.length === 0;
  write();
  log(`done: ${failures.length === 0 ? 'all checks passed' : `${failures.length} failure(s)`}; wrote ${outFile}`);
  process.exit(failures.length === 0 ? 0 : 1);
}

await main();
