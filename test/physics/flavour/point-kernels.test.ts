// Per-point kernels with free hadronic inputs (vll-point-kernel.ts, pll-point-kernel.ts) against the direct
// evaluation of the amplitude code (b-to-kstar-ll.ts, b-to-k-ll.ts) at the same quadrature nodes, and the PDD
// flat direction of flavour-spec.md §4.4/§10.4.
import { describe, expect, it } from 'vitest';
import { FlavourTheory, smC7Prime } from '../../../src/physics/flavour/bin-kernels.ts';
import { flavourParameters } from '../../../src/physics/flavour/parameters.ts';
import { loadTheoryInputs } from '../../../src/physics/flavour/data-files.ts';
import { BszFormFactors } from '../../../src/physics/flavour/form-factors-bsz.ts';
import { BclFormFactors } from '../../../src/physics/flavour/form-factors-bcl.ts';
import { angularCoefficients, vllAmplitudes } from '../../../src/physics/flavour/b-to-kstar-ll.ts';
import { bToKRateOverGamma0, gamma0BToK } from '../../../src/physics/flavour/b-to-k-ll.ts';
import { complex } from '../../../src/physics/flavour/complex.ts';
import { binRule } from '../../../src/physics/flavour/quadrature.ts';
import { VllPointKernel, N_J } from '../../../src/physics/flavour/vll-point-kernel.ts';
import { PllPointKernel } from '../../../src/physics/flavour/pll-point-kernel.ts';
import { angularFromJ } from '../../../src/physics/flavour/observables.ts';
import { inputDir } from './shared.ts';

const params = flavourParameters('flavio', inputDir);
const options = { nlo: true, spectator: true, subintervals: 2, order: 8 };
const theory = new FlavourTheory(params, FlavourTheory.centralHadronic(params, inputDir), options, inputDir);
const inputs = loadTheoryInputs(inputDir);
const bsz = inputs.BSZ2015_B_to_Kstar;
const bcl = inputs.FNALMILC2015_B_to_K_BCL;
const BINS: [number, number][] = [
  [0.1, 0.98],
  [1.1, 2.5],
  [4.0, 6.0],
];
const rng = ((seed) => () => ((seed = (seed * 16807) % 2147483647) / 2147483647))(2024);
/** A form-factor point: central ± 2σ uniformly per coefficient (not a correlated draw; exactness test only). */
const shifted = (set: { central: number[]; uncertainty: number[] }): number[] => set.central.map((c, i) => c + (4 * rng() - 2) * set.uncertainty[i]);

describe('B → K*μμ point kernel equals the amplitude code at every node', () => {
  const kin = theory.vllKinematics('B0->K*', 'mu');
  const kernel = new VllPointKernel(theory, 'B0->K*', 'mu', { mB: kin.mB, mV: kin.mV, tau: params.tau.B0, ffSet: bsz }, BINS);
  const norm2 = ((params.GF * params.alphaE * Math.hypot(params.lambdaT.re, params.lambdaT.im) * kin.mB) / (Math.SQRT2 * Math.PI)) ** 2;
  for (let trial = 0; trial < 3; trial++) {
    it(`random form factors, NP and PDD h_λ point ${trial}`, () => {
      const ff = shifted(bsz);
      const [c9, c10] = [2 * rng() - 1, 2 * rng() - 1];
      // complex h: the universal h_−^(0), h_−^(1) at their prior scale, helicity-specific ones at theirs (spec §5.1)
      const hScale = [2e-3, 1e-4, 0.1, 4e-4, 5e-4, 1, 1e-4, 1e-4];
      const h = hScale.flatMap((s) => [s * (2 * rng() - 1), s * (2 * rng() - 1)]);
      const x = Float64Array.from([c9, c10, ...ff, ...h]);
      const got = new Float64Array(BINS.length * N_J);
      kernel.evaluate(x, 0, 2, 23, got, 0);
      const ffs = BszFormFactors.fromParameterSet(bsz, kin.mB, kin.mV, ff);
      const J = new Float64Array(N_J);
      BINS.forEach(([a, b], bin) => {
        const rule = binRule(a, b, options.subintervals, options.order);
        const direct = new Float64Array(N_J);
        rule.nodes.forEach((q2, n) => {
          const sm = theory.smCoefficientsAt(q2);
          const f = ffs.at(q2);
          // The PDD terms written out as in spec §4.4–4.5: ΔC7 = −h_−^(0), ΔC9 = −h_−^(1), and the polynomial
          // pieces as −(m_B²/q²)16π² h_λ, added to the spectator slots of the H_V brackets here.
          const ss = theory.spectatorShiftsAt('B0->K*', q2)!;
          const f16 = ((kin.mB * kin.mB) / q2) * 16 * Math.PI ** 2;
          const hp = [h[2] + h[8] * q2 + h[12] * q2 * q2, h[3] + h[9] * q2 + h[13] * q2 * q2];
          const hm = [h[14] * q2 * q2, h[15] * q2 * q2];
          const h0 = [Math.sqrt(q2) * (h[0] + h[6] * q2), Math.sqrt(q2) * (h[1] + h[7] * q2)];
          const amps = vllAmplitudes(q2, kin, f, {
            c7: complex(sm.c7.re - h[4], sm.c7.im - h[5]),
            c7p: smC7Prime(params),
            c9: complex(sm.c9.re + c9 - h[10], sm.c9.im - h[11]),
            c10: params.wc.C10 + c10,
            spectator: { minus: complex(ss.minus.re - f16 * hm[0], ss.minus.im - f16 * hm[1]), zero: complex(ss.zero.re - f16 * h0[0], ss.zero.im - f16 * h0[1]) },
          });
          amps.Vp = complex(amps.Vp.re - f16 * hp[0], amps.Vp.im - f16 * hp[1]);
          angularCoefficients(q2, kin, amps, norm2, J);
          for (let i = 0; i < N_J; i++) direct[i] += rule.weights[n] * params.tau.B0 * J[i];
        });
        const rate = Math.abs(0.75 * (2 * direct[0] + direct[1]) - 0.25 * (2 * direct[2] + direct[3]));
        // Same arithmetic up to association: relative 1e-12 of the bin rate.
        for (let i = 0; i < N_J; i++) expect(Math.abs(got[bin * N_J + i] - direct[i]) / rate, `bin ${bin} J${i}`).toBeLessThan(1e-12);
      });
    });
  }
});

