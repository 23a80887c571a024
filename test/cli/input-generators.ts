/**
 * The generators of the input fuzz suite (fuzz-inputs.test.ts): run configs, run flags, `predict` inputs and
 * WCxf files, each a mix of inputs a user means (which should pass) and values on and past every bound,
 * of the wrong kind, malformed or oversized (which must be refused in one line).
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { EW_WILSON_COEFFICIENTS } from '../../src/physics/ew/wilson-coefficients.ts';
import { SM_INPUT_NAMES, SM_INPUT_RANGES, type SmInputName } from '../../src/physics/ew/sm-inputs.ts';
import { FLAVOUR_WET_COEFFICIENTS } from '../../src/physics/flavour/matching.ts';
import { SMEFT_PARAMETERS } from '../../src/physics/wcxf.ts';

// ---------------------------------------------------------------- generators

/** Values around and past every bound, and values of the wrong kind. */
const junk = fc.constantFrom<unknown>(null, true, '', 'x', [], {}, '.inf', '0x10', 'x'.repeat(300), [1, -1]);
const integerEdge = fc.constantFrom(-1, 0, 1, 2, 3, 8, 64, 1000, 1024, 1025, 1_000_000, 1_000_001, 4_000_001, 1e9, 1e9 + 1, 1e12, 2 ** 53 + 2, 2.5, 1e308, -1e308);
const realEdge = fc.constantFrom(-1, 0, 1e-9, 1e-5, 0.01, 0.15, 0.5, 0.99, 1, 1.0001, 1.5, 2, 10, 1e3, 1e3 + 1, 1e6, 1e7, 1e12, 1e13, 1e154, 1e308, -1e308);
const anyNumber = fc.oneof({ weight: 3, arbitrary: integerEdge }, { weight: 3, arbitrary: realEdge }, { weight: 1, arbitrary: fc.double() }, { weight: 1, arbitrary: junk });

const covariance = (ndim: number) =>
  fc.oneof(
    realEdge,
    fc.array(realEdge, { minLength: ndim, maxLength: ndim }),
    fc.array(fc.constantFrom(0.5, 1, 2), { minLength: ndim - 1, maxLength: ndim + 1 }),
    // identity, non-positive-definite, non-symmetric, wrong size
    fc.constantFrom(
      Array.from({ length: ndim }, (_, i) => Array.from({ length: ndim }, (_, j) => (i === j ? 1 : 0))),
      Array.from({ length: ndim }, (_, i) => Array.from({ length: ndim }, (_, j) => (i === j ? 1 : 2))),
      Array.from({ length: ndim }, (_, i) => Array.from({ length: ndim }, (_, j) => (i === j ? 2 : i > j ? 0.5 : 0))),
      [[1]],
      [[-1]],
    ),
  );

const move = (ndim: number) =>
  fc.oneof(
    fc.record({ move: fc.constant('stretch'), a: anyNumber, weight: anyNumber }, { requiredKeys: ['move'] }),
    fc.record({ move: fc.constant('de'), sigma: anyNumber, gamma0: anyNumber, weight: anyNumber }, { requiredKeys: ['move'] }),
    fc.record({ move: fc.constant('desnooker'), gamma: anyNumber }, { requiredKeys: ['move'] }),
    fc.record({ move: fc.constant('walk'), s: integerEdge, nsplits: integerEdge }, { requiredKeys: ['move'] }),
    fc.record({ move: fc.constant('gaussian'), cov: covariance(ndim), factor: anyNumber, mode: fc.constantFrom('vector', 'random', 'sequential', 'x') }, { requiredKeys: ['move', 'cov'] }),
  );

/** Moves with settings inside their bounds. */
const validMove = fc.oneof(
  fc.record({ move: fc.constant('stretch'), a: fc.double({ min: 1.01, max: 1e3, noNaN: true }) }, { requiredKeys: ['move'] }),
  fc.record({ move: fc.constant('de'), sigma: fc.double({ min: 0, max: 1e3, noNaN: true }), weight: fc.double({ min: 1e-3, max: 1e6, noNaN: true }) }, { requiredKeys: ['move'] }),
  fc.constant({ move: 'desnooker' }),
  fc.constant({ move: 'walk' }),
  fc.record({ move: fc.constant('gaussian'), cov: fc.double({ min: 1e-6, max: 1e12, noNaN: true }) }),
);

