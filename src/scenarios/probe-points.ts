/**
 * Where a float32 backend measures its error before a run (FlavourPointModel.probePoints): half the points
 * are prior draws of every nuisance (Gaussian: mean ± sd; flat: uniform in the box) with the Wilson
 * coefficients drawn within ±1 TeV⁻² of their start (the 90 % intervals of the committed PDD/PMD runs lie
 * within about ±1.5; far out in the ±10 box log p is thousands below the mode and its float32 error,
 * ≈ 5e-7 |log p|, decides no accept step), half are draws around the walkers' start (centre ± 3 start
 * widths, clipped to flat boxes), the region the ensemble explores while it burns in. A fixed seed keeps
 * the measurement reproducible.
 */
import type { ParameterSpec } from './scenario.ts';

/** mulberry32: a small seeded uniform stream (no dependency on the sampler's generator). */
function uniformStream(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` points, half prior draws, half start-region draws; a draw the model rejects (`inside` false: the
 * PDD unit discs, say) is drawn again, up to 100 times, so the measurement sees points the chain can visit.
 */
export function flavourProbePoints(
  parameters: readonly ParameterSpec[],
  count: number,
  inside: (theta: Float64Array) => boolean = () => true,
  seed = 20_201,
): { points: Float64Array; count: number } {
  const n = parameters.length;
  const uniform = uniformStream(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const points = new Float64Array(count * n);
  for (let p = 0; p < count; p++) {
    const fromPrior = p < count / 2;
    const row = points.subarray(p * n, (p + 1) * n);
    for (let attempt = 0; attempt < 100 && (attempt === 0 || !inside(row)); attempt++) drawOne(fromPrior, row);
  }
  return { points, count };

  function drawOne(fromPrior: boolean, row: Float64Array): void {
    for (let i = 0; i < n; i++) {
      const { prior, start, role } = parameters[i];
      let v: number;
      if (!fromPrior) v = start.center + 3 * start.width * normal();
      else if (role === 'wc') v = start.center + (2 * uniform() - 1);
      else if (prior.kind === 'gaussian') v = prior.mean + prior.sd * normal();
      else v = prior.lower + (prior.upper - prior.lower) * uniform();
      if (prior.kind === 'flat') v = Math.min(Math.max(v, prior.lower), prior.upper);
      row[i] = v;
    }
  }
}
