import { describe, expect, it } from 'vitest';
import { conditionNumber } from '../src/numerics/condition-number.ts';
import { RandomStream } from '../src/sampler/random.ts';
import { walkersIndependent } from '../src/sampler/walkers-independent.ts';
import { readSharedJson } from './diagnostics/test-inputs.ts';

interface Case { name: string; shape: [number, number]; coords: number[][]; independent: boolean }
const cases = readSharedJson<{ walkers_independent: Case[] }>('sampler', 'peer-fixtures.json').walkers_independent;

describe('walkersIndependent reproduces every emcee verdict (peer-fixtures.json)', () => {
  it('has the eight fixture cases', () => {
    expect(cases.length).toBe(8);
  });
  for (const c of cases) {
    it(`${c.name} → ${c.independent}`, () => {
      const [nWalkers, nDim] = c.shape;
      // Exact: the verdicts were computed by emcee's own walkers_independent on these inputs.
      expect(walkersIndependent(Float64Array.from(c.coords.flat()), nWalkers, nDim)).toBe(c.independent);
    });
  }
});

describe('walkersIndependent edge cases (emcee semantics, anchors §1.1)', () => {
  it('non-finite coordinates are dependent', () => {
    const coords = Float64Array.from(cases.find((c) => c.name === 'lcg_20x5')!.coords.flat());
    expect(walkersIndependent(coords, 20, 5)).toBe(true);
    coords[7] = Infinity;
    expect(walkersIndependent(coords, 20, 5)).toBe(false);
    coords[7] = NaN;
    expect(walkersIndependent(coords, 20, 5)).toBe(false);
  });

  it('rejects a coords array that does not match nWalkers × nDim', () => {
    expect(() => walkersIndependent(new Float64Array(5), 2, 3)).toThrow(/coords has 5 entries/);
  });
});

describe('tall walker matrices (the Gram route decides only far below the threshold)', () => {
  // The reference verdict: emcee's recipe written out here (centre, divide by max|C|, by the L2 norm) and
  // the condition number by the QR + Jacobi route of conditionNumber, compared with 1e8.
  function emceeVerdict(coords: Float64Array, nWalkers: number, nDim: number): boolean {
    const c = new Float64Array(coords.length);
    for (let d = 0; d < nDim; d++) {
      let mean = 0;
      for (let w = 0; w < nWalkers; w++) mean += coords[w * nDim + d];
      mean /= nWalkers;
      let maxAbs = 0;
      for (let w = 0; w < nWalkers; w++) maxAbs = Math.max(maxAbs, Math.abs(coords[w * nDim + d] - mean));
      let norm = 0;
      for (let w = 0; w < nWalkers; w++) norm += ((coords[w * nDim + d] - mean) / maxAbs) ** 2;
      for (let w = 0; w < nWalkers; w++) c[w * nDim + d] = (coords[w * nDim + d] - mean) / maxAbs / Math.sqrt(norm);
    }
    return conditionNumber(c, nWalkers, nDim) <= 1e8;
  }

  it('near-dependent columns (cond ≈ 1/ε) get the exact route’s verdict, ε from 1e-2 to 1e-12 (3 seeds)', () => {
    const nWalkers = 400;
    const nDim = 6;
    const verdicts: boolean[] = [];
    for (const seed of [1, 2, 3]) {
      for (const epsilon of [1e-2, 1e-5, 1e-7, 1e-9, 1e-12]) {
        const random = RandomStream.fromSeed(`walkers-independent:${seed}`);
        const coords = Float64Array.from({ length: nWalkers * nDim }, () => random.normal());
        for (let w = 0; w < nWalkers; w++) coords[w * nDim + 5] = coords[w * nDim] + epsilon * random.normal();
        const verdict = walkersIndependent(coords, nWalkers, nDim);
        expect(verdict).toBe(emceeVerdict(coords, nWalkers, nDim));
        verdicts.push(verdict);
      }
    }
    // Both verdicts occur, so the cases straddle the threshold.
    expect(verdicts).toContain(true);
    expect(verdicts).toContain(false);
  });
});
