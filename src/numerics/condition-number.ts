/**
 * 2-norm condition number σ_max/σ_min of a real m×n matrix (numpy `linalg.cond(A)` with p = None),
 * the ratio of the largest to the smallest of its min(m, n) singular values.
 *
 * Singular values by one-sided Jacobi (Hestenes 1958; Demmel & Veselić 1992): plane rotations
 * orthogonalise the columns of the (tall) matrix; at convergence the column norms are the singular
 * values. In float64 it is robust and accurate to about eps·σ_max for every singular value, which is
 * all the 1e8 threshold of emcee's walker check needs. The matrix is first divided by its largest
 * |entry| (cond is scale invariant) so squared norms cannot overflow or underflow for ordinary inputs;
 * columns whose scales differ by ~1e400 must be rescaled by the caller, as emcee does.
 */
import { InputError } from '../errors.ts';

const MAX_SWEEPS = 80;

/** Singular values (descending) of the row-major m×n matrix `a`. */
export function singularValues(a: Float64Array, m: number, n: number): Float64Array {
  if (a.length !== m * n) throw new InputError(`singularValues: matrix has ${a.length} entries, expected ${m}×${n}`);
  // Work on the tall orientation: columns of A (m ≥ n) or of Aᵀ (m < n); stored column-major so each
  // column is contiguous.
  let rows = Math.max(m, n);
  const cols = Math.min(m, n);
  let work: Float64Array = new Float64Array(rows * cols);
  let maxAbs = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const v = a[i * n + j];
      if (Number.isNaN(v)) return new Float64Array(cols).fill(NaN);
      maxAbs = Math.max(maxAbs, Math.abs(v));
      if (m >= n) work[j * rows + i] = v;
      else work[i * rows + j] = v;
    }
  }
  return singularValuesOfScaled(work, rows, cols, maxAbs);
}

/**
 * singularValues of the tall matrix whose `cols` columns of `rows` entries lie contiguous in `columns`
 * (rows ≥ cols, no NaN), taking the array over as its workspace: a caller that builds its matrix column by
 * column (the walker check) spares the copy and the transposition. The same arithmetic as singularValues.
 */
export function singularValuesOfColumns(columns: Float64Array, rows: number, cols: number): Float64Array {
  if (columns.length !== rows * cols || rows < cols) throw new InputError(`singularValuesOfColumns: expected ${rows}×${cols} with rows ≥ cols, got ${columns.length} entries`);
  let maxAbs = 0;
  for (let k = 0; k < columns.length; k++) maxAbs = Math.max(maxAbs, Math.abs(columns[k]));
  return singularValuesOfScaled(columns, rows, cols, maxAbs);
}

function singularValuesOfScaled(work: Float64Array, rows: number, cols: number, maxAbs: number): Float64Array {
  if (maxAbs === 0 || !Number.isFinite(maxAbs)) {
    return new Float64Array(cols).fill(maxAbs === 0 ? 0 : NaN);
  }
  for (let k = 0; k < work.length; k++) work[k] /= maxAbs;
  // A tall matrix (65 536 walkers × 100 parameters) goes through Householder QR first: R has A's singular
  // values (QᵀQ = I, backward stable: Golub & Van Loan §5.2.1), and the Jacobi sweeps then cost cols³
  // instead of rows·cols² each (≈ 10× less in all for the initial-walker check of a huge ensemble).
  if (rows >= 2 * cols) {
    work = householderR(work, rows, cols);
    rows = cols;
  }

  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < cols - 1; p++) {
      const op = p * rows;
      for (let q = p + 1; q < cols; q++) {
        const oq = q * rows;
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < rows; i++) {
          const x = work[op + i];
          const y = work[oq + i];
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (gamma === 0 || Math.abs(gamma) <= Number.EPSILON * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        // Rotation angle that zeroes the (p, q) entry of AᵀA (Golub & Van Loan, Algorithm 8.6.4).
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < rows; i++) {
          const x = work[op + i];
          const y = work[oq + i];
          work[op + i] = c * x - s * y;
          work[oq + i] = s * x + c * y;
        }
      }
    }
    if (!rotated) break;
  }

  const sigma = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    let sumSq = 0;
    for (let i = 0; i < rows; i++) sumSq += work[j * rows + i] ** 2;
    sigma[j] = Math.sqrt(sumSq) * maxAbs;
  }
  sigma.sort();
  sigma.reverse();
  return sigma;
}

/** The upper-triangular R (cols × cols, column-major) of the QR factorisation of column-major `work`. */
function householderR(work: Float64Array, rows: number, cols: number): Float64Array {
  for (let k = 0; k < cols; k++) {
    const ok = k * rows;
    let norm2 = 0;
    for (let i = k; i < rows; i++) norm2 += work[ok + i] * work[ok + i];
    if (norm2 === 0) continue;
    const x0 = work[ok + k];
    const alpha = x0 > 0 ? -Math.sqrt(norm2) : Math.sqrt(norm2);
    // v = x − αe₁ is kept in column k itself; H = I − 2vvᵀ/(vᵀv) maps x to αe₁.
    const v0 = x0 - alpha;
    const vNorm2 = norm2 - x0 * x0 + v0 * v0;
    work[ok + k] = v0;
    for (let j = k + 1; j < cols; j++) {
      const oj = j * rows;
      let s = 0;
      for (let i = k; i < rows; i++) s += work[ok + i] * work[oj + i];
      const f = (2 * s) / vNorm2;
      for (let i = k; i < rows; i++) work[oj + i] -= f * work[ok + i];
    }
    work[ok + k] = alpha;
  }
  const r = new Float64Array(cols * cols);
  for (let j = 0; j < cols; j++) for (let i = 0; i <= j; i++) r[j * cols + i] = work[j * rows + i];
  return r;
}

/**
 * σ_max/σ_min of the row-major m×n matrix. As numpy: Infinity when σ_min = 0 (including the zero
 * matrix, 0/0), NaN when the matrix holds NaN.
 */
export function conditionNumber(a: Float64Array, m: number, n: number): number {
  if (m === 0 || n === 0) throw new InputError('conditionNumber: matrix must not be empty');
  return ratioOfExtremes(singularValues(a, m, n));
}

/** conditionNumber of the tall matrix given by its columns (singularValuesOfColumns; the array is consumed). */
export function conditionNumberOfColumns(columns: Float64Array, rows: number, cols: number): number {
  return ratioOfExtremes(singularValuesOfColumns(columns, rows, cols));
}

function ratioOfExtremes(sigma: Float64Array): number {
  const largest = sigma[0];
  const smallest = sigma[sigma.length - 1];
  if (Number.isNaN(largest) || Number.isNaN(smallest)) return NaN;
  if (smallest === 0) return Infinity;
  return largest / smallest;
}
