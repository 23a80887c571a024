/**
 * Re-parametrises whitened residuals for float32 kernels: centre on the mode and rotate to the eigenbasis
 * of the Fisher matrix before whitening, all in float64 on the CPU.
 *
 * The per-coordinate scaling of whitened-form.ts (u = δ/s, s_i = 1/√F_ii) leaves strongly correlated
 * directions: a point one posterior width along a degenerate direction has |u_i| ≫ 1 whose Jacobian terms
 * cancel in w = c + J u, and float32 rounds each term, not the small sum (the EW model: bound 2.1e-2 in
 * log p at 9.7 whitened units). With F = JᵀJ = V Λ Vᵀ (in u units) and the linear mode u* = −F⁻¹Jᵀc,
 *
 *   u = u* + B v,   B = V Λ^{-1/2},   v = Λ^{1/2} Vᵀ (u − u*)
 *
 * makes the linear part J B orthonormal, so |J_r· B v| terms stay of the size of w and v is O(1) per
 * coordinate. The quadratic terms Σ_p Q_rp u_I u_J are expanded around u* exactly:
 *
 *   offset'_r = c_r + (J u*)_r + Σ_p Q_rp u*_I u*_J
 *   J'_ra     = (J B)_ra + Σ_p Q_rp (u*_I B_Ja + u*_J B_Ia)
 *   Q'_r(ab)  = Σ_p Q_rp (B_Ia B_Jb + B_Ib B_Ja)  (a < b),   Σ_p Q_rp B_Ia B_Ja  (a = b)
 *
 * so the kernel evaluates the same polynomial in v (dense pairs instead of sparse ones). Directions the
 * data do not constrain (λ below 10⁻¹² λ_max) keep unit scale and no mode shift.
 */
import { symmetricEigen } from '../numerics/linear-algebra.ts';
import { unboundedBox } from './prior-box.ts';
import type { WhitenedResidualForm } from './whitened-form.ts';

export interface RotatedResiduals {
  /** The same residuals in v units (reference 0, unit scale, no box: the box is checked on θ in float64). */
  form: WhitenedResidualForm;
  /** θ_c = θ_ref + s ⊙ u*: the float64 centre subtracted on the CPU. */
  centre: Float64Array;
  /** v = A (θ − θ_c), A = Λ^{1/2} Vᵀ diag(1/s), row-major nPar × nPar. */
  transform: Float64Array;
}

export function rotateResiduals(form: WhitenedResidualForm): RotatedResiduals {
  const { nPar: n, nRow, nPair, jacobian: J, offset: c, quadratic: Q, pairI, pairJ, reference, scale } = form;
  const fisher = new Float64Array(n * n);
  const jtc = new Float64Array(n);
  for (let r = 0; r < nRow; r++) {
    for (let i = 0; i < n; i++) {
      jtc[i] += J[r * n + i] * c[r];
      for (let j = 0; j < n; j++) fisher[i * n + j] += J[r * n + i] * J[r * n + j];
    }
  }
  const { values, vectors: V } = symmetricEigen(fisher, n);
  const lambdaMax = Math.max(...values);
  const constrained = Array.from(values, (l) => l > 1e-12 * lambdaMax);
  const root = Float64Array.from(values, (l, k) => (constrained[k] ? Math.sqrt(l) : 1));
  // u* = −Σ_k V_k (V_kᵀ Jᵀc)/λ_k over constrained directions.
  const uStar = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    if (!constrained[k]) continue;
    let proj = 0;
    for (let i = 0; i < n; i++) proj += V[i * n + k] * jtc[i];
    for (let i = 0; i < n; i++) uStar[i] -= (V[i * n + k] * proj) / values[k];
  }
  const B = new Float64Array(n * n); // B_ia = V_ia / √λ_a
  const transform = new Float64Array(n * n); // A_ai = √λ_a V_ia / s_i
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < n; a++) {
      B[i * n + a] = V[i * n + a] / root[a];
      transform[a * n + i] = (root[a] * V[i * n + a]) / scale[i];
    }
  }

  const offset = new Float64Array(nRow);
  const jac = new Float64Array(nRow * n);
  for (let r = 0; r < nRow; r++) {
    let o = c[r];
    for (let i = 0; i < n; i++) o += J[r * n + i] * uStar[i];
    for (let p = 0; p < nPair; p++) o += Q[r * nPair + p] * uStar[pairI[p]] * uStar[pairJ[p]];
    offset[r] = o;
    for (let a = 0; a < n; a++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += J[r * n + i] * B[i * n + a];
      for (let p = 0; p < nPair; p++) {
        s += Q[r * nPair + p] * (uStar[pairI[p]] * B[pairJ[p] * n + a] + uStar[pairJ[p]] * B[pairI[p] * n + a]);
      }
      jac[r * n + a] = s;
    }
  }

  // Dense pairs (a ≤ b), only when the model has quadratic terms at all.
  const newI: number[] = [];
  const newJ: number[] = [];
  const columns: Float64Array[] = [];
  if (nPair > 0) {
    for (let a = 0; a < n; a++) {
      for (let b = a; b < n; b++) {
        const column = new Float64Array(nRow);
        let any = false;
        for (let r = 0; r < nRow; r++) {
          let s = 0;
          for (let p = 0; p < nPair; p++) {
            const q = Q[r * nPair + p];
            if (q === 0) continue;
            const I = pairI[p];
            const Jp = pairJ[p];
            s += a === b ? q * B[I * n + a] * B[Jp * n + a] : q * (B[I * n + a] * B[Jp * n + b] + B[I * n + b] * B[Jp * n + a]);
          }
          column[r] = s;
          if (s !== 0) any = true;
        }
        if (!any) continue;
        newI.push(a);
        newJ.push(b);
        columns.push(column);
      }
    }
  }
  const nPairNew = newI.length;
  const quadratic = new Float64Array(nRow * nPairNew);
  for (let p = 0; p < nPairNew; p++) for (let r = 0; r < nRow; r++) quadratic[r * nPairNew + p] = columns[p][r];

  const centre = new Float64Array(n);
  for (let i = 0; i < n; i++) centre[i] = reference[i] + scale[i] * uStar[i];
  return {
    form: {
      kind: 'whitened-residuals',
      nPar: n,
      nRow,
      nPair: nPairNew,
      reference: new Float64Array(n),
      scale: new Float64Array(n).fill(1),
      inverseScale: new Float64Array(n).fill(1),
      offset,
      jacobian: jac,
      pairI: Int32Array.from(newI),
      pairJ: Int32Array.from(newJ),
      quadratic,
      box: unboundedBox(n),
    },
    centre,
    transform,
  };
}

/** v = A (θ − θ_c) for point `row` of a float64 batch, written to out[slot·n ..]. */
export function toRotatedUnits(
  rotated: RotatedResiduals,
  points: Float64Array,
  row: number,
  out: Float32Array | Float64Array,
  slot: number,
  scratch: Float64Array,
): void {
  const { centre, transform } = rotated;
  const n = centre.length;
  for (let i = 0; i < n; i++) scratch[i] = points[row * n + i] - centre[i];
  for (let a = 0; a < n; a++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += transform[a * n + i] * scratch[i];
    out[slot * n + a] = s;
  }
}
