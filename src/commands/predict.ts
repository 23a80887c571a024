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
import { MAX_ABS_COEFFICIENT } from '../physics/wcxf-bounds.ts';
import { SM_INPUT_RANGES, type SmInputName } from '../physics/ew/sm-inputs.ts';

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

/** A plain decimal number (as a config file would give it): no hex (0x10), no Infinity, no empty text. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * `name=number,…` into a map without a prototype (a name such as `__proto__` stays a name, and is then
 * refused as unknown); a name given twice is refused rather than the last one winning.
 */
function parseAssignments(flag: string, text: string | undefined): Map<string, number> {
  const values = new Map<string, number>();
  for (const item of text ? splitList(text) : []) {
    const [nameText, valueText, extra] = item.split('=');
    const name = nameText?.trim() ?? '';
    const value = valueText !== undefined && DECIMAL.test(valueText.trim()) ? Number(valueText) : NaN;
    if (name === '' || extra !== undefined || !Number.isFinite(value)) throw new InputError(`${flag}: expected name=number (a plain decimal), got '${item}'`);
    if (values.has(name)) throw new InputError(`${flag}: ${name} is given twice`);
    values.set(name, value);
  }
  return values;
}

/**
 * `smeftfit predict`: EW and b → sℓℓ observables at a point of SMEFT (WCxf Warsaw, TeV⁻², Λ = 1 TeV) and
 * WET (flavio names) coefficients, with the exact SM functions; the physics modules' test interface.
 */
export async function predictCommand(flags: PredictFlags): Promise<Record<string, number>> {
  const observables = splitList(flags.obs);
  if (observables.length === 0) throw new InputError('--obs: name at least one observable');
  const repeated = observables.find((name, i) => observables.indexOf(name) !== i);
  if (repeated !== undefined) throw new InputError(`--obs: ${repeated} is named twice`);
  const wilsonGiven = parseAssignments('--wc', flags.wc);
  for (const [name, value] of wilsonGiven) {
    if (!(Math.abs(value) <= MAX_ABS_COEFFICIENT)) throw new InputError(`--wc: ${name} = ${value} is beyond ±${MAX_ABS_COEFFICIENT}, where no prediction is meaningful`);
  }
  if (flags.wcFile !== undefined) {
    // The WCxf reader brings YAML and schema validation: loaded only for --wc-file.
    const { readWcxfFile } = await import('../physics/wcxf.ts');
    for (const [name, value] of Object.entries(readWcxfFile(flags.wcFile).coefficients)) {
      if (wilsonGiven.has(name)) throw new InputError(`--wc-file: ${name} is given both in ${flags.wcFile} and in --wc`);
      wilsonGiven.set(name, value);
    }
  }
  const wilson = Object.fromEntries(wilsonGiven);
  const nuisancesGiven = parseAssignments('--nuisance', flags.nuisance);
  for (const name of nuisancesGiven.keys()) {
    if (!EW_NUISANCE_NAMES.includes(name)) throw new InputError(`--nuisance: unknown SM input '${name}' (known: ${EW_NUISANCE_NAMES.join(', ')})`);
    const [low, high] = SM_INPUT_RANGES[name as SmInputName];
    const value = nuisancesGiven.get(name)!;
    if (!(value >= low && value <= high)) throw new InputError(`--nuisance: ${name} = ${value} is outside [${low}, ${high}], the range in which smeftfit evaluates the SM`);
  }
  const nuisances = Object.fromEntries(nuisancesGiven);
  const ewNames = new Set(EW_OBSERVABLE_NAMES);
  // flavour: the standard set, and any flavio name the fits' code computes (every observable of the likelihoods)
  const flavourNames = new Set([...FLAVOUR_OBSERVABLE_NAMES, ...observables.filter((n) => !ewNames.has(n) && isFlavourObservable(n))]);
  for (const name of observables) {
    if (!ewNames.has(name) && !flavourNames.has(name)) {
      throw new InputError(`--obs: unknown observable '${name}' (EW: ${EW_OBSERVABLE_NAMES.slice(0, 6).join(', ')}, …; flavour: ${FLAVOUR_OBSERVABLE_NAMES.slice(0, 3).join(', ')}, …)`);
    }
  }
  const known = new Set<string>([...EW_WILSON_COEFFICIENTS, ...FLAVOUR_SMEFT_COEFFICIENTS, ...FLAVOUR_WET_COEFFICIENTS]);
  for (const name of wilsonGiven.keys()) {
    if (!known.has(name)) throw new InputError(`--wc: unknown Wilson coefficient '${name}' (SMEFT in WCxf Warsaw names such as phil1_11, lu_2233; WET: ${FLAVOUR_WET_COEFFICIENTS.join(', ')})`);
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
  // A value the formulas cannot give (an overflow, 0/0 at an input edge) is refused, never printed.
  for (const name of observables) {
    if (!Number.isFinite(result[name])) {
      const inputs = [flags.wc && `--wc ${flags.wc}`, flags.wcFile && `--wc-file ${flags.wcFile}`, flags.nuisance && `--nuisance ${flags.nuisance}`].filter(Boolean).join(' ');
      throw new InputError(`--obs: ${name} is not finite (${result[name]}) at ${inputs || 'the default point'}; the inputs are outside where it can be evaluated`);
    }
  }
  return Object.fromEntries(observables.map((n) => [n, result[n]]));
}
