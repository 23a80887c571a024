/**
 * Inputs shared by the diagnostics tests: paths into ../shared, the exact 32-bit LCG of the shared
 * fixtures (baseline-targets.json doc), and seeded standard-normal draws (Box–Muller on seedrandom).
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import seedrandom from 'seedrandom';
import { referenceDir } from '../support/reference-dir.ts';

export function readSharedJson<T>(...segments: string[]): T {
  return JSON.parse(readFileSync(path.resolve(referenceDir(), ...segments), 'utf8')) as T;
}

/** s ← (1664525·s + 1013904223) mod 2³², u = s/2³²; each call advances first (exact in doubles). */
export function lcgUniform(seed: number): () => number {
  let state = seed;
  return () => {
    state = (1664525 * state + 1013904223) % 4294967296;
    return state / 4294967296;
  };
}

export function seededUniform(seed: string): () => number {
  return seedrandom(seed);
}

export function seededNormal(seed: string): () => number {
  const uniform = seedrandom(seed);
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const v = spare;
      spare = null;
      return v;
    }
    const u1 = 1 - uniform(); // (0, 1]
    const u2 = uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    spare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  };
}

/** m chains of n draws from `draw`. */
export function chainsFrom(m: number, n: number, draw: () => number): Float64Array[] {
  return Array.from({ length: m }, () => Float64Array.from({ length: n }, draw));
}
