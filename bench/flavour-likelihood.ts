/**
 * Cost of the full b → sℓℓ likelihood (flavour-pdd, flavour-pmd): µs per point and ms per half-ensemble
 * batch (the batch one stretch/DE half-step evaluates), at points drawn around the walkers' start box, on
 * the cpu backend (float64, one thread) and, where Dawn finds an adapter, on the webgpu backend's WGSL
 * kernel (labelled "software adapter" on llvmpipe: a correctness path whose speed is reported, not judged).
 * Usage: tsx bench/flavour-likelihood.ts [--era 2020|current] [--batch 80] [--out bench/results]. Prints a
 * markdown table and writes it with the host name and date.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileModel, compileModelAsync, type CompiledModel } from '../src/engine/compile.ts';
import { findWebGpuDevice } from '../src/engine/webgpu-device.ts';
import { buildHadronicFlavourScenario, type HadronicVariant } from '../src/scenarios/flavour-hadronic.ts';
import { dataDir } from '../src/data-dir.ts';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const era = arg('--era', '2020') as '2020' | 'current';
const outDir = arg('--out', path.join(import.meta.dirname, 'results'));
const half = Number(arg('--batch', '80')); // default: half of a 160-walker ensemble (configs/flavour-pdd.yaml)
const search = await findWebGpuDevice();
const rows: string[] = [];

/** Mean ms per batch over `reps` calls after one warm-up call. */
async function batchMs(compiled: CompiledModel, points: Float64Array, reps: number): Promise<number> {
  const out = new Float64Array(half);
  await compiled.density.logProbBatch(points, half, out);
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) await compiled.density.logProbBatch(points, half, out);
  return (performance.now() - t0) / reps;
}

for (const variant of ['flavour-pdd', 'flavour-pmd'] as HadronicVariant[]) {
  const t0 = performance.now();
  const s = buildHadronicFlavourScenario({ variant, data: era, dataDir: dataDir() });
  const buildMs = performance.now() - t0;
  const n = s.parameters.length;
  const pts = new Float64Array(n * half);
  let seed = 7;
  const u = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
  for (let k = 0; k < half; k++) s.parameters.forEach((p, i) => (pts[k * n + i] = p.start.center + p.start.width * u()));
  const row = (backend: string, ms: number): string =>
    `| ${variant} | ${era} | ${backend} | ${n} | ${s.info.observables} | ${buildMs.toFixed(0)} | ${((ms / half) * 1000).toFixed(1)} | ${ms.toFixed(2)} |`;
  rows.push(row('cpu (float64, 1 thread)', await batchMs(compileModel(s.density, { backend: 'cpu', maxBatch: half }), pts, 20)));
  if (search.ok) {
    const gpu = await compileModelAsync(s.density, { backend: 'webgpu', maxBatch: half });
    const label = `webgpu (${search.handle.info.software ? 'software adapter' : search.handle.info.description}; measured float32 error ${gpu.precision!.worstBound.toExponential(1)})`;
    rows.push(row(label, await batchMs(gpu, pts, 20)));
    gpu.density.dispose?.();
  }
}
const table = [
  `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${os.loadavg()[0].toFixed(1)}.`,
  search.ok ? `WebGPU adapter: ${search.handle.info.label}.` : `No WebGPU adapter: ${search.detail}.`,
  '',
  `| scenario | era | backend | parameters | observables | build (ms) | µs / point | ms / half-ensemble batch (${half} points) |`,
  '|---|---|---|---:|---:|---:|---:|---:|',
  ...rows,
].join('\n');
console.log(table);
const file = path.join(outDir, `flavour-${new Date().toISOString().slice(0, 10)}-${os.hostname()}.md`);
writeFileSync(file, `# Full flavour likelihood cost\n\n${table}\n`);
console.log(`written ${file}`);
process.exit(0);
