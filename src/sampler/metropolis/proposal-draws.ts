import type { RandomStream } from '../random.ts';

/**
 * Draws for BAT's multivariate proposal (BCEngineMCMC::GetProposalPointMetropolis): y ~ N(0, I),
 * x' = x + L y · s with L the Cholesky factor of scale · Σ and s = √(ν/χ²_ν) (ThreadLocalStorage::scale),
 * which turns the Gaussian step into a multivariate Student-t with ν degrees of freedom; ν ≤ 0 means a
 * Gaussian proposal (s = 1). BAT's default is ν = 1, a Cauchy-tailed step.
 */
export function studentScale(random: RandomStream, dof: number): number {
  if (dof <= 0) return 1;
  return Math.sqrt(dof / chiSquare(random, dof));
}

/** χ²_ν = 2 · Gamma(ν/2); ν = 1 is a squared normal (exact and cheaper). */
export function chiSquare(random: RandomStream, dof: number): number {
  if (dof === 1) {
    const z = random.normal();
    return z * z;
  }
  return 2 * gamma(random, dof / 2);
}

/** Gamma(shape, 1) by Marsaglia & Tsang (2000); shape < 1 via Gamma(shape + 1) · U^(1/shape). */
export function gamma(random: RandomStream, shape: number): number {
  if (shape < 1) return gamma(random, shape + 1) * Math.pow(1 - random.uniform(), 1 / shape);
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
