/**
 * `npx tsx bench/startup.ts [--runs N] [--no-build]`: how long the installed command takes to answer and
 * how much memory it holds, against the issue's targets, with the start of a bare `node -e 0` measured in
 * the same run (interleaved with the commands, so machine load hits every row alike). Builds the package
 * first (`npm run build`, so bin/smeftfit.js runs the compiled dist/ of the current sources), then runs
 * each case N times (default 7) through `node bin/smeftfit.js`. Wall time per run is measured around the
 * child process; resident memory is the child's own peak (process.resourceUsage().maxRSS, read in an
 * exit hook preloaded with --require, in every row including `node -e 0`). Where GNU time exists
 * (/usr/bin/time, Linux), the CPU time (user + system) of the command and the children it waited for
 * (list's adapter search) is recorded too: on a loaded machine wall time mostly measures the queue for
 * a core, CPU time much less so. Writes
 * bench/results/<date>-<host>-startup.json and .md and prints the table. Timings are measurements, never
 * test assertions.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../src/data-dir.ts';

interface StartupCase {
  label: string;
  args: string[];
  /** The issue's targets; undefined: the reference row. */
  targetMs?: number;
  targetMb?: number;
}

const BIN = path.join(REPO_ROOT, 'bin', 'smeftfit.js');
const CASES: StartupCase[] = [
  { label: 'node -e 0', args: ['-e', '0'] },
  { label: 'smeftfit --help', args: [BIN, '--help'], targetMs: 300, targetMb: 100 },
  { label: 'smeftfit --version', args: [BIN, '--version'], targetMs: 300, targetMb: 100 },
  { label: 'smeftfit predict --obs MW', args: [BIN, 'predict', '--obs', 'MW'], targetMs: 600 },
  { label: 'smeftfit list', args: [BIN, 'list'], targetMs: 1000 },
];

interface Row {
  label: string;
  runs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** Median minus the median of `node -e 0`: what the command adds to Node's own start. */
  overNodeMs: number;
  peakRssMb: number;
  /** Median user + system CPU time (GNU time), children included; undefined without /usr/bin/time. */
  cpuMs?: number;
  targetMs?: number;
  targetMb?: number;
  met?: boolean;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const GNU_TIME = '/usr/bin/time';
const hasGnuTime = process.platform === 'linux' && fs.existsSync(GNU_TIME);

function measure(hook: string, rssFile: string, args: string[]): { ms: number; rssMb: number; cpuMs?: number } {
  fs.rmSync(rssFile, { force: true });
  const cpuFile = `${rssFile}.cpu`;
  const command = hasGnuTime ? [GNU_TIME, '-o', cpuFile, '-f', '%U %S', process.execPath] : [process.execPath];
  const start = process.hrtime.bigint();
  const child = spawnSync(command[0], [...command.slice(1), '--require', hook, ...args], {
    cwd: os.tmpdir(),
    env: { ...process.env, SMEFTFIT_BENCH_RSS_FILE: rssFile, FORCE_COLOR: '0' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} exited ${child.status}: ${child.stderr.toString().slice(0, 400)}`);
  const cpuMs = hasGnuTime ? fs.readFileSync(cpuFile, 'utf8').trim().split(/\s+/).slice(-2).reduce((sum, x) => sum + Number(x) * 1000, 0) : undefined;
  return { ms, rssMb: Number(fs.readFileSync(rssFile, 'utf8')) / 1024, cpuMs };
}

function main(): void {
  const argv = process.argv.slice(2);
  const runsFlag = argv.indexOf('--runs');
  const runs = runsFlag >= 0 ? Number(argv[runsFlag + 1]) : 7;
  if (!argv.includes('--no-build')) {
    const built = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build.mjs')], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('npm run build failed');
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-startup-'));
  const hook = path.join(work, 'rss-hook.cjs');
  // maxRSS is in KiB (getrusage); written at exit, after everything the command loaded.
  fs.writeFileSync(hook, "process.on('exit', () => require('node:fs').writeFileSync(process.env.SMEFTFIT_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));\n");
  const rssFile = path.join(work, 'rss');
  const samples = CASES.map(() => ({ ms: [] as number[], rss: [] as number[], cpu: [] as number[] }));
  try {
    // One warm-up round (file cache), then interleaved rounds.
    for (const c of CASES) measure(hook, rssFile, c.args);
    for (let round = 0; round < runs; round++) {
      CASES.forEach((c, i) => {
        const { ms, rssMb, cpuMs } = measure(hook, rssFile, c.args);
        samples[i].ms.push(ms);
        samples[i].rss.push(rssMb);
        if (cpuMs !== undefined) samples[i].cpu.push(cpuMs);
      });
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const nodeMedian = median(samples[0].ms);
  const rows: Row[] = CASES.map((c, i) => {
    const medianMs = median(samples[i].ms);
    const peakRssMb = Math.max(...samples[i].rss);
    const met = c.targetMs === undefined ? undefined : medianMs <= c.targetMs && (c.targetMb === undefined || peakRssMb <= c.targetMb);
    const cpuMs = samples[i].cpu.length > 0 ? median(samples[i].cpu) : undefined;
    return { label: c.label, runs, medianMs, minMs: Math.min(...samples[i].ms), maxMs: Math.max(...samples[i].ms), overNodeMs: medianMs - nodeMedian, peakRssMb, cpuMs, targetMs: c.targetMs, targetMb: c.targetMb, met };
  });
  const machine = { host: os.hostname(), cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${os.platform()} ${os.release()}`, loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))) };
  const date = new Date().toISOString().slice(0, 10);
  const report = { date, machine, rows };
  const table = [
    `# smeftfit startup ${date}`,
    '',
    `Machine: ${machine.host}, ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, ${machine.platform}; load average at the end ${machine.loadAverage.join(', ')}. ${runs} interleaved runs per row after one warm-up round; the compiled package (dist/) through bin/smeftfit.js.`,
    '',
    '| command | median (ms) | min … max (ms) | median − node -e 0 (ms) | CPU user+sys (ms) | peak RSS (MB) | target | met (wall) |',
    '|---|---:|---:|---:|---:|---:|---|---|',
    ...rows.map((r) => {
      const target = r.targetMs === undefined ? '—' : `≤ ${r.targetMs / 1000} s${r.targetMb === undefined ? '' : `, ≤ ${r.targetMb} MB`}`;
      return `| \`${r.label}\` | ${r.medianMs.toFixed(0)} | ${r.minMs.toFixed(0)} … ${r.maxMs.toFixed(0)} | ${r.label === 'node -e 0' ? '—' : r.overNodeMs.toFixed(0)} | ${r.cpuMs === undefined ? '—' : r.cpuMs.toFixed(0)} | ${r.peakRssMb.toFixed(0)} | ${target} | ${r.met === undefined ? '—' : r.met ? 'yes' : 'no'} |`;
    }),
    '',
  ].join('\n');
  const out = path.join(REPO_ROOT, 'bench', 'results', `${date}-${machine.host}-startup`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(`${out}.json`, JSON.stringify(report, null, 2) + '\n');
  fs.writeFileSync(`${out}.md`, table);
  process.stdout.write(table);
}

main();
