/**
 * `tsx bench/large-ensemble.ts [--walkers 65536] [--ndim 100] [--steps 20] [--threads N] [--cli-steps 30] [--no-cli] [--quick]`:
 * the sampler's own cost at GPU scale, on the `normal` target (whose likelihood is one pass over the point).
 *
 * 1. In process: one ensemble of `walkers` walkers, stretch move, cpu backend on `threads` threads:
 *    ms per step, split into the likelihood calls and the rest (proposals, accept/reject), and the
 *    resident memory and array buffers before and after the steps.
 * 2. Through the CLI (`smeftfit run --scenario normal`, a child process): the whole run with `--cli-steps`
 *    steps (thin 10, so the chain write and the summary/plots of the huge ensemble are included): wall
 *    time of the process, the sampling time the summary reports, the time outside sampling (start-up,
 *    chain write, summary, plots) and the maximum resident memory (from /usr/bin/time where present).
 *
 * Writes bench/results/<date>-<host>-large-ensemble.json and .md. Timings are measurements, never test
 * assertions; the targets (≤ 50 ms per step on 2 cores, ≤ 1 GB resident, ≤ 10 s outside sampling)
 * are printed beside them.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileScenario, scenarioDensityRecipe } from '../src/commands/scenario-density.ts';
import { CountingDensity } from '../src/engine/density.ts';
import { ThreadedDensity } from '../src/engine/threaded-density.ts';
import { REPO_ROOT } from '../src/data-dir.ts';
import { EnsembleSampler } from '../src/sampler/ensemble-sampler.ts';
import type { EnsembleState } from '../src/sampler/ensemble-state.ts';
import { StretchMove } from '../src/sampler/moves/stretch.ts';
import { RandomStream } from '../src/sampler/random.ts';
import { StepThreads } from '../src/sampler/step-threads.ts';

const MiB = 1024 * 1024;

/** Counts a density's evaluations (CountingDensity) and accumulates the wall time spent inside its calls. */
class TimedDensity extends CountingDensity {
  seconds = 0;
  override logProbBatch(points: Float64Array, count: number, out: Float64Array): void | Promise<void> {
    const start = process.hrtime.bigint();
    const pending = super.logProbBatch(points, count, out);
    const stop = (): void => {
      this.seconds += Number(process.hrtime.bigint() - start) / 1e9;
    };
    if (pending === undefined) return stop();
    return pending.then(stop);
  }
}

/**
 * CPU milliseconds of the calling thread so far (Linux: /proc/self/task/<pid>/stat, utime + stime in
 * clock ticks of 10 ms), or NaN elsewhere. On a machine shared with other work the wall time per step
 * measures the load as much as the code; the calling thread's CPU time is what a step would take on idle
 * cores (it works or waits for the last blocks of the other threads, never idles otherwise).
 */
function mainThreadCpuMs(): number {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime, stime (fields 14, 15 of stat)
  } catch {
    return NaN;
  }
}

export interface InProcessResult {
  walkers: number;
  ndim: number;
  threads: number;
  steps: number;
  msPerStep: number;
  likelihoodMsPerStep: number;
  samplerMsPerStep: number;
  cpuMsPerStep: number;
  /** CPU time of the calling thread per step (the step's critical path on otherwise idle cores). */
  mainThreadCpuMsPerStep: number;
  rssMiBBefore: number;
  rssMiBAfter: number;
  arrayBuffersMiB: number;
}