describe('B → Kμμ point kernel equals the BHP rate code', () => {
  it('random BCL coefficients and NP', () => {
    const m = params.mass;
    const kernel = new PllPointKernel(theory, 'mu', { mB: m.Bplus, mK: m.Kplus, tau: params.tau.Bplus, ffSet: bcl }, BINS);
    const kin = { mB: m.Bplus, mK: m.Kplus, ml: m.mu, mb: params.mbDipole };
    const g0 = gamma0BToK(params.GF, params.alphaE, Math.hypot(params.lambdaT.re, params.lambdaT.im), kin.mB) * params.tau.Bplus;
    for (let trial = 0; trial < 3; trial++) {
      const ff = shifted(bcl);
      const [c9, c10] = [2 * rng() - 1, 2 * rng() - 1];
      const x = Float64Array.from([c9, c10, ...ff]);
      const got = new Float64Array(BINS.length);
      kernel.evaluate(x, 0, 2, got, 0);
      const ffs = BclFormFactors.fromParameterSet(bcl, kin.mB, kin.mK, params.bclPole, ff);
      BINS.forEach(([a, b], bin) => {
        const rule = binRule(a, b, options.subintervals, options.order);
        let direct = 0;
        rule.nodes.forEach((q2, n) => {
          const sm = theory.smCoefficientsAt(q2);
          direct += rule.weights[n] * g0 * bToKRateOverGamma0(q2, kin, ffs.at(q2), sm.c7, complex(sm.c9.re + c9, sm.c9.im), params.wc.C10 + c10);
        });
        expect(Math.abs(got[bin] / direct - 1)).toBeLessThan(1e-12);
      });
    }
  });
});

describe('PDD flat direction (spec §4.4, §10.4)', () => {
  it('a lepton-universal C9^NP = δ gives the same B → K*ℓℓ predictions as h_−^(1) = −δ, for μ and e', () => {
    // Pass rule: every angular observable and rate in every bin equal to 1e-12 (an exact identity of the
    // PDD parametrisation: h_−^(1) enters all three H_V^λ as ΔC9 = −h_−^(1)); and a non-universal shift
    // (δ for muons only) is not reproduced by any h (R_K* moves), so the data can separate the two.
    const delta = -0.8;
    for (const lepton of ['mu', 'e'] as const) {
      const kin = theory.vllKinematics('B0->K*', lepton);
      const kernel = new VllPointKernel(theory, 'B0->K*', lepton, { mB: kin.mB, mV: kin.mV, tau: params.tau.B0, ffSet: bsz }, BINS);
      const np = Float64Array.from([delta, 0, ...bsz.central, ...new Array(16).fill(0)]);
      const hd = Float64Array.from([0, 0, ...bsz.central, ...new Array(16).fill(0)]);
      hd[2 + 21 + 10] = -delta; // Re h_−^(1)
      const a = new Float64Array(BINS.length * N_J);
      const b = new Float64Array(BINS.length * N_J);
      kernel.evaluate(np, 0, 2, 23, a, 0);
      kernel.evaluate(hd, 0, 2, 23, b, 0);
      for (let bin = 0; bin < BINS.length; bin++) {
        for (const kind of ['FL', 'AFB', 'S5', 'P5p', 'P4p'] as const) {
          expect(Math.abs(angularFromJ(kind, a, 'lhcb', bin * N_J) - angularFromJ(kind, b, 'lhcb', bin * N_J))).toBeLessThan(1e-12);
        }
        for (let i = 0; i < N_J; i++) expect(Math.abs(a[bin * N_J + i] - b[bin * N_J + i])).toBeLessThan(1e-12 * Math.abs(a[bin * N_J]));
      }
    }
    // Non-universal: C9μ = δ with h = 0 against C9μ = C9e = 0 with h_−^(1) = −δ differ in R_K*[1.1, 6].
    const rate = (lepton: 'mu' | 'e', c9: number, hm1: number): number => {
      const kin = theory.vllKinematics('B0->K*', lepton);
      const k = new VllPointKernel(theory, 'B0->K*', lepton, { mB: kin.mB, mV: kin.mV, tau: params.tau.B0, ffSet: bsz }, [[1.1, 6]]);
      const x = Float64Array.from([c9, 0, ...bsz.central, ...new Array(16).fill(0)]);
      x[2 + 21 + 10] = hm1;
      const J = new Float64Array(N_J);
      k.evaluate(x, 0, 2, 23, J, 0);
      return 0.75 * (2 * J[0] + J[1]) - 0.25 * (2 * J[2] + J[3]);
    };
    const rkstNonUniversal = rate('mu', delta, 0) / rate('e', 0, 0);
    const rkstHadronic = rate('mu', 0, -delta) / rate('e', 0, -delta);
    expect(Math.abs(rkstNonUniversal - rkstHadronic)).toBeGreaterThan(0.05);
  });
});

