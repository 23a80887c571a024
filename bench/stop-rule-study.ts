/**
 * `npx tsx bench/stop-rule-study.ts <run-dir> [<run-dir> …] [--every STEPS]`: how many evaluations a finished
 * run would have needed under the convergence criterion the sampler issue states — R̂ < 1.01 across the
 * ensembles and bulk-ESS ≥ 1000 for every parameter — against what its own stopping rule spent (chain longer
 * than `tauFactor`·τ, τ stable, R̂ < 1.01).
 *
 * For prefixes of the stored chain every `--every` steps (default: the run's `checkEvery`), the diagnostics
 * are recomputed as the summary computes them on the prefix alone (burn-in max(2 τ of the first half, 10 %),
 * rank R̂ across ensembles, bulk-ESS of Vehtari et al. 2021), and the first prefix that meets the criterion
 * is reported. Evaluations scale with the steps (the run's evaluations per step). No chain is changed or
 * sampled: this reads the chains that `smeftfit run` or `reproduce` left.
 *
 * Writes bench/results/<date>-<host>-stop-rule.json and .md. A measurement, never a test assertion.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunConfig } from '../src/config/schema.ts';
import { burnInRows, chooseBurnIn } from '../src/diagnostics/burn-in.ts';
import { chainDiagnostics } from '../src/diagnostics/chain-diagnostics.ts';
import { REPO_ROOT } from '../src/data-dir.ts';
import { ChainStore, DEFAULT_MEMORY_CAP_MB } from '../src/sampler/chain-store.ts';
import { readCheckpoint } from '../src/sampler/checkpoint.ts';
import type { EnsembleState } from '../src/sampler/ensemble-state.ts';
import { CHAIN_FILE, ChainFileReader } from '../src/sampler/hdf5-chain.ts';

const RHAT_BELOW = 1.01;
const ESS_ABOVE = 1000;
/** Rows are read a few MiB at a time, as ChainFileReader.forEachBlock does. */
const READ_BLOCK_BYTES = 8 * 2 ** 20;

interface Prefix {
  steps: number;
  burnInSteps: number;
  rhatMax: number;
  essBulkMin: number;
  meets: boolean;
}

interface Study {
  run: string;
  parameters: number;
  walkers: number;
  stoppedAtSteps: number;
  stoppedAtEvaluations: number;
  evaluationsPerStep: number;
  prefixes: Prefix[];
  firstMeeting?: { steps: number; evaluations: number };
}

