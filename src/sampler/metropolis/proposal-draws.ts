import { gammaVariate as gamma } from '../gamma-variate.ts';
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
