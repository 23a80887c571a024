/**
 * Rigorous a-priori bounds on the float32 error of the kernels' log-density, evaluated in float64 from
 * the sizes of the terms at a given point.
 *
 * Model (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., §3.1, Lemma 3.1 and eq. 3.5):
 * every float32 operation and every float64 → float32 conversion of an input or constant is exact up
 * to a factor (1 + δ), |δ| ≤ u = 2⁻²⁴; a term that has passed through k such factors is off by at most
 * γ_k |term|, γ_k = k u /(1 − k u). A sum of T terms computed in any order passes each term through at
 * most T − 1 additions, so |ŝ − s| ≤ γ_{T−1+m} Σ|term_j| when each term already carries m factors. This
 * holds for GPU float32 arithmetic with or without fused multiply-add, and over-covers gpu.js CPU
 * mode (float32 inputs and output, float64 arithmetic in between).
 *
 * For log p = −½ Σ_r w_r² with |ŵ_r − w_r| ≤ e_r, the squares, their sum, the ×½ and the final
 * float32 result add γ_{nRow+2} on ½ Σ (|w_r| + e_r)², so
 *
 *   |Δ log p| ≤ ½ Σ_r e_r (2|w_r| + e_r) + γ_{nRow+2} · ½ Σ_r (|w_r| + e_r)².
 */
import type { CentredGaussianForm } from '../likelihood/centred-gaussian-form.ts';
import type { CompiledForm } from '../likelihood/compiled-form.ts';
import type { WhitenedResidualForm } from '../likelihood/whitened-form.ts';
import { evaluateForm, toCouplings, type QuadraticRatioForm } from '../likelihood/quadratic-ratio-form.ts';

/** Unit roundoff of IEEE binary32 (round to nearest): u = 2⁻²⁴ = ε32/2. */
export const FLOAT32_UNIT_ROUNDOFF = 2 ** -24;

/** γ_k = k u / (1 − k u) (Higham eq. 3.8). */
export function gamma(k: number): number {
  return (k * FLOAT32_UNIT_ROUNDOFF) / (1 - k * FLOAT32_UNIT_ROUNDOFF);
}

function sumOfSquaresBound(w: Float64Array, e: Float64Array, rows: number): number {
  let linear = 0;
  let square = 0;
  for (let r = 0; r < rows; r++) {
    const aw = Math.abs(w[r]);
    linear += e[r] * (2 * aw + e[r]);
    square += (aw + e[r]) * (aw + e[r]);
  }
  return 0.5 * linear + gamma(rows + 2) * 0.5 * square;
}

/**
 * Bound on |float32 kernel − exact| at point `row` of the float64 batch `points`, in log-density units.
 * 0 for backends-only-on-CPU forms (cpu-function).
 */
export function float32ErrorBound(form: CompiledForm, points: Float64Array, row: number): number {
  switch (form.kind) {
    case 'whitened-residuals':
      return whitenedBound(form, points, row);
    case 'centred-gaussian':
      return centredGaussianBound(form, points, row);
    case 'quadratic-ratio': {
      const kappa = new Float64Array(form.nCoupling);
      toCouplings(form, points, row, kappa, 0);
      return quadraticRatioBound(form, kappa);
    }
    case 'rosenbrock':
      return rosenbrockBound(points[2 * row], points[2 * row + 1]);
    case 'funnel':
      return funnelBound(form.nDim, form.logScaleSd, points, row);
    case 'cpu-function':
      return 0;
    case 'user-density':
    case 'flavour-point':
      return NaN; // measured on the device instead (precision-guard.ts measureFloat32Error)
  }
}

