/**
 * Dense float64 linear algebra shared by the engine and the physics: Cholesky factorisation, triangular
 * and symmetric inverses, products, and the cyclic Jacobi eigen-decomposition (Golub & Van Loan, Matrix
 * Computations, 4th ed., §8.5) used to spot flat directions of a Fisher matrix. Row-major
 * Float64Arrays, plain sequential loops: sizes are ≤ a few hundred and this runs at set-up, never per step.
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

/** choleskyLower for inputs that must be positive definite: throws, naming `what`, otherwise. */
export function requireCholesky(a: ArrayLike<number>, n: number, what = 'matrix'): Float64Array {
  const l = choleskyLower(Float64Array.from(a), n);
  if (l === null) throw new Error(`${what} is not positive definite`);
  return l;
}

/** invertSymmetricPositiveDefinite for inputs that must be positive definite: throws otherwise. */
export function requireInverseSpd(a: Float64Array, n: number, what = 'matrix'): Float64Array {
  const inv = invertSymmetricPositiveDefinite(a, n);
  if (inv === null) throw new Error(`${what} is not positive definite`);
  return inv;
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

/** Eigenvalues and eigenvectors (columns of `vectors`) of a symmetric matrix, cyclic Jacobi. */
export function symmetricEigen(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += m[i * n + i] ** 2;
      for (let j = i + 1; j < n; j++) off += m[i * n + j] ** 2;
    }
    if (off <= 1e-30 * diag) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q];
        if (apq === 0) continue;
        const theta = (m[q * n + q] - m[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k * n + p];
          const mkq = m[k * n + q];
          m[k * n + p] = c * mkp - s * mkq;
          m[k * n + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p * n + k];
          const mqk = m[q * n + k];
          m[p * n + k] = c * mpk - s * mqk;
          m[q * n + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = m[i * n + i];
  return { values, vectors: v };
}