export async function measureInProcess(walkers: number, ndim: number, steps: number, threads: number): Promise<InProcessResult> {
  const model = { target: 'normal' as const, ndim };
  const { compiled } = compileScenario(model, 'cpu', walkers);
  const inner = threads > 1 ? await ThreadedDensity.start(scenarioDensityRecipe({ model, maxBatch: walkers }), compiled.density, { threads, maxBatch: walkers }) : compiled.density;
  const density = new TimedDensity(inner);
  // As `smeftfit run` does at this size (run.ts MIN_STEP_THREAD_DOUBLES): the proposals and accepted-row copies on every thread too.
  const stepThreads = threads > 1 ? await StepThreads.start(threads) : undefined;
  const sampler = new EnsembleSampler(density, { nWalkers: walkers, nDim: ndim, nEnsembles: 1, moves: [{ move: new StretchMove(2), weight: 1 }], stepThreads });
  const init = RandomStream.fromSeed('large:init');
  const coords = new Float64Array(walkers * ndim);
  for (let i = 0; i < coords.length; i++) coords[i] = init.normal();
  const state: EnsembleState = { nEnsembles: 1, nWalkers: walkers, nDim: ndim, coords, logProb: new Float64Array(walkers), accepted: new Float64Array(walkers), iteration: 0, randoms: [RandomStream.fromSeed(1)] };
  if (sampler.asynchronous) await sampler.scoreInitialAsync(state);
  else sampler.scoreInitial(state);
  if (sampler.asynchronous) await sampler.stepAsync(state);
  else sampler.step(state); // warm-up (JIT)
  const rssBefore = process.memoryUsage().rss;
  density.seconds = 0;
  const cpuStart = process.cpuUsage();
  const mainCpuStart = mainThreadCpuMs();
  const start = process.hrtime.bigint();
  for (let t = 0; t < steps; t++) {
    if (sampler.asynchronous) await sampler.stepAsync(state);
    else sampler.step(state);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  const mainCpu = mainThreadCpuMs() - mainCpuStart;
  const memory = process.memoryUsage();
  inner.dispose?.();
  stepThreads?.dispose();
  return {
    walkers,
    ndim,
    threads,
    steps,
    msPerStep: (1000 * seconds) / steps,
    likelihoodMsPerStep: (1000 * density.seconds) / steps,
    samplerMsPerStep: (1000 * (seconds - density.seconds)) / steps,
    cpuMsPerStep: (cpu.user + cpu.system) / 1000 / steps,
    mainThreadCpuMsPerStep: mainCpu / steps,
    rssMiBBefore: rssBefore / MiB,
    rssMiBAfter: memory.rss / MiB,
    arrayBuffersMiB: memory.arrayBuffers / MiB,
  };
}

export interface CliResult {
  walkers: number;
  ndim: number;
  threads: number;
  steps: number;
  processSeconds: number;
  samplingSeconds: number;
  outsideSamplingSeconds: number;
  maxRssMiB: number | null;
  /** User + system CPU seconds of the whole process (every thread), where /usr/bin/time reports them. */
  processCpuSeconds: number | null;
  exitCode: number | null;
}

/** One `smeftfit run --scenario normal` child process; outside-sampling time = process wall − summary wall. */
export function measureCli(walkers: number, ndim: number, steps: number, threads: number): CliResult {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-large-'));
  const config = path.join(out, 'normal-large.yaml');
  fs.writeFileSync(config, `name: normal-large\nmodel:\n  target: normal\n  ndim: ${ndim}\nseed: 1\nbackend: cpu\nsampler:\n  walkers: ${walkers}\n  ensembles: 1\n  steps: ${steps}\n  thin: 10\n  moves:\n    - move: stretch\n`);
  const runDir = path.join(out, 'run');
  const cli = path.join(REPO_ROOT, 'bin/smeftfit.js');
  const args = [cli, 'run', config, '--out', runDir, '--threads', String(threads), '--quiet', '--json'];
  const timeBinary = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
  const start = process.hrtime.bigint();
  const child = timeBinary
    ? spawnSync(timeBinary, ['-f', 'maxrss_kb=%M cpu_s=%U+%S', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 64 * MiB })
    : spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * MiB });
  const processSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rss = /maxrss_kb=(\d+)/.exec(child.stderr ?? '');
  const cpu = /cpu_s=([\d.]+)\+([\d.]+)/.exec(child.stderr ?? '');
  let samplingSeconds = NaN;
  try {
    const summary = JSON.parse(fs.readFileSync(path.join(runDir, 'summary.json'), 'utf8')) as { wall_seconds?: number };
    samplingSeconds = summary.wall_seconds ?? NaN;
  } catch {
    process.stderr.write(`large-ensemble: no summary.json (exit ${child.status}): ${(child.stderr ?? '').split('\n').filter(Boolean).slice(-3).join(' | ')}\n`);
  }
  fs.rmSync(out, { recursive: true, force: true });
  return {
    walkers,
    ndim,
    threads,
    steps,
    processSeconds,
    samplingSeconds,
    outsideSamplingSeconds: processSeconds - samplingSeconds,
    maxRssMiB: rss ? Number(rss[1]) / 1024 : null,
    processCpuSeconds: cpu ? Number(cpu[1]) + Number(cpu[2]) : null,
    exitCode: child.status,
  };
}

