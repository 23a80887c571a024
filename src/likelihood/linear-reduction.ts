/**
 * For the float64 `cpu` backend: a linearised model without quadratic terms is exactly Gaussian in θ,
 * so its nRow×nPar residual evaluation collapses to an nPar×nPar triangular one. With the thin QR
 * factorisation J = Q R of the whitened, scaled Jacobian (Householder, Golub & Van Loan 4th ed. §5.2.2)
 * and g = Qᵀc:
 *
 *   |c + J u|² = |g₁ + R u|² + |g₂|²,   g₁ = first nPar entries of g, |g₂|² = χ²_min
 *
 * so log L = −½|g₁ + R u|² − ½χ²_min: nPar²/2 multiply-adds per point instead of nRow·nPar. QR rather
 * than normal equations keeps it backward stable (no squaring of the condition number), and R may be
 * singular (a parameter the data leave free) without harm, since nothing is solved.
 */
import type { PriorBox } from './prior-box.ts';
import type { WhitenedResidualForm } from './whitened-form.ts';

/** log p = −½ Σ_k (rowOffset_k + Σ_{i≥k} U_ki (x_i − shift_i))² + constant, U packed by rows. */
export interface PackedTriangularForm {
  nDim: number;
  shift: Float64Array;
  upperPacked: Float64Array;
  rowOffset: Float64Array;
  constant: number;
  box: PriorBox;
}

/** null when the reduction does not apply (quadratic terms, or no more rows than parameters). */
export function reduceLinearResiduals(form: WhitenedResidualForm): PackedTriangularForm | null {
  const { nPar: n, nRow: m, nPair } = form;
  if (nPair > 0 || m <= n) return null;
  // Augmented [J | c], m × (n + 1), reduced in place by Householder reflections.
  const w = n + 1;
  const a = new Float64Array(m * w);
  for (let r = 0; r < m; r++) {
    for (let i = 0; i < n; i++) a[r * w + i] = form.jacobian[r * n + i];
    a[r * w + n] = form.offset[r];
  }
  const v = new Float64Array(m);
  for (let k = 0; k < n; k++) {
    let norm2 = 0;
    for (let r = k; r < m; r++) norm2 += a[r * w + k] * a[r * w + k];
    const norm = Math.sqrt(norm2);
    if (norm === 0) continue; // column already zero below the diagonal
    const alpha = a[k * w + k] > 0 ? -norm : norm; // sign chosen to avoid cancellation
    for (let r = k; r < m; r++) v[r] = a[r * w + k];
    v[k] -= alpha;
    let vNorm2 = 0;
    for (let r = k; r < m; r++) vNorm2 += v[r] * v[r];
    if (vNorm2 === 0) continue;
    for (let col = k; col < w; col++) {
      let dot = 0;
      for (let r = k; r < m; r++) dot += v[r] * a[r * w + col];
      const f = (2 * dot) / vNorm2;
      for (let r = k; r < m; r++) a[r * w + col] -= f * v[r];
    }
  }
  let chi2Min = 0;
  for (let r = n; r < m; r++) chi2Min += a[r * w + n] * a[r * w + n];

  // Back to θ units: R u = R diag(1/s)(θ − θ_ref).
  const upperPacked = new Float64Array((n * (n + 1)) / 2);
  const rowOffset = new Float64Array(n);
  let at = 0;
  for (let k = 0; k < n; k++) {
    rowOffset[k] = a[k * w + n];
    for (let i = k; i < n; i++) upperPacked[at++] = a[k * w + i] * form.inverseScale[i];
  }
  return {
    nDim: n,
    shift: Float64Array.from(form.reference),
    upperPacked,
    rowOffset,
    constant: -0.5 * chi2Min,
    box: form.box,
  };
}
