// The sampled QCD-factorisation inputs (λ_B, Gegenbauer moments, f_B) and ΔΓ_s/Γ_s of the full flavour fits:
// the per-node pieces of spectator-scattering.ts spectatorBasis, recombined at a point by spectator-point.ts,
// against spectatorShifts evaluated from scratch at the same inputs; and the point path at the central inputs
// against the fixed-input path.
import { describe, expect, it } from 'vitest';
import { VLL_NODE } from '../../../src/likelihood/flavour-point-layout.ts';
import { FlavourTheory } from '../../../src/physics/flavour/bin-kernels.ts';
import { loadTheoryInputs } from '../../../src/physics/flavour/data-files.ts';
import { flavourParameters } from '../../../src/physics/flavour/parameters.ts';
import { POINT_LAYOUT as L, PointObservables } from '../../../src/physics/flavour/point-observables.ts';
import { SPECTATOR_INPUT, spectatorNodeShifts } from '../../../src/physics/flavour/spectator-point.ts';
import { spectatorShifts } from '../../../src/physics/flavour/spectator-scattering.ts';
import { VllPointKernel } from '../../../src/physics/flavour/vll-point-kernel.ts';
import { buildHadronicFlavourScenario } from '../../../src/scenarios/flavour-hadronic.ts';
import { inputDir } from './shared.ts';

const params = flavourParameters('hepfit', inputDir);
const inputs = loadTheoryInputs(inputDir);
const theory = new FlavourTheory(params, FlavourTheory.centralHadronic(params, inputDir), { nlo: true, spectator: true, subintervals: 2, order: 8 }, inputDir);

describe('spectator terms at sampled inputs', () => {
  // Reference: spectatorShifts (BFS01/BFS05 u integrals) rebuilt at the shifted inputs. Tolerance 1e-11 of the
  // largest |Δ| over the bin: the same sums in another association (the basis is linear in 1, a1, a2 and
  // f_B, and 1/λ_{B,±} multiply whole kernels), so only rounding separates them.
  const cases = [
    { process: 'B0->K*' as const, mV: params.mass.Kstar0, lambdaB: 0.22, a1: 0.065, a2: 0.03, fBScale: 1.03 },
    { process: 'B+->K*' as const, mV: params.mass.KstarPlus, lambdaB: 0.48, a1: 0.015, a2: 0.19, fBScale: 0.98 },
    { process: 'Bs->phi' as const, mV: 1.019461, lambdaB: 0.3, a1: 0, a2: 0.25, fBScale: 1.01 },
  ];
  for (const c of cases) {
    it(`${c.process}: Δ_−, Δ_0 at λ_B = ${c.lambdaB}, a1 = ${c.a1}, a2 = ${c.a2}, f_B × ${c.fBScale} over [0.1, 8]`, () => {
      const mB = theory.vllKinematics(c.process, 'mu').mB;
      const ffSet = c.process === 'Bs->phi' ? (inputs.BSZ2015_Bs_to_phi as typeof inputs.BSZ2015_B_to_Kstar) : inputs.BSZ2015_B_to_Kstar;
      const kernel = new VllPointKernel(theory, c.process, 'mu', { mB, mV: c.mV, tau: params.tau.B0, ffSet }, [[0.1, 8]]);
      const central = theory.spectatorInputsOf(c.process);
      const shifted = { ...central, lambdaBPlus: c.lambdaB, a1Perp: c.a1, a2Perp: c.a2, a1Para: c.a1, a2Para: c.a2, fB: central.fB * c.fBScale };
      const inp = Float64Array.from([1 / c.lambdaB, c.lambdaB, c.a1, c.a2, c.a1, c.a2, c.fBScale]);
      expect(inp.length).toBe(SPECTATOR_INPUT.size);
      const sk = { mB, mV: c.mV, mb: params.mbPole, mc: params.mcPole, mu: params.muB, alphaS: params.alphaSMuB };
      const got = new Float64Array(4);
      const nNodes = kernel.nodes.length / VLL_NODE.stride;
      const rows: [number, number, number, number][] = [];
      const refs: [number, number, number, number][] = [];
      for (let n = 0; n < nNodes; n++) {
        const o = n * VLL_NODE.stride;
        const q2 = kernel.nodes[o + VLL_NODE.q2];
        spectatorNodeShifts(kernel.nodes, o + VLL_NODE.spectator, inp, got);
        const ref = spectatorShifts(q2, sk, params.wc, shifted);
        rows.push([got[0], got[1], got[2], got[3]]);
        refs.push([ref.minus.re, ref.minus.im, ref.zero.re, ref.zero.im]);
      }
      for (let j = 0; j < 4; j++) {
        const scale = Math.max(...refs.map((r) => Math.abs(r[j])));
        expect(scale).toBeGreaterThan(0);
        rows.forEach((r, n) => expect(Math.abs(r[j] - refs[n][j]), `node ${n} part ${j}`).toBeLessThanOrEqual(1e-11 * scale));
      }
      // and the shift moved them: the central inputs give different Δ's (the nuisances do enter)
      const atCentral = spectatorShifts(kernel.nodes[VLL_NODE.q2], sk, params.wc, central);
      expect(Math.abs(atCentral.zero.re - refs[0][2])).toBeGreaterThan(1e-3 * Math.abs(refs[0][2]));
    });
  }
});

