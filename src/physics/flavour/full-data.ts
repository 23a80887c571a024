/**
 * The full b → sℓℓ measurement list of flavour-data.json for the nuisance-sampling fits (flavour-spec.md §9):
 * the clean blocks of data.ts (R_K, R_K*, B_s → ℓℓ, per era) plus every angular, branching-ratio and
 * radiative measurement of the 2020 era that PointObservables computes, as HEPfit-style Gaussians (central
 * shifted by (σ₊ − σ₋)/2, σ = (σ₊ + σ₋)/2, stat ⊕ syst: the file's central_symmetrised and sigma_total),
 * correlated within one experiment's q² bin only.
 *
 * Left out, and why: bins above 9 GeV² for rates and angular observables (HEPfit fits large recoil only, spec
 * §4.1); wide bins that contain finer bins of the same measurement ([1.1, 6] of the LHCb BR analyses,
 * [1, 6] of B_s → φμμ), which would count the same events twice; Belle P4′ (its sign convention differs from
 * LHCb's, flavour-data.json meta); LHCb B → K*ee at [0.002, 1.12] and the BR(B0 → K*ee) at very low q² (the
 * q² → 4m_e² endpoint needs the photon-pole treatment these kernels do not integrate, and A_T^Im is not
 * implemented); Belle R_K 2019 (its bins overlap; the clean-fit set of data.ts leaves it out as well).
 * 'current' takes the current LFU and B_s → μμ blocks of data.ts, CMS 2024 dB(B+ → K+μμ)/dq² with its
 * correlations, and the post-2020 measurements of post2020-data.ts (LHCb B+ → K*+μμ 2020, R_KS⁰ and R_K*+
 * 2021, B_s → φμμ 2021; CMS B0 → K*μμ 2024), and keeps the newest measurement of each experiment for each
 * observable: an observable an experiment measured again drops out of that experiment's 2020 entries (LHCb
 * B_s → φμμ 2015 angular and dB/dq²; CMS 2017 P1, P5′ and CMS 2013/15 F_L; CMS 2013/15 A_FB stays, as CMS
 * 2024 did not measure it), the rest of the 2020 list stays as it is.
 */
import path from 'node:path';
import { flavourDataPath, readJson } from './data-files.ts';
import { type FlavourDataEra, type MeasurementBlock, type RawMeasurement, type RawValue, flavourMeasurements } from './data.ts';
import { post2020Selection, supersessionKey } from './post2020-data.ts';

interface RawFile {
  era_2020: { measurements: RawMeasurement[] };
  current: { measurements: RawMeasurement[] };
}

const fmt = (x: number): string => (Number.isInteger(x) ? x.toFixed(1) : String(x));
const nameOf = (v: RawValue): string => (v.q2min === undefined || v.q2max === undefined ? v.observable! : `${v.observable}[${fmt(v.q2min)},${fmt(v.q2max)}]`);

/** Observables this list takes from the angular/BR/radiative measurements. */
function usable(v: RawValue): boolean {
  const o = v.observable ?? '';
  if (o.startsWith('BR(')) return o === 'BR(B0->K*gamma)' || o === 'BR(B+->K*gamma)' || o === 'BR(Bs->phigamma)';
  if (o.startsWith('<Rmue>')) return false; // LFU ratios come from data.ts
  if (o === '<P4p>(B0->K*mumu)' || o === '<P4p>(B0->K*ee)') return false;
  if (o.includes('K*ee)') && (v.q2min ?? 1) < 0.045) return false;
  if (o.startsWith('<ATIm>')) return false;
  if (v.q2max !== undefined && v.q2max > 9) return false;
  return /^<(FL|AFB|S\d|P\dp?|dBR\/dq2)>\((B0->K\*|Bs->phi|B\+->K|B0->K)(mumu|ee)\)$/.test(o);
}

/** Drop a value whose bin contains another bin of the same observable in the same measurement. */
function withoutContainingBins(values: RawValue[]): RawValue[] {
  return values.filter(
    (v) =>
      !values.some(
        (w) => w !== v && w.observable === v.observable && w.q2min !== undefined && v.q2min !== undefined && w.q2min >= v.q2min && w.q2max! <= v.q2max! && (w.q2min !== v.q2min || w.q2max !== v.q2max),
      ),
  );
}

function blockOf(m: RawMeasurement, keep: (v: RawValue) => boolean = () => true): MeasurementBlock | null {
  const all = m.values ?? [];
  const kept = withoutContainingBins(all.filter(usable)).filter(keep);
  if (kept.length === 0) return null;
  const idx = kept.map((v) => all.indexOf(v));
  const correlation = m.correlation ? idx.map((i) => idx.map((j) => m.correlation![i][j])) : undefined;
  return {
    source: m.flavio_key ?? `${m.experiment ?? ''} ${m.process ?? ''}`.trim(),
    observables: kept.map(nameOf),
    central: kept.map((v) => v.central_symmetrised ?? v.central!),
    sigma: kept.map((v) => v.sigma_total!),
    correlation,
  };
}

/**
 * Uncorrelated measurements of one source arrive as one block; split them so that the block structure says
 * "correlated within a q² bin only" (spec §9): blocks with a correlation matrix are kept whole.
 */
function splitUncorrelated(b: MeasurementBlock): MeasurementBlock[] {
  if (b.correlation) return [b];
  return b.observables.map((o, i) => ({ source: b.source, observables: [o], central: [b.central[i]], sigma: [b.sigma[i]] }));
}

export function fullFlavourMeasurements(era: FlavourDataEra, dataDir?: string): MeasurementBlock[] {
  const file = readJson<RawFile>(path.resolve(flavourDataPath(dataDir)));
  const blocks = flavourMeasurements(era, dataDir);
  const post2020 = era === 'current' ? post2020Selection() : null;
  for (const m of file.era_2020.measurements) {
    // current: an observable that the same experiment measured again after 2020 keeps only the new value
    const b = post2020 ? blockOf(m, (v) => !post2020.supersedes.has(supersessionKey(m.experiment, v.observable!))) : blockOf(m);
    if (b) blocks.push(...splitUncorrelated(b));
  }
  if (post2020) {
    const cms = file.current.measurements.find((m) => m.flavio_key === 'CMS B+->Kmumu BR 2024');
    const b = cms ? blockOf(cms) : null;
    if (b) blocks.push(b);
    blocks.push(...post2020.blocks);
  }
  return blocks;
}
