/**
 * `npm run bench [-- --quick] [--backends cpu,gpujs-cpu,gpu] [--targets gauss20,rosen2] [--threads N] [--steps-scale f] [--no-emcee] [--no-webgpu] [--moves 'stretch;de:0.8,desnooker:0.2'] [--no-moves] [--only-moves]`:
 * ESS per second (production phase), ESS per evaluation and evaluations per second on gauss20, gauss50
 * and rosen2 at 64 … 4096 walkers, for every available backend (cpu on one thread and on all of them),
 * next to emcee measured in the same run on the same cells (emcee-measure.ts), and, where Dawn finds a
 * WebGPU adapter, likelihood evaluations/s of cpu beside webgpu on gauss50, ew, ew-flavour-clean and
 * flavour-pdd (measure-backends.ts; a software adapter is labelled so), and the moves side by side
 * (measure-moves.ts: every move string of move-specs.ts, `--moves` separated by ';', beside emcee's DE
 * mixture and stretch on gauss20, gauss50, gauss100 and funnel10). Writes
 * bench/results/<date>-<host>.json and .md and prints the table. Timings are measurements, never test
 * assertions.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileModel, type BackendName } from '../src/engine/compile.ts';
import { ensureEmcee, measureEmcee, type EmceeResult } from './emcee-measure.ts';
import { gpuContextInfo } from '../src/engine/gpujs-loader.ts';
import { baselineTarget } from '../src/likelihood/targets.ts';
import { REPO_ROOT, dataDir } from '../src/data-dir.ts';
import { markdownTable } from './markdown-table.ts';
import { measureMetropolis, type MetropolisResult } from './measure-metropolis.ts';
import { measureSampling, type SamplingCase, type SamplingResult } from './measure-sampling.ts';
import { backendTable, measureBackends, type BackendRow } from './measure-backends.ts';
import { measureMoves, moveTable, type MoveComparison } from './measure-moves.ts';

type Backend = Exclude<BackendName, 'auto'>;
type Cell = Omit<SamplingCase, 'backend' | 'seed' | 'threads'>;

/** Burn-in and production steps per target and walker count (emcee's protocol where it has one). */
function plan(quick: boolean): Cell[] {
  if (quick) {
    return [
      { target: 'gauss20', walkers: 64, burn: 1000, production: 4000 },
      { target: 'gauss20', walkers: 1024, burn: 500, production: 1500 },
    ];
  }
  return [
    { target: 'gauss20', walkers: 64, burn: 6000, production: 30000 },
    { target: 'gauss20', walkers: 1024, burn: 3000, production: 12000 },
    { target: 'gauss20', walkers: 4096, burn: 2000, production: 8000 },
    // 64 walkers are fewer than 2·ndim for gauss50: both samplers are told to allow it (emcee's
    // live_dangerously); the stretch move still samples, with a long τ.
    { target: 'gauss50', walkers: 64, burn: 10000, production: 40000 },
    { target: 'gauss50', walkers: 1024, burn: 6000, production: 24000 },
    { target: 'gauss50', walkers: 4096, burn: 3000, production: 12000 },
    { target: 'rosen2', walkers: 64, burn: 10000, production: 50000 },
    { target: 'rosen2', walkers: 1024, burn: 4000, production: 16000 },
    { target: 'rosen2', walkers: 4096, burn: 2000, production: 10000 },
  ];
}

/**
 * gpu.js's CPU mode runs the float32 kernel source in JavaScript for testing, 3–8× slower than `cpu`:
 * the full grid would take most of an hour, so it is measured on one cell per target.
 */
const GPUJS_CPU_CELLS = new Set(['gauss20/64', 'gauss20/1024', 'gauss50/256', 'rosen2/64']);