/** A run config of a test target that should pass (small), before mutation. */
const baseConfig = fc.integer({ min: 1, max: 4 }).chain((ndim) =>
  fc.record({
    model: fc.constant({ target: 'normal', ndim }),
    // (a string seed that reads "NaN" would trip the finite-output rule; it is a legitimate seed)
    seed: fc.oneof(fc.integer({ min: -1e6, max: 1e6 }), fc.string({ minLength: 1, maxLength: 10 }).filter((s) => !/^-?(NaN|Infinity)$/.test(s.trim()))),
    backend: fc.constantFrom('cpu', 'auto'),
    sampler: fc.record({
      walkers: fc.integer({ min: 2 * ndim + 2, max: 32 }),
      ensembles: fc.integer({ min: 1, max: 4 }),
      steps: fc.integer({ min: 10, max: 5000 }),
      thin: fc.integer({ min: 1, max: 3 }),
      moves: fc.oneof(fc.array(validMove, { minLength: 1, maxLength: 2 }), fc.array(move(ndim), { minLength: 1, maxLength: 2 })),
    }),
  }),
);

/** Each field of a config with the values to try there. */
const CONFIG_FIELDS: [string[], fc.Arbitrary<unknown>][] = [
  [['sampler', 'walkers'], integerEdge],
  [['sampler', 'ensembles'], integerEdge],
  [['sampler', 'steps'], integerEdge],
  [['sampler', 'thin'], integerEdge],
  [['sampler', 'burn'], fc.oneof(integerEdge, fc.constant('auto'))],
  [['sampler', 'checkpointEvery'], integerEdge],
  [['sampler', 'memoryCapMB'], anyNumber],
  [['sampler', 'kind'], fc.constantFrom('ensemble', 'metropolis', 'metropolis', 'gibbs')],
  [['sampler', 'autoStop'], fc.oneof(fc.constant(false), fc.record({ tauFactor: anyNumber, tauDrift: anyNumber, checkEvery: integerEdge, rhatBelow: anyNumber }, { requiredKeys: [] }))],
  [['sampler', 'metropolis'], fc.record({ chains: integerEdge, dof: anyNumber, iterations: integerEdge, preRunMin: integerEdge, preRunMax: integerEdge, preRunCheck: integerEdge, evaluationBudget: integerEdge, efficiencyMin: realEdge, efficiencyMax: realEdge, scaleMultiplier: anyNumber, covarianceLambda: anyNumber, rValue: anyNumber }, { requiredKeys: [] })],
  [['sampler', 'skipInitialStateCheck'], fc.constantFrom(true, false, 'yes')],
  [['model', 'ndim'], fc.constantFrom(0, 1, 2, 5, 1000, 4000, 10_000, 10_001, 2.5, -1)],
  [['model', 'target'], fc.constantFrom('normal', 'gauss20', 'rosen2', 'gauss50', 'cauchy')],
  [['model', 'options'], fc.constantFrom({}, { running: true }, { nope: 1 })],
  [['model', 'data'], fc.constantFrom('2020', 'current', '1999')],
  [['model', 'wcxf'], fc.constantFrom({ file: 'point.yaml', use: 'centre' })],
  [['seed'], fc.constantFrom<unknown>(0, -1, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, 12345678901234567891, 1.5, 'abc', '12345678901234567891', '', 'a\u0000b', 'x'.repeat(201), null)],
  [['threads'], fc.constantFrom(0, 1, 2, 3, 64, 1024, 1025)],
  [['backend'], fc.constantFrom('cpu', 'auto', 'gpujs-cpu', 'tpu')],
  [['name'], fc.constantFrom('ok', '', 'x'.repeat(201))],
  [['unknown'], junk],
];

function setIn(config: Record<string, unknown>, keys: string[], value: unknown): void {
  let node = config;
  for (const key of keys.slice(0, -1)) node = (node[key] = typeof node[key] === 'object' && node[key] !== null ? node[key] : {}) as Record<string, unknown>;
  node[keys[keys.length - 1]] = value;
}

const mutation = fc.integer({ min: 0, max: CONFIG_FIELDS.length - 1 }).chain((i) => CONFIG_FIELDS[i][1].map((value) => ({ keys: CONFIG_FIELDS[i][0], value })));

const mutatedConfig = fc.tuple(baseConfig, fc.array(mutation, { minLength: 0, maxLength: 3 })).map(([config, mutations]) => {
  const copy = structuredClone(config) as Record<string, unknown>;
  for (const { keys, value } of mutations) setIn(copy, keys, value);
  return copy;
});

/**
 * Physics scenarios. A valid flavour scenario takes seconds to build, so flavour cases always carry one
 * option out of range (they test the option bounds); EW scenarios may be valid and build (about a second).
 */
