/**
 * A deterministic bivariate Gaussian sample (mean, sd, ρ) standing in for a 2-D posterior that only an
 * earlier release's summary describes. Seeded, so the report is the same on every run.
 */
import { RandomStream } from '../../sampler/random.ts';

export function gaussianPseudoSample(x: { mean: number; sd: number }, y: { mean: number; sd: number }, rho: number, n: number, seed: string): { x: number[]; y: number[] } {
  const random = RandomStream.fromSeed(seed);
  const xs: number[] = [];
  const ys: number[] = [];
  const c = Math.sqrt(Math.max(0, 1 - rho * rho));
  for (let i = 0; i < n; i++) {
    const z1 = random.normal();
    const z2 = random.normal();
    xs.push(x.mean + x.sd * z1);
    ys.push(y.mean + y.sd * (rho * z1 + c * z2));
  }
  return { x: xs, y: ys };
}
