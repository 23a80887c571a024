/**
 * The one reader of measurements, in flavio's `measurements.yml` format: the catalogue
 * (data/physics/flavour/measurements.yaml) and a physicist's own file read the same way, so a flavio user's
 * file works unchanged.
 *
 * A measurement is a named mapping with `experiment`, `inspire` (and our `arxiv`, `source`), and `values`
 * either as a list of `{name, q2min, q2max, value}` or as a mapping `observable: value`; a value is flavio's
 * error string (`0.846 + 0.060 - 0.054 ± 0.016`, `33.2 ± 1.8 ± 1.7 e-9`, `1.67(3)(5)`), and `correlation`
 * (full matrix, flavio's upper-triangle rows, or one number) correlates the values. flavio's
 * `observables:` + `values: {distribution: multivariate_normal, …}` form is read as well; a `numerical`
 * distribution needs our `gaussian_summary` string beside it (its mode and 68 % interval), since the
 * likelihood here is Gaussian.
 *
 * Asymmetric errors (flavour-spec.md §9; option `asymmetricErrors`):
 *   'hepfit' (default, the paper's): central shifted by (σ₊ − σ₋)/2, σ = (σ₊ + σ₋)/2, all added in quadrature;
 *   'flavio': central unchanged, σ² = Σ σ_sym² + Σ σ₊σ₋ (flavio's rule for correlated values,
 *             flavio/measurements.py `_load`).
 */
import { parse as parseYaml } from 'yaml';
import { InputError } from '../../errors.ts';
import { parseObservableName, withBin } from './observable-name.ts';

export type AsymmetricErrorRule = 'hepfit' | 'flavio';
export const ASYMMETRIC_ERROR_RULES: readonly AsymmetricErrorRule[] = ['hepfit', 'flavio'];

/** One measured value: the observable (with its bin), flavio's string and its parse. */
export interface MeasuredValue {
  observable: string;
  raw: string;
  central: number;
  symmetric: number[];
  /** [σ₊, σ₋] pairs. */
  asymmetric: [number, number][];
}

export interface Measurement {
  name: string;
  experiment?: string;
  inspire?: string;
  arxiv?: string;
  source?: Record<string, unknown>;
  values: MeasuredValue[];
  /** Full correlation matrix (identity when the file gives none). */
  correlation: number[][];
  /** File the measurement was read from (for messages and the summary). */
  file: string;
}

/** The Gaussian of one value under the chosen rule. */
export function gaussianOf(v: MeasuredValue, rule: AsymmetricErrorRule = 'hepfit'): { central: number; sigma: number } {
  let central = v.central;
  let variance = 0;
  for (const s of v.symmetric) variance += s * s;
  for (const [up, down] of v.asymmetric) {
    if (rule === 'hepfit') {
      central += (up - down) / 2;
      variance += ((up + down) / 2) ** 2;
    } else {
      variance += up * down;
    }
  }
  return { central, sigma: Math.sqrt(variance) };
}

const NUMBER = String.raw`-?\d+\.?\d*(?:[eE][-+]?\d+)?`;
const SCALE = String.raw`(?:\s*\*?\s*(?:e|E|1e|1E|10\^)\(?([+-]?\d+)\)?)?`;
const PLUS_MINUS = new RegExp(String.raw`^\s*\(?\s*(${NUMBER})\s*((?:(?:\+|-|±|\\pm|\+-|\+\/-)\s*\d+\.?\d*\s*)+)\)?${SCALE}\s*$`);
const BRACKETS = new RegExp(String.raw`^\s*\(?\s*(-?\d+\.?\d*)\s*((?:\(\s*\d+\.?\d*\s*\)\s*)+)\)?${SCALE}\s*$`);

/**
 * flavio's error strings (flavio/_parse_errors.py `errors_from_string`): `c ± a ± b`, `c + u - d`, `c +- a`,
 * `c(3)(5)`, with an optional overall power of ten (`e-9`, `1e-8`, `* 10^-7`). Throws on anything else.
 */
