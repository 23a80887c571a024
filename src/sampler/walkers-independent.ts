/**
 * emcee's initial-state check `walkers_independent` (ensemble.py; anchors §1.1, PRs #314/#326):
 * the walkers' positions must span the full parameter space, otherwise the affine-invariant moves
 * can never leave the subspace they start in.
 *
 *   all coordinates finite; C = coords − column means; any column with max|C| = 0 → dependent;
 *   C /= column max|C| (survives offsets/overflow); C /= column L2 norm (scale invariance);
 *   independent iff cond₂(C) ≤ 1e8.
 *
 * Fewer walkers than ndim + 1 needs no special case: the centred matrix then has rank ≤ nWalkers − 1
 * < min(nWalkers, nDim), so its smallest singular value is (numerically) zero and cond exceeds 1e8.
 * Done in float64 on the CPU (a float32 GPU copy would lose exactly the offsets this check is about).
 */
import { InputError } from '../errors.ts';
import { conditionNumber, conditionNumberOfColumns, singularValues } from '../numerics/condition-number.ts';

/** emcee's threshold on the condition number of the rescaled, centred walker matrix. */
export const MAX_WALKER_CONDITION_NUMBER = 1e8;

/** `coords` is row-major nWalkers × nDim (walker w, parameter d at w·nDim + d). */
export function walkersIndependent(coords: Float64Array, nWalkers: number, nDim: number): boolean {
  if (!Number.isInteger(nWalkers) || nWalkers < 1) throw new InputError(`nWalkers must be a positive integer, got ${nWalkers}`);
  if (!Number.isInteger(nDim) || nDim < 1) throw new InputError(`nDim must be a positive integer, got ${nDim}`);
  if (coords.length !== nWalkers * nDim) {
    throw new InputError(`coords has ${coords.length} entries, expected nWalkers×nDim = ${nWalkers * nDim}`);
  }
  for (let k = 0; k < coords.length; k++) if (!Number.isFinite(coords[k])) return false;

  // Built column by column (parameter d's walkers contiguous), the rescaling reads memory in order and the
  // SVD takes the array over: at 65 536 walkers × 100 parameters the strided row-major passes were seconds.
  const columns = rescaledColumns(coords, nWalkers, nDim);
  if (columns === undefined) return false;
  if (nWalkers >= nDim) return clearlyWellConditioned(columns, nWalkers, nDim) || conditionNumberOfColumns(columns, nWalkers, nDim) <= MAX_WALKER_CONDITION_NUMBER;
  const rows = new Float64Array(coords.length);
  for (let w = 0; w < nWalkers; w++) for (let d = 0; d < nDim; d++) rows[w * nDim + d] = columns[d * nWalkers + w];
  return conditionNumber(rows, nWalkers, nDim) <= MAX_WALKER_CONDITION_NUMBER;
}

/**
 * Below this condition number of the Gram matrix route, the walkers pass whatever the exact route says.
 * cond(C) from the eigenvalues of CᵀC carries a relative error of about eps·cond(C)² (the squaring loses
 * half the digits: Golub & Van Loan §5.3.7), 2·10⁻⁸ at 10⁴, so a matrix the Gram route puts there is
 * nowhere near the 10⁸ threshold; anything above it takes the backward-stable QR + Jacobi route.
 */
const GRAM_ROUTE_CONDITION = 1e4;

/**
 * The walker matrix's condition number from its Gram matrix CᵀC (nWalkers·nDim²/2 multiply-adds, a quarter
 * of the Householder QR's) is at most GRAM_ROUTE_CONDITION. Random starting walkers are (cond ≈ 1); only
 * near-dependent ones need the exact route.
 */
function clearlyWellConditioned(columns: Float64Array, nWalkers: number, nDim: number): boolean {
  if (nWalkers < 4 * nDim) return false; // small matrices: the exact route is cheap
  const gram = new Float64Array(nDim * nDim);
  for (let p = 0; p < nDim; p++) {
    const op = p * nWalkers;
    for (let q = p; q < nDim; q++) {
      const oq = q * nWalkers;
      let s = 0;
      for (let w = 0; w < nWalkers; w++) s += columns[op + w] * columns[oq + w];
      gram[p * nDim + q] = s;
      gram[q * nDim + p] = s;
    }
  }
  // CᵀC is symmetric positive semi-definite: its singular values are its eigenvalues σᵢ(C)².
  const eigen = singularValues(gram, nDim, nDim);
  const ratio = eigen[0] / eigen[nDim - 1];
  return ratio >= 0 && Math.sqrt(ratio) <= GRAM_ROUTE_CONDITION;
}

/**
 * C = coords − column means, each column divided by its max|C| and then by its L2 norm, column-major
 * (parameter d at d·nWalkers + w); undefined when a column is constant. Every column's sums run over the
 * walkers in order, as they did over the row-major matrix, so the doubles are the same.
 */
function rescaledColumns(coords: Float64Array, nWalkers: number, nDim: number): Float64Array | undefined {
  const columns = new Float64Array(coords.length);
  const sums = new Float64Array(nDim);
  for (let w = 0; w < nWalkers; w++) {
    for (let d = 0; d < nDim; d++) {
      const v = coords[w * nDim + d];
      sums[d] += v;
      columns[d * nWalkers + w] = v;
    }
  }
  for (let d = 0; d < nDim; d++) {
    const o = d * nWalkers;
    const mean = sums[d] / nWalkers;
    let maxAbs = 0;
    for (let w = 0; w < nWalkers; w++) {
      const c = columns[o + w] - mean;
      columns[o + w] = c;
      maxAbs = Math.max(maxAbs, Math.abs(c));
    }
    if (maxAbs === 0) return undefined;
    let sumSq = 0;
    for (let w = 0; w < nWalkers; w++) {
      const c = columns[o + w] / maxAbs;
      columns[o + w] = c;
      sumSq += c * c;
    }
    const norm = Math.sqrt(sumSq);
    for (let w = 0; w < nWalkers; w++) columns[o + w] /= norm;
  }
  return columns;
}
