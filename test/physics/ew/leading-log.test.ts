import { describe, expect, it } from 'vitest';
import { leadingLogInducedCoefficients, topYukawaLogFactor } from '../../../src/physics/ew/leading-log-running.ts';
import { EW_OBSERVABLE_NAMES, predictEw, resolveSmInputs } from '../../../src/physics/ew/predict.ts';
import { HIGGS_VEV } from '../../../src/physics/ew/sm-inputs.ts';
import { smPoint } from '../../../src/physics/ew/sm-observables.ts';
import { W_CHANNELS, Z_FERMIONS, couplingShifts, shat2 } from '../../../src/physics/ew/smeft-couplings.ts';
import { observableShifts } from '../../../src/physics/ew/smeft-observable-shifts.ts';
import { ourObservableName, validation } from './ew-reference.ts';

const ll = validation.LL_running;
const inputs = resolveSmInputs(validation.reference_point);
const sm = smPoint(inputs);
const s2 = shat2(inputs);

/** 1e-3 relative (the linear-shift tolerance) with a 1e-10 absolute floor for structural zeros. */
function expectClose(ours: number, ref: number): void {
  expect(Math.abs(ours - ref)).toBeLessThanOrEqual(1e-3 * Math.abs(ref) + 1e-10);
}

describe('leading-log top-Yukawa running (smeft-ew.md §6)', () => {
  it('ε = y_t²/(16π²) ln(Λ/m_t) and the eq. 2.7 coefficient agree with the reference to 1e-9 (closed form)', () => {
    // ε itself: 0.0109481 quoted in smeft-ew.md §6.2 (6 digits).
    expect(Math.abs(topYukawaLogFactor(inputs.mt) / 0.0109481 - 1)).toBeLessThan(1e-5);
    const yt = (Math.SQRT2 * inputs.mt) / HIGGS_VEV;
    expect(Math.abs(yt / ll.yt - 1)).toBeLessThan(1e-9);
    // Paper eq. 2.7: δg_L = −3 (y_t v/(4πΛ))² ln(Λ/μ_EW) C_lu; Λ = 1000 GeV.
    const eq27 = -3 * ((yt * HIGGS_VEV) / (4 * Math.PI * 1000)) ** 2 * Math.log(1000 / inputs.mt);
    expect(Math.abs(eq27 / ll['eq2.7_coefficient_-3(yt v/(4 pi Lambda))^2 ln(Lambda/mt)'] - 1)).toBeLessThan(1e-9);
    const shifts = couplingShifts(leadingLogInducedCoefficients({ lu_2233: 1 }, inputs.mt), s2);
    expect(Math.abs(shifts.dgL.mu / eq27 - 1)).toBeLessThan(1e-12);
  });

  describe.each(Object.keys(ll.per_unit_C_at_Lambda))('source %s at 1 TeV⁻²', (source) => {
    const ref = ll.per_unit_C_at_Lambda[source];
    const induced = leadingLogInducedCoefficients({ [source]: 1 }, inputs.mt, { sources: () => true });
    it('induced coefficients at μ = m_t', () => {
      const keys = new Set([...Object.keys(induced), ...Object.keys(ref['induced_C_at_mt_TeV-2'])]);
      for (const k of keys) expectClose(induced[k] ?? 0, ref['induced_C_at_mt_TeV-2'][k] ?? 0);
    });
    it('coupling and observable shifts of the induced part', () => {
      const shifts = couplingShifts(induced, s2);
      for (const f of Z_FERMIONS) {
        expectClose(shifts.dgL[f], ref.dgL[f]);
        expectClose(shifts.dgR[f], ref.dgR[f]);
      }
      for (const ch of W_CHANNELS) expectClose(shifts.dgW[ch], ref.dgW[ch]);
      expectClose(shifts.dMW_over_MW, ref.dMW_over_MW);
      const obs = observableShifts(sm, shifts);
      const vertexOnly = observableShifts(sm, shifts, 'vertex-only');
      for (const [key, value] of Object.entries<number>(ref.observable_shifts)) {
        if (key === 'dVtb_over_Vtb_vertex_only') expectClose(vertexOnly.Vtb, value);
        else expectClose(obs[ourObservableName(key)!], value);
      }
    });
  });

  it.each(['lu_2233', 'eu_2233', 'phiq1_33'])('predictEw: running − tree for %s equals the LL block', (source) => {
    const names = [...EW_OBSERVABLE_NAMES];
    const request = { observables: names, wilson: { [source]: 1 }, nuisances: validation.reference_point };
    const full = predictEw(request);
    const tree = predictEw({ ...request, tree: true });
    const ref = ll.per_unit_C_at_Lambda[source].observable_shifts;
    for (const n of names) {
      const key = n === 'Vtb' ? 'dVtb_over_Vtb_incl_universal' : n;
      expectClose(full[n] - tree[n], ref[key] ?? 0);
    }
  });

  it('tree level: the SL-4F operators have no effect at all (they enter only through running)', () => {
    const request = { observables: [...EW_OBSERVABLE_NAMES], wilson: { lu_1133: 3, eu_2233: -2 }, tree: true };
    const out = predictEw(request);
    const smOnly = predictEw({ ...request, wilson: {} });
    for (const n of EW_OBSERVABLE_NAMES) expect(out[n]).toBe(smOnly[n]);
  });

  it("phiq1_33 'universal-only' keeps just the C_HD piece: b_L shift is the universal d-type one (smeft-ew.md §6.3)", () => {
    const induced = leadingLogInducedCoefficients({ phiq1_33: 1 }, inputs.mt, { phiq1_33Mode: 'universal-only' });
    const shifts = couplingShifts(induced, s2);
    const ref = ll.per_unit_C_at_Lambda.phiq1_33;
    expectClose(shifts.dgL.b, ref.dgL.d);
    expectClose(shifts.dMW_over_MW, ref.dMW_over_MW);
  });
});
