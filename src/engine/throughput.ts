/**
 * Likelihood throughput of a compiled density: evaluations per second at batch sizes 32 … 32768
 * (the walker counts the benchmark compares against emcee). Measurement only; nothing asserts on it.
 *
 * Each size gets one warm-up call (JIT / kernel build / texture allocation), then repeated calls until
 * `minSeconds` has passed; the batch is built once per size, so only the evaluation is timed.
 */
import type { BatchLogDensity } from './density.ts';

export const DEFAULT_BATCH_SIZES: readonly number[] = [32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768];

export interface ThroughputOptions {
  batchSizes?: readonly number[];
  /** Wall time spent per batch size (default 0.2 s). */
  minSeconds?: number;
  /** Points are centre ± width·U(−1, 1) per coordinate (defaults 0 and 1) unless `makeBatch` is given. */
  centre?: Float64Array;
  width?: Float64Array;
  makeBatch?: (count: number, ndim: number) => Float64Array;
}

export interface ThroughputSample {
  batch: number;
  calls: number;
  seconds: number;
  evaluationsPerSecond: number;
  secondsPerCall: number;
}

/** Deterministic uniform numbers in [0, 1) (Numerical Recipes LCG) so runs compare like with like. */
function uniformStream(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (1664525 * s + 1013904223) % 4294967296;
    return s / 4294967296;
  };
}

export function measureThroughput(density: BatchLogDensity, options: ThroughputOptions = {}): ThroughputSample[] {
  const sizes = options.batchSizes ?? DEFAULT_BATCH_SIZES;
  const minSeconds = options.minSeconds ?? 0.2;
  const ndim = density.ndim;
  const samples: ThroughputSample[] = [];
  for (const batch of sizes) {
    const points = options.makeBatch?.(batch, ndim) ?? defaultBatch(batch, ndim, options.centre, options.width);
    const out = new Float64Array(batch);
    density.logProbBatch(points, batch, out);
    let calls = 0;
    const t0 = performance.now();
    let elapsed = 0;
    do {
      density.logProbBatch(points, batch, out);
      calls++;
      elapsed = (performance.now() - t0) / 1000;
    } while (elapsed < minSeconds);
    samples.push({
      batch,
      calls,
      seconds: elapsed,
      evaluationsPerSecond: (calls * batch) / elapsed,
      secondsPerCall: elapsed / calls,
    });
  }
  return samples;
}

function defaultBatch(count: number, ndim: number, centre?: Float64Array, width?: Float64Array): Float64Array {
  const next = uniformStream(12345);
  const points = new Float64Array(count * ndim);
  for (let p = 0; p < count; p++) {
    for (let i = 0; i < ndim; i++) points[p * ndim + i] = (centre?.[i] ?? 0) + (width?.[i] ?? 1) * (2 * next() - 1);
  }
  return points;
}
