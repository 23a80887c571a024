/**
 * Compiles a linearised-gaussian model into whitened residuals, the form every backend evaluates:
 *
 *   C = L Lᵀ (Cholesky),  W = L⁻¹  ⇒  −½ rᵀ C⁻¹ r = −½ |W r|²
 *   w(δ) = W(y0 − y_exp) + (W A) δ + ½ δᵀ (W B) δ,   δ = θ − θ_ref
 *
 * Gaussian priors −½((θ_i − m)/sd)² are appended as extra rows (offset (θ_ref,i − m)/sd, slope 1/sd),
 * so the kernel sees one residual vector. Everything is done here in float64, once.
 *
 * For float32 kernels the parameters are also scaled, δ = s ⊙ u, with s_i the conditional width
 * 1/√F_ii of the Fisher matrix F = (WA)ᵀ(WA) (+ prior rows): then u, the offsets and the slopes are
 * O(1) numbers and float32 rounding is small in absolute terms. The `cpu` backend evaluates the same
 * arrays in float64 (purely linear models after an exact QR reduction, linear-reduction.ts).
 */
import { InputError } from '../errors.ts';
import { choleskyLower, invertLowerTriangular, matMul } from '../numerics/linear-algebra.ts';
import type { LinearisedGaussianModel } from './model.ts';
import { splitPriors, type PriorBox } from './prior-box.ts';

export interface WhitenedResidualForm {
  kind: 'whitened-residuals';
  nPar: number;
  /** Rows: observables, then one per Gaussian prior. */
  nRow: number;
  nPair: number;
  reference: Float64Array; // θ_ref
  scale: Float64Array; // s, δ = s ⊙ u
  inverseScale: Float64Array; // 1/s
  offset: Float64Array; // nRow: w at δ = 0
  jacobian: Float64Array; // nRow × nPar, in u units: (WA)_ri s_i
  pairI: Int32Array; // nPair: u_{pairI} u_{pairJ} multiplies column p of `quadratic`
  pairJ: Int32Array;
  quadratic: Float64Array; // nRow × nPair, ½ (WB) folded with s_i s_j (and the 2 of i ≠ j pairs)
  box: PriorBox;
}

function requireLength(field: string, array: ArrayLike<number>, expected: number): void {
  if (array.length !== expected) {
    throw new InputError(`${field}: expected length ${expected}, got ${array.length}`);
  }
  for (let i = 0; i < array.length; i++) {
    if (!Number.isFinite(array[i])) throw new InputError(`${field}[${i}]: not a finite number`);
  }
}

export function whitenLinearisedGaussian(model: LinearisedGaussianModel): WhitenedResidualForm {
  const nPar = model.parameterNames.length;
  const nObs = model.observableNames.length;
  requireLength('reference', model.reference, nPar);
  requireLength('y0', model.y0, nObs);
  requireLength('measured', model.measured, nObs);
  requireLength('jacobian', model.jacobian, nObs * nPar);
  requireLength('covariance', model.covariance, nObs * nObs);
  const { box, gaussian } = splitPriors(model.priors, model.parameterNames);

  const chol = choleskyLower(model.covariance, nObs);
  if (chol === null) throw new InputError('covariance: not symmetric positive definite');
  const whitening = invertLowerTriangular(chol, nObs);

  // Distinct (i, j) pairs of the sparse quadratic term, with B symmetrised: an entry (k, i, j, v) with
  // i < j contributes ½·2·v δ_i δ_j, with i = j it contributes ½ v δ_i² (model.ts contract).
  const pairIndex = new Map<number, number>();
  const pairI: number[] = [];
  const pairJ: number[] = [];
  const entries = model.quadratic ?? [];
  for (const [e, entry] of entries.entries()) {
    const { observable, i, j, value } = entry;
    const valid =
      Number.isInteger(observable) && observable >= 0 && observable < nObs &&
      Number.isInteger(i) && Number.isInteger(j) && i >= 0 && i <= j && j < nPar && Number.isFinite(value);
    if (!valid) throw new InputError(`quadratic[${e}]: needs 0 ≤ observable < ${nObs}, 0 ≤ i ≤ j < ${nPar}, finite value`);
    const key = i * nPar + j;
    if (!pairIndex.has(key)) {
      pairIndex.set(key, pairI.length);
      pairI.push(i);
      pairJ.push(j);
    }
  }
  const nPair = pairI.length;
  const quadRaw = new Float64Array(nObs * nPair); // before whitening, in δ units
  for (const { observable, i, j, value } of entries) {
    const p = pairIndex.get(i * nPar + j)!;
    quadRaw[observable * nPair + p] += i === j ? 0.5 * value : value;
  }

  const nRow = nObs + gaussian.length;
  const residual0 = new Float64Array(nObs);
  for (let k = 0; k < nObs; k++) residual0[k] = model.y0[k] - model.measured[k];
  const offsetObs = matMul(whitening, residual0, nObs, nObs, 1);
  const jacObs = matMul(whitening, model.jacobian, nObs, nObs, nPar);
  const quadObs = nPair > 0 ? matMul(whitening, quadRaw, nObs, nObs, nPair) : new Float64Array(0);

  const offset = new Float64Array(nRow);
  const jacDelta = new Float64Array(nRow * nPar);
  offset.set(offsetObs);
  jacDelta.set(jacObs);
  for (const [g, term] of gaussian.entries()) {
    const row = nObs + g;
    offset[row] = (model.reference[term.index] - term.mean) / term.sd;
    jacDelta[row * nPar + term.index] = 1 / term.sd;
  }

  const scale = parameterScales(jacDelta, nRow, nPar, box);
  const inverseScale = new Float64Array(nPar);
  const jacobian = new Float64Array(nRow * nPar);
  for (let i = 0; i < nPar; i++) inverseScale[i] = 1 / scale[i];
  for (let r = 0; r < nRow; r++) {
    for (let i = 0; i < nPar; i++) jacobian[r * nPar + i] = jacDelta[r * nPar + i] * scale[i];
  }
  const quadratic = new Float64Array(nRow * nPair);
  for (let r = 0; r < nObs; r++) {
    for (let p = 0; p < nPair; p++) {
      quadratic[r * nPair + p] = quadObs[r * nPair + p] * scale[pairI[p]] * scale[pairJ[p]];
    }
  }

  return {
    kind: 'whitened-residuals',
    nPar,
    nRow,
    nPair,
    reference: Float64Array.from(model.reference),
    scale,
    inverseScale,
    offset,
    jacobian,
    pairI: Int32Array.from(pairI),
    pairJ: Int32Array.from(pairJ),
    quadratic,
    box,
  };
}

/**
 * s_i = 1/√F_ii (conditional posterior width of parameter i in the linear approximation); a parameter
 * the data do not constrain falls back to its box half-width, or 1.
 */
function parameterScales(jac: Float64Array, nRow: number, nPar: number, box: PriorBox): Float64Array {
  const scale = new Float64Array(nPar);
  for (let i = 0; i < nPar; i++) {
    let fisher = 0;
    for (let r = 0; r < nRow; r++) fisher += jac[r * nPar + i] * jac[r * nPar + i];
    const halfWidth = 0.5 * (box.upper[i] - box.lower[i]);
    if (fisher > 0 && Number.isFinite(fisher)) scale[i] = 1 / Math.sqrt(fisher);
    else if (Number.isFinite(halfWidth) && halfWidth > 0) scale[i] = halfWidth;
    else scale[i] = 1;
  }
  return scale;
}