async function study(dir: string, every: number | undefined): Promise<Study> {
  const config = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as RunConfig;
  const checkpoint = readCheckpoint(dir);
  const { state } = checkpoint;
  const thin = checkpoint.thin;
  const autoStop = config.sampler.autoStop;
  const step = every ?? (autoStop ? autoStop.checkEvery : 1000);
  const evaluationsPerStep = checkpoint.evaluations / state.iteration;
  const prefixes: Prefix[] = [];
  let firstMeeting: Study['firstMeeting'];
  // Every check interval, and the run's last step where it is not on that grid (the own rule's stop).
  const grid = Array.from({ length: Math.floor(state.iteration / step) }, (_, k) => (k + 1) * step);
  if (grid.at(-1) !== state.iteration) grid.push(state.iteration);
  // One pass over the file: the store grows row by row as ChainStore.load would build it, and is diagnosed
  // whenever it holds a prefix of the grid (a fresh load per prefix would read the chain again each time).
  const reader = await ChainFileReader.open(path.join(dir, CHAIN_FILE));
  try {
    const { nWalkers, nDim } = reader.info;
    const store = new ChainStore(nWalkers, nDim, { memoryCapBytes: (config.sampler.memoryCapMB ?? DEFAULT_MEMORY_CAP_MB) * 2 ** 20, schedule: reader.info.thinSchedule });
    const row: EnsembleState = { nEnsembles: 1, nWalkers, nDim, coords: new Float64Array(0), logProb: new Float64Array(0), accepted: new Float64Array(0), iteration: 0, randoms: [] };
    const blockRows = Math.max(1, Math.floor(READ_BLOCK_BYTES / (nWalkers * (nDim + 1) * 8)));
    for (const steps of grid) {
      const rows = Math.floor(steps / thin);
      for (let start = store.nStored; start < rows; start += blockRows) {
        const block = reader.readRows(start, Math.min(rows, start + blockRows));
        for (let r = 0; r < block.nRows; r++) {
          row.coords = block.positions.subarray(r * nWalkers * nDim, (r + 1) * nWalkers * nDim);
          row.logProb = block.logProbs.subarray(r * nWalkers, (r + 1) * nWalkers);
          store.append(row);
        }
      }
      const burn = chooseBurnIn(store, steps, 'auto');
      const discardRows = burnInRows(store, burn);
      const diagnostics = chainDiagnostics(store, state.nEnsembles, store.rowSteps, discardRows);
      const rhatMax = Math.max(...diagnostics.parameters.map((p) => p.rhat));
      const essBulkMin = Math.min(...diagnostics.parameters.map((p) => p.essBulk));
      const meets = rhatMax < RHAT_BELOW && essBulkMin >= ESS_ABOVE;
      prefixes.push({ steps, burnInSteps: discardRows * store.rowSteps, rhatMax, essBulkMin, meets });
      process.stderr.write(`${path.basename(dir)} ${steps} steps: R̂ ${rhatMax.toFixed(4)}, bulk-ESS ${essBulkMin.toFixed(0)}${meets ? ' — meets' : ''}\n`);
      if (meets) {
        firstMeeting = { steps, evaluations: Math.round(steps * evaluationsPerStep) };
        break;
      }
    }
  } finally {
    reader.close();
  }
  return {
    run: path.basename(path.resolve(dir)),
    parameters: state.nDim,
    walkers: state.nWalkers * state.nEnsembles,
    stoppedAtSteps: state.iteration,
    stoppedAtEvaluations: checkpoint.evaluations,
    evaluationsPerStep,
    prefixes,
    firstMeeting,
  };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const everyAt = argv.indexOf('--every');
  const every = everyAt >= 0 ? Number(argv[everyAt + 1]) : undefined;
  if (every !== undefined && !(Number.isInteger(every) && every > 0)) throw new Error(`--every: expected a positive integer, got ${argv[everyAt + 1]}`);
  const dirs = argv.filter((a, i) => !a.startsWith('--') && (i === 0 || argv[i - 1] !== '--every'));
  if (dirs.length === 0) throw new Error('usage: npx tsx bench/stop-rule-study.ts <run-dir> [<run-dir> …] [--every STEPS]');
  const studies: Study[] = [];
  for (const dir of dirs) studies.push(await study(dir, every));
  const machine = { host: os.hostname(), cpus: os.cpus().length, node: process.version };
  const date = new Date().toISOString().slice(0, 10);
  const million = (n: number) => `${(n / 1e6).toFixed(2)} M`;
  const markdown = [
    `# Stopping rule against the issue's criterion ${date}`,
    '',
    `From the stored chains (bench/stop-rule-study.ts): the first prefix, in steps of the run's check interval, with R̂ < ${RHAT_BELOW} and bulk-ESS ≥ ${ESS_ABOVE} for every parameter (diagnostics as the summary computes them on that prefix alone), against where the run's own rule stopped.`,
    '',
    '| run | parameters | walkers | own rule: steps | evaluations | R̂ < 1.01 and bulk-ESS ≥ 1000 first at: steps | evaluations | ratio |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...studies.map((s) => `| ${s.run} | ${s.parameters} | ${s.walkers} | ${s.stoppedAtSteps} | ${million(s.stoppedAtEvaluations)} | ${s.firstMeeting ? s.firstMeeting.steps : 'not met'} | ${s.firstMeeting ? million(s.firstMeeting.evaluations) : '—'} | ${s.firstMeeting ? `${(s.stoppedAtEvaluations / s.firstMeeting.evaluations).toFixed(2)}×` : '—'} |`),
    '',
  ].join('\n');
  const stem = path.join(REPO_ROOT, 'bench', 'results', `${date}-${machine.host}-stop-rule`);
  fs.writeFileSync(`${stem}.json`, `${JSON.stringify({ date, machine, studies }, null, 2)}\n`);
  fs.writeFileSync(`${stem}.md`, markdown);
  process.stdout.write(markdown);
}

await main();
