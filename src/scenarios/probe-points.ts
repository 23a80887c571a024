/**
 * Where a float32 backend measures its error before a run (FlavourPointModel.probePoints): half the points
 * are prior draws of every nuisance (Gaussian: mean ± sd; flat: uniform in the box or disc) with the Wilson
 * coefficients drawn within ±WC_PROBE_RANGE of their start, half are draws around the walkers' start
 * (centre ± 3 start widths, clipped to flat boxes), the region the ensemble explores while it burns in. The
 * float32 error grows as ≈ 2.5e-7 |log p|, and the prior draws of the PDD h and the QCDF inputs reach
 * log p ≈ −2·10⁴ to −8·10⁴, where an error of 0.01 decides no accept step; the guard
 * (engine/precision-guard.ts measureFloat32Error) allows 1e-6 per nat below the best probe point there.
 * Wider Wilson-coefficient draws (±6, where the PMD posteriors reach) would only add points further out in
 * the tail. The posterior region itself is checked by test/engine/webgpu-flavour.test.ts. A fixed seed keeps
 * the measurement reproducible.
 */
import type { ParameterSpec } from './scenario.ts';

/** Half-width (TeV⁻²) of the Wilson-coefficient probe draws around the start. */
export const WC_PROBE_RANGE = 1;

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
  wcRange = WC_PROBE_RANGE,
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
      else if (role === 'wc') v = start.center + wcRange * (2 * uniform() - 1);
      else if (prior.kind === 'gaussian') v = prior.mean + prior.sd * normal();
      else v = prior.lower + (prior.upper - prior.lower) * uniform();
      if (prior.kind === 'flat') v = Math.min(Math.max(v, prior.lower), prior.upper);
      row[i] = v;
    }
  }
}
