// Unit tests of the building blocks: form factors, charm loop, NLO shifts, quadrature, quadratic kernels.
import { describe, expect, it } from 'vitest';
import { FlavourTheory, smC7Prime } from '../../../src/physics/flavour/bin-kernels.ts';
import { angularCoefficients, rateFromJ, vllAmplitudes } from '../../../src/physics/flavour/b-to-kstar-ll.ts';
import { bToKRateOverGamma0, gamma0BToK } from '../../../src/physics/flavour/b-to-k-ll.ts';
import { charmLoopY } from '../../../src/physics/flavour/charm-loop.ts';
import { complex } from '../../../src/physics/flavour/complex.ts';
import { BclFormFactors } from '../../../src/physics/flavour/form-factors-bcl.ts';
import { BszFormFactors } from '../../../src/physics/flavour/form-factors-bsz.ts';
import { flavourParameters } from '../../../src/physics/flavour/parameters.ts';
import { evaluateQuadraticForm, QF_SIZE } from '../../../src/physics/flavour/quadratic-form.ts';
import { binRule } from '../../../src/physics/flavour/quadrature.ts';
import { loadTheoryInputs } from '../../../src/physics/flavour/data-files.ts';
import { CompiledObservables } from '../../../src/physics/flavour/compiled-observables.ts';
import { inputDir } from './shared.ts';

const inputs = loadTheoryInputs(inputDir);
const flavio = flavourParameters('flavio', inputDir);

describe('form factors at q² = 0 vs flavour-theory-inputs.json', () => {
  const set = inputs.BSZ2015_B_to_Kstar;
  const a0 = (label: string): number => set.central[set.parameter_labels.indexOf(label)];
  const ff = BszFormFactors.fromParameterSet(set, flavio.mass.B0, flavio.mass.Kstar0).at(0);
  it('BSZ: F(0) = α0 exactly (z(0) − z(0) = 0, pole factor 1)', () => {
    for (const f of ['A0', 'A1', 'V', 'T1', 'T23'] as const) expect(ff[f]).toBeCloseTo(a0(`a0_${f}`), 12);
    // T2(0) = T1(0) is the exact endpoint relation imposed (spec §3.1); the file's a0_T2 equals a0_T1.
    expect(ff.T2).toBeCloseTo(a0('a0_T2'), 12);
  });
  it('BSZ: A12(0) from the endpoint relation matches the fitted a0_A12 within 0.5%', () => {
    // 0.5 %: the relation uses the meson masses of the scheme, the published fit used BSZ's own m_K*.
    expect(Math.abs(ff.A12 / a0('a0_A12') - 1)).toBeLessThan(0.005);
  });
  it('FNAL/MILC BCL: f+(0) = f0(0) (kinematic constraint, not imposed in the fit) within 0.017', () => {
    // 0.017 = 1σ of b0^+ (0.014) ⊕ b0^0 (0.010) from the inputs file.
    const bcl = BclFormFactors.fromParameterSet(inputs.FNALMILC2015_B_to_K_BCL, flavio.mass.Bplus, flavio.mass.Kplus, flavio.bclPole).at(0);
    expect(Math.abs(bcl.fplus - bcl.f0)).toBeLessThan(0.017);
  });
});

describe('effective coefficients at q² = 2 GeV² (flavio inputs, flavour-spec.md §4.3)', () => {
  it('Y(2 GeV²) = 0.4013 + 0.0600 i (spec value, from flavio)', () => {
    // Tolerance 1e-3: the inputs file gives C1…C6 to 4 decimals, and 60·C5 alone then moves Y by up to
    // 60 · 5e-5 · |h(q², m_c)| ≈ 1e-3.
    const y = charmLoopY(2, flavio.wc, flavio.mcPole, flavio.mbPole, flavio.muB);
    expect(Math.abs(y.re - 0.4013)).toBeLessThan(1e-3);
    expect(Math.abs(y.im - 0.06)).toBeLessThan(1e-3);
  });
  it('C9^eff(2 GeV²) with ΔC9 = 4.35 + 0.09 i (flavio, quoted to 2 decimals → tolerance 0.005)', () => {
    const { c9 } = new FlavourTheory(flavio, FlavourTheory.centralHadronic(flavio, inputDir), undefined, inputDir).smCoefficientsAt(2);
    expect(Math.abs(c9.re - 4.35)).toBeLessThan(0.005);
    expect(Math.abs(c9.im - 0.09)).toBeLessThan(0.005);
  });
  it('C7^eff(2 GeV²) with ΔC7 is within 0.015 of flavio’s −0.371 − 0.013 i', () => {
    // 0.015: flavio's quoted value also holds its hard-spectator pieces, which are not implemented here
    // (spec §4.3 item 2); naive factorisation (−0.2915) would be 0.08 away.
    const { c7 } = new FlavourTheory(flavio, FlavourTheory.centralHadronic(flavio, inputDir), undefined, inputDir).smCoefficientsAt(2);
    expect(Math.abs(c7.re + 0.371)).toBeLessThan(0.015);
    expect(Math.abs(c7.im + 0.013)).toBeLessThan(0.005);
  });
});

