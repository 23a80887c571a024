/**
 * The shape of the complementary walkers, for moves that use more than their differences: mean,
 * covariance and its Cholesky factor, and a multivariate Student-t fit. All float64.
 *
 * With about as many walkers as dimensions the sample covariance is nearly singular (its smallest
 * eigenvalues collapse, Marchenko–Pastur). On request (`shrink`) the off-diagonal part is shrunk towards
 * the diagonal with the Schäfer & Strimmer (2005) estimate of the optimal intensity ("target D": diagonal,
 * unequal variances): λ* = Σ_{i≠j} Var(r_ij) / Σ_{i≠j} r_ij², computed from the data in O(n d²). It is off
 * by default: on the strongly correlated gauss20 (condition number 1e4) even λ ≈ 0.08 made the GESS
 * move's fit so poor that its τ tripled, while jitter alone keeps the Cholesky factor defined.
 */
export interface ComplementFit {
  mean: Float64Array;
  /** Covariance (d × d, row-major) after shrinkage (and the t scale, for studentTFit). */
  covariance: Float64Array;
  /** Lower Cholesky factor L, L Lᵀ = covariance (+ jitter when needed), row-major. */
  cholesky: Float64Array;
}

/** Mean and shrunk covariance of the complementary walkers, with its Cholesky factor. */
export function complementCholesky(coords: Float64Array, complement: Int32Array, n: number, nDim: number, shrink = false): ComplementFit {
  const mean = new Float64Array(nDim);
  for (let k = 0; k < n; k++) {
    const row = complement[k] * nDim;
    for (let d = 0; d < nDim; d++) mean[d] += coords[row + d];
  }
  for (let d = 0; d < nDim; d++) mean[d] /= n;
  const weights = new Float64Array(n).fill(1);
  const covariance = weightedCovariance(coords, complement, n, nDim, mean, weights, shrink);
  return { mean, covariance, cholesky: choleskyWithJitter(covariance, nDim) };
}

/**
 * Student-t fit t(μ, Σ, ν) with ν fixed: Liu & Rubin (1995) EM, w_i = (ν + d)/(ν + q_i),
 * μ = Σ w_i x_i / Σ w_i, Σ = (1/n) Σ w_i (x_i − μ)(x_i − μ)ᵀ (shrunk as above), `iterations` times from
 * the moment fit Σ = S (ν − 2)/ν (S the shrunk sample covariance; the t's covariance is Σ ν/(ν − 2)).
 */
export function studentTFit(coords: Float64Array, complement: Int32Array, n: number, nDim: number, nu: number, iterations: number, shrink = false): ComplementFit {
  let fit = complementCholesky(coords, complement, n, nDim, shrink);
  if (nu > 2) {
    const scale = (nu - 2) / nu;
    fit.covariance.forEach((v, i) => (fit.covariance[i] = v * scale));
    fit.cholesky.forEach((v, i) => (fit.cholesky[i] = v * Math.sqrt(scale)));
  }
  const weights = new Float64Array(n);
  const centred = new Float64Array(nDim);
  const whitened = new Float64Array(nDim);
  for (let it = 0; it < iterations; it++) {
    const mean = new Float64Array(nDim);
    let total = 0;
    for (let k = 0; k < n; k++) {
      const row = complement[k] * nDim;
      for (let d = 0; d < nDim; d++) centred[d] = coords[row + d] - fit.mean[d];
      solveLower(fit.cholesky, centred, whitened, nDim);
      let q = 0;
      for (let d = 0; d < nDim; d++) q += whitened[d] * whitened[d];
      weights[k] = (nu + nDim) / (nu + q);
      total += weights[k];
      for (let d = 0; d < nDim; d++) mean[d] += weights[k] * coords[row + d];
    }
    for (let d = 0; d < nDim; d++) mean[d] /= total;
    const covariance = weightedCovariance(coords, complement, n, nDim, mean, weights, shrink);
    fit = { mean, covariance, cholesky: choleskyWithJitter(covariance, nDim) };
  }
  return fit;
}

