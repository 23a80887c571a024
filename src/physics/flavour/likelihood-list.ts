/**
 * Which measurements a flavour fit uses: the era's list (data/likelihoods/<era>.yaml, smelli's shape) over the
 * catalogue (data/physics/flavour/measurements.yaml), with the named alternatives of the list and a
 * physicist's own measurements (config `model.measurements`, `--measurements`) applied, as Gaussian blocks.
 *
 * A list has two parts: `clean` (LFU ratios, B_s → ℓℓ; every flavour fit) and `hadronic` (angular, rate,
 * radiative data; added in the nuisance-sampling fits). An entry names a measurement and optionally picks some
 * of its values (their marginal: the correlation sub-matrix) and a `normalisation`: a relative systematic
 * shared by the picked values, added fully correlated off the diagonal (the stated model where an experiment
 * publishes no bin-to-bin correlation; the published total errors already contain it, so the diagonal stays).
 *
 * A user's measurement replaces the catalogue's of the same name wherever the list uses it (all its values);
 * a new name is added to `clean` when all its observables are LFU ratios or B_s → ℓℓ, else to `hadronic`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { InputError } from '../../errors.ts';
import { flavourDir } from './data-files.ts';
import { type AsymmetricErrorRule, type Measurement, gaussianOf, readMeasurements } from './measurement-file.ts';
import { assertComputable } from './point-observables.ts';

export type FlavourDataEra = '2020' | 'current';
export const FLAVOUR_DATA_ERAS: readonly FlavourDataEra[] = ['2020', 'current'];

/** One block of correlated Gaussian measurements. */
export interface MeasurementBlock {
  /** The measurement's name in the catalogue (or the user's file). */
  source: string;
  observables: string[];
  central: number[];
  sigma: number[];
  /** Row-major correlation (identity when absent). */
  correlation?: number[][];
}

/** A physicist's changes to an era's list (config `model.measurements`, resolved: files already read into `add`). */
export interface MeasurementEdits {
  /** flavio-format measurements by name (measurements.yml's top-level mapping). */
  add?: Record<string, unknown>;
  /** Measurement names to leave out. */
  drop?: string[];
  /** Named alternatives of the era's list: { bPlusToKBins: 'fine', … }. */
  alternatives?: Record<string, string>;
  asymmetricErrors?: AsymmetricErrorRule;
}

/** The data a flavour fit uses: an era, or an era with edits. */
export type FlavourData = FlavourDataEra | { era: FlavourDataEra; edits?: MeasurementEdits };

export const eraOf = (data: FlavourData): FlavourDataEra => (typeof data === 'string' ? data : data.era);

interface ListEntry {
  name: string;
  values?: string[];
  normalisation?: number;
}
interface LikelihoodList {
  era: string;
  clean: ListEntry[];
  hadronic: ListEntry[];
  alternatives?: Record<string, { default: string; doc?: string; choices: Record<string, ListEntry[]> }>;
  not_used?: Record<string, string>;
}

/** The catalogue and the lists are the package's own (never a reference folder's). */
export const catalogueFile = (): string => path.join(flavourDir(), 'measurements.yaml');
export const likelihoodListFile = (era: FlavourDataEra): string => path.join(flavourDir(), '..', '..', 'likelihoods', `${era}.yaml`);

let catalogueCache: Measurement[] | undefined;
export function measurementCatalogue(): Measurement[] {
  catalogueCache ??= readMeasurements(readFileSync(catalogueFile(), 'utf8'), 'data/physics/flavour/measurements.yaml');
  return catalogueCache;
}

