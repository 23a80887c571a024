/**
 * The θ step of the full flavour kernel in WGSL (the float32 twin of thetaTerms in
 * src/likelihood/flavour-point-theta.ts): the point arrives centred (δ = θ − centre, formed in float64 on
 * the CPU, which has also checked the prior box and the unit discs); here δ becomes the point layout x
 * (C9, C10 through the matching, form factors μ + δ, the θ → h map, f_Bs) and the PDD pseudo-measurements
 * are evaluated. The Gaussian priors −½|L⁻¹δ|² stay on the CPU in float64 (flavour-point-theta.ts: strong
 * form-factor correlations make L⁻¹δ a sum of large terms of both signs). The θ → h map is one small function with one
 * constant R per coefficient, so another parametrisation of h replaces that function only.
 */
import { type FlavourThetaTables, PSEUDO_CONSTANT } from '../src/likelihood/flavour-point-layout.ts';

/** The parts of the constant buffer this snippet reads (appended to the kernel's). */
export function thetaParts(t: FlavourThetaTables): [string, ArrayLike<number>][] {
  return [
    ['CENTRE', t.centre],
    ['WC_MAP', t.wcMap],
    ['COPY_FROM', t.copyFrom],
    ['COPY_TO', t.copyTo],
    ['RADII', t.radii],
    ['PSEUDO_VALUE', t.pseudoValue],
    ['PSEUDO_SIGMA', t.pseudoSigma],
    ['PSEUDO_CONST', t.pseudoConstants],
  ];
}