function table(inProcess: InProcessResult[], cli: CliResult[], load: number[]): string {
  const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '—');
  const lines = [
    `# Large ensemble (${inProcess[0]?.walkers ?? cli[0]?.walkers} walkers × ${inProcess[0]?.ndim ?? cli[0]?.ndim} dimensions, normal target, cpu)`,
    '',
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}, Node ${process.version}; load average at the end ${load.join(', ')}.`,
    '',
    '| threads | steps | ms/step (wall) | likelihood ms/step | sampler ms/step | CPU ms/step (all threads) | CPU ms/step (calling thread) | RSS before → after (MiB) | ArrayBuffers (MiB) |',
    '|---:|---:|---:|---:|---:|---:|---:|---|---:|',
    ...inProcess.map((r) => `| ${r.threads} | ${r.steps} | ${f(r.msPerStep)} | ${f(r.likelihoodMsPerStep)} | ${f(r.samplerMsPerStep)} | ${f(r.cpuMsPerStep)} | ${f(r.mainThreadCpuMsPerStep)} | ${f(r.rssMiBBefore, 0)} → ${f(r.rssMiBAfter, 0)} | ${f(r.arrayBuffersMiB, 0)} |`),
    '',
  ];
  if (cli.length > 0) {
    lines.push(
      '| CLI run | threads | steps | process wall (s) | sampling (s) | outside sampling (s) | process CPU (s) | max RSS (MiB) |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
      ...cli.map((r) => `| smeftfit run (thin 10) | ${r.threads} | ${r.steps} | ${f(r.processSeconds)} | ${f(r.samplingSeconds)} | ${f(r.outsideSamplingSeconds)} | ${r.processCpuSeconds === null ? '—' : f(r.processCpuSeconds)} | ${r.maxRssMiB === null ? '—' : f(r.maxRssMiB, 0)} |`),
      '',
    );
  }
  lines.push('Targets (issue): ≤ 50 ms per step on 2 cores, ≤ 1 GB resident, ≤ 10 s outside sampling.', '');
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string) => (args.indexOf(name) >= 0 ? args[args.indexOf(name) + 1] : undefined);
  const quick = args.includes('--quick');
  const walkers = Number(flag('--walkers') ?? (quick ? 2048 : 65536));
  const ndim = Number(flag('--ndim') ?? (quick ? 10 : 100));
  const steps = Number(flag('--steps') ?? (quick ? 3 : 20));
  const cliSteps = Number(flag('--cli-steps') ?? (quick ? 10 : 30));
  const allThreads = Number(flag('--threads') ?? os.availableParallelism());
  const threadCounts = allThreads > 1 ? [1, allThreads] : [1];
  const inProcess: InProcessResult[] = [];
  for (const threads of threadCounts) {
    const r = await measureInProcess(walkers, ndim, steps, threads);
    inProcess.push(r);
    process.stderr.write(`in process ×${threads}: ${r.msPerStep.toFixed(1)} ms/step (likelihood ${r.likelihoodMsPerStep.toFixed(1)}, sampler ${r.samplerMsPerStep.toFixed(1)}), RSS ${r.rssMiBAfter.toFixed(0)} MiB\n`);
  }
  const cli: CliResult[] = [];
  if (!args.includes('--no-cli')) {
    const r = measureCli(walkers, ndim, cliSteps, allThreads);
    cli.push(r);
    process.stderr.write(`cli ×${allThreads}: process ${r.processSeconds.toFixed(1)} s, sampling ${r.samplingSeconds.toFixed(1)} s, max RSS ${r.maxRssMiB?.toFixed(0)} MiB\n`);
  }
  const load = os.loadavg().map((x) => Number(x.toFixed(2)));
  const date = new Date().toISOString().slice(0, 10);
  const host = os.hostname().replace(/[^A-Za-z0-9._-]/g, '_');
  const outDir = path.join(REPO_ROOT, 'bench/results');
  fs.mkdirSync(outDir, { recursive: true });
  const base = path.join(outDir, `${date}-${host}-large-ensemble${quick ? '-quick' : ''}`);
  const md = table(inProcess, cli, load);
  fs.writeFileSync(`${base}.json`, JSON.stringify({ date, quick, machine: { host, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version, loadAverage: load }, inProcess, cli }, null, 2) + '\n');
  fs.writeFileSync(`${base}.md`, md);
  process.stdout.write(md);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
