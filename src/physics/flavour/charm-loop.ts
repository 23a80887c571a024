/**
 * Perturbative four-quark contributions to C9^eff (flavour-spec.md §4.3; e.g. eq. (10) of 0811.1214):
 *
 *   Y(q²) = h(q², m_c)(4/3 C1 + C2 + 6C3 + 60C5) − ½ h(q², m_b)(7C3 + 4/3 C4 + 76C5 + 64/3 C6)
 *           − ½ h(q², 0)(C3 + 4/3 C4 + 16C5 + 64/3 C6) + 4/3 C3 + 64/9 C5 + 64/27 C6,
 *
 * with pole masses and μ = μ_b. The constant term (which HEPfit's source omits, ≈ −0.001) is kept, as in
 * flavio and the papers the formula comes from; `withConstant = false` reproduces HEPfit (spec §4.3).
 */
import { type Complex, complex } from './complex.ts';
import type { SmWilsonCoefficients } from './parameters.ts';

/** Fermion-loop function h(q², m) (spec §4.3; eq. (11) of hep-ph/0106067). */
export function fermionLoop(q2: number, m: number, mu: number): Complex {
  if (m === 0) {
    return complex(8 / 27 - (4 / 9) * Math.log(q2 / (mu * mu)), (4 * Math.PI) / 9);
  }
  if (q2 === 0) return complex((-4 / 9) * (1 + Math.log((m * m) / (mu * mu))), 0);
  const x = (4 * m * m) / q2;
  const base = (-4 / 9) * (Math.log((m * m) / (mu * mu)) - 2 / 3 - x);
  const pre = (-4 / 9) * (2 + x) * Math.sqrt(Math.abs(x - 1));
  if (x > 1) {
    return complex(base + pre * Math.atan(1 / Math.sqrt(x - 1)), 0);
  }
  // A(x) = ln((1 + √(1−x))/√x) − iπ/2 above threshold
  const aRe = Math.log((1 + Math.sqrt(1 - x)) / Math.sqrt(x));
  return complex(base + pre * aRe, pre * (-Math.PI / 2));
}

/** Y(q²) at μ = μ_b with pole masses m_c, m_b. */
export function charmLoopY(q2: number, wc: SmWilsonCoefficients, mcPole: number, mbPole: number, mu: number, withConstant = true): Complex {
  const { C1, C2, C3, C4, C5, C6 } = wc;
  const fc = (4 / 3) * C1 + C2 + 6 * C3 + 60 * C5;
  const fb = 7 * C3 + (4 / 3) * C4 + 76 * C5 + (64 / 3) * C6;
  const fu = C3 + (4 / 3) * C4 + 16 * C5 + (64 / 3) * C6;
  const f4 = withConstant ? (4 / 3) * C3 + (64 / 9) * C5 + (64 / 27) * C6 : 0;
  const hc = fermionLoop(q2, mcPole, mu);
  const hb = fermionLoop(q2, mbPole, mu);
  const h0 = fermionLoop(q2, 0, mu);
  return complex(
    hc.re * fc - 0.5 * hb.re * fb - 0.5 * h0.re * fu + f4,
    hc.im * fc - 0.5 * hb.im * fb - 0.5 * h0.im * fu,
  );
}
