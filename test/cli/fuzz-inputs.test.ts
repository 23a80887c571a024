/**
 * Every input is bounded (property-based fuzzing, fast-check, fixed seeds): four surfaces — run configs,
 * run flags, `predict` inputs, WCxf files — 500 generated cases each, in this process through src/cli.ts's
 * runCli (the function bin/smeftfit.js calls), plus 20 of the same cases through the real binary.
 *
 * Pass rule, for every case: exit 0 with finite output (every number in the JSON finite, and no "NaN" or
 * "Infinity" strings, which is how the CLI prints non-finite numbers), or exit 2 with exactly one line on
 * stderr naming the file, field or flag, nothing on stdout and nothing written under --out; never another
 * exit code or a stack trace; and no case may take longer than CASE_BOX_MS (a hang — the campaign found
 * inputs that ran for minutes — fails the case; child processes are killed at the box).
 *
 * Run cases use `run --dry-run`: the same parse, flag resolution, scenario build and checks as a run, up to
 * the point where it would start sampling (src/commands/run-plan.ts). Generated values sit on and around
 * every bound (config/limits.ts, bounds.ts, the schema) and beyond it; each surface's tally of exit codes is
 * printed, and each must contain both outcomes (so a generator that only makes junk cannot pass silently).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { EW_WILSON_COEFFICIENTS } from '../../src/physics/ew/wilson-coefficients.ts';
import { SM_INPUT_NAMES, SM_INPUT_RANGES, type SmInputName } from '../../src/physics/ew/sm-inputs.ts';
import { FLAVOUR_WET_COEFFICIENTS } from '../../src/physics/flavour/matching.ts';
import { SMEFT_PARAMETERS } from '../../src/physics/wcxf.ts';
import { runInProcess } from './in-process.ts';
import { BIN } from './run-cli.ts';
import { spawn } from 'node:child_process';
import { REPO_ROOT } from '../../src/data-dir.ts';

const CASES_PER_SURFACE = 500;
/** A hang detector, not a speed test: the slowest legitimate case (an EW scenario build) takes about a second. */
const CASE_BOX_MS = 30_000;
/** A child process starts tsx and the CLI (a few seconds on an idle machine); killed past this as hung. */
const CHILD_BOX_MS = 120_000;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-bounds-fuzz-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

interface Outcome {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Every number in a JSON value finite, and no non-finite number printed as a string. */
function allFinite(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value === 'string') return !/^-?(NaN|Infinity)$/.test(value);
  if (Array.isArray(value)) return value.every(allFinite);
  if (value !== null && typeof value === 'object') return Object.values(value).every(allFinite);
  return true;
}

