/**
 * The likelihood lists (data/likelihoods/<era>.yaml) against their sources, without network:
 *   2020    = HEPfit's arXiv:1903.09632 card (test/fixtures/measurements/hepfit-1903.09632-observables-excerpt.conf,
 *             silvest/HEPfit @3ae47e9d) with the substitutions the paper's §3 list makes, and = the §3 list;
 *   current = flavio's measurements.yml (test/fixtures/measurements/flavio-measurements-bsll.yml, flav-io/flavio
 *             @2591f8c3) where covered: every b → sℓℓ measurement there is used or named in `not_used`, and the
 *             used ones carry flavio's values unchanged.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fullFlavourMeasurements } from '../../src/physics/flavour/data.ts';
import { likelihoodList, measurementCatalogue } from '../../src/physics/flavour/likelihood-list.ts';
import { parseMeasurementsYaml, readMeasurements } from '../../src/physics/flavour/measurement-file.ts';
import { withBin } from '../../src/physics/flavour/observable-name.ts';
import { InputError } from '../../src/errors.ts';

const fixtures = path.join(import.meta.dirname, '..', 'fixtures', 'measurements');

/** HEPfit observable (th) → flavio name without bin. */
const HEPFIT_NAMES: Record<string, string> = {
  F_L_BdKstmu: '<FL>(B0->K*mumu)', S_3_BdKstmu: '<S3>(B0->K*mumu)', S_4_BdKstmu: '<S4>(B0->K*mumu)', S_5_BdKstmu: '<S5>(B0->K*mumu)',
  A_FB_BdKstmu: '<AFB>(B0->K*mumu)', S_7_BdKstmu: '<S7>(B0->K*mumu)', S_8_BdKstmu: '<S8>(B0->K*mumu)', S_9_BdKstmu: '<S9>(B0->K*mumu)',
  P_1_BdKstmu: '<P1>(B0->K*mumu)', P_5p_BdKstmu: '<P5p>(B0->K*mumu)', P_4p_BdKstmu: '<P4p>(B0->K*mumu)',
  BR_BdKstmu: '<dBR/dq2>(B0->K*mumu)', BR_BdKste: 'BR(B0->K*ee)', P_1_BdKste: '<P1>(B0->K*ee)', P_2_BdKste: '<P2>(B0->K*ee)',
  P_3_BdKste: '<P3>(B0->K*ee)', F_L_BdKste: '<FL>(B0->K*ee)', P_4p_BdKste: '<P4p>(B0->K*ee)', P_5p_BdKste: '<P5p>(B0->K*ee)',
  BR_BKstgamma: 'BR(B0->K*gamma)', BR_BpKstgamma: 'BR(B+->K*gamma)', BR_Bsphimu: '<dBR/dq2>(Bs->phimumu)', F_L_Bsphimu: '<FL>(Bs->phimumu)',
  S_3_Bsphimu: '<S3>(Bs->phimumu)', S_4_Bsphimu: '<S4>(Bs->phimumu)', S_7_Bsphimu: '<S7>(Bs->phimumu)', BR_Bsphigamma: 'BR(Bs->phigamma)',
  BRbar_Bsmumu: 'BR(Bs->mumu)', BRbar_Bsee: 'BR(Bs->ee)', dBR_BpKmu: '<dBR/dq2>(B+->Kmumu)', RK_BpKll: '<Rmue>(B+->Kll)',
  dBR_B0Kmu: '<dBR/dq2>(B0->Kmumu)', RKst_BdKstll: '<Rmue>(B0->K*ll)',
};

