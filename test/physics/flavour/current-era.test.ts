// The 'current' full measurement list (full-data.ts) with the post-2020 measurements (post2020-data.ts), and
// the 2020 list left as it was.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fullFlavourMeasurements } from '../../../src/physics/flavour/full-data.ts';
import { post2020DataPath, post2020Selection } from '../../../src/physics/flavour/post2020-data.ts';
import { PointObservables } from '../../../src/physics/flavour/point-observables.ts';
import { FlavourTheory } from '../../../src/physics/flavour/bin-kernels.ts';
import { flavourParameters } from '../../../src/physics/flavour/parameters.ts';
import { inputDir } from './shared.ts';

const current = fullFlavourMeasurements('current', inputDir);
const all = current.flatMap((b) => b.observables.map((o, i) => ({ o, source: b.source, central: b.central[i], sigma: b.sigma[i] })));
const find = (o: string, source: string) => all.find((x) => x.o === o && x.source === source);

describe('current-era full measurement list', () => {
  it('2020 list unchanged: same blocks, names and numbers as before the post-2020 data were added', () => {
    // sha256 of JSON.stringify(fullFlavourMeasurements('2020')) computed with full-data.ts as it was before
    // post2020-data.ts existed (59 blocks, 122 observables); any change to the 2020 list changes it.
    const era2020 = fullFlavourMeasurements('2020', inputDir);
    expect(era2020.length).toBe(59);
    expect(createHash('sha256').update(JSON.stringify(era2020)).digest('hex')).toBe('a5599d9371b779ec921267c5d1c04c3ecbb5c21a1ea46280e28d3db8d94d6c67');
  });

  it('holds every post-2020 measurement the selection takes, with the numbers of the file', () => {
    const file = JSON.parse(readFileSync(post2020DataPath(), 'utf8')) as { measurements: { flavio_key: string; values: { observable: string; q2min?: number; q2max?: number; central_symmetrised: number; sigma_total: number }[] }[] };
    const fmt = (x: number): string => (Number.isInteger(x) ? x.toFixed(1) : String(x));
    const { blocks } = post2020Selection();
    expect(blocks.length).toBe(20);
    for (const b of blocks) {
      const m = file.measurements.find((x) => x.flavio_key === b.source)!;
      for (const o of b.observables) {
        const v = m.values.find((x) => `${x.observable}[${fmt(x.q2min!)},${fmt(x.q2max!)}]` === o)!;
        const got = find(o, b.source)!;
        expect(got, `${b.source} ${o}`).toBeDefined();
        expect([got.central, got.sigma], `${b.source} ${o}`).toEqual([v.central_symmetrised, v.sigma_total]);
      }
    }
    // worked examples from the raw strings (flavio measurements.yml @2591f8c), HEPfit symmetrisation (spec §9):
    // CMS 2024 P5′ [4.3, 6]: −0.435 +0.096 −0.101 ± 0.027 → −0.4375 ± hypot(0.0985, 0.027)
    const p5 = find('<P5p>(B0->K*mumu)[4.3,6.0]', 'CMS B->K*mumu 2024 4.3-6')!;
    expect(p5.central).toBeCloseTo(-0.4375, 12);
    expect(p5.sigma).toBeCloseTo(Math.hypot(0.0985, 0.027), 12);
    // LHCb B_s → φμμ 2021 dB/dq² [1.1, 2.5]: 3.15 ± 0.29 ± 0.07 ± 0.15 e-8
    const br = find('<dBR/dq2>(Bs->phimumu)[1.1,2.5]', 'LHCb Bs->phimumu BR 2021')!;
    expect(br.central).toBeCloseTo(3.15e-8, 20);
    expect(Math.abs(br.sigma / (Math.hypot(0.29, 0.07, 0.15) * 1e-8) - 1)).toBeLessThan(1e-12);
    // LHCb B+ → K*+μμ 2020 F_L [0.1, 0.98]: 0.34 +0.10 −0.10 ± 0.06
    const fl = find('<FL>(B+->K*mumu)[0.1,0.98]', 'LHCb B+->K*mumu 2020 S 0.1-0.98')!;
    expect(fl.central).toBe(0.34);
    expect(fl.sigma).toBeCloseTo(Math.hypot(0.1, 0.06), 12);
    // R_KS⁰ and R_K*+ (numerical likelihoods, mode ± HPD 68 %, then symmetrised): about 0.70 ± 0.20 and
    // 0.73 ± 0.17 — LHCb quotes 0.66 +0.20 −0.14 +0.02 −0.04 and 0.70 +0.18 −0.13 +0.03 −0.04 (arXiv:2110.09501)
    const rks = find('<Rmue>(B0->Kll)[1.1,6.0]', 'LHCb RKS 2021')!;
    expect(Math.abs(rks.central - 0.70)).toBeLessThan(0.01);
    expect(Math.abs(rks.sigma - 0.20)).toBeLessThan(0.01);
    const rkp = find('<Rmue>(B+->K*ll)[0.045,6.0]', 'LHCb RKstplus 2021')!;
    expect(Math.abs(rkp.central - 0.73)).toBeLessThan(0.01);
    expect(Math.abs(rkp.sigma - 0.17)).toBeLessThan(0.01);
  });

  it('keeps the newest measurement of each experiment per observable: nothing superseded remains', () => {
    const sources = new Set(current.map((b) => b.source));
    for (const gone of ['LHCb Bs->phimumu BR 2015', 'LHCb Bs->phimumu 2015 0.1-2.0 GeV^2', 'CMS B->K*mumu 2017 1-2', 'CMS B->K*mumu 2017 6-8.68']) expect(sources.has(gone), gone).toBe(false);
    // CMS 2013/15 keeps A_FB only (CMS 2024 measured F_L and P_i, not A_FB)
    const cms2015 = all.filter((x) => x.source === 'CMS B->K*mumu 2013 combined with 2015').map((x) => x.o);
    expect(cms2015.length).toBeGreaterThan(0);
    for (const o of cms2015) expect(o.startsWith('<AFB>'), o).toBe(true);
    // no observable of one experiment from two analyses; no name twice from one source
    const experiment = (s: string): string => s.split(/[\s(]/)[0];
    const kinds = new Map<string, Set<string>>();
    for (const x of all) {
      const key = `${experiment(x.source)}|${x.o.replace(/\[.*$/, '')}`;
      if (!kinds.has(key)) kinds.set(key, new Set());
      kinds.get(key)!.add(x.source.replace(/ (\d+(\.\d+)?-\d+(\.\d+)?( GeV\^2)?|\(.*\)|\[.*\])$/, ''));
    }
    for (const [key, s] of kinds) expect([...s], key).toHaveLength(1);
    const perSource = all.map((x) => `${x.source}|${x.o}`);
    expect(new Set(perSource).size).toBe(perSource.length);
    // the wide bins of the new analyses that contain finer ones are not taken
    expect(all.some((x) => x.o === '<dBR/dq2>(Bs->phimumu)[1.1,6.0]' || x.o === '<FL>(Bs->phimumu)[1.1,6.0]' || x.o === '<FL>(B+->K*mumu)[1.1,6.0]')).toBe(false);
  });

  it('every current observable is one PointObservables computes', () => {
    const params = flavourParameters('flavio', inputDir);
    const theory = new FlavourTheory(params, FlavourTheory.centralHadronic(params, inputDir), { nlo: false, subintervals: 1, order: 4 }, inputDir);
    expect(() => new PointObservables(all.map((x) => x.o), theory, 'lhcb', inputDir)).not.toThrow();
  });
});
