// SMEFT → WET matching, eq. (2.6) of arXiv:2007.04400 (paper text in ../shared/paper).
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import { ALPHA_E, FLAVOUR_SMEFT_COEFFICIENTS, matchingFactorK, smeftToWet } from '../../../src/physics/flavour/matching.ts';
import { FLAVOUR_OBSERVABLE_NAMES, predictFlavour } from '../../../src/physics/flavour/predict.ts';
import { inputDir, validation } from './shared.ts';

describe('matching factor K', () => {
  it('reproduces the spec §1 numbers: K ≈ 0.256 (α = 1/137.036) and 0.239 (α = 1/127.9) for y_t = 0.94, μ_EW = 173 GeV', () => {
    // Spec quotes three digits (v = 246.22, ln(1000/173) = 1.754) → tolerance 0.0015.
    expect(Math.abs(matchingFactorK({ alphaE: 'alpha0', yt: 'msbar', muEW: 173 }) - 0.256)).toBeLessThan(0.0015);
    expect(Math.abs(matchingFactorK({ alphaE: 'alphaMZ', yt: 'msbar', muEW: 173 }) - 0.239)).toBeLessThan(0.0015);
  });
  it('equals the analytic π v²/(α Λ²)(y_t/4π)² ln(Λ/m_t) with the default choices (1e-12)', () => {
    const v = 246.2197;
    const yt = (Math.SQRT2 * 172.76) / v;
    const expected = ((Math.PI * v * v) / (ALPHA_E.alpha0 * 1e6)) * (yt / (4 * Math.PI)) ** 2 * Math.log(1000 / 172.76);
    expect(Math.abs(matchingFactorK() / expected - 1)).toBeLessThan(1e-12);
  });
});

describe('eq. (2.6) sign structure', () => {
  const K = matchingFactorK();
  const cases: [string, number, number][] = [
    // [SMEFT coefficient, C9/K, C10/K] read off eq. (2.6)
    ['phil3', 1, -1],
    ['phil1', -1, 1],
    ['phie', -1, -1],
    ['lu', 1, -1],
    ['eu', 1, 1],
  ];
  for (const [op, s9, s10] of cases) {
    it(`${op}: C9 = ${s9}K, C10 = ${s10}K, for each lepton separately (exact)`, () => {
      const mu = op === 'lu' || op === 'eu' ? `${op}_2233` : `${op}_22`;
      const e = op === 'lu' || op === 'eu' ? `${op}_1133` : `${op}_11`;
      const wm = smeftToWet({ [mu]: 1 });
      expect([wm.C9_bsmumu, wm.C10_bsmumu, wm.C9_bsee, wm.C10_bsee]).toEqual([s9 * K, s10 * K, 0, 0]);
      const we = smeftToWet({ [e]: 1 });
      expect([we.C9_bsmumu, we.C10_bsmumu, we.C9_bsee, we.C10_bsee]).toEqual([0, 0, s9 * K, s10 * K]);
    });
  }
  it('all ten WCxf names are recognised', () => expect(FLAVOUR_SMEFT_COEFFICIENTS.length).toBe(10));
});

describe('predictFlavour', () => {
  it('SMEFT-matched and WET contributions add (C_lu_2233 = 1 ≡ C9μ = K, C10μ = −K)', () => {
    const K = matchingFactorK();
    const name = '<Rmue>(B+->Kll)[1.1,6.0]';
    const viaSmeft = predictFlavour({ observables: [name], smeft: { lu_2233: 1 }, wet: { C9_bsmumu: 0.2 }, options: { dataDir: inputDir } })[name];
    const viaWet = predictFlavour({ observables: [name], wet: { C9_bsmumu: K + 0.2, C10_bsmumu: -K }, options: { dataDir: inputDir } })[name];
    expect(Math.abs(viaSmeft - viaWet)).toBeLessThan(1e-14);
  });
  it('unknown names raise InputError naming the name', () => {
    expect(() => predictFlavour({ observables: ['<Rmue>(B+->Xll)[1.1,6.0]'], options: { dataDir: inputDir } })).toThrow(InputError);
    expect(() => predictFlavour({ observables: ['BR(Bs->mumu)'], wet: { C9_bstautau: 1 }, options: { dataDir: inputDir } })).toThrow(/C9_bstautau/);
    expect(() => predictFlavour({ observables: ['BR(Bs->mumu)'], smeft: { lq1_2223: 1 }, options: { dataDir: inputDir } })).toThrow(/lq1_2223/);
  });
  it('FLAVOUR_OBSERVABLE_NAMES contains every validation key for the decays implemented here, and all evaluate', () => {
    const val = validation();
    const implemented = (n: string): boolean => /^(<Rmue>|BR\(Bs->(mumu|ee)\))/.test(n) || /\((B0->K\*(mumu|ee)|B\+->K(mumu|ee))\)/.test(n);
    for (const s of Object.values(val.scenarios)) {
      for (const key of [...Object.keys(s.central), ...Object.keys(s.sign_anchors_and_extra_bins)].filter(implemented)) {
        expect(FLAVOUR_OBSERVABLE_NAMES, key).toContain(key);
      }
    }
    const out = predictFlavour({ observables: [...FLAVOUR_OBSERVABLE_NAMES], options: { dataDir: inputDir } });
    for (const n of FLAVOUR_OBSERVABLE_NAMES) expect(Number.isFinite(out[n]), n).toBe(true);
  });
});