function whitenedBound(form: WhitenedResidualForm, points: Float64Array, row: number): number {
  const { nPar, nRow, nPair, reference, inverseScale, offset, jacobian, quadratic, pairI, pairJ } = form;
  const u = new Float64Array(nPar);
  for (let i = 0; i < nPar; i++) u[i] = (points[row * nPar + i] - reference[i]) * inverseScale[i];
  const w = new Float64Array(nRow);
  const e = new Float64Array(nRow);
  // Terms per row: offset, nPar linear, nPair quadratic; the quadratic ones carry 3 rounded factors and
  // 2 products (5), so every term carries ≤ 5 factors before the T − 1 additions. Terms whose constant
  // is exactly 0 are exact zeros in float32 too (x + 0 = x), so only non-zero terms count towards T.
  for (let r = 0; r < nRow; r++) {
    let value = offset[r];
    let magnitude = Math.abs(offset[r]);
    let terms = 1;
    for (let i = 0; i < nPar; i++) {
      if (jacobian[r * nPar + i] === 0) continue;
      const t = jacobian[r * nPar + i] * u[i];
      value += t;
      magnitude += Math.abs(t);
      terms++;
    }
    for (let p = 0; p < nPair; p++) {
      if (quadratic[r * nPair + p] === 0) continue;
      const t = quadratic[r * nPair + p] * u[pairI[p]] * u[pairJ[p]];
      value += t;
      magnitude += Math.abs(t);
      terms++;
    }
    w[r] = value;
    e[r] = gamma(terms - 1 + 5) * magnitude;
  }
  return sumOfSquaresBound(w, e, nRow);
}

function centredGaussianBound(form: CentredGaussianForm, points: Float64Array, row: number): number {
  const { nDim: n, centre, inverseScale, scaledMean, scaledUpper } = form;
  const z = new Float64Array(n);
  const magnitude = new Float64Array(n); // |z_i| + |m_i| bounds the rounding of d_i = z_i − m_i
  for (let i = 0; i < n; i++) {
    z[i] = (points[row * n + i] - centre[i]) * inverseScale[i];
    magnitude[i] = Math.abs(z[i]) + Math.abs(scaledMean[i]);
  }
  const w = new Float64Array(n);
  const e = new Float64Array(n);
  // Each term U_ki (z_i − m_i): rounded U, z, m, the subtraction and the product (≤ 4 factors on
  // |U_ki|(|z_i| + |m_i|)), then n − 1 additions.
  const g = gamma(n + 4);
  for (let k = 0; k < n; k++) {
    let value = 0;
    let size = 0;
    for (let i = k; i < n; i++) {
      const uki = scaledUpper[k * n + i];
      value += uki * (z[i] - scaledMean[i]);
      size += Math.abs(uki) * magnitude[i];
    }
    w[k] = value;
    e[k] = g * size;
  }
  return sumOfSquaresBound(w, e, n);
}

/** log p = −(100 a² + b²)/20, a = x2 − x1², b = 1 − x1, every input and operation in float32. */
function rosenbrockBound(x1: number, x2: number): number {
  const a = x2 - x1 * x1;
  const b = 1 - x1;
  const ea = gamma(4) * (Math.abs(x2) + x1 * x1); // x1, x2 rounded; x1², the subtraction
  const eb = gamma(2) * (1 + Math.abs(x1));
  const aa = Math.abs(a) + ea;
  const bb = Math.abs(b) + eb;
  // 100·a·a, b·b, their sum, ÷20 and the float32 result: ≤ 6 more factors on the terms.
  return (100 * ea * (2 * Math.abs(a) + ea) + eb * (2 * Math.abs(b) + eb)) / 20 + (gamma(6) * (100 * aa * aa + bb * bb)) / 20;
}

/**
 * Relative error of float32 exp(y) on a GPU: WGSL allows 3 + 2|y| ULP (WGSL spec, "Floating point
 * accuracy", exp); one ULP ≤ 2u relative.
 */
function expRelativeError(y: number): number {
  return (3 + 2 * Math.abs(y)) * 2 * FLOAT32_UNIT_ROUNDOFF;
}

/**
 * log p = −h v² − c v − ½ e^{−v} S, h = 1/(2σ_v²), c = (n−1)/2, S = Σ x_i² (kernels/funnel.ts). First
 * order in u with a factor 1.01 of slack (every relative error here is < 10⁻³ where the guard probes):
 * h v² carries v rounded twice, h rounded and two products (γ_5); c v one rounding of v and of the
 * product (γ_3, c is exact); S the n−1 roundings of x_i, their squares and n−2 additions (γ_{n+1}); e^{−v}
 * the rounding of v times |v| plus the exp's own error; the product with S and the ½ (γ_2); the two
 * final additions and the float32 result (γ_3 on the sum of the magnitudes).
 */
