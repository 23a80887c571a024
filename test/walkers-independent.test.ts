import { describe, expect, it } from 'vitest';
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
