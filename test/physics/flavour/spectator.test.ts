// Hard-spectator scattering (spectator-scattering.ts) and its special functions, against analytic values and
// the BFS reference numbers of flavio's `bvll/test_qcdf.py` (from an independent Mathematica implementation
// of hep-ph/0106067; only the entries that flavio still asserts, i.e. not those it marks as old-code errors).
import { describe, expect, it } from 'vitest';
import { complex } from '../../../src/physics/flavour/complex.ts';
import { ei, li2 } from '../../../src/physics/flavour/complex-functions.ts';
import { predictFlavour } from '../../../src/physics/flavour/predict.ts';
import { B0diff, I1, L1, inverseLambdaBMinus, phiV, tPerp } from '../../../src/physics/flavour/spectator-scattering.ts';
import { inputDir, validation } from './shared.ts';

describe('special functions (analytic values)', () => {
  it('Li2 at 1/2, −1, i and 2 + i0 (Li2(½) = π²/12 − ½ln²2, Li2(−1) = −π²/12, Li2(i) = −π²/48 + iG)', () => {
    // Exact identities; 1e-13 allows for rounding only.
    const catalan = 0.915965594177219;
    expect(li2(complex(0.5)).re).toBeCloseTo(Math.PI ** 2 / 12 - Math.log(2) ** 2 / 2, 13);
    expect(li2(complex(-1)).re).toBeCloseTo(-(Math.PI ** 2) / 12, 13);
    const zi = li2(complex(0, 1));
    expect(zi.re).toBeCloseTo(-(Math.PI ** 2) / 48, 13);
    expect(zi.im).toBeCloseTo(catalan, 13);
    // Re Li2(x) = π²/3 − ½ ln²x − Li2(1/x) for x > 1; x = 2: π²/4.
    expect(li2(complex(2)).re).toBeCloseTo(Math.PI ** 2 / 4, 12);
  });

  it('Ei(1) = 1.895117816355937 (A&S table 5.1)', () => {
    expect(ei(1)).toBeCloseTo(1.895117816355937, 13);
  });

  it('the LCDA is normalised: ∫φ(u)du = 1 for any Gegenbauer moments (C_n^{3/2} are orthogonal to 6uū)', () => {
    let s = 0;
    const n = 2000;
    for (let i = 0; i < n; i++) s += phiV((i + 0.5) / n, 0.06, 0.16) / n;
    expect(s).toBeCloseTo(1, 6); // midpoint rule error ~1e-7 at n = 2000
  });
});

describe('BFS loop functions vs the reference numbers of flavio test_qcdf.py (q² = 3.5, u = 0.5)', () => {
  const mB = 5.27961;
  const k = { mB, mV: 0.89166, mb: 4.8, mc: 1.685, mu: 4.8, alphaS: 0.2 };
  it('L1(x) (eq. (32)) to 5 decimals', () => {
    // Tolerance: flavio asserts decimal = 5.
    expect(L1(complex(-1)).re).toBeCloseTo(-0.582241, 5);
    expect(L1(complex(0)).re).toBeCloseTo(-1.64493, 5);
    const a = L1(complex(1, 1));
    expect(a.re).toBeCloseTo(0.205617, 5);
    expect(a.im).toBeCloseTo(-0.915966, 5);
    expect(L1(complex(1, -1)).im).toBeCloseTo(0.915966, 5);
  });
  it('I1 (eqs. (30)–(31)) and B0(s) − B0(q²) (eq. (29)) for m = 4.8', () => {
    // Tolerances as asserted by flavio: decimal 3 on I1, relative 1e-3 on B0diff.
    expect(I1(3.5, 0.5, 4.8, mB).re).toBeCloseTo(-0.0768, 3);
    expect(Math.abs(B0diff(3.5, 0.5, 4.8, mB).re / 0.09634 - 1)).toBeLessThan(1e-3);
  });
  it('t_⊥ (eq. (27)) for m = 4.8 and m = 0', () => {
    // Tolerances as asserted by flavio: decimal 2 absolute for m = 4.8, relative 1e-2 for m = 0.
    expect(tPerp(3.5, 0.5, 4.8, k).re).toBeCloseTo(-0.442057, 2);
    expect(Math.abs(tPerp(3.5, 0.5, 0, k).re / 5.1578 - 1)).toBeLessThan(1e-2);
  });
  it('1/λ_{B,−}(q²) → 1/λ_{B,+} − … : at q² → 0 its real part diverges like −ln q² and Im = π/ω0 (eq. (54))', () => {
    // Analytic limit: Im = π e^{−x}/ω0 with x = q²/(m_B ω0).
    const w0 = 0.3218;
    const v = inverseLambdaBMinus(1, mB, w0);
    expect(v.im).toBeCloseTo((Math.PI * Math.exp(-1 / (mB * w0))) / w0, 12);
    expect(v.re).toBeCloseTo((-Math.exp(-1 / (mB * w0)) / w0) * ei(1 / (mB * w0)), 12);
  });
});

describe('the spectator switch', () => {
  // Reference: flavio 2.7.0 (flavour-validation.json), which includes QCDF spectator scattering. With the
  // switch off this project omits it; the point of the switch is that both paths run and differ.
  const val = validation();
  const name = '<Rmue>(B0->K*ll)[1.1,6.0]';
  const ref = val.scenarios['C9mu=-1'].central[name];
  const at = (spectator: boolean): number =>
    predictFlavour({ observables: [name], wet: { C9_bsmumu: -1 }, options: { scheme: 'flavio', dataDir: inputDir, spectator } })[name];
  it('on (default) is closer to flavio than off at C9_bsmumu = −1, and within 0.5 %', () => {
    const on = at(true);
    const off = at(false);
    expect(Math.abs(on / ref - 1)).toBeLessThan(Math.abs(off / ref - 1));
    expect(Math.abs(on / ref - 1)).toBeLessThan(0.005); // the validation tolerance
  });
});
