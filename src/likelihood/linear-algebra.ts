/**
 * Dense float64 linear algebra for compiling models: Cholesky factorisation, triangular inverse,
 * symmetric inverse. Row-major Float64Arrays, plain sequential loops (sizes are ≤ a few hundred and
 * this runs once per compiled model, never per step).
 */

/**
 * Lower Cholesky factor L of a symmetric positive-definite matrix A = L Lᵀ (Golub & Van Loan,
 * Matrix Computations 4th ed., Alg. 4.2.1). Returns null when A is not positive definite, so each
 * caller can name the offending input in its own error.
 */
export function choleskyLower(a: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let diag = a[j * n + j];
    for (let k = 0; k < j; k++) diag -= l[j * n + k] * l[j * n + k];
    if (!(diag > 0) || !Number.isFinite(diag)) return null;
    const ljj = Math.sqrt(diag);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = s / ljj;
    }
  }
  return l;
}

/** Inverse of a lower-triangular matrix by forward substitution, column by column. */
export function invertLowerTriangular(l: Float64Array, n: number): Float64Array {
  const inv = new Float64Array(n * n);
  for (let col = 0; col < n; col++) {
    for (let i = col; i < n; i++) {
      let s = i === col ? 1 : 0;
      for (let k = col; k < i; k++) s -= l[i * n + k] * inv[k * n + col];
      inv[i * n + col] = s / l[i * n + i];
    }
  }
  return inv;
}

/** A⁻¹ for symmetric positive-definite A, via A⁻¹ = L⁻ᵀ L⁻¹; null if A is not positive definite. */
export function invertSymmetricPositiveDefinite(a: Float64Array, n: number): Float64Array | null {
  const l = choleskyLower(a, n);
  if (l === null) return null;
  const li = invertLowerTriangular(l, n);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      // (L⁻ᵀ L⁻¹)_ij = Σ_k Li_ki Li_kj, with Li lower triangular so k ≥ max(i, j) = i.
      let s = 0;
      for (let k = i; k < n; k++) s += li[k * n + i] * li[k * n + j];
      inv[i * n + j] = s;
      inv[j * n + i] = s;
    }
  }
  return inv;
}

/** y = A x for a rows×cols row-major A. */
export function matVec(a: Float64Array, rows: number, cols: number, x: Float64Array): Float64Array {
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) s += a[r * cols + c] * x[c];
    y[r] = s;
  }
  return y;
}

/** C = A B for row-major A (n×m) and B (m×p). */
export function matMul(a: Float64Array, b: Float64Array, n: number, m: number, p: number): Float64Array {
  const c = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k];
      if (aik === 0) continue;
      for (let j = 0; j < p; j++) c[i * p + j] += aik * b[k * p + j];
    }
  }
  return c;
}