function availableBackends(requested?: string): { backends: Backend[]; notes: string[] } {
  const notes: string[] = [];
  if (requested) return { backends: requested.split(',') as Backend[], notes };
  const backends: Backend[] = ['cpu', 'gpujs-cpu'];
  const gpu = gpuContextInfo();
  if (gpu.available) backends.push('gpu');
  else notes.push(`gpu backend not measured: ${gpu.detail}`);
  return { backends, notes };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const flag = (name: string) => (args.indexOf(name) >= 0 ? args[args.indexOf(name) + 1] : undefined);
  const { backends, notes } = availableBackends(flag('--backends'));
  const targets = flag('--targets')?.split(',');
  const allThreads = Number(flag('--threads') ?? os.availableParallelism());
  // --steps-scale f shortens every cell's burn-in and production (a shared or small machine); τ is then
  // estimated from shorter chains for both samplers alike.
  const scale = Number(flag('--steps-scale') ?? 1);
  const emceeMissing = args.includes('--no-emcee') ? 'emcee not measured (--no-emcee)' : ensureEmcee();
  if (emceeMissing) notes.push(emceeMissing);
  const rows: SamplingResult[] = [];
  const emcee: EmceeResult[] = [];
  // --only-moves: the move comparison alone (the backend grid, Metropolis and webgpu rows are skipped).
  const onlyMoves = args.includes('--only-moves');
  const cells = plan(quick)
    .filter(() => !onlyMoves)
    .filter((c) => !targets || targets.includes(c.target))
    .map((c) => ({ ...c, burn: Math.round(c.burn * scale), production: Math.round(c.production * scale) }));
  for (const cell of cells) {
    const { model } = baselineTarget(cell.target, dataDir());
    for (const backend of backends) {
      try {
        // Refused float32 compilations (precision guard) are reported, not measured.
        compileModel(model, { backend, maxBatch: cell.walkers }).density.dispose?.();
      } catch (error) {
        notes.push(`${cell.target} on ${backend}: ${(error as Error).message}`);
        continue;
      }
      if (backend === 'gpujs-cpu' && !quick && !GPUJS_CPU_CELLS.has(`${cell.target}/${cell.walkers}`)) continue;
      // The cpu backend on one thread and on every thread the machine offers (the chains are identical).
      for (const threads of backend === 'cpu' && allThreads > 1 ? [1, allThreads] : [1]) {
        const result = await measureSampling({ ...cell, backend, threads, seed: 1 });
        rows.push(result);
        process.stderr.write(
          `${cell.target} ${cell.walkers} walkers ${backend} ×${threads}: ESS/s ${result.essPerSecond.toFixed(0)}, τ ${result.tauMax.toFixed(0)}, ${result.productionSeconds.toFixed(1)} s\n`,
        );
      }
    }
    if (!emceeMissing) {
      try {
        const result = measureEmcee({ ...cell, seed: 1 }, model.parameterNames.length);
        emcee.push(result);
        process.stderr.write(`${cell.target} ${cell.walkers} walkers emcee: ESS/s ${result.essPerSecond.toFixed(0)}, τ ${result.tauMax.toFixed(0)}, ${result.productionSeconds.toFixed(1)} s\n`);
      } catch (error) {
        notes.push(`${cell.target} ${cell.walkers} walkers: emcee failed: ${(error as Error).message.split('\n').filter(Boolean).pop()}`);
      }
    }
  }
  // Metropolis rows (BAT/HEPfit adaptive Metropolis, K = 5 and K = 64 chains) on the cpu backend, in the
  // same run: each cell spends as many production evaluations as the target's smallest ensemble cell.
  const metropolis: MetropolisResult[] = [];
  if (!args.includes('--no-metropolis') && !onlyMoves) {
    for (const target of ['gauss20', 'gauss50', 'rosen2'] as const) {
      if (targets && !targets.includes(target)) continue;
      const ensembleCell = plan(quick).find((c) => c.target === target);
      if (!ensembleCell) continue;
      const evaluations = ensembleCell.walkers * ensembleCell.production;
      for (const chains of [5, 64]) {
        const result = measureMetropolis({ target, chains, production: Math.ceil((evaluations * scale) / chains), backend: 'cpu', seed: 1 });
        metropolis.push(result);
        process.stderr.write(`${target} Metropolis ${chains} chains: ESS/s ${result.essPerSecond.toFixed(0)}, ESS/eval ${result.essPerEvaluation.toExponential(2)}, τ ${result.tauMax.toFixed(0)}\n`);
      }
    }
  }
  // cpu beside webgpu on the physics likelihoods (half-ensemble batches of 64 and 1024 walkers; 4096 too
  // outside --quick), where an adapter is present.
  let backendRows: BackendRow[] = [];
  if (!args.includes('--no-webgpu') && !onlyMoves) {
    const measured = await measureBackends(quick ? [32, 512] : [32, 512, 2048]);
    backendRows = measured.rows;
    if (measured.note) notes.push(measured.note);
  }
  let moves: MoveComparison = { rows: [], emcee: [], notes: [] };
  if (!args.includes('--no-moves')) {
    moves = await measureMoves({ quick, threads: allThreads, targets, specs: flag('--moves')?.split(';'), emcee: !emceeMissing, scale });
  }
  const ratios = emcee.flatMap((ref) =>
    rows
      .filter((r) => r.target === ref.target && r.walkers === ref.walkers)
      .map((r) => ({ target: ref.target, walkers: ref.walkers, backend: r.backend, threads: r.threads, essPerSecondRatio: r.essPerSecond / ref.essPerSecond, essPerEvaluationRatio: r.essPerEvaluation / ref.essPerEvaluation })),
  );
  const date = new Date().toISOString().slice(0, 10);
  const host = os.hostname().replace(/[^A-Za-z0-9._-]/g, '_');
  const machine = { host, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${os.platform()} ${os.arch()}`, gpu: gpuContextInfo().detail, loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))) };
  const report = { date, quick, stepsScale: scale, machine, backends, notes, rows, emcee, metropolis, ratios, backendRows, moves };
  const outDir = path.join(REPO_ROOT, 'bench/results');
  fs.mkdirSync(outDir, { recursive: true });
  const base = path.join(outDir, `${date}-${host}${quick ? '-quick' : ''}${onlyMoves ? '-moves' : ''}${targets ? `-${targets.join('-')}` : ''}${scale !== 1 ? `-steps${scale}` : ''}`);
  fs.writeFileSync(`${base}.json`, JSON.stringify(report, null, 2) + '\n');
  const table = markdownTable(report) + backendTable(backendRows) + moveTable(moves);
  fs.writeFileSync(`${base}.md`, table);
  process.stdout.write(table);
  process.stdout.write(`\nwrote ${path.relative(process.cwd(), base)}.json and .md\n`);
}

await main();
