import { InputError } from '../errors.ts';
import { EW_NUISANCE_NAMES, EW_OBSERVABLE_NAMES, EW_WILSON_COEFFICIENTS, predictEw } from '../physics/ew/predict.ts';
import {
  FLAVOUR_OBSERVABLE_NAMES,
  isFlavourObservable,
  FLAVOUR_SMEFT_COEFFICIENTS,
  FLAVOUR_WET_COEFFICIENTS,
  predictFlavour,
  type FlavourPredictOptions,
} from '../physics/flavour/predict.ts';
import { dataDir } from '../data-dir.ts';
import { readWcxfFile } from '../physics/wcxf.ts';

export interface PredictFlags {
  obs: string;
  wc?: string;
  /** A WCxf file (SMEFT/Warsaw at 1000 GeV or WET/flavio at 4.8 GeV) giving the point. */
  wcFile?: string;
  nuisance?: string;
  tree?: boolean;
  scheme?: FlavourPredictOptions['scheme'];
  alphaE?: FlavourPredictOptions['alphaE'];
  yt?: FlavourPredictOptions['yt'];
}

/**
 * Splits a comma-separated list, keeping commas inside brackets: flavio-style bin names such as
 * `<Rmue>(B+->Kll)[1.1,6.0]` carry one.
 */
export function splitList(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '[' || ch === '(') depth++;
    if (ch === ']' || ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      items.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim() !== '') items.push(current.trim());
  return items;
}

function parseAssignments(flag: string, text: string | undefined): Record<string, number> {
  const values: Record<string, number> = {};
  for (const item of text ? splitList(text) : []) {
    const [name, valueText, extra] = item.split('=');
    const value = Number(valueText);
    if (!name || valueText === undefined || extra !== undefined || valueText.trim() === '' || !Number.isFinite(value)) {
      throw new InputError(`${flag}: expected name=number, got '${item}'`);
    }
    values[name.trim()] = value;
  }
  return values;
}

/**
 * `smeftfit predict`: EW and b → sℓℓ observables at a point of SMEFT (WCxf Warsaw, TeV⁻², Λ = 1 TeV) and
 * WET (flavio names) coefficients, with the exact SM functions; the physics modules' test interface.
 */
export function predictCommand(flags: PredictFlags): Record<string, number> {
  const observables = splitList(flags.obs);
  if (observables.length === 0) throw new InputError('--obs: name at least one observable');
  const wilson = parseAssignments('--wc', flags.wc);
  if (flags.wcFile !== undefined) {
    for (const [name, value] of Object.entries(readWcxfFile(flags.wcFile).coefficients)) {
      if (name in wilson) throw new InputError(`--wc-file: ${name} is given both in ${flags.wcFile} and in --wc`);
      wilson[name] = value;
    }
  }
  const nuisances = parseAssignments('--nuisance', flags.nuisance);
  const ewNames = new Set(EW_OBSERVABLE_NAMES);
  // flavour: the standard set, and any flavio name the fits' code computes (every observable of the likelihoods)
  const flavourNames = new Set([...FLAVOUR_OBSERVABLE_NAMES, ...observables.filter((n) => !ewNames.has(n) && isFlavourObservable(n))]);
  for (const name of observables) {
    if (!ewNames.has(name) && !flavourNames.has(name)) {
      throw new InputError(`--obs: unknown observable '${name}' (EW: ${EW_OBSERVABLE_NAMES.slice(0, 6).join(', ')}, …; flavour: ${FLAVOUR_OBSERVABLE_NAMES.slice(0, 3).join(', ')}, …)`);
    }
  }
  const known = new Set<string>([...EW_WILSON_COEFFICIENTS, ...FLAVOUR_SMEFT_COEFFICIENTS, ...FLAVOUR_WET_COEFFICIENTS]);
  for (const name of Object.keys(wilson)) {
    if (!known.has(name)) throw new InputError(`--wc: unknown Wilson coefficient '${name}' (SMEFT in WCxf Warsaw names such as phil1_11, lu_2233; WET: ${FLAVOUR_WET_COEFFICIENTS.join(', ')})`);
  }
  for (const name of Object.keys(nuisances)) {
    if (!EW_NUISANCE_NAMES.includes(name)) throw new InputError(`--nuisance: unknown SM input '${name}' (known: ${EW_NUISANCE_NAMES.join(', ')})`);
  }
  const pick = (names: readonly string[]) => Object.fromEntries(Object.entries(wilson).filter(([n]) => names.includes(n)));
  const result: Record<string, number> = {};
  const ewObservables = observables.filter((n) => ewNames.has(n));
  if (ewObservables.length > 0) {
    const wet = Object.keys(wilson).filter((n) => (FLAVOUR_WET_COEFFICIENTS as readonly string[]).includes(n));
    if (wet.length > 0) throw new InputError(`--wc: ${wet.join(', ')} are b → sℓℓ (WET) coefficients and do not enter EW observables`);
    Object.assign(result, predictEw({ observables: ewObservables, wilson: pick(EW_WILSON_COEFFICIENTS), nuisances, tree: flags.tree }));
  }
  const flavourObservables = observables.filter((n) => flavourNames.has(n));
  if (flavourObservables.length > 0) {
    Object.assign(
      result,
      predictFlavour({
        observables: flavourObservables,
        wet: pick(FLAVOUR_WET_COEFFICIENTS),
        smeft: pick(FLAVOUR_SMEFT_COEFFICIENTS),
        options: { scheme: flags.scheme, alphaE: flags.alphaE, yt: flags.yt, dataDir: dataDir() },
      }),
    );
  }
  return Object.fromEntries(observables.map((n) => [n, result[n]]));
}
