/**
 * How long a run's outputs take once sampling has finished: `smeftfit run configs/ew.yaml --steps 2000`
 * (or --config/--steps), then, on its chain, each output phase timed (best of --repeat) exactly as `run`
 * calls it: the summary (burn-in, τ, R̂, bulk/tail ESS, quantiles), the derived quantities, the figures,
 * report and WCxf. The peer measured in the same run is the per-draw evaluation of the derived quantities
 * (what the summary did before they were tabulated, derived-table.ts). Writes
 * results/outputs-<date>-<host>.json and .md.
 *
 *   npx tsx bench/measure-outputs.ts [--config configs/ew.yaml] [--steps 2000] [--repeat 3] [--run DIR]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunConfig } from '../src/config/schema.ts';
import { derivedValues } from '../src/output/derived-table.ts';
import { summariseRun, type RunSummary } from '../src/output/summary.ts';
import { writeRunOutputs } from '../src/output/write-run-outputs.ts';
import { readCheckpoint } from '../src/sampler/checkpoint.ts';
import { ChainStore } from '../src/sampler/chain-store.ts';
import { resolveScenario } from '../src/scenarios/registry.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const args = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1] : fallback;
};
const configFile = flag('config', path.join(root, 'configs/ew.yaml'));
const steps = Number(flag('steps', '2000'));
const repeat = Number(flag('repeat', '3'));

/** Wall and CPU seconds (this process, user + system) of the fastest of `n` calls. */
interface Timing {
  seconds: number;
  cpuSeconds: number;
}