interface CardLine {
  name: string;
  source: string;
  central: number;
  sigma: number;
}
function readCard(): CardLine[] {
  const out: CardLine[] = [];
  let source = '';
  for (const line of readFileSync(path.join(fixtures, 'hepfit-1903.09632-observables-excerpt.conf'), 'utf8').split('\n')) {
    if (line.startsWith('###')) source = line.replace(/^#+\s*/, '').trim();
    const f = line.trim().split(/\s+/);
    if (f[0] !== 'Observable' && f[0] !== 'BinnedObservable') continue;
    const base = HEPFIT_NAMES[f[2]];
    expect(base, f[2]).toBeDefined();
    const binned = f[0] === 'BinnedObservable' && base.startsWith('<');
    out.push({ name: binned ? withBin(base, Number(f[11]), Number(f[12])) : base, source, central: Number(f[8]), sigma: Number(f[9]) });
  }
  return out;
}

describe('2020 likelihood = HEPfit 1903.09632 card as the paper used it', () => {
  const card = readCard();
  const blocks = fullFlavourMeasurements('2020');
  const used = blocks.flatMap((b) => b.observables.map((o, i) => ({ o, source: b.source, central: b.central[i], sigma: b.sigma[i] })));
  const usedNames = used.map((u) => u.o);

  it('has every likelihood line of the card but the documented ones, and nothing else but Belle R_K*', () => {
    expect(card).toHaveLength(125);
    // the card's B_s → μμ is three Gaussians (LHCb, ATLAS, CMS): compare as multisets
    const count = (xs: string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
    const fromCard = count(card.map((c) => c.name));
    const fromList = count(usedNames);
    const missing = [...fromCard].filter(([n, k]) => (fromList.get(n) ?? 0) < k).map(([n]) => n).sort();
    const extra = [...fromList].filter(([n, k]) => (fromCard.get(n) ?? 0) < k).map(([n]) => n).sort();
    // Left out, as data/likelihoods/2020.yaml says: LHCb 2013 B → K*ee at q² from 0.002 GeV² (photon-pole endpoint
    // not implemented) and Belle P4′ (Belle's sign convention).
    expect(missing).toEqual(
      ['<FL>(B0->K*ee)[0.002,1.12]', '<P1>(B0->K*ee)[0.002,1.12]', '<P2>(B0->K*ee)[0.002,1.12]', '<P3>(B0->K*ee)[0.002,1.12]', 'BR(B0->K*ee)',
        '<P4p>(B0->K*ee)[0.1,4.0]', '<P4p>(B0->K*ee)[4.0,8.0]', '<P4p>(B0->K*mumu)[0.1,4.0]', '<P4p>(B0->K*mumu)[4.0,8.0]'].sort(),
    );
    // Added by the paper (§3, footnote 7): Belle R_K* 2019 at large recoil.
    expect(extra).toEqual(['<Rmue>(B+->K*ll)[0.1,8.0]', '<Rmue>(B0->K*ll)[0.1,8.0]']);
  });

  it("takes HEPfit's numbers where the card's source is the paper's, and the newer analyses the paper cites elsewhere", () => {
    // Replaced by the paper's references: LHCb 2015 angular → LHCb 2020 (2003.04831, ref. [38]); ATLAS and CMS
    // conference notes → their papers (1805.04000, 1710.02846); the flat B_s → ee bound → LHCb 2020 (2003.03999).
    const replaced = new Set(['arXiv:1512.04442', 'ATLAS-CONF-2017-023', 'CMS-PAS-BPH-15-008', 'HFLAV, bound @ 90% C.L. is 2.8 x 1.e-7']);
    const replacedBy: Record<string, string> = { 'arXiv:1512.04442': '2003.04831', 'ATLAS-CONF-2017-023': '1805.04000', 'CMS-PAS-BPH-15-008': '1710.02846', 'HFLAV, bound @ 90% C.L. is 2.8 x 1.e-7': '2003.03999' };
    const catalogue = new Map(measurementCatalogue().map((m) => [m.name, m]));
    let compared = 0;
    for (const c of card) {
      const candidates = used.filter((u) => u.o === c.name);
      if (candidates.length === 0) continue;
      if (replaced.has(c.source)) {
        expect(candidates.some((u) => catalogue.get(u.source)!.arxiv === replacedBy[c.source]), `${c.name} from ${replacedBy[c.source]}`).toBe(true);
        continue;
      }
      // the card's σ is stat ⊕ syst rounded to two or three digits: 2 % (the largest rounding, B+ → K [6, 7]
      // 0.18e-8 against 0.1838e-8); centrals agree to rounding of the card's last digit
      const match = candidates.find((u) => Math.abs(u.central - c.central) <= 5e-3 * Math.abs(c.central) + 1e-15 && Math.abs(u.sigma / c.sigma - 1) < 0.025);
      expect(match, `${c.name} ${c.central} ± ${c.sigma} (${c.source}); list has ${candidates.map((u) => `${u.central} ± ${u.sigma}`).join(', ')}`).toBeDefined();
      compared++;
    }
    expect(compared).toBe(125 - 40 - 18 - 8 - 1 - 9); // all lines but the replaced (40 + 18 + 8 + 1) and the left-out 9
  });

  it("is the paper's §3 list: exactly these analyses", () => {
    // §3 bullets with the analyses behind its references (the arXiv numbers of flavour-data.json's notes):
    // B → K*ℓℓ angular ATLAS, Belle, CMS (two), LHCb (2020); BRs LHCb 2016 and CMS 2015; B → K*γ HFLAV; B → Kμμ
    // BRs LHCb 2014; B_s → φμμ and B_s → φγ LHCb; R_K, R_K* LHCb and Belle; B_s → μμ LHCb, CMS, ATLAS; B_s → ee LHCb.
    const expected = ['1805.04000', '1612.05014', '1710.02846', '1507.08126', '2003.04831', '1606.04731', 'HFLAV', '1403.8044', '1506.08777', '1209.0313', '1903.09252', '1705.05802', '1904.02440', '1703.05747', '1307.5025', '1812.03017', '2003.03999'];
    const catalogue = new Map(measurementCatalogue().map((m) => [m.name, m]));
    const analyses = new Set(used.map((u) => catalogue.get(u.source)!.arxiv ?? catalogue.get(u.source)!.experiment!));
    expect([...analyses].sort()).toEqual([...expected].sort());
  });
});

describe('current likelihood = flavio measurements.yml where covered', () => {
  const flavioText = readFileSync(path.join(fixtures, 'flavio-measurements-bsll.yml'), 'utf8');
  const flavio = parseMeasurementsYaml(flavioText) as Record<string, Record<string, unknown>>;
  const list = likelihoodList('current');
  const names = [...list.clean, ...list.hadronic].map((e) => e.name);
  const catalogue = new Map(measurementCatalogue().map((m) => [m.name, m]));
  // not in flavio @2591f8c3: the HEPfit card's per-bin ATLAS blocks (with the card's correlations), Belle P5′
  // per lepton, HFLAV B → K*γ and LHCb B_s → φγ as the card enters them, and CMS R_K 2024 (from the paper)
  const OWN = ['ATLAS B->K*mumu 2018 0.04-2', 'ATLAS B->K*mumu 2018 2-4', 'ATLAS B->K*mumu 2018 4-6', 'Belle B->K*ll 2016 P4p P5p', 'HFLAV B->K*gamma 2019', 'LHCb Bs->phigamma 2012', 'CMS RK 2024'];

  it("every b → sℓℓ measurement of flavio's file is used or named in not_used with its reason", () => {
    const fromFlavio = names.filter((n) => !OWN.includes(n));
    const notUsed = Object.keys(list.not_used ?? {});
    expect(fromFlavio.filter((n) => notUsed.includes(n))).toEqual([]);
    expect([...fromFlavio, ...notUsed].sort()).toEqual(Object.keys(flavio).sort());
    for (const [name, reason] of Object.entries(list.not_used ?? {})) expect(reason.length, name).toBeGreaterThan(10);
  });

  it("the measurements used carry flavio's values, errors and correlations unchanged", () => {
    const strip = (x: unknown): unknown =>
      Array.isArray(x) ? x.map(strip) : x && typeof x === 'object' ? Object.fromEntries(Object.entries(x).filter(([k]) => k !== 'gaussian_summary').map(([k, v]) => [k, strip(v)])) : x;
    const catalogueFile = parseMeasurementsYaml(readFileSync(path.join(import.meta.dirname, '..', '..', 'data', 'physics', 'flavour', 'measurements.yaml'), 'utf8')) as Record<string, Record<string, unknown>>;
    for (const name of names.filter((n) => !OWN.includes(n))) {
      const ours = catalogueFile[name];
      const theirs = flavio[name];
      for (const key of ['experiment', 'inspire', 'values', 'observables', 'correlation']) expect(strip(ours[key]), `${name}: ${key}`).toEqual(theirs[key]);
      expect((catalogue.get(name)!.source as { commit: string }).commit).toBe('2591f8c3e881bf43b243a803aa57f1dd7e51de9c');
    }
  });

  it("reads flavio's file as it is: every Gaussian measurement, and a one-line reason for the others", () => {
    // flavio's own text (flow sequences continued on less-indented lines, error strings such as
    // '33.2 ± 1.8 ± 1.7 e-9', upper-triangle correlations) through the one reader, measurement by measurement
    let read = 0;
    const refused = new Map<string, string>();
    for (const name of Object.keys(flavio)) {
      try {
        readMeasurements(JSON.stringify({ [name]: flavio[name] }), 'flavio');
        read++;
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        expect((e as Error).message).not.toContain('\n');
        refused.set(name, (e as Error).message);
      }
    }
    // refused: numerical likelihoods without a Gaussian summary, upper limits and the like (the likelihood is
    // Gaussian), and names that are no flavio observable name of the binned or BR(…) form
    for (const [name, why] of refused) expect(why, name).toMatch(new RegExp(`^flavio: measurement '${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}'.*(distribution|error string|unknown flavour observable|appears twice)`));
    expect(read).toBeGreaterThan(100);
  });
});