const listCache = new Map<FlavourDataEra, LikelihoodList>();
export function likelihoodList(era: FlavourDataEra): LikelihoodList {
  if (!FLAVOUR_DATA_ERAS.includes(era)) throw new InputError(`unknown flavour data era '${era}' (expected 2020 or current)`);
  const hit = listCache.get(era);
  if (hit) return hit;
  const raw = parseYaml(readFileSync(likelihoodListFile(era), 'utf8')) as Record<string, unknown>;
  const entries = (part: unknown): ListEntry[] => (part as (string | ListEntry)[]).map((e) => (typeof e === 'string' ? { name: e } : e));
  const alternatives = raw.alternatives as LikelihoodList['alternatives'];
  for (const alt of Object.values(alternatives ?? {})) for (const [k, choice] of Object.entries(alt.choices)) alt.choices[k] = entries(choice);
  const list: LikelihoodList = { era: String(raw.era), clean: entries(raw.clean), hadronic: entries(raw.hadronic), alternatives, not_used: raw.not_used as Record<string, string> | undefined };
  listCache.set(era, list);
  return list;
}

/**
 * Read a physicist's measurements (a file's text or an already parsed mapping) and check that every value is
 * an observable the program computes; returns the parsed mapping. Errors are one-line InputErrors.
 */
export function checkMeasurements(source: string | Record<string, unknown>, file: string): Record<string, unknown> {
  const text = typeof source === 'string' ? source : JSON.stringify(source);
  const measurements = readMeasurements(text, file);
  for (const m of measurements) {
    for (const v of m.values) {
      try {
        assertComputable(v.observable);
      } catch (e) {
        throw new InputError(`${file}: measurement '${m.name}': ${(e as Error).message}`);
      }
    }
  }
  return typeof source === 'string' ? (parseYaml(source) as Record<string, unknown>) ?? {} : source;
}