/** (1/n) Σ w_k (x_k − m)(x_k − m)ᵀ, with `shrink` its off-diagonal shrunk by the Schäfer–Strimmer intensity. */
function weightedCovariance(coords: Float64Array, complement: Int32Array, n: number, nDim: number, mean: Float64Array, weights: Float64Array, shrink: boolean): Float64Array {
  // Rows √w_k (x_k − m): the weighted covariance is their plain second moment.
  const x = new Float64Array(n * nDim);
  for (let k = 0; k < n; k++) {
    const row = complement[k] * nDim;
    const root = Math.sqrt(weights[k]);
    for (let d = 0; d < nDim; d++) x[k * nDim + d] = root * (coords[row + d] - mean[d]);
  }
  const covariance = new Float64Array(nDim * nDim);
  for (let k = 0; k < n; k++) {
    const r = k * nDim;
    for (let i = 0; i < nDim; i++) {
      const xi = x[r + i];
      if (xi === 0) continue;
      const out = i * nDim;
      for (let j = 0; j <= i; j++) covariance[out + j] += xi * x[r + j];
    }
  }
  for (let i = 0; i < nDim; i++) for (let j = 0; j <= i; j++) covariance[i * nDim + j] = covariance[j * nDim + i] = covariance[i * nDim + j] / n;
  if (!shrink) return covariance;
  const lambda = n > 2 ? shrinkageIntensity(x, n, nDim, covariance) : 1;
  for (let i = 0; i < nDim; i++) for (let j = 0; j < nDim; j++) if (i !== j) covariance[i * nDim + j] *= 1 - lambda;
  return covariance;
}

/** Schäfer & Strimmer (2005) eq. for target D on standardised data; clipped to [0, 1]. */
function shrinkageIntensity(x: Float64Array, n: number, nDim: number, covariance: Float64Array): number {
  const sd = new Float64Array(nDim);
  for (let d = 0; d < nDim; d++) sd[d] = Math.sqrt(covariance[d * nDim + d]) || 1;
  let variances = 0;
  let squares = 0;
  const scale = n / (n - 1);
  for (let i = 1; i < nDim; i++) {
    for (let j = 0; j < i; j++) {
      let sum = 0;
      let sum2 = 0;
      for (let k = 0; k < n; k++) {
        const w = (x[k * nDim + i] / sd[i]) * (x[k * nDim + j] / sd[j]);
        sum += w;
        sum2 += w * w;
      }
      const wBar = sum / n;
      // Var(r_ij) = n / (n − 1)³ Σ_k (w_kij − w̄_ij)²; r_ij = n/(n − 1) w̄_ij.
      variances += (n / (n - 1) ** 3) * (sum2 - n * wBar * wBar);
      squares += (scale * wBar) ** 2;
    }
  }
  if (squares === 0) return 1;
  return Math.min(1, Math.max(0, variances / squares));
}

/**
 * Lower Cholesky factor of a symmetric positive semi-definite matrix; when a pivot is not positive, a
 * jitter ε · mean(diag) (ε = 1e-10, ×10 each retry up to 1e-2) is added to the diagonal and it starts over.
 */
export function choleskyWithJitter(matrix: Float64Array, nDim: number): Float64Array {
  let meanDiagonal = 0;
  for (let d = 0; d < nDim; d++) meanDiagonal += matrix[d * nDim + d] / nDim;
  if (!(meanDiagonal > 0)) throw new RangeError('the complementary walkers coincide: their covariance is zero');
  const out = new Float64Array(nDim * nDim);
  for (let jitter = 0; jitter <= 1e-2 * meanDiagonal; jitter = jitter === 0 ? 1e-10 * meanDiagonal : jitter * 10) {
    if (cholesky(matrix, nDim, jitter, out)) return out;
  }
  throw new RangeError('the covariance of the complementary walkers is not positive definite even with jitter');
}

function cholesky(a: Float64Array, n: number, jitter: number, l: Float64Array): boolean {
  l.fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j] + (i === j ? jitter : 0);
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (!(s > 0)) return false;
        l[i * n + i] = Math.sqrt(s);
      } else l[i * n + j] = s / l[j * n + j];
    }
  }
  return true;
}

/** Solves L y = b (forward substitution) for lower-triangular L. */
export function solveLower(l: Float64Array, b: Float64Array, y: Float64Array, nDim: number): void {
  for (let i = 0; i < nDim; i++) {
    let s = b[i];
    const row = i * nDim;
    for (let k = 0; k < i; k++) s -= l[row + k] * y[k];
    y[i] = s / l[row + i];
  }
}
