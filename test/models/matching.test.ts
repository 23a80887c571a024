/**
 * Tree-level matching of the UV models of paper §5 against the equations, evaluated by hand:
 * eq. 5.8 (Z′: C_lu2233 = −g_{Z′t_R} g_{Z′μ_L}/m_Z′² = −1/((1+ξ_T²)(1+ξ_M²)η²), couplings of eqs. 5.6–5.7),
 * eq. 5.10 (vector-like leptons: ±Y²/(4M²), factor 3 for the triplet in C_Hl(1)), eq. 5.12 and table 1
 * (leptoquarks: +|λ|²/M² for V ∼ (3,2,−1/6), −|λ|²/(2M²) for S ∼ (3,2,−7/6), table-1 signs for C_eu).
 * The numbers are exact rationals, so the tolerance is float64 rounding (1e-12 relative).
 */
import { describe, expect, it } from 'vitest';
import { LEPTOQUARK_STATES, leptoquarkCoefficient, leptoquarkCoefficientName } from '../../src/models/leptoquark-states.ts';
import { vectorLikeLeptonCoefficients, zPrimeCouplings, zPrimeLuCoefficient } from '../../src/models/zprime-matching.ts';

const close = (actual: number, expected: number) => expect(actual).toBeCloseTo(expected, 12);

describe('Z′ with vector-like partners (eqs. 5.6–5.8)', () => {
  it('couplings g_X/(1+ξ²) to t_R and μ_L', () => {
    const g = zPrimeCouplings(4, 1, 2);
    close(g.topRight, 2); // 4/(1+1)
    close(g.leptonLeft, 0.8); // 4/(1+4)
  });

  it('C_lu2233 = −1/((1+ξ_T²)(1+ξ_M²)η²) with g_X = m_Z′/η, in TeV⁻²', () => {
    // ξ → 0, η = m_Z′/4 = 250 GeV: −1/0.25² = −16 TeV⁻².
    close(zPrimeLuCoefficient({ mZprimeTeV: 1, etaTeV: 0.25, xiT: 0, xiM: 0 }), -16);
    // ξ_T = 1, ξ_M = 2, η = 500 GeV: −1/(2·5·0.25) = −0.4.
    close(zPrimeLuCoefficient({ mZprimeTeV: 1, etaTeV: 0.5, xiT: 1, xiM: 2 }), -0.4);
    // Depends on m_Z′ only through g_X = m_Z′/η: m_Z′ = 3 TeV at the same η gives the same C.
    close(zPrimeLuCoefficient({ mZprimeTeV: 3, etaTeV: 0.5, xiT: 1, xiM: 2 }), -0.4);
  });

  it('an opposite U(1)_X charge of the lepton partner flips the sign (electron case, §5.1)', () => {
    close(zPrimeLuCoefficient({ mZprimeTeV: 1, etaTeV: 0.5, xiT: 1, xiM: 2, partnerCharge: 'opposite' }), 0.4);
  });
});

describe('vector-like lepton pair (eq. 5.10)', () => {
  const yOverM = 0.6; // r = Y²/(4M²) = 0.09 TeV⁻²
  const only = (which: 'singlet' | 'triplet', hypercharge: 0 | 1) =>
    vectorLikeLeptonCoefficients({
      singlet: { yOverM: which === 'singlet' ? yOverM : 0, hypercharge },
      triplet: { yOverM: which === 'triplet' ? yOverM : 0, hypercharge },
    });

  it('each state alone gives the signs and the factor 3 of eq. 5.10', () => {
    const s0 = only('singlet', 0);
    close(s0.phil1, 0.09);
    close(s0.phil3, -0.09);
    const s1 = only('singlet', 1);
    close(s1.phil1, -0.09);
    close(s1.phil3, -0.09);
    const t0 = only('triplet', 0);
    close(t0.phil1, 0.27);
    close(t0.phil3, 0.09);
    const t1 = only('triplet', 1);
    close(t1.phil1, -0.27);
    close(t1.phil3, 0.09);
  });

  it("the paper's tuning: S_0 and T_0 of equal Y/M cancel in C_Hl(3) and add to 4r in C_Hl(1)", () => {
    const h = vectorLikeLeptonCoefficients({ singlet: { yOverM, hypercharge: 0 }, triplet: { yOverM, hypercharge: 0 } });
    close(h.phil1, 0.36);
    close(h.phil3, 0);
    // Electrons (C_Hl(1)11 < 0): the Y = 1 triplet with a singlet.
    const e = vectorLikeLeptonCoefficients({ singlet: { yOverM, hypercharge: 1 }, triplet: { yOverM, hypercharge: 1 } });
    close(e.phil1, -0.36);
    close(e.phil3, 0);
  });
});

describe('leptoquarks (eq. 5.12, table 1)', () => {
  it('vector V ∼ (3,2,−1/6): C_lu1133 = +|λ̃|²/M_V²', () => {
    const v = LEPTOQUARK_STATES['V_3_2_-1/6'];
    expect(leptoquarkCoefficientName(v, 1)).toBe('lu_1133');
    close(leptoquarkCoefficient(v, 1, 1), 1);
    close(leptoquarkCoefficient(v, 2, 2), 1);
    close(leptoquarkCoefficient(v, 3, 1.5), 4);
  });

  it('scalar S ∼ (3,2,−7/6): C_lu2233 = −|λ|²/(2M_S²)', () => {
    const s = LEPTOQUARK_STATES['S_3_2_-7/6'];
    expect(leptoquarkCoefficientName(s, 2)).toBe('lu_2233');
    close(leptoquarkCoefficient(s, 2, 1), -2);
    close(leptoquarkCoefficient(s, 1, 2), -0.125);
  });

  it('the C_eu states carry the signs of table 1 (V ∼ (3,1,−5/3) < 0, S ∼ (3,1,1/3) > 0)', () => {
    const v = LEPTOQUARK_STATES['V_3_1_-5/3'];
    const s = LEPTOQUARK_STATES['S_3_1_1/3'];
    expect(leptoquarkCoefficientName(v, 2)).toBe('eu_2233');
    expect(leptoquarkCoefficientName(s, 1)).toBe('eu_1133');
    expect(leptoquarkCoefficient(v, 1.3, 1.7)).toBeLessThan(0);
    expect(leptoquarkCoefficient(s, 1.3, 1.7)).toBeGreaterThan(0);
    // Same normalisations as the lu states of the same spin (vector 1/M², scalar 1/(2M²)).
    close(leptoquarkCoefficient(v, 1, 1), -1);
    close(leptoquarkCoefficient(s, 1, 1), 0.5);
  });
});
