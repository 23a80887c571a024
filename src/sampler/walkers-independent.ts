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
import { conditionNumber } from '../numerics/condition-number.ts';

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

  const centred = new Float64Array(coords.length);
  for (let d = 0; d < nDim; d++) {
    let sum = 0;
    for (let w = 0; w < nWalkers; w++) sum += coords[w * nDim + d];
    const mean = sum / nWalkers;
    let maxAbs = 0;
    for (let w = 0; w < nWalkers; w++) {
      const c = coords[w * nDim + d] - mean;
      centred[w * nDim + d] = c;
      maxAbs = Math.max(maxAbs, Math.abs(c));
    }
    if (maxAbs === 0) return false;
    let sumSq = 0;
    for (let w = 0; w < nWalkers; w++) {
      const c = centred[w * nDim + d] / maxAbs;
      centred[w * nDim + d] = c;
      sumSq += c * c;
    }
    const norm = Math.sqrt(sumSq);
    for (let w = 0; w < nWalkers; w++) centred[w * nDim + d] /= norm;
  }
  return conditionNumber(centred, nWalkers, nDim) <= MAX_WALKER_CONDITION_NUMBER;
}