export function parseErrorString(text: string): { central: number; symmetric: number[]; asymmetric: [number, number][] } {
  const normalised = text.replace(/\+\/-/g, '±').replace(/\+-/g, '±').replace(/\\pm/g, '±');
  const pm = PLUS_MINUS.exec(normalised);
  if (pm) {
    const scale = pm[3] === undefined ? 1 : 10 ** Number(pm[3]);
    const errors = pm[2];
    const symmetric = [...errors.matchAll(/±\s*(\d+\.?\d*)/g)].map((m) => Number(m[1]) * scale);
    const asymmetric = [...errors.matchAll(/\+\s*(\d+\.?\d*)\s*-\s*(\d+\.?\d*)/g)].map((m) => [Number(m[1]) * scale, Number(m[2]) * scale] as [number, number]);
    // every error term must be one of the two forms (a lone '+ 0.1' or '- 0.1' is not an error)
    const consumed = errors.replace(/±\s*\d+\.?\d*/g, '').replace(/\+\s*\d+\.?\d*\s*-\s*\d+\.?\d*/g, '').trim();
    if (consumed === '' && symmetric.length + asymmetric.length > 0) return { central: Number(pm[1]) * scale, symmetric, asymmetric };
  }
  const br = BRACKETS.exec(normalised);
  if (br) {
    const scale = br[3] === undefined ? 1 : 10 ** Number(br[3]);
    const decimals = br[1].includes('.') ? br[1].split('.')[1].length : 0;
    const symmetric = [...br[2].matchAll(/\(\s*(\d+\.?\d*)\s*\)/g)].map((m) => (m[1].includes('.') ? Number(m[1]) : Number(m[1]) * 10 ** -decimals) * scale);
    return { central: Number(br[1]) * scale, symmetric, asymmetric: [] };
  }
  throw new Error(`value '${text}' is not a flavio error string (e.g. '0.846 + 0.060 - 0.054 ± 0.016')`);
}

type Raw = Record<string, unknown>;
const isRecord = (x: unknown): x is Raw => typeof x === 'object' && x !== null && !Array.isArray(x);

function valueOf(raw: unknown, where: string): Omit<MeasuredValue, 'observable'> {
  if (typeof raw === 'number') throw new Error(`${where}: a bare number has no error; write it as 'value ± error'`);
  const parsed = (text: string) => {
    try {
      return { raw: text, ...parseErrorString(text) };
    } catch (e) {
      throw new Error(`${where}: ${(e as Error).message}`);
    }
  };
  if (typeof raw === 'string') return parsed(raw);
  if (isRecord(raw) && typeof raw.gaussian_summary === 'string') return parsed(raw.gaussian_summary);
  if (isRecord(raw) && raw.distribution !== undefined) {
    throw new Error(`${where}: a '${String(raw.distribution)}' distribution needs 'gaussian_summary: "central + up - down"' beside it (the likelihood is Gaussian)`);
  }
  throw new Error(`${where}: expected a flavio error string`);
}

/** flavio's correlation forms (measurements.py `_fix_correlation_matrix`), checked: symmetric, unit diagonal, positive definite. */
export function correlationMatrix(raw: unknown, n: number, where: string): number[][] {
  if (raw === undefined) return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  if (typeof raw === 'number') return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : raw)));
  if (!Array.isArray(raw) || raw.length !== n || !raw.every((r) => Array.isArray(r) && r.every((x) => typeof x === 'number'))) {
    throw new Error(`${where}: correlation must be a number or ${n} rows of numbers`);
  }
  const rows = raw as number[][];
  const c = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const full = rows.every((row) => row.length === n);
  const upper = rows.every((row, i) => row.length === n - i);
  if (!full && !upper) throw new Error(`${where}: correlation must be ${n} full rows or flavio's upper-triangle rows (${n}, ${n - 1}, …, 1 entries)`);
  rows.forEach((row, i) => row.forEach((x, k) => (full ? (c[i][k] = x) : ((c[i][i + k] = x), (c[i + k][i] = x)))));
  for (let i = 0; i < n; i++) {
    if (c[i][i] !== 1) throw new Error(`${where}: correlation must have 1 on the diagonal (row ${i + 1})`);
    for (let j = 0; j < i; j++) {
      if (Math.abs(c[i][j] - c[j][i]) > 1e-12) throw new Error(`${where}: correlation is not symmetric (rows ${j + 1}, ${i + 1})`);
      if (Math.abs(c[i][j]) > 1) throw new Error(`${where}: correlation entry (${i + 1}, ${j + 1}) is outside [−1, 1]`);
    }
  }
  // positive definite: a Cholesky factorisation exists
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    let d = c[j][j];
    for (let k = 0; k < j; k++) d -= l[j][k] ** 2;
    if (!(d > 1e-12)) throw new Error(`${where}: correlation is not positive definite`);
    l[j][j] = Math.sqrt(d);
    for (let i = j + 1; i < n; i++) {
      let s = c[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      l[i][j] = s / l[j][j];
    }
  }
  return c;
}

function observableOf(name: unknown, q2min: unknown, q2max: unknown, where: string): string {
  if (typeof name !== 'string') throw new Error(`${where}: 'name' must be an observable name`);
  if ((q2min === undefined) !== (q2max === undefined)) throw new Error(`${where}: give both q2min and q2max`);
  if (q2min !== undefined && (typeof q2min !== 'number' || typeof q2max !== 'number')) throw new Error(`${where}: q2min and q2max must be numbers`);
  const full = withBin(name, q2min as number | undefined, q2max as number | undefined);
  try {
    parseObservableName(full);
  } catch (e) {
    throw new Error(`${where}: ${(e as Error).message}`);
  }
  return full;
}