function checkOutcome(result: Outcome, label: string, out?: string): void {
  expect(result.stderr, `${label}: stack trace`).not.toMatch(/\n\s+at .+[:(]/);
  expect([0, 2], `${label}: exit ${result.status}: ${result.stderr}`).toContain(result.status);
  if (out !== undefined) expect(fs.existsSync(out), `${label}: nothing may be written under --out (dry run or refused)`).toBe(false);
  if (result.status === 2) {
    const lines = result.stderr.split('\n').filter((line) => line !== '');
    expect(lines, `${label}: one line`).toHaveLength(1);
    expect(lines[0], label).toMatch(/^smeftfit: (error: .*'[\w-]+'|\S.*?: \S)/);
    expect(result.stdout, `${label}: nothing on stdout`).toBe('');
  } else {
    let parsed: unknown;
    expect(() => (parsed = JSON.parse(result.stdout)), `${label}: JSON output`).not.toThrow();
    expect(allFinite(parsed), `${label}: finite output ${result.stdout.slice(0, 300)}`).toBe(true);
  }
}

type Tally = Record<string, number>;
const count = (tally: Tally, key: string) => (tally[key] = (tally[key] ?? 0) + 1);

async function timed(args: string[]): Promise<Outcome & { ms: number }> {
  // Let the test runner's messages through between cases (a worker that never yields trips its RPC timeout).
  await new Promise((resolve) => setImmediate(resolve));
  const start = performance.now();
  const result = await runInProcess(args);
  return { ...result, ms: performance.now() - start };
}

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

type ConfigCase = { text: string | Uint8Array; what: string };
const configCase: fc.Arbitrary<ConfigCase> = fc.oneof(
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
const flagSet = fc.array(flagPair, { minLength: 1, maxLength: 4 }).map((pairs) => pairs.flat());

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
const predictArgs = fc.oneof<fc.Arbitrary<PredictCase>[]>(validPredict, junkPredict).map((p) => [
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
type WcxfCase = { text: string; what: string; obs: string };
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
const wcxfCase = fc.oneof(validWcxf, junkWcxf);

// ---------------------------------------------------------------- the properties

const normalConfig = path.join(work, 'normal.yaml');
fs.writeFileSync(normalConfig, 'model:\n  target: normal\n  ndim: 2\nbackend: cpu\nsampler:\n  walkers: 8\n  steps: 200\n');

/** The run arguments of a config case (dry run, with --out that must stay absent). */
function configArgs(file: string, out: string): string[] {
  return ['run', file, '--dry-run', '--json', '--out', out];
}

describe('every input bounded (fuzz)', () => {
  const summary: string[] = [];
  afterAll(() => console.log(`input-bounds fuzz:\n  ${summary.join('\n  ')}`));

  async function runSurface<T>(name: string, arbitrary: fc.Arbitrary<T>, seed: number, toArgs: (value: T, id: number) => { args: string[]; out?: string; label: string }): Promise<void> {
    const tally: Tally = {};
    let id = 0;
    let slowest = 0;
    await fc.assert(
      fc.asyncProperty(arbitrary, async (value) => {
        const { args, out, label } = toArgs(value, id++);
        const result = await timed(args);
        slowest = Math.max(slowest, result.ms);
        count(tally, `exit ${result.status}`);
        expect(result.ms, `${label}: took ${result.ms.toFixed(0)} ms, past the ${CASE_BOX_MS} ms box`).toBeLessThan(CASE_BOX_MS);
        checkOutcome(result, label, out);
      }),
      { numRuns: CASES_PER_SURFACE, seed, endOnFailure: true },
    );
    summary.push(`${name}: ${id} in-process cases ${JSON.stringify(tally)}, slowest ${slowest.toFixed(0)} ms`);
    expect(id).toBeGreaterThanOrEqual(CASES_PER_SURFACE);
    // Both outcomes occur: the generators reach valid inputs and every kind of refusal.
    expect(tally['exit 0'] ?? 0, `${name}: some cases pass`).toBeGreaterThan(10);
    expect(tally['exit 2'] ?? 0, `${name}: some cases are refused`).toBeGreaterThan(10);
  }

  it('run configs (schema, moves, Metropolis, scenario options, seeds, sizes): 500 cases', async () => {
    await runSurface('configs', configCase, 20261207, (c, id) => {
      const file = path.join(work, `config-${id}.yaml`);
      fs.writeFileSync(file, c.text);
      const out = path.join(work, `config-out-${id}`);
      return { args: configArgs(file, out), out, label: `${c.what}\n${String(c.text).slice(0, 400)}` };
    });
  }, 300_000);

  it('run flags (sizes, seeds, moves, flags of the other sampler, extra arguments): 500 cases', async () => {
    await runSurface('flags', flagSet, 20261208, (flags, id) => {
      const out = path.join(work, `flags-out-${id}`);
      const config = flags.includes('--scenario') ? [] : [normalConfig];
      return { args: ['run', ...config, ...flags, '--dry-run', '--json', '--out', out], out, label: JSON.stringify(flags) };
    });
  }, 300_000);

  it('predict inputs (names, numbers, SM inputs, observables): 500 cases', async () => {
    await runSurface('predict', predictArgs, 20261209, (args) => ({ args, label: JSON.stringify(args) }));
  }, 300_000);

  it('WCxf files through predict --wc-file: 500 cases', async () => {
    await runSurface('wcxf', wcxfCase, 20261210, (c, id) => {
      const file = path.join(work, `point-${id}.${c.what === 'json' ? 'json' : 'yaml'}`);
      fs.writeFileSync(file, c.text);
      return { args: ['predict', '--obs', c.obs, '--wc-file', file, '--json'], label: `${c.what} ${c.obs}\n${c.text.slice(0, 400)}` };
    });
  }, 300_000);

  it('20 of the same cases through the real binary (child processes, killed at the box)', async () => {
    const cases: { args: string[]; out?: string; label: string }[] = [];
    fc.sample(configCase, { numRuns: 5, seed: 11 }).forEach((c, i) => {
      const file = path.join(work, `child-config-${i}.yaml`);
      fs.writeFileSync(file, c.text);
      const out = path.join(work, `child-config-out-${i}`);
      cases.push({ args: configArgs(file, out), out, label: `${c.what}\n${String(c.text).slice(0, 300)}` });
    });
    fc.sample(flagSet, { numRuns: 5, seed: 12 }).forEach((flags, i) => {
      const out = path.join(work, `child-flags-out-${i}`);
      cases.push({ args: ['run', ...(flags.includes('--scenario') ? [] : [normalConfig]), ...flags, '--dry-run', '--json', '--out', out], out, label: JSON.stringify(flags) });
    });
    fc.sample(predictArgs, { numRuns: 5, seed: 13 }).forEach((args) => cases.push({ args, label: JSON.stringify(args) }));
    fc.sample(wcxfCase, { numRuns: 5, seed: 14 }).forEach((c, i) => {
      const file = path.join(work, `child-point-${i}.yaml`);
      fs.writeFileSync(file, c.text);
      cases.push({ args: ['predict', '--obs', c.obs, '--wc-file', file, '--json'], label: `${c.what}\n${c.text.slice(0, 300)}` });
    });
    const tally: Tally = {};
    // Two at a time (the CI has two cores); each child is killed at CHILD_BOX_MS.
    const queue = [...cases];
    const worker = async () => {
      for (let c = queue.shift(); c !== undefined; c = queue.shift()) {
        const result = await runChild(c.args);
        count(tally, result.status === null ? 'killed' : `exit ${result.status}`);
        expect(result.status, `${c.label}: killed after ${CHILD_BOX_MS} ms`).not.toBeNull();
        checkOutcome(result, c.label, c.out);
      }
    };
    await Promise.all([worker(), worker()]);
    summary.push(`real binary: ${cases.length} child-process cases ${JSON.stringify(tally)}`);
    expect(cases.length).toBe(20);
  }, 600_000);
});

/** The real CLI as a child process, killed (status null) past the box. */
function runChild(args: string[]): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env: { ...process.env, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_BOX_MS);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}
