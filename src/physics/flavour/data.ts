/**
 * Clean b → sℓℓ measurements (R_K, R_K*, B_s → ℓℓ) of flavour-data.json for the two data eras, as the
 * Gaussian likelihood terms HEPfit would use (flavour-spec.md §9): asymmetric errors symmetrised (central
 * shifted by (σ₊ − σ₋)/2, σ = (σ₊ + σ₋)/2, stat ⊕ syst), correlations only within one experiment's block.
 *
 * era '2020' (the paper's, default): LHCb R_K 2019, LHCb R_K* 2017 (both bins), Belle R_K* 2019 (B0, B+;
 * [0.1,8] and [15,19]), B_s → μμ from LHCb 2017, ATLAS 2018, CMS 2013 (the HEPfit 1903 set), and the LHCb 2020
 * B_s → ee result the paper cites. era 'current': LHCb R_K/R_K* 2022 (4 correlated values), CMS R_K 2024,
 * the 2022 B_s → μμ combination (GSSS), LHCb 2020 B_s → ee.
 */
import path from 'node:path';
import { InputError } from '../../errors.ts';
import { flavourDataPath, readJson } from './data-files.ts';

export type FlavourDataEra = '2020' | 'current';
export const FLAVOUR_DATA_ERAS: readonly FlavourDataEra[] = ['2020', 'current'];

/** One block of correlated Gaussian measurements. */
export interface MeasurementBlock {
  source: string;
  observables: string[];
  central: number[];
  sigma: number[];
  /** Row-major correlation (identity when absent). */
  correlation?: number[][];
}

/** One value of flavour-data.json as the file writes it (flavio's raw string, parsed and symmetrised). */
export interface RawValue {
  observable: string;
  q2min?: number;
  q2max?: number;
  central?: number;
  central_symmetrised?: number;
  sigma_total?: number;
  errors_asym_plus_minus?: [number, number][];
  errors_sym?: number[];
  hepfit_gaussian?: [number, number];
  experiment?: string;
  flavio_gaussian?: string;
}
/** One measurement of flavour-data.json. */
export interface RawMeasurement {
  flavio_key?: string;
  experiment?: string;
  process?: string;
  values?: RawValue[];
  correlation?: number[][];
  hepfit_gaussian?: { central: number; sigma: number } | { q2min: number; q2max: number; central: number; sigma: number }[];
  published_value?: RawValue;
  published_values?: RawValue[];
  multivariate_normal?: { observables: string[]; central_value: number[]; standard_deviation: number[] };
}
interface RawFile {
  era_2020: { measurements: RawMeasurement[] };
  current: { measurements: RawMeasurement[] };
}

const fmt = (x: number): string => (Number.isInteger(x) ? x.toFixed(1) : String(x));
const binnedName = (v: { observable: string; q2min?: number; q2max?: number }): string =>
  v.q2min === undefined || v.q2max === undefined ? v.observable : `${v.observable}[${fmt(v.q2min)},${fmt(v.q2max)}]`;

/** HEPfit symmetrisation of central ± asymmetric ⊕ symmetric errors (spec §9). */
export function symmetrise(central: number, asym: [number, number][] = [], sym: number[] = []): { central: number; sigma: number } {
  let c = central;
  let var2 = 0;
  for (const [up, down] of asym) {
    c += (up - down) / 2;
    var2 += ((up + down) / 2) ** 2;
  }
  for (const s of sym) var2 += s * s;
  return { central: c, sigma: Math.sqrt(var2) };
}

function find(list: RawMeasurement[], pred: (m: RawMeasurement) => boolean, what: string): RawMeasurement {
  const m = list.find(pred);
  if (!m) throw new Error(`flavour-data.json: ${what} not found`);
  return m;
}

