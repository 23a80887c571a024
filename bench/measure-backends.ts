/**
 * Likelihood evaluations per second, cpu beside webgpu, on gauss50, ew, ew-flavour-clean and flavour-pdd at
 * half-ensemble batches (the batch one move evaluates), for `npm run bench` when Dawn finds a WebGPU
 * adapter. A software adapter (Mesa's llvmpipe) is labelled as such: a correctness path whose speed is
 * reported, not judged. The cpu rows run on one thread. Points are drawn around the walkers' start.
 */
import { compileModel, compileModelAsync, type CompiledModel } from '../src/engine/compile.ts';
import { findWebGpuDevice } from '../src/engine/webgpu-device.ts';
import { resolveScenario } from '../src/scenarios/registry.ts';

export const BACKEND_MODELS = ['gauss50', 'ew', 'ew-flavour-clean', 'flavour-pdd'] as const;

export interface BackendRow {
  model: string;
  backend: string;
  adapter?: string;
  batch: number;
  evaluationsPerSecond: number;
  /** The float32 error bound (a priori) or measurement (flavour-pdd) the compile reported. */
  float32Error?: number;
}

async function rate(compiled: CompiledModel, points: Float64Array, batch: number, minSeconds: number): Promise<number> {
  const out = new Float64Array(batch);
  await compiled.density.logProbBatch(points, batch, out);
  let calls = 0;
  const start = performance.now();
  do {
    await compiled.density.logProbBatch(points, batch, out);
    calls++;
  } while (performance.now() - start < 1000 * minSeconds);
  return (calls * batch) / ((performance.now() - start) / 1000);
}

/** Rows for every model and batch, or a note why there are none. */
export async function measureBackends(batches: readonly number[], minSeconds = 0.5): Promise<{ rows: BackendRow[]; note?: string }> {
  const search = await findWebGpuDevice();
  if (!search.ok) return { rows: [], note: `webgpu rows not measured: ${search.detail}` };
  const adapter = search.handle.info.software ? `${search.handle.info.label}` : search.handle.info.label;
  const rows: BackendRow[] = [];
  for (const name of BACKEND_MODELS) {
    const s = resolveScenario(name === 'gauss50' ? { target: 'gauss50' } : ({ scenario: name } as never));
    const n = s.parameters.length;
    let seed = 11;
    const u = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
    for (const batch of batches) {
      const points = Float64Array.from({ length: batch * n }, (_, k) => s.parameters[k % n].start.center + s.parameters[k % n].start.width * u());
      const cpu = compileModel(s.density, { backend: 'cpu', maxBatch: batch });
      rows.push({ model: name, backend: 'cpu', batch, evaluationsPerSecond: await rate(cpu, points, batch, minSeconds) });
      const gpu = await compileModelAsync(s.density, { backend: 'webgpu', maxBatch: batch });
      rows.push({ model: name, backend: 'webgpu', adapter, batch, evaluationsPerSecond: await rate(gpu, points, batch, minSeconds), float32Error: gpu.precision?.worstBound });
      gpu.density.dispose?.();
    }
  }
  return { rows };
}

export function backendTable(rows: BackendRow[]): string {
  if (rows.length === 0) return '';
  const adapter = rows.find((r) => r.adapter)?.adapter ?? '';
  return [
    '',
    `## Likelihood throughput, cpu (1 thread) and webgpu (${adapter})`,
    '',
    '| model | batch | cpu evals/s | webgpu evals/s | webgpu / cpu |',
    '|---|---:|---:|---:|---:|',
    ...rows
      .filter((r) => r.backend === 'cpu')
      .map((c) => {
        const g = rows.find((r) => r.backend === 'webgpu' && r.model === c.model && r.batch === c.batch)!;
        return `| ${c.model} | ${c.batch} | ${c.evaluationsPerSecond.toExponential(2)} | ${g.evaluationsPerSecond.toExponential(2)} | ${(g.evaluationsPerSecond / c.evaluationsPerSecond).toFixed(2)} |`;
      }),
    '',
  ].join('\n');
}