/** WGSL: `fn thetaStep(p: u32) -> f32` (fills x; returns −½ χ² of the pseudo-measurements). */
export function thetaWgsl(t: FlavourThetaTables, hOffset: number): string {
  const K = PSEUDO_CONSTANT;
  const hMap =
    t.hMode === 0
      ? ''
      : t.hMode === 1
        ? `// polar (|h|, φ) → (re, im)
fn hFromTheta(i: u32) -> vec2<f32> {
  let r = d[H_FROM + 2u * i];
  let phi = d[H_FROM + 2u * i + 1u];
  return vec2<f32>(r * cos(phi), r * sin(phi));
}`
        : `// unit disc (a, b) → h = R (a, b) √(a² + b²) (pdd.ts pddDiscToCartesian)
fn hFromTheta(i: u32) -> vec2<f32> {
  let a = d[H_FROM + 2u * i];
  let b = d[H_FROM + 2u * i + 1u];
  return params[OFF_RADII + i] * sqrt(a * a + b * b) * vec2<f32>(a, b);
}`;
  const pseudo =
    t.pseudoValue.length === 0
      ? ''
      : `
fn bszAt(a0: f32, a1: f32, a2: f32, dz: f32, mR: f32) -> f32 { return (a0 + a1 * dz + a2 * dz * dz) / (1.0 - 1.0 / (mR * mR)); }
fn pull(y: f32, i: u32) -> f32 { let r = (y - params[OFF_PSEUDO_VALUE + i]) / params[OFF_PSEUDO_SIGMA + i]; return r * r; }
// χ² of DC7_1, DC7_2, hp0_hm0, |g̃_1,2,3(1 GeV²)| (src/likelihood/flavour-point-theta.ts pddPseudoObservables)
fn pseudoChi2() -> f32 {
  let c = OFF_PSEUDO_CONST;
  let mB = params[c + ${K.mB}u];
  let mV = params[c + ${K.mV}u];
  let mb = params[c + ${K.mb}u];
  let fo = ${t.pseudoFf}u;
  let ho = ${hOffset}u;
  let d0 = mB * mB - mV * mV;
  let t10 = x[fo + 12u];
  let fm = ((2.0 * mb) / mB) * ((t10 * d0) / (SIXTEEN_PI2 * mB * mB));
  let hm0r = x[ho + 4u] * fm;
  let hm0i = x[ho + 5u] * fm;
  let hp0r = x[ho + 2u] + params[c + ${K.msOverMb}u] * hm0r;
  let hp0i = x[ho + 3u] + params[c + ${K.msOverMb}u] * hm0i;
  let kappa = (0.5 * SIXTEEN_PI2 * mB * mB * mB) / (d0 * mb * t10);
  let y0 = length(vec2<f32>(x[ho + 4u] - kappa * hp0r, x[ho + 5u] - kappa * hp0i));
  let y1 = length(vec2<f32>(x[ho + 4u] + kappa * hp0r, x[ho + 5u] + kappa * hp0i));
  let y2 = length(vec2<f32>(hp0r, hp0i)) / length(vec2<f32>(hm0r, hm0i));
  let lam = mB * mB * mB * mB + mV * mV * mV * mV + 1.0 - 2.0 * (mB * mB * mV * mV + mB * mB + mV * mV);
  let sl = sqrt(lam);
  let dz = params[c + ${K.dz1}u];
  let mRp = params[c + ${K.mRPlus}u];
  let mRm = params[c + ${K.mRMinus}u];
  let A1 = bszAt(x[fo + 3u], x[fo + 4u], x[fo + 5u], dz, mRp);
  let A12 = bszAt(((mB * mB - mV * mV) / (8.0 * mB * mV)) * x[fo], x[fo + 7u], x[fo + 8u], dz, mRp);
  let V = bszAt(x[fo + 9u], x[fo + 10u], x[fo + 11u], dz, mRm);
  let T1 = bszAt(t10, x[fo + 13u], x[fo + 14u], dz, mRm);
  let T2 = bszAt(t10, x[fo + 16u], x[fo + 17u], dz, mRp);
  let T23 = bszAt(x[fo + 18u], x[fo + 19u], x[fo + 20u], dz, mRp);
  let A2 = ((mB + mV) * (mB + mV) * (mB * mB - mV * mV - 1.0) * A1 - 16.0 * mB * mV * mV * (mB + mV) * A12) / lam;
  let vp = 0.5 * ((1.0 + mV / mB) * A1 - (sl / (mB * (mB + mV))) * V);
  let vm = 0.5 * ((1.0 + mV / mB) * A1 + (sl / (mB * (mB + mV))) * V);
  let v0 = 4.0 * mV * A12;
  let tp = (d0 * T2 - sl * T1) / (2.0 * mB * mB);
  let tm = (d0 * T2 + sl * T1) / (2.0 * mB * mB);
  let t0 = (2.0 * mV * T23) / (mB * (mB + mV));
  let u7 = (2.0 * mb) / mB / SIXTEEN_PI2;
  let u9 = 1.0 / (mB * mB) / SIXTEEN_PI2;
  let hpR = x[ho + 2u] + x[ho + 8u] + x[ho + 12u] + u7 * tp * x[ho + 4u] + u9 * vp * x[ho + 10u];
  let hpI = x[ho + 3u] + x[ho + 9u] + x[ho + 13u] + u7 * tp * x[ho + 5u] + u9 * vp * x[ho + 11u];
  let hmR = x[ho + 14u] + u7 * tm * x[ho + 4u] + u9 * vm * x[ho + 10u];
  let hmI = x[ho + 15u] + u7 * tm * x[ho + 5u] + u9 * vm * x[ho + 11u];
  let h0R = (x[ho] + x[ho + 6u]) + u7 * t0 * x[ho + 4u] + u9 * v0 * x[ho + 10u];
  let h0I = (x[ho + 1u] + x[ho + 7u]) + u7 * t0 * x[ho + 5u] + u9 * v0 * x[ho + 11u];
  let c2 = 1.0 / (2.0 * params[c + ${K.c2}u]);
  let g1 = c2 * ((-SIXTEEN_PI2 * mB * mB * mB * (mB + mV)) / (sl * V));
  let g2 = c2 * ((-SIXTEEN_PI2 * mB * mB * mB) / ((mB + mV) * A1));
  let g3 = c2 * ((4.0 * SIXTEEN_PI2 * mB * mB * mB * mV * (mB + mV)) / (lam * A2));
  let w = (mB * mB - mV * mV - 1.0) / (4.0 * mV);
  let y3 = abs(g1) * length(vec2<f32>(hmR - hpR, hmI - hpI));
  let y4 = abs(g2) * length(vec2<f32>(hmR + hpR, hmI + hpI));
  let y5 = abs(g3) * length(vec2<f32>(h0R - w * (hmR + hpR), h0I - w * (hmI + hpI)));
  return pull(y0, 0u) + pull(y1, 1u) + pull(y2, 2u) + pull(y3, 3u) + pull(y4, 4u) + pull(y5, 5u);
}`;
  return `
const N_PAR: u32 = ${t.nPar}u;
const N_WC: u32 = ${t.nWc}u;
const N_COPY: u32 = ${t.copyFrom.length}u;
const H_FROM: u32 = ${t.hFrom}u;
var<private> d: array<f32, ${t.nPar}>;
${hMap}
${pseudo}
fn thetaStep(p: u32) -> f32 {
  for (var i = 0u; i < N_PAR; i++) { d[i] = points[p * N_PAR + i]; }
  for (var i = 0u; i < POINT; i++) { x[i] = 0.0; }
  for (var r = 0u; r < 4u; r++) {
    var s = 0.0;
    for (var j = 0u; j < N_WC; j++) { s += params[OFF_WC_MAP + r * N_WC + j] * d[j]; }
    x[r] = s;
  }
  for (var k = 0u; k < N_COPY; k++) {
    let source = at(OFF_COPY_FROM + k);
    x[at(OFF_COPY_TO + k)] = params[OFF_CENTRE + source] + d[source];
  }
${t.hMode === 0 ? '' : `  for (var i = 0u; i < 8u; i++) {
    let h = hFromTheta(i);
    x[${hOffset}u + 2u * i] = h.x;
    x[${hOffset}u + 2u * i + 1u] = h.y;
  }`}
  var chi2 = 0.0;
${t.pseudoValue.length === 0 ? '' : '  chi2 += pseudoChi2();'}
  return -0.5 * chi2;
}
`;
}