function era2020(ms: RawMeasurement[]): MeasurementBlock[] {
  const blocks: MeasurementBlock[] = [];
  const rk = find(ms, (m) => m.flavio_key === 'LHCb RK 2019', 'LHCb RK 2019');
  const rkG = rk.hepfit_gaussian as { central: number; sigma: number };
  blocks.push({ source: 'LHCb RK 2019 (HEPfit Gaussian)', observables: ['<Rmue>(B+->Kll)[1.1,6.0]'], central: [rkG.central], sigma: [rkG.sigma] });
  const rks = find(ms, (m) => m.flavio_key === 'LHCb RK* 2017', 'LHCb RK* 2017');
  for (const g of rks.hepfit_gaussian as { q2min: number; q2max: number; central: number; sigma: number }[]) {
    blocks.push({
      source: `LHCb RK* 2017 [${g.q2min},${g.q2max}] (HEPfit Gaussian)`,
      observables: [binnedName({ observable: '<Rmue>(B0->K*ll)', ...g })],
      central: [g.central],
      sigma: [g.sigma],
    });
  }
  const belle = find(ms, (m) => m.flavio_key === 'Belle RK* 2019', 'Belle RK* 2019');
  for (const v of belle.values ?? []) {
    blocks.push({ source: `Belle RK* 2019 ${binnedName(v)}`, observables: [binnedName(v)], central: [v.central_symmetrised!], sigma: [v.sigma_total!] });
  }
  const bs = find(ms, (m) => (m.process ?? '').startsWith('Bs->mu mu'), 'B_s -> mumu 2020-era entries');
  for (const v of bs.values ?? []) {
    // The HEPfit 1903 set (LHCb 2017, ATLAS 2018, CMS 2013) carries `hepfit_gaussian`; CMS 2019 and the
    // post-paper combination do not and are not used.
    if (!v.hepfit_gaussian) continue;
    blocks.push({ source: `${v.experiment} BR(Bs->mumu)`, observables: ['BR(Bs->mumu)'], central: [v.hepfit_gaussian[0]], sigma: [v.hepfit_gaussian[1]] });
  }
  return blocks;
}

function bsToEeLhcb2020(file: RawFile): MeasurementBlock {
  const m = find(file.current.measurements, (x) => x.flavio_key === 'LHCb B->ee 2020', 'LHCb B->ee 2020');
  const v = (m.values ?? []).find((x) => x.observable === 'BR(Bs->ee)');
  if (!v) throw new Error('flavour-data.json: LHCb 2020 BR(Bs->ee) value missing');
  return { source: 'LHCb 2020 BR(Bs->ee) (flavio Gaussian)', observables: ['BR(Bs->ee)'], central: [v.central_symmetrised!], sigma: [v.sigma_total!] };
}

function eraCurrent(ms: RawMeasurement[]): MeasurementBlock[] {
  const blocks: MeasurementBlock[] = [];
  const lhcb = find(ms, (m) => m.flavio_key === 'LHCb RK RK* 2022', 'LHCb RK RK* 2022');
  const values = lhcb.values ?? [];
  blocks.push({
    source: 'LHCb RK RK* 2022',
    observables: values.map(binnedName),
    central: values.map((v) => v.central_symmetrised!),
    sigma: values.map((v) => v.sigma_total!),
    correlation: lhcb.correlation,
  });
  const cms = find(ms, (m) => m.experiment === 'CMS' && (m.process ?? '').startsWith('R_K'), 'CMS R_K 2024');
  for (const v of cms.values ?? []) {
    const s = symmetrise(v.central!, v.errors_asym_plus_minus, v.errors_sym);
    blocks.push({ source: 'CMS RK 2024 (symmetrised)', observables: [binnedName(v)], central: [s.central], sigma: [s.sigma] });
  }
  const comb = find(ms, (m) => m.flavio_key === 'GSSS combination Bs->mumu 2022', 'GSSS combination Bs->mumu 2022');
  const mvn = comb.multivariate_normal!;
  const i = mvn.observables.indexOf('BR(Bs->mumu)');
  // The marginal of the 2D (B_s, B0) Gaussian in BR(B_s → μμ) alone.
  blocks.push({ source: 'GSSS 2022 combination BR(Bs->mumu)', observables: ['BR(Bs->mumu)'], central: [mvn.central_value[i]], sigma: [mvn.standard_deviation[i]] });
  return blocks;
}

export function flavourMeasurements(era: FlavourDataEra, dataDir?: string): MeasurementBlock[] {
  if (!FLAVOUR_DATA_ERAS.includes(era)) throw new InputError(`unknown flavour data era '${era}' (expected 2020 or current)`);
  const file = readJson<RawFile>(path.resolve(flavourDataPath(dataDir)));
  const blocks = era === '2020' ? era2020(file.era_2020.measurements) : eraCurrent(file.current.measurements);
  blocks.push(bsToEeLhcb2020(file));
  return blocks;
}
