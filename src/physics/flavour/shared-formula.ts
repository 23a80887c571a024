/**
 * A formula of the flavour physics written once for both of its evaluations: float64 (a JavaScript function
 * built from the text once, when the module loads) and float32 (the same text as a WGSL expression, emitted
 * into the kernel by kernels/flavour-formulas-wgsl.ts). The text is restricted to what the two languages read
 * alike — names, decimal literals, + − * /, parentheses and the functions of FUNCTIONS — so the two sides
 * cannot drift apart: they are the same characters, with the same order of operations.
 *
 * Names are of three sorts: scalar arguments; named constants (entered as literals: float64 as written, in
 * WGSL the nearest f32); and fields, read from an array at a base offset (`array[base + k]`), which is how both
 * sides read the flat tables (flavour-point-layout.ts).
 */

export interface Formula {
  /** Scalar arguments, in call order after (array, base) when the formula has fields. */
  readonly args: readonly string[];
  /** Named constants, substituted as literals. */
  readonly constants?: Readonly<Record<string, number>>;
  /** Names read from the array at base + position. */
  readonly fields?: Readonly<Record<string, number>>;
  readonly body: string;
}

/** The functions both sides know under one name (JavaScript: Math.name). */
const FUNCTIONS = new Set(['sqrt', 'cos', 'sin', 'exp', 'log']);

type Token = { kind: 'name' | 'number' | 'symbol' | 'space'; text: string };

function tokens(body: string): Token[] {
  const out: Token[] = [];
  // '**' (a power in JavaScript only), '//' and '/*' (comments) read differently or not at all in WGSL
  const twice = /\*\*|\/\/|\/\*/.exec(body);
  if (twice) throw new Error(`formula '${body}': '${twice[0]}' at ${twice.index} is outside the arithmetic JavaScript and WGSL share`);
  const pattern = /([A-Za-z_][A-Za-z0-9_]*)|(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|([-+*/()])|(\s+)/y;
  let at = 0;
  while (at < body.length) {
    pattern.lastIndex = at;
    const m = pattern.exec(body);
    if (!m) throw new Error(`formula '${body}': '${body[at]}' at ${at} is outside the arithmetic JavaScript and WGSL share`);
    out.push({ kind: m[1] ? 'name' : m[2] ? 'number' : m[3] ? 'symbol' : 'space', text: m[0] });
    at = pattern.lastIndex;
  }
  return out;
}

/** The text with every name resolved by `name` (unknown names are an error) and every literal by `number`. */
function render(f: Formula, name: (token: string) => string, number: (literal: string) => string): string {
  const known = new Set([...f.args, ...Object.keys(f.constants ?? {}), ...Object.keys(f.fields ?? {})]);
  const list = tokens(f.body);
  return list
    .map((t, i) => {
      if (t.kind === 'number') return number(t.text);
      if (t.kind !== 'name') return t.text;
      const next = list.slice(i + 1).find((n) => n.kind !== 'space');
      if (FUNCTIONS.has(t.text) && next?.text === '(') return t.text;
      if (!known.has(t.text)) throw new Error(`formula '${f.body}': unknown name '${t.text}'`);
      return name(t.text);
    })
    .join('');
}

/** A float literal WGSL accepts for an f32 (always with a decimal point or an exponent), rounded to f32. */
export function wgslFloat(v: number): string {
  const s = Math.fround(v).toPrecision(9);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

/**
 * The float64 function of a formula: (array, base, ...args) when it has fields, else (...args). Constants
 * enter as their shortest round-trip decimal, so the value is the same double.
 */
export function float64Formula<T extends (...values: never[]) => number>(f: Formula): T {
  const fields = f.fields ?? {};
  const hasFields = Object.keys(fields).length > 0;
  const js = render(
    f,
    (n) => (n in fields ? `array[base + ${fields[n]}]` : f.constants && n in f.constants ? `(${String(f.constants[n])})` : n),
    (literal) => literal,
  ).replace(/\b(sqrt|cos|sin|exp|log)\s*\(/g, 'Math.$1(');
  const params = hasFields ? ['array', 'base', ...f.args] : [...f.args];
  return new Function(...params, `'use strict'; return ${js};`) as T;
}

/**
 * The formula as a WGSL f32 expression: fields read as `array[base + ku]`, arguments by `args` (their WGSL
 * expressions, by name; default: the name itself), literals and constants as f32 literals.
 */
export function wgslExpression(f: Formula, where: { array?: string; base?: string; args?: Readonly<Record<string, string>> } = {}): string {
  const fields = f.fields ?? {};
  return render(
    f,
    (n) => {
      if (n in fields) return `${where.array}[${where.base} + ${fields[n]}u]`;
      if (f.constants && n in f.constants) return wgslFloat(f.constants[n]);
      return where.args?.[n] ?? n;
    },
    (literal) => (/[.eE]/.test(literal) ? literal : `${literal}.0`),
  );
}
