/**
 * Converting fit outputs into the "n σ" the paper speaks in: a χ² with k degrees of freedom → p-value →
 * the two-sided Gaussian significance with the same p (Φ⁻¹(1 − p/2)). Regularised incomplete gamma by its
 * series / continued fraction (Numerical Recipes §6.2).
 */
import { choleskyLower } from '../../numerics/linear-algebra.ts';
import { normalQuantile } from '../../numerics/normal-quantile.ts';

function logGamma(x: number): number {
  // Lanczos approximation (g = 7, n = 9), |error| < 1e-13 for x > 0.
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Upper regularised incomplete gamma Q(a, x). */
function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const lg = logGamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 500; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return 1 - sum * Math.exp(-x + a * Math.log(x) - lg);
  }
  let b = x + 1 - a;
  let c = 1 / 1e-300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return Math.exp(-x + a * Math.log(x) - lg) * h;
}

/** p-value of χ² with k degrees of freedom. */
export function chiSquarePValue(chi2: number, k: number): number {
  return gammaQ(k / 2, chi2 / 2);
}

/** Two-sided Gaussian significance of a p-value. */
export function sigmaOfPValue(p: number): number {
  if (!(p > 0)) return Infinity;
  if (p >= 1) return 0;
  return normalQuantile(1 - p / 2);
}

export function sigmaOfChiSquare(chi2: number, k: number): number {
  return sigmaOfPValue(chiSquarePValue(chi2, k));
}

/** d² = μᵀ Σ⁻¹ μ with Σ = D R D: the SM point's (θ = 0) squared distance in a Gaussian posterior. */
export function mahalanobisSquaredToOrigin(mean: number[], sd: number[], correlation: number[][]): number {
  const n = mean.length;
  const cov = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) cov[i * n + j] = correlation[i][j] * sd[i] * sd[j];
  const L = choleskyLower(cov, n);
  if (!L) return NaN;
  // Solve L z = μ; d² = |z|².
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = mean[i];
    for (let k = 0; k < i; k++) s -= L[i * n + k] * z[k];
    z[i] = s / L[i * n + i];
  }
  let d2 = 0;
  for (const v of z) d2 += v * v;
  return d2;
}
