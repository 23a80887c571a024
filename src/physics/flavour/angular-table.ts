/**
 * The binned B → V ℓℓ angular observables as ratios of the 11 integrated J's (flavour-spec.md §4.7, LHCb sign
 * conventions), one formula each (shared-formula.ts): the one table from which the float64 evaluation
 * (angularObservable, used by observables.ts and point-predictions.ts) and the WGSL `angular` switch of the
 * full flavour kernel (kernels/flavour-formulas-wgsl.ts) are both built.
 *
 * Every formula reads the J's as fields at the bin's offset (J_NAMES order: 1s, 1c, 2s, 2c, 3, 4, 5, 6s, 7,
 * 8, 9), and two arguments: `rate` = Γ′ = ¾(2J1s + J1c) − ¼(2J2s + J2c) (RATE_FORMULA) and `d` = 2√(−J2c J2s)
 * (P′_i denominator, P_PRIME_DENOMINATOR).
 */
import { J_NAMES } from './b-to-kstar-ll.ts';
import { type Formula, float64Formula } from './shared-formula.ts';

export const ANGULAR = ['FL', 'AFB', 'S3', 'S4', 'S5', 'S7', 'S8', 'S9', 'P1', 'P2', 'P3', 'P4p', 'P5p', 'P6p', 'P8p'] as const;
export type Angular = (typeof ANGULAR)[number];

/**
 * Which F_L: 'lhcb' = −J2c/Γ′ (flavio `FL_num`; the quantity LHCb fits), 'hepfit' = (3J1c − J2c)/(4Γ′)
 * (HEPfit MVllObservables, spec §4.7). They coincide for massless leptons; for muons they differ by 0.03 in
 * [1.1, 2.5] GeV² and by 20 % in [0.1, 0.98] GeV². In the flat tables: 0 = lhcb, 1 = hepfit.
 */
export type FlDefinition = 'lhcb' | 'hepfit';

/** The J's as fields: J1s → 0, …, J9 → 10. */
const J_FIELDS: Readonly<Record<string, number>> = Object.fromEntries(J_NAMES.map((name, i) => [`J${name}`, i]));

const jFormula = (body: string, args: readonly string[] = []): Formula => ({ fields: J_FIELDS, args, body });

/** Γ′, the bin's rate. */
export const RATE_FORMULA = jFormula('0.75 * (2 * J1s + J1c) - 0.25 * (2 * J2s + J2c)');
/** The denominator of the P′_i. */
export const P_PRIME_DENOMINATOR = jFormula('2 * sqrt(-J2c * J2s)');

const ratio = (body: string): Formula => jFormula(body, ['rate', 'd']);

/** F_L per definition (index: the tables' flDefinition). */
export const FL_FORMULAS: readonly [Formula, Formula] = [ratio('-J2c / rate'), ratio('(3 * J1c - J2c) / (4 * rate)')];

/** The formula of each angular observable, ANGULAR order; FL (kind 0) is per definition (FL_FORMULAS). */
export const ANGULAR_FORMULAS: Readonly<Record<Exclude<Angular, 'FL'>, Formula>> = {
  AFB: ratio('(-0.75 * J6s) / rate'),
  S3: ratio('J3 / rate'),
  S4: ratio('-J4 / rate'),
  S5: ratio('J5 / rate'),
  S7: ratio('-J7 / rate'),
  S8: ratio('J8 / rate'),
  S9: ratio('-J9 / rate'),
  P1: ratio('J3 / (2 * J2s)'),
  P2: ratio('-J6s / (8 * J2s)'),
  P3: ratio('J9 / (4 * J2s)'),
  P4p: ratio('-J4 / d'),
  P5p: ratio('J5 / d'),
  P6p: ratio('-J7 / d'),
  P8p: ratio('J8 / d'),
};

/** The formula of angular kind `kind` (ANGULAR index) under F_L definition `flDefinition` (0 lhcb, 1 hepfit). */
export function angularFormula(kind: number, flDefinition: number): Formula {
  if (kind === 0) return FL_FORMULAS[flDefinition === 0 ? 0 : 1];
  return ANGULAR_FORMULAS[ANGULAR[kind] as Exclude<Angular, 'FL'>];
}

type JFunction = (J: ArrayLike<number>, o: number) => number;
type RatioFunction = (J: ArrayLike<number>, o: number, rate: number, d: number) => number;

const rate64 = float64Formula<JFunction>(RATE_FORMULA);
const pPrimeDenominator64 = float64Formula<JFunction>(P_PRIME_DENOMINATOR);
/** [flDefinition][kind]. */
const angular64: readonly (readonly RatioFunction[])[] = [0, 1].map((fl) => ANGULAR.map((_, kind) => float64Formula<RatioFunction>(angularFormula(kind, fl))));

/** Γ′ = ¾(2J1s + J1c) − ¼(2J2s + J2c) of the 11 J's at J[o..] (J_NAMES order): the bin's rate. */
export function vllRateFromJ(J: ArrayLike<number>, o: number): number {
  return rate64(J, o);
}

/**
 * Angular observable ANGULAR[kind] of the 11 J's at J[o..]; flDefinition 0: F_L = −J2c/Γ′ (LHCb), 1:
 * (3J1c − J2c)/(4Γ′) (HEPfit). The float64 evaluation the flat tables of the full flavour likelihood share
 * (the WGSL kernel evaluates the same formulas in float32).
 */
export function angularObservable(kind: number, J: ArrayLike<number>, o: number, flDefinition: number): number {
  const table = angular64[flDefinition === 0 ? 0 : 1];
  return table[Math.min(kind, table.length - 1)](J, o, rate64(J, o), pPrimeDenominator64(J, o));
}
