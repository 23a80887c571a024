/**
 * Cost of the full b → sℓℓ likelihood (flavour-pdd, flavour-pmd): µs per point and ms per half-ensemble
 * batch (the batch one stretch/DE half-step evaluates), at points drawn around the walkers' start box.
 * Usage: tsx bench/flavour-likelihood.ts [--era 2020|current] [--out bench/results]. Prints a markdown table
 * and writes it with the host name and date.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildHadronicFlavourScenario, type HadronicVariant } from '../src/scenarios/flavour-hadronic.ts';
import { dataDir } from '../src/data-dir.ts';
import type { CpuFunctionModel } from '../src/likelihood/model.ts';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const era = arg('--era', '2020') as '2020' | 'current';
const outDir = arg('--out', path.join(import.meta.dirname, 'results'));
const rows: string[] = [];
for (const variant of ['flavour-pdd', 'flavour-pmd'] as HadronicVariant[]) {
  const t0 = performance.now();
  const s = buildHadronicFlavourScenario({ variant, data: era, dataDir: dataDir() });
  const buildMs = performance.now() - t0;
  const n = s.parameters.length;
  const half = 70; // half of a 140-walker ensemble
  const pts = new Float64Array(n * half);
  let seed = 7;
  const u = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
  for (let k = 0; k < half; k++) s.parameters.forEach((p, i) => (pts[k * n + i] = p.start.center + p.start.width * u()));
  const out = new Float64Array(half);
  const model = s.density as CpuFunctionModel;
  model.logProbBatch(pts, half, out); // warm-up (JIT)
  const reps = 20;
  const t1 = performance.now();
  for (let r = 0; r < reps; r++) model.logProbBatch(pts, half, out);
  const batchMs = (performance.now() - t1) / reps;
  rows.push(`| ${variant} | ${era} | ${n} | ${s.info.observables} | ${buildMs.toFixed(0)} | ${((batchMs / half) * 1000).toFixed(0)} | ${batchMs.toFixed(1)} |`);
}
const table = [
  `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${os.loadavg()[0].toFixed(1)}.`,
  '',
  '| scenario | era | parameters | observables | build (ms) | µs / point | ms / half-ensemble batch (70 points) |',
  '|---|---|---:|---:|---:|---:|---:|',
  ...rows,
].join('\n');
console.log(table);
const file = path.join(outDir, `flavour-${new Date().toISOString().slice(0, 10)}-${os.hostname()}.md`);
writeFileSync(file, `# Full flavour likelihood cost\n\n${table}\n`);
console.log(`written ${file}`);
