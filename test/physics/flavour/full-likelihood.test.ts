// The full b → sℓℓ measurement list (full-data.ts) and the nuisance-sampling scenarios (flavour-hadronic.ts).
import { describe, expect, it } from 'vitest';
import { fullFlavourMeasurements } from '../../../src/physics/flavour/full-data.ts';
import { buildHadronicFlavourScenario } from '../../../src/scenarios/flavour-hadronic.ts';
import { choleskyLower } from '../../../src/numerics/linear-algebra.ts';
import { compileModel } from '../../../src/engine/compile.ts';
import { RandomStream } from '../../../src/sampler/random.ts';
import { ksStatistic } from '../../sampler/harness.ts';
import { inputDir } from './shared.ts';

describe('full flavour measurement list', () => {
  const era2020 = fullFlavourMeasurements('2020', inputDir);
  it('2020: HEPfit-symmetrised values as in flavour-data.json, positive-definite correlations, no nested bins', () => {
    const find = (o: string) => {
      for (const b of era2020) {
        const i = b.observables.indexOf(o);
        if (i >= 0) return { central: b.central[i], sigma: b.sigma[i] };
      }
      return undefined;
    };
    // LHCb 2020 F_L [0.1, 0.98] = 0.255 ± 0.032 ± 0.007 (stat ⊕ syst, flavour-data.json raw field)
    const fl = find('<FL>(B0->K*mumu)[0.1,0.98]')!;
    expect(fl.central).toBe(0.255);
    expect(Math.abs(fl.sigma - Math.hypot(0.032, 0.007))).toBeLessThan(1e-12);
    // spec §9's worked example: LHCb R_K* 2017 [1.1, 6] 0.69 +0.11 −0.07 ± 0.05 → 0.71 ± 0.10 (rounded)
    const rks = find('<Rmue>(B0->K*ll)[1.1,6.0]')!;
    expect(Math.abs(rks.central - 0.71)).toBeLessThan(0.005);
    expect(Math.abs(rks.sigma - 0.10)).toBeLessThan(0.005);
    for (const b of era2020) {
      if (!b.correlation) continue;
      const n = b.observables.length;
      const c = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) c[i * n + j] = b.correlation[i][j];
      expect(choleskyLower(c, n), b.source).not.toBeNull();
    }
    // a wide bin that contains finer bins of the same source is dropped (no double counting)
    expect(find('<dBR/dq2>(B+->Kmumu)[1.1,6.0]')).toBeUndefined();
    expect(era2020.flatMap((b) => b.observables).length).toBe(122);
  });
  it('current era swaps the LFU and B_s → μμ blocks and adds CMS 2024 B+ → K+μμ', () => {
    const current = fullFlavourMeasurements('current', inputDir).flatMap((b) => b.observables);
    expect(current).toContain('<Rmue>(B+->Kll)[0.1,1.1]');
    expect(current.filter((o) => o.startsWith('<dBR/dq2>(B+->Kmumu)')).length).toBeGreaterThan(8);
  });
});

describe('flavour-pdd likelihood', () => {
  it('finite at the walkers’ start, −∞ outside the PDD boxes, and it prefers a universal ΔC9 = −h_−^(1) < 0 as the 2020 data do', () => {
    // Pass rule: log p finite at the start centre; −∞ with |h_−^(0)| beyond its box; and at h = small,
    // log p(ΔC9 = −1) − log p(ΔC9 = 0) > 20 (the P5′/BR anomaly; −2Δlog L ≈ 120 at central form factors).
    const s = buildHadronicFlavourScenario({ variant: 'flavour-pdd', data: '2020', dataDir: inputDir, pddCoordinates: 'polar' });
    const { density } = compileModel(s.density, { backend: 'cpu', maxBatch: 1 });
    const theta = Float64Array.from(s.parameters, (p) => p.start.center);
    const lp = (t: Float64Array): number => {
      const out = new Float64Array(1);
      void density.logProbBatch(t, 1, out);
      return out[0];
    };
    expect(Number.isFinite(lp(theta))).toBe(true);
    const at = (name: string): number => s.parameters.findIndex((p) => p.name === name);
    const outside = Float64Array.from(theta);
    outside[at('abs_hm_0')] = 0.2;
    expect(lp(outside)).toBe(-Infinity);
    for (const p of s.parameters) if (p.name.startsWith('abs_')) theta[s.parameters.indexOf(p)] = 1e-9;
    theta[at('abs_hm_0')] = 0.015;
    theta[at('abs_hp_0')] = 1e-7;
    theta[at('arg_hm_1')] = 0;
    const base = lp(theta);
    theta[at('abs_hm_1')] = 1;
    expect(lp(theta) - base).toBeGreaterThan(20);
    expect(s.derived.map((d) => d.name)).toEqual(expect.arrayContaining(['C9_bsmumu', 'C10_bsee', 'dRK[1.0,6.0]', 'dRKstar[1.0,6.0]', 'delta_gZ_mumu_L']));
  });
});

