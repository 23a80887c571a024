import { describe, expect, it } from 'vitest';
import { buildEwScenario, ewLikelihoodModel } from '../../../src/scenarios/ew.ts';
import { effectiveMixingAngles } from '../../../src/physics/ew/effective-mixing-angles.ts';
import { resolveSmInputs } from '../../../src/physics/ew/predict.ts';
import { V2_OVER_LAMBDA2 } from '../../../src/physics/ew/smeft-couplings.ts';
import { inputDir, validation } from './ew-reference.ts';

const ew = buildEwScenario({ variant: 'ew', dataDir: inputDir });
const tree = buildEwScenario({ variant: 'ew-tree', dataDir: inputDir });
const sl4f = buildEwScenario({ variant: 'ew-sl4f', dataDir: inputDir });

function thetaAt(names: string[], values: Record<string, number>, nuisances: Record<string, number>): Float64Array {
  return Float64Array.from(names, (n) => values[n] ?? nuisances[n] ?? 0);
}

describe('EW scenario variants (paper §3)', () => {
  it('ew and ew-tree float the 17 operators of eqs. 2.2, 2.8, 2.9 plus 5 nuisances; ew-sl4f the 4 SL-4F ones', () => {
    expect(ew.parameters.filter((p) => p.role === 'wc')).toHaveLength(17);
    expect(tree.parameters.map((p) => p.name)).toEqual(ew.parameters.map((p) => p.name));
    expect(sl4f.parameters.filter((p) => p.role === 'wc').map((p) => p.name)).toEqual(['lu_1133', 'lu_2233', 'eu_1133', 'eu_2233']);
    expect(ew.parameters.filter((p) => p.role === 'nuisance').map((p) => p.name)).toEqual(['MH', 'mt', 'als', 'dalhad', 'MZ']);
    expect(ew.info.running).toBe(true);
    expect(tree.info.running).toBe(false);
  });

  it('start boxes: WCs at 0, nuisances at their central values, widths 0.1 × expected sd', () => {
    for (const s of [ew, tree, sl4f]) {
      for (const p of s.parameters) {
        expect(p.start.width).toBeGreaterThan(0);
        expect(Number.isFinite(p.start.width)).toBe(true);
        if (p.role === 'wc') expect(p.start.center).toBe(0);
        if (p.name === 'mt') expect(p.start.width).toBeCloseTo(0.1 * 0.3, 12); // ew-data.json: m_t error 0.3 GeV
        if (p.prior.kind === 'flat' && p.role === 'wc') expect(p.prior.upper).toBeGreaterThanOrEqual(10 * 10 * p.start.width);
      }
    }
  });

  it('derived δg_Z of eq. 4.1 at a tree-level point: −½ ĉ_Hl1 / g_L^SM for C_Hl1_11, −½ ĉ_He / g_R^SM for C_He_22', () => {
    const nuis = validation.reference_point;
    const s2 = effectiveMixingAngles(resolveSmInputs(nuis)).lepton;
    const names = tree.parameters.map((p) => p.name);
    const theta = thetaAt(names, { phil1_11: 0.1, phie_22: -0.2 }, nuis);
    const value = (name: string): number => tree.derived.find((d) => d.name === name)!.evaluate(theta);
    // Analytic (smeft-ew.md §2 vertex terms; neither operator has a universal piece).
    expect(value('delta_gZ_ee_L')).toBeCloseTo((-0.5 * 0.1 * V2_OVER_LAMBDA2) / (-0.5 + s2), 14);
    expect(value('delta_gZ_mumu_R')).toBeCloseTo((-0.5 * -0.2 * V2_OVER_LAMBDA2) / s2, 14);
    expect(Math.abs(value('delta_gZ_ee_R'))).toBe(0);
    expect(Math.abs(value('delta_gZ_mumu_L'))).toBe(0);
  });

  it('derived δg_Z^μμ,L in ew-sl4f follows eq. 2.7 (coefficient from ew-validation LL_running)', () => {
    const nuis = validation.reference_point;
    const s2 = effectiveMixingAngles(resolveSmInputs(nuis)).lepton;
    const names = sl4f.parameters.map((p) => p.name);
    const theta = thetaAt(names, { lu_2233: 2 }, nuis);
    const got = sl4f.derived.find((d) => d.name === 'delta_gZ_mumu_L')!.evaluate(theta);
    const eq27 = validation.LL_running['eq2.7_coefficient_-3(yt v/(4 pi Lambda))^2 ln(Lambda/mt)'];
    // 1e-9 relative: same closed formula, only round-off differs.
    expect(Math.abs(got / ((2 * eq27) / (-0.5 + s2)) - 1)).toBeLessThan(1e-9);
  });

  it('bad options raise InputError', () => {
    expect(() => buildEwScenario({ variant: 'ew-sl4f', running: false, dataDir: inputDir })).toThrowError(expect.objectContaining({ name: 'InputError' }));
    // @ts-expect-error unknown variant on purpose
    expect(() => buildEwScenario({ variant: 'ew-lfu', dataDir: inputDir })).toThrowError(expect.objectContaining({ name: 'InputError', message: expect.stringContaining("'ew-lfu'") }));
  });

  it('ewLikelihoodModel serves the combined fits: all 21 coefficients then the nuisances', () => {
    const model = ewLikelihoodModel({ dataDir: inputDir, wilsonCoefficients: ['lu_2233', 'phil1_22', 'eu_2233', 'phie_22'] });
    expect(model.parameterNames.slice(0, 4)).toEqual(['lu_2233', 'phil1_22', 'eu_2233', 'phie_22']);
    // Eq. 2.7: C_lu_2233 acts as C_Hl1_22 scaled by 6ε (ε = 0.0109481, smeft-ew.md §6.2) in every column.
    const npar = model.parameterNames.length;
    for (let r = 0; r < model.observableNames.length; r++) {
      const lu = model.jacobian[r * npar];
      const hl1 = model.jacobian[r * npar + 1];
      expect(Math.abs(lu - 6 * 0.0109481 * hl1)).toBeLessThanOrEqual(1e-5 * Math.abs(hl1) + 1e-15);
    }
  });
});