describe('PMD lifts the flat direction (spec §5.2)', () => {
  it('no PMD point with C9^NP = 0 reproduces a lepton-universal C9^NP = −1 (2000 prior draws), while PDD does exactly', async () => {
    // Observables: the LHCb 2020 B0 → K*μμ F_L, S5, A_FB and the LHCb 2016 dBR/dq² in the four large-recoil
    // bins, and B0 → K*ee F_L and rate in [1.1, 6]; distance χ² with the measurements' σ (full-data.ts).
    // Pass rule: min over 2000 uniform PMD prior draws of χ²(PMD, C9 = 0 vs PMD-centre, C9_LU = −1) > 1,
    // whereas the PDD point h_−^(1) = +1 reproduces C9_LU = −1 to 1e-20 (a flat direction).
    const { POINT_LAYOUT: L, PointObservables } = await import('../../../src/physics/flavour/point-observables.ts');
    const { pmdPrior } = await import('../../../src/physics/flavour/pmd.ts');
    const { fullFlavourMeasurements } = await import('../../../src/physics/flavour/full-data.ts');
    const bins = ['[1.1,2.5]', '[2.5,4.0]', '[4.0,6.0]', '[6.0,8.0]'];
    const wanted = bins.flatMap((b) => ['FL', 'S5', 'AFB', 'dBR/dq2'].map((k) => `<${k}>(B0->K*mumu)${b}`));
    const sigmaOf = new Map<string, number>();
    for (const blk of fullFlavourMeasurements('2020', inputDir)) blk.observables.forEach((o, i) => sigmaOf.has(o) || sigmaOf.set(o, blk.sigma[i]));
    const names = wanted.filter((n) => sigmaOf.has(n));
    expect(names.length).toBeGreaterThanOrEqual(12);
    const sig = names.map((n) => sigmaOf.get(n)!);
    const prior = pmdPrior(inputDir);
    const base = new Float64Array(L.size);
    base.set(bsz.central, L.ffKstar);
    base.set((inputs.BSZ2015_Bs_to_phi as { central: number[] }).central, L.ffPhi);
    base.set(bcl.central, L.ffK);
    base[L.fBs] = params.fBs;
    const centre = prior.lower.map((lo, i) => 0.5 * (lo + prior.upper[i]));
    const pmd = new PointObservables(names, theory, 'lhcb', inputDir, 'pmd');
    const target = new Float64Array(names.length);
    const x = Float64Array.from(base);
    x.set(centre, L.pmd);
    x[L.npMu] = -1;
    x[L.npE] = -1;
    pmd.evaluate(x, 0, target, 0);
    x[L.npMu] = 0;
    x[L.npE] = 0;
    const pred = new Float64Array(names.length);
    let best = Infinity;
    for (let d = 0; d < 2000; d++) {
      for (let i = 0; i < 12; i++) x[L.pmd + i] = prior.lower[i] + rng() * (prior.upper[i] - prior.lower[i]);
      pmd.evaluate(x, 0, pred, 0);
      let chi2 = 0;
      for (let i = 0; i < names.length; i++) chi2 += ((pred[i] - target[i]) / sig[i]) ** 2;
      best = Math.min(best, chi2);
    }
    expect(best).toBeGreaterThan(1);
    // PDD: the same LU shift is reproduced exactly by h_−^(1) = +1 (ΔC9 = −h_−^(1)).
    const pdd = new PointObservables(names, theory, 'lhcb', inputDir, 'pdd');
    const y = Float64Array.from(base);
    y[L.npMu] = -1;
    y[L.npE] = -1;
    const lu = new Float64Array(names.length);
    pdd.evaluate(y, 0, lu, 0);
    y[L.npMu] = 0;
    y[L.npE] = 0;
    y[L.h + 10] = 1;
    pdd.evaluate(y, 0, pred, 0);
    let chi2 = 0;
    for (let i = 0; i < names.length; i++) chi2 += ((pred[i] - lu[i]) / sig[i]) ** 2;
    expect(chi2).toBeLessThan(1e-20);
  });
});