async function bestOf<T>(n: number, f: () => T | Promise<T>): Promise<Timing & { value: T }> {
  let best: Timing = { seconds: Infinity, cpuSeconds: Infinity };
  let value!: T;
  for (let r = 0; r < n; r++) {
    const start = performance.now();
    const cpu = process.cpuUsage();
    value = await f();
    const used = process.cpuUsage(cpu);
    const timing = { seconds: (performance.now() - start) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
    if (timing.seconds < best.seconds) best = timing;
  }
  return { ...best, value };
}

const timing = ({ seconds, cpuSeconds }: Timing): Timing => ({ seconds, cpuSeconds });

let runDir = flag('run', '');
let runSeconds = NaN;
if (runDir === '') {
  runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-outputs-bench-'));
  fs.rmSync(runDir, { recursive: true });
  const start = performance.now();
  execFileSync(process.execPath, [path.join(root, 'bin/smeftfit.js'), 'run', configFile, '--steps', String(steps), '--out', runDir, '--quiet'], { stdio: 'inherit' });
  runSeconds = (performance.now() - start) / 1000;
}

const recorded = JSON.parse(fs.readFileSync(path.join(runDir, 'summary.json'), 'utf8')) as RunSummary;
const config = JSON.parse(fs.readFileSync(path.join(runDir, 'config.json'), 'utf8')) as RunConfig;
const scenario = resolveScenario(config.model);
const store = await ChainStore.load(runDir, readCheckpoint(runDir).nStored);
const facts = {
  seed: recorded.seed,
  backend: recorded.backend,
  backendReason: recorded.backend_reason,
  evaluations: recorded.evaluations,
  wallSeconds: recorded.wall_seconds,
  steps: recorded.steps,
  thin: recorded.thin,
  nEnsembles: recorded.ensembles,
  burn: config.sampler.burn,
  acceptance: new Float64Array(store.nWalkers).fill(recorded.acceptance),
  stopReason: recorded.stop_reason,
  rhatBelow: config.sampler.autoStop ? config.sampler.autoStop.rhatBelow : 1.01,
  tauFactor: config.sampler.autoStop ? config.sampler.autoStop.tauFactor : 50,
};

const summary = await bestOf(repeat, () => summariseRun(store, scenario, facts));
const discardRows = Math.min(store.nRows - 1, Math.ceil(summary.value.burn_in_steps / store.rowSteps));
const { data } = store.extract(discardRows);
const count = data.length / store.nDim;
const tabulated = await bestOf(repeat, () => derivedValues(scenario.derived, data, store.nDim, count));
const perDrawQuantities = scenario.derived.map((q) => ({ name: q.name, evaluate: q.evaluate }));
const perDraw = await bestOf(1, () => derivedValues(perDrawQuantities, data, store.nDim, count));
let worstInSd = 0;
tabulated.value.forEach((t, k) => {
  const exact = perDraw.value[k].values;
  let mean = 0;
  for (const v of exact) mean += v / exact.length;
  let sumSq = 0;
  for (const v of exact) sumSq += (v - mean) ** 2;
  const sd = Math.sqrt(sumSq / (exact.length - 1));
  for (let p = 0; p < exact.length; p++) worstInSd = Math.max(worstInSd, Math.abs(t.values[p] - exact[p]) / sd);
});
const outputsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-outputs-bench-files-'));
const figures = await bestOf(repeat, () => writeRunOutputs(outputsDir, store, scenario, summary.value));
fs.rmSync(outputsDir, { recursive: true });

const result = {
  date: new Date().toISOString().slice(0, 10),
  machine: { host: os.hostname(), cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '?', node: process.version, loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))) },
  run: { config: path.relative(root, configFile), steps: recorded.steps, walkers: recorded.walkers, ensembles: recorded.ensembles, draws: count, derived: scenario.derived.length, samplingSeconds: recorded.wall_seconds, wholeRunSeconds: runSeconds },
  phases: {
    summary: timing(summary),
    derivedTabulated: timing(tabulated),
    derivedPerDraw: timing(perDraw),
    figuresReportWcxf: timing(figures),
    afterSampling: { seconds: summary.seconds + figures.seconds, cpuSeconds: summary.cpuSeconds + figures.cpuSeconds },
  },
  derivedMethods: tabulated.value.map((t) => `${t.name}: ${t.method}`),
  derivedTableWorstErrorInSd: worstInSd,
  target: { afterSamplingSeconds: 2 },
};
const ms = (t: Timing) => `${(1000 * t.seconds).toFixed(0)} ms | ${(1000 * t.cpuSeconds).toFixed(0)} ms`;
const markdown = [
  `# Outputs after sampling, ${result.date}`,
  '',
  `Machine: ${result.machine.host}, ${result.machine.cpus} × ${result.machine.cpuModel}, Node ${result.machine.node}; load average at the end ${result.machine.loadAverage.join(', ')}.`,
  `Run: \`smeftfit run ${result.run.config} --steps ${result.run.steps}\` (${result.run.walkers} walkers × ${result.run.ensembles} ensembles), sampling ${result.run.samplingSeconds.toFixed(1)} s; ${result.run.draws} post-burn-in draws, ${result.run.derived} derived quantities. Best of ${repeat}.`,
  '',
  'Wall time, and the CPU time of this process (user + system: on a machine shared with other work the wall',
  'time includes waiting for a core, the CPU time does not).',
  '',
  '| phase | wall | CPU |',
  '|---|---:|---:|',
  `| summary (burn-in, τ, R̂, bulk/tail ESS, quantiles, derived) | ${ms(result.phases.summary)} |`,
  `| figures, report.md, WCxf | ${ms(result.phases.figuresReportWcxf)} |`,
  `| **after sampling, total** (target ≤ 2 s) | ${ms(result.phases.afterSampling)} |`,
  '',
  '| derived quantities | wall | CPU |',
  '|---|---:|---:|',
  `| tabulated (derived-table.ts; included in the summary) | ${ms(result.phases.derivedTabulated)} |`,
  `| peer: evaluated at every draw | ${ms(result.phases.derivedPerDraw)} |`,
  '',
  `Largest table error at any draw: ${worstInSd.toExponential(2)} posterior sd (tables are checked at 64 draws against ${(1e-3).toExponential(0)} sd).`,
  '',
].join('\n');
const stem = path.join(here, 'results', `outputs-${result.date}-${os.hostname()}`);
fs.writeFileSync(`${stem}.json`, JSON.stringify(result, null, 2) + '\n');
fs.writeFileSync(`${stem}.md`, markdown);
process.stdout.write(markdown);
