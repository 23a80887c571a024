// Predictions vs flavio 2.7.0 (flavour-validation.json) at the SM and at C9_bsmumu = −1, in the flavio
// input scheme (which includes hard-spectator scattering and flavio's m_c in ΔC7). Target: 0.5 % for R_K,
// R_K* (both bins), BR(B_s → μμ), at the SM and at C9_bsmumu = −1.
import { describe, expect, it } from 'vitest';
import { predictFlavour } from '../../../src/physics/flavour/predict.ts';
import { inputDir, validation } from './shared.ts';

const val = validation();
const SCENARIOS = { SM: {}, 'C9mu=-1': { C9_bsmumu: -1 } } as const;
const predict = (names: string[], wet: Record<string, number>, nlo = true): Record<string, number> =>
  predictFlavour({ observables: names, wet, options: { scheme: 'flavio', dataDir: inputDir, nlo } });

describe('clean observables vs flavio (flavio input scheme)', () => {
  for (const [scenario, wet] of Object.entries(SCENARIOS) as [keyof typeof SCENARIOS, Record<string, number>][]) {
    const ref = val.scenarios[scenario];
    // R_K: flavio's number computed with the same FNAL/MILC BCL3 form factors (B_to_K_with_FNALMILC_BCL3_FFs).
    // 0.5 %: the validation tolerance of the issue, for every point. The residuals left (≤ 0.2 %) are of the
    // size of flavio's q²-interpolated spectator table and of the λ_u/λ_t-suppressed pieces not included.
    const cases: [string, number, number][] = [
      ['<Rmue>(B+->Kll)[1.1,6.0]', ref.B_to_K_with_FNALMILC_BCL3_FFs['<Rmue>(B+->Kll)[1.1,6.0]'], 0.005],
      ['<Rmue>(B0->K*ll)[0.045,1.1]', ref.central['<Rmue>(B0->K*ll)[0.045,1.1]'], 0.005],
      ['<Rmue>(B0->K*ll)[1.1,6.0]', ref.central['<Rmue>(B0->K*ll)[1.1,6.0]'], 0.005],
      ['BR(Bs->mumu)', ref.central['BR(Bs->mumu)'], 0.005],
    ];
    for (const [name, expected, tol] of cases) {
      it(`${scenario}: ${name} within ${tol * 100}% of flavio`, () => {
        const got = predict([name], wet)[name];
        expect(Math.abs(got / expected - 1)).toBeLessThan(tol);
      });
    }
  }

  it('LFU ratios in the low bins [0.1,0.98] within 1% of flavio (flavio extra bins; 1%: low-q² hadronic pieces left out)', () => {
    for (const [scenario, wet] of Object.entries(SCENARIOS)) {
      const ref = val.scenarios[scenario as keyof typeof SCENARIOS].sign_anchors_and_extra_bins;
      const names = ['<Rmue>(B+->Kll)[0.1,0.98]', '<Rmue>(B0->K*ll)[0.1,0.98]'];
      const got = predict(names, wet);
      for (const n of names) expect(Math.abs(got[n] / ref[n] - 1)).toBeLessThan(0.01);
    }
  });

  it('sign anchors: B0 → K*μμ angular observables agree in sign with flavio wherever |flavio| ≥ 0.05', () => {
    // Pass rule: every listed anchor with |value| ≥ 0.05 (well above the spectator/power-correction effects
    // this implementation leaves out, ≤ 0.03 in S_i per spec §4.3) must have flavio's sign.
    let checked = 0;
    for (const [scenario, wet] of Object.entries(SCENARIOS)) {
      const ref = val.scenarios[scenario as keyof typeof SCENARIOS].sign_anchors_and_extra_bins;
      const names = Object.keys(ref).filter((n) => n.includes('(B0->K*mumu)') && !n.startsWith('<dBR') && Math.abs(ref[n]) >= 0.05);
      const got = predict(names, wet);
      for (const n of names) {
        expect(Math.sign(got[n]), `${scenario} ${n}: got ${got[n]}, flavio ${ref[n]}`).toBe(Math.sign(ref[n]));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('the named SM anchors of flavour-spec.md §4.7 have flavio’s sign', () => {
    const anchors: Record<string, number> = {
      '<S4>(B0->K*mumu)[4.0,6.0]': -0.224,
      '<S5>(B0->K*mumu)[4.0,6.0]': -0.337,
      '<AFB>(B0->K*mumu)[4.0,6.0]': 0.122,
      '<FL>(B0->K*mumu)[4.0,6.0]': 0.712,
      '<P4p>(B0->K*mumu)[4.0,6.0]': -0.503,
      '<P5p>(B0->K*mumu)[4.0,6.0]': -0.758,
      '<P2>(B0->K*mumu)[4.0,6.0]': 0.293,
      '<AFB>(B0->K*mumu)[1.1,2.5]': -0.139,
      '<P5p>(B0->K*mumu)[1.1,2.5]': 0.14,
      '<P2>(B0->K*mumu)[1.1,2.5]': -0.451,
    };
    const got = predict(Object.keys(anchors), {});
    for (const [n, v] of Object.entries(anchors)) expect(Math.sign(got[n]), n).toBe(Math.sign(v));
  });
});

describe('naive factorisation reproduces the reference implementation of the spec formulas', () => {
  // flavour-validation.json naive_factorisation_crosscheck: the same formulas (BSZ2015, FNAL/MILC, flavio
  // central inputs, no ΔC7/ΔC9). Tolerance 0.3 % on rates and ratios, 0.005 absolute on angular observables:
  // the residual comes from meson masses and quadrature, not from the formulas (observed ≤ 0.15 %). The
  // reference has no SM C7′ and uses HEPfit's F_L = (3J1c − J2c)/(4Γ′), so those are switched to match.
  const naive = val.naive_factorisation_crosscheck.results;
  const map: Record<string, string> = { FL: 'FL', AFB: 'AFB', S4: 'S4', S5: 'S5', P5p: 'P5p', P4p: 'P4p', P2: 'P2' };
  for (const [scenario, wet] of [['SM', {}], ['C9mu=-1', { C9_bsmumu: -1 }], ['C9mu=-C10mu=-0.5', { C9_bsmumu: -0.5, C10_bsmumu: 0.5 }]] as const) {
    it(`${scenario}`, () => {
      const r = naive[scenario] as Record<string, Record<string, number> | number>;
      const names: string[] = ['<Rmue>(B0->K*ll)[0.045,1.1]', '<Rmue>(B0->K*ll)[1.1,6.0]', '<Rmue>(B+->Kll)[1.1,6.0]', '<dBR/dq2>(B+->Kmumu)[1.1,6.0]'];
      const bins = ['(1.1, 2.5)', '(2.5, 4.0)', '(4.0, 6.0)', '(1.1, 6.0)'];
      for (const b of bins) for (const k of Object.keys(map)) names.push(`<${k}>(B0->K*mumu)[${b.slice(1, -1).replace(' ', '')}]`);
      const got = predictFlavour({ observables: names, wet: { ...wet }, options: { scheme: 'flavio', dataDir: inputDir, nlo: false, smC7Prime: false, flDefinition: 'hepfit' } });
      expect(Math.abs(got[names[0]] / (r['RKst[0.045,1.1]'] as number) - 1)).toBeLessThan(0.003);
      expect(Math.abs(got[names[1]] / (r['RKst[1.1,6]'] as number) - 1)).toBeLessThan(0.003);
      expect(Math.abs(got[names[2]] / (r['RK[1.1,6]'] as number) - 1)).toBeLessThan(0.003);
      // The reference used flavio's f0 pole (5.63 GeV) against HEPfit's 5.711 here; f0 enters only the
      // m_μ-suppressed F_P, so 0.3 % still applies.
      expect(Math.abs(got[names[3]] / (r['BK dBR/dq2[1.1,6] (mu)'] as number) - 1)).toBeLessThan(0.003);
      for (const b of bins) {
        const ref = r[b] as Record<string, number>;
        for (const k of Object.keys(map)) {
          const n = `<${k}>(B0->K*mumu)[${b.slice(1, -1).replace(' ', '')}]`;
          expect(Math.abs(got[n] - ref[map[k]]), n).toBeLessThan(0.005);
        }
      }
    });
  }
});

describe('HEPfit input scheme', () => {
  it('BR(B_s → μμ) equals the HEPfit-scheme evaluation of flavour-validation.json within 0.3%', () => {
    // 3.448e-9 from the 1903.09632 cards; 0.3 %: the reference rounds |λ_t| to 0.04115.
    const got = predictFlavour({ observables: ['BR(Bs->mumu)'], options: { scheme: 'hepfit', dataDir: inputDir } })['BR(Bs->mumu)'];
    expect(Math.abs(got / val.HEPfit_scheme_Bs_mumu.value - 1)).toBeLessThan(0.003);
  });
});

describe('every B0 → K*ℓℓ, R ratio and B_s → ℓℓ value of flavour-validation.json (flavio scheme)', () => {
  // Rule of the issue: within 1 % of flavio, or within 10 % of flavio's theory σ where flavio gives one
  // (theory_uncertainty_flavio). Where flavio gives no σ (S_i, P_i beyond P5′ and the extra bins), the
  // absolute tolerance is 0.007 = 10 % of the smallest flavio σ of an optimised observable in these bins
  // (P5′ [4,6]: 0.076). Residuals that are left (≤ 0.0065, in P2 near its zero, P4′ [1.1,2.5], F_L [0.1,0.98],
  // and a common 3 % in the T-odd S7, S8, P6′, P8′) are of the size of the λ_u/λ_t-suppressed pieces (Yu,
  // Seidel's u-quark ΔC7,9) that are not included. B → Kℓℓ rates use a different form-factor set in flavio
  // (GRvDV 2023) and are checked against its FNAL/MILC numbers above; B_s → φμμ and the radiative modes are
  // computed by the per-point kernels and validated in bs-phi-time-integration.test.ts.
  for (const [scenario, wet] of Object.entries(SCENARIOS) as [keyof typeof SCENARIOS, Record<string, number>][]) {
    it(`${scenario}`, () => {
      const v = val.scenarios[scenario] as typeof val.scenarios.SM & { theory_uncertainty_flavio: { keys: string[]; std: number[] } };
      const sigma = new Map(v.theory_uncertainty_flavio.keys.map((k, i) => [k, v.theory_uncertainty_flavio.std[i]]));
      const ref = { ...v.sign_anchors_and_extra_bins, ...v.central };
      const names = Object.keys(ref).filter((n) => /\(B0->K\*(mumu|ee|ll)\)|Rmue|^BR\(Bs->(mumu|ee)\)$/.test(n));
      const got = predict(names, wet);
      let checked = 0;
      for (const n of names) {
        const d = Math.abs(got[n] - ref[n]);
        const s = sigma.get(n);
        const ok = d <= 0.01 * Math.abs(ref[n]) || (s !== undefined ? d <= 0.1 * s : d <= 0.007);
        expect(ok, `${n}: got ${got[n]}, flavio ${ref[n]}${s ? ` ± ${s}` : ''}`).toBe(true);
        checked++;
      }
      expect(checked).toBeGreaterThan(90);
    });
  }
});
