import type { RandomStream } from './random.ts';

/**
 * Gamma(shape, 1) by Marsaglia & Tsang (2000), ACM TOMS 26, 363; shape < 1 via Gamma(shape + 1) · U^(1/shape).
 * Uses only the stream's uniforms (as 1 − U, in (0, 1]) and normals, so a draw is reproducible from the
 * generator state. BAT's Student-t proposal scale (metropolis/proposal-draws.ts) and the GESS move's
 * Student-t scale mixture (moves/gess.ts) draw from it.
 */
export function gammaVariate(random: RandomStream, shape: number): number {
  if (shape < 1) return gammaVariate(random, shape + 1) * Math.pow(1 - random.uniform(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = random.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random.uniform();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}