describe('quadrature', () => {
  it('∫ dq²/q² over [0.045, 1.1] equals ln(1.1/0.045) to 1e-12', () => {
    const r = binRule(0.045, 1.1);
    let s = 0;
    r.nodes.forEach((q2, i) => (s += r.weights[i] / q2));
    expect(Math.abs(s - Math.log(1.1 / 0.045))).toBeLessThan(1e-12);
  });
  it('R_K* low bin is converged: doubling the sub-intervals changes it by < 1e-6 (relative)', () => {
    const had = FlavourTheory.centralHadronic(flavio, inputDir);
    const name = ['<Rmue>(B0->K*ll)[0.045,1.1]'];
    const a = new Float64Array(1);
    const b = new Float64Array(1);
    const p = { c9mu: -1, c10mu: 0.3, c9e: 0, c10e: 0 };
    new CompiledObservables(name, new FlavourTheory(flavio, had, { nlo: true, subintervals: 4, order: 16 }, inputDir)).evaluate(p, a);
    new CompiledObservables(name, new FlavourTheory(flavio, had, { nlo: true, subintervals: 8, order: 16 }, inputDir)).evaluate(p, b);
    expect(Math.abs(a[0] / b[0] - 1)).toBeLessThan(1e-6);
  });
});

describe('quadratic-form kernels equal direct evaluation', () => {
  // Reference: the same bin integral evaluated directly at the NP point (no kernel), relative 1e-10.
  const theory = new FlavourTheory(flavio, FlavourTheory.centralHadronic(flavio, inputDir), undefined, inputDir);
  const rng = ((seed) => () => ((seed = (seed * 16807) % 2147483647) / 2147483647))(12345);
  const points = Array.from({ length: 5 }, () => [4 * rng() - 2, 4 * rng() - 2]);

  it('B0 → K*μμ rate and every J_i in [1.1, 6]', () => {
    const [a, b] = [1.1, 6];
    const kin = theory.vllKinematics('B0->K*', 'mu');
    const ffs = BszFormFactors.fromParameterSet(inputs.BSZ2015_B_to_Kstar, kin.mB, kin.mV);
    const norm2 = ((flavio.GF * flavio.alphaE * Math.hypot(flavio.lambdaT.re, flavio.lambdaT.im) * kin.mB) / (Math.SQRT2 * Math.PI)) ** 2;
    const Jk = theory.vllJKernels('B0->K*', 'mu', a, b);
    const rule = binRule(a, b, 4, 16);
    for (const [c9, c10] of points) {
      const direct = new Float64Array(11);
      const J = new Float64Array(11);
      rule.nodes.forEach((q2, n) => {
        const sm = theory.smCoefficientsAt(q2);
        const spectator = theory.spectatorShiftsAt('B0->K*', q2);
        const h = vllAmplitudes(q2, kin, ffs.at(q2), { c7: sm.c7, c7p: smC7Prime(flavio), c9: complex(sm.c9.re + c9, sm.c9.im), c10: flavio.wc.C10 + c10, spectator });
        angularCoefficients(q2, kin, h, norm2, J);
        for (let i = 0; i < 11; i++) direct[i] += rule.weights[n] * flavio.tau.B0 * J[i];
      });
      const scaleJ = Math.abs(rateFromJ(direct));
      for (let i = 0; i < 11; i++) {
        // J's that vanish at this order (J7…J9 ≈ 0) are compared relative to the rate.
        expect(Math.abs(evaluateQuadraticForm(Jk, i * QF_SIZE, c9, c10) - direct[i]) / scaleJ).toBeLessThan(1e-10);
      }
    }
  });

  it('B+ → K e e rate in [1.1, 6]', () => {
    const m = flavio.mass;
    const kin = { mB: m.Bplus, mK: m.Kplus, ml: m.e, mb: flavio.mbDipole };
    const ffs = BclFormFactors.fromParameterSet(inputs.FNALMILC2015_B_to_K_BCL, kin.mB, kin.mK, flavio.bclPole);
    const g0 = gamma0BToK(flavio.GF, flavio.alphaE, Math.hypot(flavio.lambdaT.re, flavio.lambdaT.im), kin.mB) * flavio.tau.Bplus;
    const k = theory.pllRateKernel('B+->K', 'e', 1.1, 6);
    const rule = binRule(1.1, 6, 4, 16);
    for (const [c9, c10] of points) {
      let direct = 0;
      rule.nodes.forEach((q2, n) => {
        const sm = theory.smCoefficientsAt(q2);
        direct += rule.weights[n] * g0 * bToKRateOverGamma0(q2, kin, ffs.at(q2), sm.c7, complex(sm.c9.re + c9, sm.c9.im), flavio.wc.C10 + c10);
      });
      expect(Math.abs(evaluateQuadraticForm(k, 0, c9, c10) / direct - 1)).toBeLessThan(1e-10);
    }
  });
});