function readMeasurement(name: string, raw: unknown, file: string): Measurement {
  const where = `${file}: measurement '${name}'`;
  if (!isRecord(raw)) throw new Error(`${where}: expected a mapping`);
  const values: MeasuredValue[] = [];
  let correlation = raw.correlation;
  if (Array.isArray(raw.observables)) {
    // flavio's multivariate form: observables + values {distribution: multivariate_normal, central_value, standard_deviation, correlation}
    const v = raw.values;
    if (!isRecord(v) || v.distribution !== 'multivariate_normal') throw new Error(`${where}: 'observables' needs values of distribution multivariate_normal`);
    const centre = v.central_value as number[];
    const sd = v.standard_deviation as number[];
    raw.observables.forEach((o, i) => {
      const obs = typeof o === 'string' ? observableOf(o, undefined, undefined, where) : isRecord(o) ? observableOf(o.name, o.q2min, o.q2max, where) : '';
      values.push({ observable: obs, raw: `${centre[i]} ± ${sd[i]}`, central: centre[i], symmetric: [sd[i]], asymmetric: [] });
    });
    correlation = v.correlation;
  } else if (Array.isArray(raw.values)) {
    raw.values.forEach((entry, i) => {
      const at = `${where}, value ${i + 1}`;
      if (!isRecord(entry)) throw new Error(`${at}: expected {name, q2min, q2max, value}`);
      values.push({ observable: observableOf(entry.name, entry.q2min, entry.q2max, at), ...valueOf(entry.value, at) });
    });
  } else if (isRecord(raw.values)) {
    for (const [obs, value] of Object.entries(raw.values)) values.push({ observable: observableOf(obs, undefined, undefined, `${where}, '${obs}'`), ...valueOf(value, `${where}, '${obs}'`) });
  } else {
    throw new Error(`${where}: 'values' must be a list or a mapping`);
  }
  if (values.length === 0) throw new Error(`${where}: no values`);
  for (const v of values) if (!(Number.isFinite(v.central) && [...v.symmetric, ...v.asymmetric.flat()].every((e) => e >= 0))) throw new Error(`${where}: value '${v.raw}' is not a finite number with non-negative errors`);
  const duplicate = values.find((v, i) => values.findIndex((w) => w.observable === v.observable) !== i);
  if (duplicate) throw new Error(`${where}: ${duplicate.observable} appears twice`);
  if (values.some((v) => gaussianOf(v).sigma <= 0)) throw new Error(`${where}: a value has zero error`);
  const str = (k: string): string | undefined => (typeof raw[k] === 'string' ? (raw[k] as string) : raw[k] === undefined || raw[k] === null ? undefined : String(raw[k]));
  return {
    name,
    experiment: str('experiment'),
    inspire: str('inspire'),
    arxiv: str('arxiv'),
    source: isRecord(raw.source) ? raw.source : undefined,
    values,
    correlation: correlationMatrix(correlation, values.length, where),
    file,
  };
}

/**
 * flavio's file continues flow sequences on lines indented less than their key (`x: [0.5, 0.51,` / `0.52, …]`),
 * which PyYAML reads but YAML 1.2 parsers reject: join every line that leaves a `[` open with the next.
 */
function joinFlowSequences(text: string): string {
  const out: string[] = [];
  let open = 0;
  for (const line of text.split('\n')) {
    const code = line.replace(/\s#.*$/, '');
    if (open > 0) out[out.length - 1] += ` ${code.trim()}`;
    else out.push(line);
    for (const ch of code) open += ch === '[' ? 1 : ch === ']' ? -1 : 0;
    if (open < 0) open = 0;
  }
  return out.join('\n');
}

/** YAML text of a measurements file (flavio's measurements.yml layout included) → plain data. */
export function parseMeasurementsYaml(text: string): unknown {
  return parseYaml(joinFlowSequences(text), { maxAliasCount: -1 });
}

/** Read a measurements file (flavio's format); any problem is an InputError naming the file and measurement. */
export function readMeasurements(text: string, file: string): Measurement[] {
  let doc: unknown;
  try {
    doc = parseMeasurementsYaml(text);
  } catch (e) {
    throw new InputError(`${file}: not valid YAML (${(e as Error).message.split('\n')[0]})`);
  }
  if (!isRecord(doc)) throw new InputError(`${file}: expected a mapping of measurement names to measurements (flavio's measurements.yml format)`);
  try {
    return Object.entries(doc).map(([name, m]) => readMeasurement(name, m, file));
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`${file}: ${e.message}`);
    throw new InputError((e as Error).message);
  }
}