const scenarioConfig = fc.oneof(
  fc.record({
    model: fc.record({
      scenario: fc.constantFrom('ew', 'ew-tree'),
      options: fc.record({ running: fc.constantFrom(true, false, 'x'), wcHalfWidths: fc.dictionary(fc.constantFrom('phil1_11', 'phil3_11', 'lu_2233', 'nope', '__proto__'), anyNumber, { maxKeys: 2 }) }, { requiredKeys: [] }),
    }),
    sampler: fc.record({ steps: integerEdge, walkers: fc.constantFrom(64, 1_000_000) }, { requiredKeys: [] }),
  }),
  fc.record({
    model: fc.record({
      scenario: fc.constantFrom('flavour-pdd', 'flavour-clean', 'ew-flavour-pmd'),
      options: fc.oneof(
        fc.record({ qedUncertainty: fc.constantFrom(-1, 2, 1e308, '.inf') }),
        fc.record({ quadrature: fc.record({ subintervals: fc.constantFrom(0, 257, 1e9, 2.5), order: fc.constantFrom(1, 8, 65) }) }),
        fc.record({ theoryDraws: fc.constantFrom(-1, 100_001, 1e12, 0.5) }),
        fc.record({ priorHalfWidth: fc.constantFrom(0, 1e4 + 1, 1e308) }),
      ),
    }),
  }),
);

const MALFORMED = [
  'model: [target\n',
  'model:\n  target: normal\n  target: normal\n',
  'model:\n  target: normal\nsampler:\n  walkers: 8\n  walkers: 9\n',
  'a: &x [*x]\n',
  '{{{{',
  'model:\n\ttarget: normal\n',
  '- 1\n- 2\n',
  '42\n',
  '~\n',
  '---\n---\n',
  `model:\n  target: normal\n${'  '.repeat(0)}sampler: ${'['.repeat(200)}${']'.repeat(200)}\n`,
];

export type ConfigCase = { text: string | Uint8Array; what: string };
export const configCase: fc.Arbitrary<ConfigCase> = fc.oneof(
  { weight: 14, arbitrary: mutatedConfig.map((c) => ({ text: stringify(c), what: 'config' })) },
  { weight: 2, arbitrary: scenarioConfig.map((c) => ({ text: stringify(c), what: 'scenario' })) },
  { weight: 1, arbitrary: fc.constantFrom(...MALFORMED).map((text) => ({ text, what: 'malformed' })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((text) => ({ text, what: 'binary' })) },
);

// ---------------------------------------------------------------- flags

const FLAG_VALUES: Record<string, fc.Arbitrary<string>> = {
  '--walkers': fc.constantFrom('1', '8', '64', '1000000', '1000001', '1e3', '0x10', '-4', ' 8', ''),
  '--ensembles': fc.constantFrom('1', '2', '1024', '1025', '0'),
  '--ensemble-index': fc.constantFrom('0', '1', '3', '99', '-1', 'auto'),
  '--steps': fc.constantFrom('1', '50', '1000000000', '1000000001', '1e99', '-3'),
  '--chains': fc.constantFrom('1', '5', '1000000', '10000000'),
  '--threads': fc.constantFrom('1', '2', '3', '64', '1024', '1025'),
  '--seed': fc.constantFrom('1', '-0', '007', '9007199254740993', '12345678901234567891', '-12345678901234567891', 'abc', '', 'x'.repeat(201), '1e3'),
  '--moves': fc.constantFrom('stretch', 'de:0.8,desnooker:0.2', 'de:Infinity', 'de:1e999', 'de:0x10', 'de:1:2', 'de:-1', 'de:1e6', 'de:1e7', 'stretch,', 'gaussian', 'walk:0.5,stretch'),
  '--sampler': fc.constantFrom('ensemble', 'metropolis', 'gibbs'),
  '--backend': fc.constantFrom('cpu', 'auto', 'tpu'),
  '--data': fc.constantFrom('2020', 'current', '1999'),
  '--scenario': fc.constantFrom('normal', 'gauss20', 'nope'),
};
const flagPair = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...Object.keys(FLAG_VALUES)).chain((flag) => FLAG_VALUES[flag].map((value) => [flag, value])) },
  { weight: 1, arbitrary: fc.constantFrom(['extra'], ['--wlakers', '4'], ['--resume'], ['--quiet'], ['--steps']) },
);
export const flagSet = fc.array(flagPair, { minLength: 1, maxLength: 4 }).map((pairs) => pairs.flat());

// ---------------------------------------------------------------- predict