function funnelBound(n: number, logScaleSd: number, points: Float64Array, row: number): number {
  const v = points[row * n];
  let s = 0;
  for (let i = 1; i < n; i++) s += points[row * n + i] * points[row * n + i];
  const t1 = (0.5 / (logScaleSd * logScaleSd)) * v * v;
  const t2 = Math.abs(0.5 * (n - 1) * v);
  const t3 = 0.5 * Math.exp(-v) * s;
  const exp = FLOAT32_UNIT_ROUNDOFF * Math.abs(v) + expRelativeError(v);
  return 1.01 * (gamma(5) * t1 + gamma(3) * t2 + (exp + gamma(n + 3)) * t3 + gamma(3) * (t1 + t2 + t3));
}

/**
 * Ratios of quadratic forms (quadratic-ratio-form.ts) at float64 couplings κ (rounded once on upload).
 * A form's 6 terms carry ≤ 5 factors (rounded k, a, b, two products; the 2 is exact) and 5 additions:
 * e_q ≤ γ_10 Σ|terms|. The ratio N̂/D̂ (one more rounding) is off by ≤ (|N| e_D + |D| e_N)/(|D|(|D| − e_D))
 * + u |N̂/D̂|; t = g ρ − y' adds the rounded g, y', the product and the subtraction (γ_3); w_k = Σ_{o≤k} W'_ko t_o
 * carries the t errors through |W'| and its own k + 2 roundings, then sumOfSquaresBound.
 */
export function quadraticRatioBound(form: QuadraticRatioForm, kappa: Float64Array): number {
  const { nObs, forms, formCouplings, numerator, denominator, gain, target, whitening } = form;
  const valueAndError = (f: number): [number, number] => {
    const a = Math.abs(kappa[formCouplings[2 * f]]);
    const b = Math.abs(kappa[formCouplings[2 * f + 1]]);
    const k = forms.subarray(6 * f, 6 * f + 6).map(Math.abs);
    const magnitude = k[0] + 2 * k[1] * a + 2 * k[2] * b + k[3] * a * a + 2 * k[4] * a * b + k[5] * b * b;
    return [evaluateForm(form, f, kappa, 0), gamma(10) * magnitude];
  };
  const t = new Float64Array(nObs);
  const et = new Float64Array(nObs);
  for (let o = 0; o < nObs; o++) {
    const [num, eNum] = valueAndError(numerator[o]);
    let ratio = num;
    let eRatio = eNum;
    if (denominator[o] >= 0) {
      const [den, eDen] = valueAndError(denominator[o]);
      if (!(eDen < Math.abs(den))) return Infinity; // the denominator may vanish in float32
      ratio = num / den;
      const e = (Math.abs(num) * eDen + Math.abs(den) * eNum) / (Math.abs(den) * (Math.abs(den) - eDen));
      eRatio = e + FLOAT32_UNIT_ROUNDOFF * (Math.abs(ratio) + e);
    }
    const g = Math.abs(gain[o]);
    t[o] = gain[o] * ratio - target[o];
    et[o] = g * eRatio * (1 + gamma(2)) + gamma(3) * (g * (Math.abs(ratio) + eRatio) + Math.abs(target[o]));
  }
  const w = new Float64Array(nObs);
  const e = new Float64Array(nObs);
  for (let k = 0; k < nObs; k++) {
    let value = 0;
    let size = 0;
    let carried = 0;
    for (let o = 0; o <= k; o++) {
      const c = whitening[k * nObs + o];
      value += c * t[o];
      size += Math.abs(c) * (Math.abs(t[o]) + et[o]);
      carried += Math.abs(c) * et[o];
    }
    w[k] = value;
    e[k] = carried * (1 + gamma(2)) + gamma(k + 2) * size;
  }
  return sumOfSquaresBound(w, e, nObs);
}
