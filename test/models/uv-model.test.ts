/**
 * A UV model samples in its own parameters through the likelihood of the EFT fit: its compiled density
 * at a point must equal the inner scenario's density at the matched Wilson coefficients (same float64
 * arithmetic, so to 1e-9 absolute on log-densities of order 10–100), be −∞ outside the UV prior box, and
 * report the matched coefficient as a derived quantity.
 */
import { describe, expect, it } from 'vitest';
import { dataDir } from '../../src/data-dir.ts';
import { compileModel } from '../../src/engine/compile.ts';
import { buildLeptoquarkModel } from '../../src/models/leptoquark.ts';
import { buildZPrimeModel } from '../../src/models/zprime.ts';
import { zPrimeLuCoefficient } from '../../src/models/zprime-matching.ts';
import { buildCombinedScenario } from '../../src/scenarios/combined.ts';

const flavour = { theoryDraws: 20 };

describe('leptoquark model S ∼ (3,2,−7/6) on the minimal-mu likelihood', () => {
  const model = buildLeptoquarkModel({ lepton: 'mu', flavour }, '2020', dataDir());
  const inner = buildCombinedScenario({ variant: 'minimal-mu', coefficients: ['lu_2233', 'phil1_22'], data: '2020', dataDir: dataDir(), flavour });

  it('samples (M, λ), the free C_Hl(1)(22) and the SM inputs', () => {
    expect(model.parameters.map((p) => p.name)).toEqual(['M_LQ', 'lambda', 'phil1_22', 'MH', 'mt', 'als', 'dalhad', 'MZ']);
  });

  it('log p(M, λ, …) = log p_EFT(C_lu2233 = −λ²/(2M²), …), and −∞ outside the prior box', () => {
    const outer = compileModel(model.density, { backend: 'cpu', maxBatch: 8 }).density;
    const eft = compileModel(inner.density, { backend: 'cpu', maxBatch: 8 }).density;
    const nuisances = [125.1, 172.9, 0.1179, 0.02766, 91.1876];
    const uvPoints = [
      [1.2, 1.9, 0.07],
      [2.5, 4.1, 0.02],
      [1.0, 0.3, -0.05],
      [0.9, 1.0, 0.0], // M below the 1 TeV edge of the prior
    ];
    const points = Float64Array.from(uvPoints.flatMap((p) => [...p, ...nuisances]));
    const innerPoints = Float64Array.from(uvPoints.flatMap(([m, l, h]) => [-(l * l) / (2 * m * m), h, ...nuisances]));
    const a = new Float64Array(4);
    const b = new Float64Array(4);
    outer.logProbBatch(points, 4, a);
    eft.logProbBatch(innerPoints, 4, b);
    for (let i = 0; i < 3; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-9);
    expect(a[3]).toBe(-Infinity);
    const derived = model.derived.find((q) => q.name === 'lu_2233')!;
    expect(derived.evaluate(points.subarray(0, 8))).toBeCloseTo(-(1.9 * 1.9) / (2 * 1.44), 12);
  });
});

describe('Z′ model with the vector-like lepton pair', () => {
  it('maps (ξ_T, ξ_M, Y_S/M_S, Y_T/M_T) onto C_lu2233, C_Hl(1)(22), C_Hl(3)(22) of eqs. 5.8 and 5.10', () => {
    const model = buildZPrimeModel({ hl: 'vector-like-leptons', etaOverMZprime: 0.5, vectorLikeLeptons: { singlet: 0, triplet: 0 }, flavour }, '2020', dataDir());
    expect(model.parameters.slice(0, 4).map((p) => p.name)).toEqual(['xi_T', 'xi_M', 'yS_over_MS', 'yT_over_MT']);
    const theta = Float64Array.from([1, 2, 0.6, 0.4, 125.1, 172.9, 0.1179, 0.02766, 91.1876]);
    const value = (name: string) => model.derived.find((q) => q.name === name)!.evaluate(theta);
    expect(value('lu_2233')).toBeCloseTo(zPrimeLuCoefficient({ mZprimeTeV: 1, etaTeV: 0.5, xiT: 1, xiM: 2 }), 12);
    expect(value('phil1_22')).toBeCloseTo(0.09 + 3 * 0.04, 12);
    expect(value('phil3_22')).toBeCloseTo(-0.09 + 0.04, 12);
  });
});