const EW_OBS = ['GammaZ', 'MW', 'A_e', 'R_b', 'sigma_had_nb', 'AFB_mu'];
const FLAVOUR_OBS = ['<Rmue>(B+->Kll)[1.1,6.0]', 'BR(Bs->mumu)'];
const COEFFICIENTS = ['phil1_11', 'phil3_11', 'lu_2233', 'ee_1111', 'C9_bsmumu', 'C10_bsee', '__proto__', 'constructor', 'toString', 'nope', ''];
const decimalValue = fc.oneof(
  fc.constantFrom('0', '1', '-1', '0.1', '1e-3', '1e4', '10001', '-1e4', '1e308', '-1e308', '1e999', 'Infinity', 'NaN', '0x10', '0b1', ' 1', '1_000', '', '.5', '5.', '+2'),
  fc.double({ min: -1e5, max: 1e5, noNaN: true }).map(String),
);
const NUISANCE = ['MH', 'mt', 'als', 'dalhad', 'MZ', 'GF', '__proto__'];
const nuisanceValue = fc.oneof(
  fc.constantFrom('0', '-91', '91.1876', '125', '1000', '1001', '49', '173', '1e308', '0.118', '1', '0.0276', 'NaN', '0x10'),
  fc.double({ min: -10, max: 2000, noNaN: true }).map(String),
);
const assignments = (names: readonly string[], value: fc.Arbitrary<string>) =>
  fc.array(fc.tuple(fc.constantFrom(...names), value), { minLength: 1, maxLength: 3 }).map((list) => list.map(([n, v]) => `${n}=${v}`).join(','));
/** Each name once, a value in range: the inputs a user means (these should mostly pass). */
const validAssignments = (names: readonly string[], value: (name: string) => fc.Arbitrary<number>) =>
  fc.uniqueArray(fc.constantFrom(...names), { minLength: 1, maxLength: 3 }).chain((chosen) => fc.tuple(...chosen.map((n) => value(n).map((v) => `${n}=${v}`))).map((list) => list.join(',')));
const junkPredict = fc.record(
  {
    obs: fc.array(fc.constantFrom(...EW_OBS, ...FLAVOUR_OBS, 'nope'), { minLength: 1, maxLength: 3 }).map((l) => l.join(',')),
    wc: assignments(COEFFICIENTS, decimalValue),
    nuisance: assignments(NUISANCE, nuisanceValue),
    tree: fc.boolean(),
    scheme: fc.constantFrom('hepfit', 'flavio', 'x'),
    extra: fc.constantFrom('positional', '--bogus'),
  },
  { requiredKeys: ['obs'] },
);
const inRange = (name: string) => fc.double({ min: SM_INPUT_RANGES[name as SmInputName][0], max: SM_INPUT_RANGES[name as SmInputName][1], noNaN: true });
const validPredict = fc.oneof(
  // EW observables at SMEFT points (the EW coefficients) and SM inputs within their box.
  fc.record(
    {
      obs: fc.uniqueArray(fc.constantFrom(...EW_OBS), { minLength: 1, maxLength: 3 }).map((l) => l.join(',')),
      wc: validAssignments(EW_WILSON_COEFFICIENTS, () => fc.oneof(fc.double({ min: -10, max: 10, noNaN: true }), fc.constantFrom(1e4, -1e4, 0))),
      nuisance: validAssignments(SM_INPUT_NAMES, inRange),
      tree: fc.boolean(),
    },
    { requiredKeys: ['obs'] },
  ),
  // b → sℓℓ observables at WET points.
  fc.record(
    {
      obs: fc.uniqueArray(fc.constantFrom(...FLAVOUR_OBS), { minLength: 1, maxLength: 2 }).map((l) => l.join(',')),
      wc: validAssignments(FLAVOUR_WET_COEFFICIENTS, () => fc.double({ min: -5, max: 5, noNaN: true })),
      scheme: fc.constantFrom('hepfit', 'flavio'),
    },
    { requiredKeys: ['obs'] },
  ),
);
type PredictCase = { obs: string; wc?: string; nuisance?: string; tree?: boolean; scheme?: string; extra?: string };
export const predictArgs = fc.oneof<fc.Arbitrary<PredictCase>[]>(validPredict, junkPredict).map((p) => [
  'predict', '--obs', p.obs,
  ...(p.wc !== undefined ? ['--wc', p.wc] : []),
  ...(p.nuisance !== undefined ? ['--nuisance', p.nuisance] : []),
  ...(p.tree ? ['--tree'] : []),
  ...(p.scheme !== undefined ? ['--scheme', p.scheme] : []),
  ...(p.extra !== undefined ? [p.extra] : []),
  '--json',
]);