const CLEAN = /^(<Rmue>\(|BR\(B[sd0]->(mumu|ee)\))/;
/** LFU ratios and B_(s) → ℓℓ: the observables of the clean part. */
export const isCleanObservable = (name: string): boolean => CLEAN.test(name);

/** The era's list with alternatives and edits applied: [part, entry, measurement] in order. */
function resolvedEntries(data: FlavourData): { part: 'clean' | 'hadronic'; entry: ListEntry; measurement: Measurement }[] {
  const era = eraOf(data);
  const edits = typeof data === 'string' ? {} : (data.edits ?? {});
  const list = likelihoodList(era);
  const parts = { clean: [...list.clean], hadronic: [...list.hadronic] };
  for (const [name, choice] of Object.entries(edits.alternatives ?? {})) {
    const alt = list.alternatives?.[name];
    if (!alt) throw new InputError(`model.measurements.alternatives: '${name}' is not an alternative of the ${era} data (expected one of ${Object.keys(list.alternatives ?? {}).join(', ') || 'none'})`);
    const replacement = alt.choices[choice];
    if (!replacement) throw new InputError(`model.measurements.alternatives.${name}: '${choice}' is not a choice (expected one of ${Object.keys(alt.choices).join(', ')})`);
    for (const r of replacement) {
      for (const part of [parts.clean, parts.hadronic]) {
        const i = part.findIndex((e) => e.name === r.name);
        if (i >= 0) part[i] = r;
      }
    }
  }
  const catalogue = new Map(measurementCatalogue().map((m) => [m.name, m]));
  const user = edits.add && Object.keys(edits.add).length > 0 ? readMeasurements(JSON.stringify(checkMeasurements(edits.add, 'model.measurements')), 'model.measurements') : [];
  for (const m of user) {
    const inList = [...parts.clean, ...parts.hadronic].some((e) => e.name === m.name);
    catalogue.set(m.name, m);
    if (inList) {
      // replaced: all the user's values, in the part(s) the list had it
      for (const part of [parts.clean, parts.hadronic]) part.forEach((e, i) => e.name === m.name && (part[i] = { name: m.name }));
    } else {
      (m.values.every((v) => isCleanObservable(v.observable)) ? parts.clean : parts.hadronic).push({ name: m.name });
    }
  }
  for (const name of edits.drop ?? []) {
    const before = parts.clean.length + parts.hadronic.length;
    parts.clean = parts.clean.filter((e) => e.name !== name);
    parts.hadronic = parts.hadronic.filter((e) => e.name !== name);
    if (parts.clean.length + parts.hadronic.length === before) throw new InputError(`model.measurements.drop: '${name}' is not a measurement of the ${era} data`);
  }
  const out: { part: 'clean' | 'hadronic'; entry: ListEntry; measurement: Measurement }[] = [];
  for (const part of ['clean', 'hadronic'] as const) {
    for (const entry of parts[part]) {
      const measurement = catalogue.get(entry.name);
      if (!measurement) throw new Error(`data/likelihoods/${era}.yaml: '${entry.name}' is not in the measurement catalogue`);
      if (entry.values?.length === 0) continue;
      out.push({ part, entry, measurement });
    }
  }
  return out;
}

function blockOf(entry: ListEntry, m: Measurement, rule: AsymmetricErrorRule): MeasurementBlock {
  const index = entry.values
    ? entry.values.map((o) => {
        const i = m.values.findIndex((v) => v.observable === o);
        if (i < 0) throw new Error(`likelihood list: ${o} is not a value of '${m.name}'`);
        return i;
      })
    : m.values.map((_, i) => i);
  const gaussians = index.map((i) => gaussianOf(m.values[i], rule));
  const central = gaussians.map((g) => g.central);
  const sigma = gaussians.map((g) => g.sigma);
  const f = entry.normalisation ?? 0;
  const correlation = index.map((i, a) => index.map((j, b) => (a === b ? 1 : m.correlation[i][j] + (f * f * central[a] * central[b]) / (sigma[a] * sigma[b]))));
  const identity = correlation.every((row, a) => row.every((x, b) => x === (a === b ? 1 : 0)));
  return { source: m.name, observables: index.map((i) => m.values[i].observable), central, sigma, ...(identity ? {} : { correlation }) };
}

/**
 * The Gaussian blocks of a fit: part 'clean' (the clean-observable fits) or 'full' (clean + hadronic, the
 * nuisance-sampling fits). Uncorrelated values of one measurement come as one block each.
 */
export function likelihoodBlocks(data: FlavourData, part: 'clean' | 'full'): MeasurementBlock[] {
  const rule = (typeof data === 'string' ? undefined : data.edits?.asymmetricErrors) ?? 'hepfit';
  const entries = resolvedEntries(data);
  if (part === 'clean') {
    const stray = entries.find((e) => e.part === 'hadronic' && typeof data !== 'string' && data.edits?.add?.[e.measurement.name] !== undefined);
    if (stray) {
      const o = stray.measurement.values.find((v) => !isCleanObservable(v.observable))!.observable;
      throw new InputError(`model.measurements: '${stray.measurement.name}' has ${o}, which the clean-observable fits do not use (LFU ratios and B_s → ℓℓ only); use a full flavour scenario (flavour-pdd, flavour-pmd)`);
    }
  }
  const blocks: MeasurementBlock[] = [];
  for (const e of entries) {
    if (part === 'clean' && e.part !== 'clean') continue;
    const b = blockOf(e.entry, e.measurement, rule);
    if (b.correlation) blocks.push(b);
    else b.observables.forEach((o, i) => blocks.push({ source: b.source, observables: [o], central: [b.central[i]], sigma: [b.sigma[i]] }));
  }
  return blocks;
}

/** What entered a fit, for the summary: per measurement its name, experiment, reference, file and observables. */
export function enteredMeasurements(
  data: FlavourData,
  part: 'clean' | 'full',
): { name: string; experiment?: string; arxiv?: string; inspire?: string; source?: Record<string, unknown>; observables: string[] }[] {
  const blocks = likelihoodBlocks(data, part);
  const names = [...new Set(blocks.map((b) => b.source))];
  const entries = resolvedEntries(data);
  return names.map((name) => {
    const m = entries.find((e) => e.measurement.name === name)!.measurement;
    return { name, experiment: m.experiment, arxiv: m.arxiv, inspire: m.inspire, source: m.source, observables: blocks.filter((b) => b.source === name).flatMap((b) => b.observables) };
  });
}
