/**
 * The "n σ" of the claims table: χ² with k dof → p → two-sided Gaussian significance. References are
 * analytic: for k = 1, χ² = z² so σ = √χ²; for k = 2 the survival function is exp(−χ²/2); the Mahalanobis
 * distance of a diagonal Gaussian is Σ (μ/σ)². Tolerance 1e-9 (float64 series / continued fraction).
 */
import { describe, expect, it } from 'vitest';
import { chiSquarePValue, mahalanobisSquaredToOrigin, sigmaOfChiSquare } from '../../src/output/report/significance.ts';

describe('significance', () => {
  it('χ² with 1 dof is z²', () => {
    for (const z of [0.5, 1, 2, 3, 4.5]) expect(sigmaOfChiSquare(z * z, 1)).toBeCloseTo(z, 9);
  });

  it('χ² with 2 dof has survival exp(−χ²/2)', () => {
    for (const x of [0.3, 2.2788, 6, 11.8, 25]) expect(chiSquarePValue(x, 2)).toBeCloseTo(Math.exp(-x / 2), 12);
  });

  it('Mahalanobis distance of the origin: Σ(μ/σ)² when uncorrelated, μᵀΣ⁻¹μ for a correlated 2-D case', () => {
    expect(mahalanobisSquaredToOrigin([1, -2], [0.5, 1], [[1, 0], [0, 1]])).toBeCloseTo(8, 12);
    // Σ = [[1, 0.5], [0.5, 1]], μ = (1, 1): Σ⁻¹ = [[1, −0.5], [−0.5, 1]]/0.75 → μᵀΣ⁻¹μ = 1/0.75.
    expect(mahalanobisSquaredToOrigin([1, 1], [1, 1], [[1, 0.5], [0.5, 1]])).toBeCloseTo(4 / 3, 12);
  });
});
