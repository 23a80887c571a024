/**
 * The one-source formulas of the flavour physics (shared-formula.ts) and the named offsets both sides read:
 * the float64 functions built from the tables equal the hand-written expressions they replaced (exactly:
 * the same operations in the same order), the WGSL text carries the same operations with f32 literals, and
 * text outside the arithmetic the two languages share is refused.
 */
import { describe, expect, it } from 'vitest';
import { angularWgsl, eiWgsl, pmdWgsl } from '../../../kernels/flavour-formulas-wgsl.ts';
import { PDD_BLOCK, RADIATIVE_CONSTANT, SPECTATOR_CONSTANT, VLL_CONSTANT } from '../../../src/likelihood/flavour-point-layout.ts';
import { ANGULAR, angularObservable, vllRateFromJ } from '../../../src/physics/flavour/angular-table.ts';
import { EI_X_MAX, ei } from '../../../src/physics/flavour/ei-series.ts';
import { PMD_M_JPSI2, pmdPoleLimit, pmdShape } from '../../../src/physics/flavour/pmd-formula.ts';
import { float64Formula, wgslExpression } from '../../../src/physics/flavour/shared-formula.ts';
import { H_ORDER } from '../../../src/physics/flavour/vll-point-kernel.ts';
import { J_NAMES } from '../../../src/physics/flavour/b-to-kstar-ll.ts';
import { TIME_INTEGRATION, timeIntegrate } from '../../../src/physics/flavour/time-integration.ts';
import { RandomStream } from '../../../src/sampler/random.ts';

