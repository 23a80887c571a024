import { describe, expect, it } from 'vitest';
import { predictEw, resolveSmInputs } from '../../../src/physics/ew/predict.ts';
import { smPoint } from '../../../src/physics/ew/sm-observables.ts';
import { type CouplingShifts, V2_OVER_LAMBDA2, W_CHANNELS, Z_FERMIONS, couplingShifts, shat2 } from '../../../src/physics/ew/smeft-couplings.ts';
import { observableShifts, smChiralCouplings } from '../../../src/physics/ew/smeft-observable-shifts.ts';
import { ourObservableName, unitWarsawCoefficients, validation } from './ew-reference.ts';

const inputs = resolveSmInputs(validation.reference_point);
const sm = smPoint(inputs);
const s2 = shat2(inputs);

/**
 * |ours − ref| ≤ 1e-3·|ref| + floor. 1e-3 relative: the requirement for linear shifts.
 * Absolute floor 1e-10 (observable units): the reference's zeros are structural (the operator does
 * not touch that coupling), which must come out as zeros here too.
 */
function expectClose(ours: number, ref: number): void {
  expect(Math.abs(ours - ref)).toBeLessThanOrEqual(1e-3 * Math.abs(ref) + 1e-10);
}

describe('input scheme constants', () => {
  it('ŝ², v²/Λ² and α(M_Z) agree with the reference to 1e-9 relative (same closed formulas)', () => {
    expect(Math.abs(s2 / validation.shat2 - 1)).toBeLessThan(1e-9);
    expect(Math.abs(V2_OVER_LAMBDA2 / validation.v2_over_Lambda2 - 1)).toBeLessThan(1e-9);
  });
});

describe('tree-level coupling shifts per TeV⁻² (smeft-ew.md §5.3)', () => {
  it.each(Object.keys(validation['coupling_shifts_per_TeV-2']))('%s', (key) => {
    const ref = validation['coupling_shifts_per_TeV-2'][key];
    const ours = couplingShifts(unitWarsawCoefficients(key), s2);
    expectClose(ours.dGF, ref.dGF);
    expectClose(ours.ds2, ref.ds2);
    expectClose(ours.dMW_over_MW, ref.dMW_over_MW);
    for (const f of Z_FERMIONS) {
      expectClose(ours.dgL[f], ref.dgL[f]);
      expectClose(ours.dgR[f], ref.dgR[f]);
    }
    for (const ch of W_CHANNELS) expectClose(ours.dgW[ch], ref.dgW[ch]);
  });
});

describe('tree-level observable shifts per TeV⁻², HEPfit scheme (smeft-ew.md §5.1–5.2)', () => {
  it.each(Object.keys(validation['linear_shift_per_TeV-2']))('%s', (key) => {
    const ref = validation['linear_shift_per_TeV-2'][key];
    const ours = observableShifts(sm, couplingShifts(unitWarsawCoefficients(key), s2));
    const vertexOnly = observableShifts(sm, couplingShifts(unitWarsawCoefficients(key), s2), 'vertex-only');
    for (const [obs, value] of Object.entries<number>(ref)) {
      if (obs === 'dVtb_over_Vtb_vertex_only') expectClose(vertexOnly.Vtb, value);
      else expectClose(ours[ourObservableName(obs)!], value);
    }
  });

  it('the fit parameters carry the U(2) identification: predictEw(phiq1_11 = 1) − SM equals the phiq1_11+22 column', () => {
    for (const stem of ['phiq1', 'phiq3', 'phiu', 'phid']) {
      const ref = validation['linear_shift_per_TeV-2'][`${stem}_11+22`];
      const names = Object.keys(ref).map(ourObservableName).filter((n): n is string => !!n);
      const withC = predictEw({ observables: names, wilson: { [`${stem}_11`]: 1 }, nuisances: validation.reference_point, tree: true });
      for (const n of names) {
        const key = n === 'Vtb' ? 'dVtb_over_Vtb_incl_universal' : n;
        expectClose(withC[n] - sm.observables[n], ref[key]);
      }
    }
  });

  it('C_ll_1221 uses the WCxf normalisation: δG_F/G_F = −½ ĉ_ll_1221 (smeft-ew.md §0)', () => {
    const shifts = couplingShifts({ ll_1221: 1 }, s2);
    expect(shifts.dGF).toBeCloseTo(-0.5 * V2_OVER_LAMBDA2, 15);
  });
});

describe('a pure normalisation shift δg = κg cancels in ratios and asymmetries (smeft-ew.md §8.7)', () => {
  const kappa = 1e-3;
  const g = smChiralCouplings(sm);
  const zero = couplingShifts({}, s2);
  const scaled: CouplingShifts = { ...zero, dgL: { ...zero.dgL }, dgR: { ...zero.dgR } };
  for (const f of Z_FERMIONS) {
    scaled.dgL[f] = kappa * g[f].gL;
    scaled.dgR[f] = kappa * g[f].gR;
  }
  const shifts = observableShifts(sm, scaled);
  // Exact cancellation up to round-off: 1e-15 relative to the observable's SM value.
  it.each(['sigma_had_nb', 'R_e', 'R_mu', 'R_tau', 'R_b', 'R_c', 'R_uc', 'A_e', 'A_mu', 'A_tau', 'A_b', 'A_c', 'A_s', 'AFB_e', 'AFB_b', 'AFB_c'])(
    '%s unchanged',
    (name) => expect(Math.abs(shifts[name])).toBeLessThan(1e-15 * Math.abs(sm.observables[name]) + 1e-300),
  );
  it('Γ_Z scales by 2κ of its tree-level value (analytic: Γ ∝ g²)', () => {
    // Γ_Z^tree ≈ Γ_Z within radiative corrections (~4 %), so δΓ_Z/(2κ Γ_Z^SM) is 1 within 5 %.
    expect(Math.abs(shifts.GammaZ / (2 * kappa * sm.observables.GammaZ) - 1)).toBeLessThan(0.05);
  });
});
