/**
 * Elementary and special functions of a complex argument for the QCD-factorisation spectator terms
 * (hep-ph/0106067 eqs. (27)–(32), (54)): principal-branch log, sqrt and arctan (the branches of C99
 * `clog`, `csqrt`, `catan`, which the reference implementation relies on), the dilogarithm Li2 and the
 * exponential integral Ei of a real argument.
 */
import { type Complex, add, complex, div, mul, scale, sub } from './complex.ts';

export const cabs = (z: Complex): number => Math.hypot(z.re, z.im);

/** Principal logarithm, arg ∈ (−π, π]. */
export const clog = (z: Complex): Complex => complex(Math.log(cabs(z)), Math.atan2(z.im, z.re));

/** Principal square root (Re ≥ 0). */
export function csqrt(z: Complex): Complex {
  const r = cabs(z);
  if (r === 0) return complex(0, 0);
  const re = Math.sqrt((r + z.re) / 2);
  const im = Math.sqrt(Math.max((r - z.re) / 2, 0));
  return complex(re, z.im < 0 || (z.im === 0 && Object.is(z.im, -0)) ? -im : im);
}

/** Principal arctangent: atan(w) = (i/2)[ln(1 − iw) − ln(1 + iw)], cuts on the imaginary axis beyond ±i. */
export function catan(w: Complex): Complex {
  const iw = complex(-w.im, w.re);
  const d = sub(clog(complex(1 - iw.re, -iw.im)), clog(complex(1 + iw.re, iw.im)));
  return complex(-d.im / 2, d.re / 2);
}

const PI2_6 = (Math.PI * Math.PI) / 6;
// Bernoulli numbers B_{2k}, k = 1..10, for the series Li2(z) = Σ B_n u^{n+1}/(n+1)!, u = −ln(1 − z).
const BERNOULLI_EVEN = [1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510, 43867 / 798, -174611 / 330];

/** Bernoulli-accelerated series, accurate to ~1e-15 for |z| ≤ 1 and Re z ≤ ½ (|u| ≲ 1.1). */
function li2Series(z: Complex): Complex {
  const u = scale(clog(complex(1 - z.re, -z.im)), -1);
  const u2 = mul(u, u);
  // B0 u + B1 u²/2 + Σ_k B_{2k} u^{2k+1}/(2k+1)!
  let sum = sub(u, scale(u2, 0.25));
  let power = u; // u^{2k+1}
  let fact = 1; // (2k+1)!
  for (let k = 1; k <= BERNOULLI_EVEN.length; k++) {
    power = mul(power, u2);
    fact *= 2 * k * (2 * k + 1);
    sum = add(sum, scale(power, BERNOULLI_EVEN[k - 1] / fact));
  }
  return sum;
}

/** Li2 for |z| ≤ 1 (up to rounding): the series, after Li2(z) = π²/6 − ln z ln(1 − z) − Li2(1 − z) for Re z > ½. */
function li2UnitDisc(z: Complex): Complex {
  if (z.re > 0.5) {
    const w = complex(1 - z.re, -z.im);
    return sub(sub(complex(PI2_6), mul(clog(z), clog(w))), li2Series(w));
  }
  return li2Series(z);
}

/** Dilogarithm Li2(z) = −∫₀^z ln(1 − t)/t dt on the principal branch (cut [1, ∞)). */
export function li2(z: Complex): Complex {
  if (z.re === 1 && z.im === 0) return complex(PI2_6);
  if (z.re === 0 && z.im === 0) return complex(0);
  if (cabs(z) > 1) {
    // Li2(z) = −π²/6 − ½ ln²(−z) − Li2(1/z)
    const l = clog(complex(-z.re, -z.im));
    return sub(sub(complex(-PI2_6), scale(mul(l, l), 0.5)), li2UnitDisc(div(complex(1), z)));
  }
  return li2UnitDisc(z);
}

/** Exponential integral Ei(x), x > 0 (ei-series.ts: the algorithm the WGSL kernel shares). */
export { ei } from './ei-series.ts';