describe('shared formulas', () => {
  it('float64 angular observables equal the hand-written ratios of the J’s bit for bit', () => {
    const random = RandomStream.fromSeed('shared-formula:angular');
    // the expressions of observables.ts before the table (spec §4.7, LHCb conventions), J_NAMES order
    const reference = (kind: number, J: Float64Array, fl: number): number => {
      const g = 0.75 * (2 * J[0] + J[1]) - 0.25 * (2 * J[2] + J[3]);
      const d = 2 * Math.sqrt(-J[3] * J[2]);
      const byKind = [fl === 0 ? -J[3] / g : (3 * J[1] - J[3]) / (4 * g), (-0.75 * J[7]) / g, J[4] / g, -J[5] / g, J[6] / g, -J[8] / g, J[9] / g, -J[10] / g];
      const more = [J[4] / (2 * J[2]), -J[7] / (8 * J[2]), J[10] / (4 * J[2]), -J[5] / d, J[6] / d, -J[8] / d, J[9] / d];
      return [...byKind, ...more][kind];
    };
    for (let trial = 0; trial < 50; trial++) {
      const J = Float64Array.from({ length: 11 }, () => random.normal());
      J[2] = Math.abs(J[2]); // J2s > 0 > J2c, as for any physical bin
      J[3] = -Math.abs(J[3]);
      expect(vllRateFromJ(J, 0)).toBe(0.75 * (2 * J[0] + J[1]) - 0.25 * (2 * J[2] + J[3]));
      for (let kind = 0; kind < ANGULAR.length; kind++) for (const fl of [0, 1]) expect(angularObservable(kind, J, 0, fl)).toBe(reference(kind, J, fl));
    }
  });

  it('float64 PMD shape and pole limit equal the KMPW expressions bit for bit', () => {
    const x = Float64Array.of(9, 9, 9, 0.7, -2.1, 0.4, 9);
    for (const q2 of [0.3, 1.1, 4.7, 8.2]) expect(pmdShape(x, 3, q2)).toBe((x[3] * (1 - 1 / q2) + x[5] / q2) / (1 + (x[4] * (1 - q2)) / PMD_M_JPSI2));
    expect(pmdPoleLimit(x, 3)).toBe((x[5] - x[3]) / (1 + x[4] / PMD_M_JPSI2));
  });

  it('the WGSL text is the same formula with f32 literals and the tables’ fields', () => {
    expect(pmdWgsl()).toContain('fn pmdShape(b: u32, q2: f32) -> f32 { return (x[b + 0u] * (1.0 - 1.0 / q2) + x[b + 2u] / q2) / (1.0 + (x[b + 1u] * (1.0 - q2)) / 9.58521557); }');
    const lhcb = angularWgsl(0);
    expect(lhcb).toContain('case 0u: { return -scratch[o + 3u] / gamma; } // FL');
    expect(lhcb).toContain('default: { return scratch[o + 9u] / d; } // P8p');
    expect(angularWgsl(1)).toContain('case 0u: { return (3.0 * scratch[o + 1u] - scratch[o + 3u]) / (4.0 * gamma); } // FL');
    expect(eiWgsl()).toContain('k <= 40;');
  });

  it('refuses text outside the shared arithmetic and unknown names', () => {
    expect(() => float64Formula({ args: ['a'], body: 'a ** 2' })).toThrow(/outside the arithmetic/);
    expect(() => float64Formula({ args: ['a'], body: 'a.length' })).toThrow(/outside the arithmetic/);
    expect(() => float64Formula({ args: ['a'], body: 'a * b' })).toThrow(/unknown name 'b'/);
    expect(() => wgslExpression({ args: ['a'], body: 'Math.PI * a' })).toThrow();
    expect(float64Formula<(a: number) => number>({ args: ['a'], constants: { C: -2 }, body: 'sqrt(a) * C' })(4)).toBe(-4);
  });

  it('Ei keeps to the range where 40 terms reach float64 rounding, and matches a reference value', () => {
    // Ei(1) = 1.8951178163559367554665… (Abramowitz & Stegun Table 5.1)
    expect(ei(1)).toBeCloseTo(1.8951178163559368, 14);
    expect(() => ei(EI_X_MAX * 1.01)).toThrow(RangeError);
    expect(() => ei(0)).toThrow(RangeError);
  });

  it('the spectator constants sit at the same offsets from spectatorAt in both kernel layouts', () => {
    for (const [name, offset] of Object.entries(SPECTATOR_CONSTANT)) {
      expect(VLL_CONSTANT[name as keyof typeof VLL_CONSTANT] - VLL_CONSTANT.spectatorAt, `VLL ${name}`).toBe(offset);
      if (name in RADIATIVE_CONSTANT) expect(RADIATIVE_CONSTANT[name as keyof typeof RADIATIVE_CONSTANT] - RADIATIVE_CONSTANT.spectatorAt, `radiative ${name}`).toBe(offset);
    }
  });

  it('the PDD block names its numbers in the order of H_ORDER, re then im', () => {
    const { size, ...offsets } = PDD_BLOCK;
    expect(Object.keys(offsets)).toEqual(H_ORDER.map((name) => name.replace('_', '')));
    expect(Object.values(offsets)).toEqual(H_ORDER.map((_, i) => 2 * i));
    expect(size).toBe(2 * H_ORDER.length);
  });

  it('the time-integration table runs over the J’s in J_NAMES order and gives (J − y h/2)/(1 − y²) with the h/2 of time-integration.ts', () => {
    expect(TIME_INTEGRATION.map((r) => r.j)).toEqual([...J_NAMES]);
    const y = 0.0645;
    const J = Float64Array.from({ length: 11 }, (_, i) => 1 + 0.1 * i);
    const [h1s, h2s, h3] = [0.3, -0.2, 0.5];
    const out = Float64Array.from(J);
    timeIntegrate(out, 0, y, h1s, h2s, h3);
    // (J − y h/2)/(1 − y²) with h/2 = h1s, h2s, h3 for 1s, 2s, 3; = J for 1c, 2c, 4, 7; = 0 for 5, 6s, 8, 9
    const h = [h1s, J[1], h2s, J[3], h3, J[5], 0, 0, J[8], 0, 0];
    for (let i = 0; i < 11; i++) expect(out[i], J_NAMES[i]).toBeCloseTo((J[i] - y * h[i]) / (1 - y * y), 14);
  });
});