// ---------------------------------------------------------------- WCxf

const U2 = ['phiq1_22', 'phiq3_22'];
const wcxfName = fc.constantFrom(...SMEFT_PARAMETERS.slice(0, 12), ...U2, 'C9_bsmumu', 'C10_bsmumu', 'x_1', '__proto__', 'constructor');
const wcxfValue = fc.oneof(
  fc.constantFrom<unknown>(0, 1e-7, -1e-6, 1e-3, 1e-2, 1e4, 1e308, -1e308, '.inf', 'x', null, [], { Re: 1e-7 }, { Re: 1e-7, Im: 0 }, { Im: 1e-7 }, { Re: 'x' }, { Re: 1e-7, Xx: 1 }),
  fc.double({ min: -1e-2, max: 1e-2, noNaN: true }),
);
const wcxfDocument = fc.record(
  {
    eft: fc.constantFrom('SMEFT', 'SMEFT', 'WET', 'SMEFT_x', 3),
    basis: fc.constantFrom('Warsaw', 'Warsaw', 'flavio', 'JMS'),
    scale: fc.constantFrom<unknown>(1000, 1000, 4.8, 91.1876, 0, -1000, 1e308, '.nan', 'x'),
    values: fc.dictionary(wcxfName, wcxfValue, { maxKeys: 6 }),
    metadata: fc.constantFrom<unknown>({ generator: 'test' }, 'x', null),
    extra: fc.constant(1),
  },
  { requiredKeys: ['eft', 'basis', 'scale', 'values'] },
);
/** Past the 1 MiB size limit (90 000 entries): refused before parsing. */
const HUGE_WCXF = `eft: SMEFT\nbasis: Warsaw\nscale: 1000\nvalues:\n${Array.from({ length: 90_000 }, (_, i) => `  x_${i}: 0\n`).join('')}`;
export type WcxfCase = { text: string; what: string; obs: string };
const junkWcxf: fc.Arbitrary<WcxfCase> = fc.tuple(
  wcxfDocument,
  fc.constantFrom('yaml', 'yaml', 'json', 'duplicate', 'truncated', 'huge'),
  fc.constantFrom('GammaZ,MW', 'MW', 'BR(Bs->mumu),GammaZ', '<Rmue>(B+->Kll)[1.1,6.0]'),
).map(([doc, form, obs]) => {
  const yaml = stringify(doc);
  const text = {
    yaml,
    json: JSON.stringify(doc),
    duplicate: `${yaml}eft: SMEFT\n`,
    truncated: yaml.slice(0, Math.floor(yaml.length / 2)),
    huge: HUGE_WCXF,
  }[form];
  return { text, what: form, obs };
});
/** What a WCxf writer (wilson, smelli) would give: in-model names, the U(2) partners equal, values in range. */
const U2_PARTNER: Record<string, string> = { phiq1_11: 'phiq1_22', phiq3_11: 'phiq3_22', phiu_11: 'phiu_22', phid_11: 'phid_22' };
const validWcxf: fc.Arbitrary<WcxfCase> = fc.oneof(
  fc.tuple(fc.dictionary(fc.constantFrom(...SMEFT_PARAMETERS), fc.double({ min: -1e-2, max: 1e-2, noNaN: true }), { minKeys: 1, maxKeys: 6 }), fc.constantFrom('yaml', 'json'), fc.constantFrom('GammaZ,MW', 'A_e', '<Rmue>(B+->Kll)[1.1,6.0],MW')).map(([values, form, obs]) => {
    const withPartners = { ...values };
    for (const [name, partner] of Object.entries(U2_PARTNER)) if (name in values) withPartners[partner] = values[name];
    const doc = { eft: 'SMEFT', basis: 'Warsaw', scale: 1000, values: withPartners };
    return { text: form === 'json' ? JSON.stringify(doc) : stringify(doc), what: `valid-smeft-${form}`, obs };
  }),
  fc.dictionary(fc.constantFrom(...FLAVOUR_WET_COEFFICIENTS), fc.oneof(fc.double({ min: -5, max: 5, noNaN: true }), fc.record({ Re: fc.double({ min: -5, max: 5, noNaN: true }), Im: fc.constant(0) })), { minKeys: 1, maxKeys: 4 }).map((values) => ({
    text: stringify({ eft: 'WET', basis: 'flavio', scale: 4.8, values }),
    what: 'valid-wet',
    obs: 'BR(Bs->mumu),<Rmue>(B+->Kll)[1.1,6.0]',
  })),
);
export const wcxfCase = fc.oneof(validWcxf, junkWcxf);