describe('the point path at the central inputs equals the fixed-input path', () => {
  // Same physics, the spectator terms recombined from their pieces at the cards' central λ_B, moments, f_B and
  // y_s: relative 1e-12 (rounding of the recombination).
  const names = [
    '<P5p>(B0->K*mumu)[1.1,2.5]',
    '<FL>(B0->K*mumu)[4.0,6.0]',
    '<dBR/dq2>(B+->K*mumu)[1.1,6.0]',
    '<dBR/dq2>(Bs->phimumu)[1.0,6.0]',
    '<FL>(Bs->phimumu)[2.0,5.0]',
    '<Rmue>(B0->K*ll)[0.045,1.1]',
    'BR(B0->K*gamma)',
    'BR(Bs->phigamma)',
    'BR(Bs->mumu)',
  ];
  it('9 observables of K*, φ, radiative and B_s → μμ', () => {
    const fixed = new PointObservables(names, theory, 'lhcb', inputDir, 'pdd', {}, false);
    const sampled = new PointObservables(names, theory, 'lhcb', inputDir, 'pdd', {}, true);
    const x = new Float64Array(L.size);
    x.set(inputs.BSZ2015_B_to_Kstar.central, L.ffKstar);
    x.set((inputs.BSZ2015_Bs_to_phi as { central: number[] }).central, L.ffPhi);
    x.set(inputs.FNALMILC2015_B_to_K_BCL.central, L.ffK);
    x[L.fBs] = params.fBs;
    x[L.npMu] = -0.7;
    const k = theory.spectatorInputsOf('B0->K*');
    const p = theory.spectatorInputsOf('Bs->phi');
    x.set([k.lambdaBPlus, k.a1Perp, k.a2Perp, k.a1Para, k.a2Para], L.spectatorKstar);
    x.set([p.lambdaBPlus, p.a1Perp, p.a2Perp, p.a1Para, p.a2Para], L.spectatorPhi);
    x[L.fBsOverFBd] = params.fBs / k.fB;
    x[L.dGammaOverGammaS] = 2 * params.ys;
    const a = new Float64Array(names.length);
    const b = new Float64Array(names.length);
    fixed.evaluate(x, 0, a, 0);
    sampled.evaluate(x, 0, b, 0);
    names.forEach((n, i) => expect(Math.abs(b[i] - a[i]), n).toBeLessThanOrEqual(1e-12 * Math.abs(a[i])));
    // ΔΓ_s/Γ_s moves the B_s modes only
    x[L.dGammaOverGammaS] = 2 * params.ys + 0.02;
    sampled.evaluate(x, 0, b, 0);
    names.forEach((n, i) => (n.includes('Bs') ? expect(b[i], n).not.toBe(a[i]) : expect(Math.abs(b[i] - a[i]), n).toBeLessThanOrEqual(1e-12 * Math.abs(a[i]))));
  });
});

describe('flavour-pdd samples the spectator nuisances', () => {
  it('six more parameters with the cards’ priors, and spectatorNuisances: false removes them', () => {
    const on = buildHadronicFlavourScenario({ variant: 'flavour-pdd', data: '2020', dataDir: inputDir });
    const off = buildHadronicFlavourScenario({ variant: 'flavour-pdd', data: '2020', dataDir: inputDir, spectatorNuisances: false });
    expect(on.parameters.length - off.parameters.length).toBe(6);
    const byName = new Map(on.parameters.map((p) => [p.name, p.prior]));
    // HEPfit 1903.09632 cards (flavour-spec.md §3.3): λ_B 0.35 ± 0.15, α1^K* 0.04 ± 0.03, α2^K* 0.11 ± 0.09, α2^φ 0.18 ± 0.08 flat
    expect(byName.get('lambdaB')).toEqual({ kind: 'flat', lower: 0.35 - 0.15, upper: 0.35 + 0.15 });
    expect(byName.get('alpha1_Kstar')).toEqual({ kind: 'flat', lower: 0.04 - 0.03, upper: 0.04 + 0.03 });
    expect(byName.get('alpha2_Kstar')).toEqual({ kind: 'flat', lower: 0.11 - 0.09, upper: 0.11 + 0.09 });
    expect(byName.get('alpha2_phi')).toEqual({ kind: 'flat', lower: 0.18 - 0.08, upper: 0.18 + 0.08 });
    expect(byName.get('fBs_over_fBd')).toEqual({ kind: 'gaussian', mean: 1.204, sd: 0.016 });
    expect(byName.get('DGs_over_Gs')).toEqual({ kind: 'gaussian', mean: 0.129, sd: 0.009 });
  });
});