describe('PDD disc coordinates', () => {
  const polar = buildHadronicFlavourScenario({ variant: 'flavour-pdd', data: '2020', dataDir: inputDir, pddCoordinates: 'polar' });
  const disc = buildHadronicFlavourScenario({ variant: 'flavour-pdd', data: '2020', dataDir: inputDir });
  const polarDensity = compileModel(polar.density, { backend: 'cpu', maxBatch: 1 }).density;
  const discDensity = compileModel(disc.density, { backend: 'cpu', maxBatch: 1 }).density;
  const lp = (s: typeof disc, t: Float64Array): number => {
    const out = new Float64Array(1);
    void (s === polar ? polarDensity : discDensity).logProbBatch(t, 1, out);
    return out[0];
  };

  it('give the same log p as the polar boxes at the same h (a = √(|h|/R) cos φ, b = √(|h|/R) sin φ)', () => {
    // Pass rule: equal to 1e-9 relative at 20 polar points drawn inside the boxes (same h, same form factors):
    // the two coordinate systems differ only in how h is written; round-off in the map is ~1e-16.
    const stream = RandomStream.fromSeed(7);
    const rng = (): number => stream.uniform();
    const first = polar.parameters.findIndex((p) => p.name === 'abs_h0_0');
    for (let k = 0; k < 20; k++) {
      const tp = Float64Array.from(polar.parameters, (p) => p.start.center);
      const td = Float64Array.from(disc.parameters, (p) => p.start.center);
      for (let i = 0; i < 8; i++) {
        const [rLo, rHi] = [polar.parameters[first + 2 * i].prior, polar.parameters[first + 2 * i + 1].prior];
        if (rLo.kind !== 'flat' || rHi.kind !== 'flat') throw new Error('PDD boxes are flat');
        const r = rLo.upper * (0.05 + 0.9 * rng());
        const phi = rHi.lower + (rHi.upper - rHi.lower) * rng();
        tp[first + 2 * i] = r;
        tp[first + 2 * i + 1] = phi;
        const rho = Math.sqrt(r / rLo.upper);
        td[first + 2 * i] = rho * Math.cos(phi);
        td[first + 2 * i + 1] = rho * Math.sin(phi);
      }
      const [a, b] = [lp(polar, tp), lp(disc, td)];
      expect(Number.isFinite(a)).toBe(true);
      expect(Math.abs(b - a)).toBeLessThan(1e-9 * Math.abs(a));
    }
  });

  it('carry the polar prior: flat on the disc maps to |h|/R and φ uniform (Kolmogorov–Smirnov, 3 seeds)', () => {
    // Pass rule: the KS distance of 4000 disc-uniform draws mapped to |h|/R and to φ/2π + ½ stays below
    // 1.63/√n (the 1 % critical value) for at least 2 of 3 seeds; the map h = R·(a,b)·ρ without the √ would
    // give |h|/R = ρ with density 2ρ, a KS distance of 0.25.
    const radiusAt = disc.derived.findIndex((d) => d.name === 'abs_hm_1');
    const phaseAt = disc.derived.findIndex((d) => d.name === 'arg_hm_1');
    const at = disc.parameters.findIndex((p) => p.name === 'disc_re_hm_1');
    const R = disc.derived[radiusAt].evaluate(Float64Array.from(disc.parameters, (_, i) => (i === at ? 1 : 0)));
    let passes = 0;
    for (const seed of [1, 2, 3]) {
      const stream = RandomStream.fromSeed(seed);
      const rng = (): number => stream.uniform();
      const n = 4000;
      const radius: number[] = [];
      const phase: number[] = [];
      const theta = Float64Array.from(disc.parameters, (p) => p.start.center);
      while (radius.length < n) {
        const [a, b] = [2 * rng() - 1, 2 * rng() - 1];
        if (a * a + b * b > 1) continue;
        theta[at] = a;
        theta[at + 1] = b;
        radius.push(disc.derived[radiusAt].evaluate(theta) / R);
        phase.push(disc.derived[phaseAt].evaluate(theta) / (2 * Math.PI) + 0.5);
      }
      const uniformCdf = (u: number): number => Math.min(1, Math.max(0, u));
      if (ksStatistic(Float64Array.from(radius), uniformCdf) < 1.63 / Math.sqrt(n) && ksStatistic(Float64Array.from(phase), uniformCdf) < 1.63 / Math.sqrt(n)) passes++;
    }
    expect(passes).toBeGreaterThanOrEqual(2);
  });
});
