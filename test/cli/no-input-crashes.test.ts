/**
 * No input crashes smeftfit (property test, fast-check): generated config documents (valid, malformed,
 * out of range, huge, wrong types, unknown names, empty, binary junk) and flag sets. Rule for every case:
 * exit code 0, or exit code 2 with exactly one line on stderr that names what is wrong
 * (`smeftfit: <file, field or flag>: …`); never a stack trace; on exit 2 nothing is written under --out.
 * Most cases run in-process through src/cli.ts's runCli (the boundary bin/smeftfit.js calls); a handful
 * go through the real binary to check the same rule end to end. Valid configs sample ≤ 50 steps.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess } from './in-process.ts';
import { runCli } from './run-cli.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-fuzz-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Values of every wrong kind a field can get. */
const junk = fc.oneof(
  fc.constantFrom(-1, 0, 0.5, 1e99, -1e99, 2 ** 53, 1e308, Number.MAX_SAFE_INTEGER, 'NaN', '.inf', '-.inf', null, true, '', 'many', '1e99', [], {}, [1, 2], { a: 1 }, '\u0000\u0007', 'x'.repeat(5000)),
  fc.integer({ min: -1e6, max: 1e12 }),
  fc.double(),
  fc.string({ maxLength: 12 }),
);

const moveSpec = fc.oneof(
  fc.record({ move: fc.constant('stretch'), a: fc.double({ min: 1.1, max: 4, noNaN: true }) }, { requiredKeys: ['move'] }),
  fc.record({ move: fc.constant('de'), weight: fc.double({ min: 0.1, max: 2, noNaN: true }) }, { requiredKeys: ['move'] }),
  fc.constant({ move: 'desnooker' }),
  fc.constant({ move: 'walk' }),
  fc.constant({ move: 'gaussian', cov: 0.5 }),
);

/** A config that should run: the 1–4-D normal target, tiny step counts. */
const validConfig = fc.integer({ min: 1, max: 4 }).chain((ndim) =>
  fc.record(
    {
      model: fc.constant({ target: 'normal', ndim }),
      seed: fc.oneof(fc.integer({ min: 0, max: 1e6 }), fc.string({ minLength: 1, maxLength: 8 })),
      backend: fc.constantFrom('cpu', 'auto'),
      sampler: fc.record(
        {
          walkers: fc.integer({ min: 2 * ndim + 2, max: 24 }),
          ensembles: fc.integer({ min: 1, max: 3 }),
          steps: fc.integer({ min: 1, max: 50 }),
          thin: fc.integer({ min: 1, max: 5 }),
          burn: fc.oneof(fc.constant('auto'), fc.integer({ min: 0, max: 60 })),
          moves: fc.array(moveSpec, { minLength: 1, maxLength: 3 }),
          autoStop: fc.oneof(fc.constant(false), fc.record({ checkEvery: fc.integer({ min: 1, max: 30 }) })),
          checkpointEvery: fc.integer({ min: 1, max: 60 }),
          skipInitialStateCheck: fc.constant(true),
        },
        { requiredKeys: ['walkers', 'steps', 'skipInitialStateCheck'] },
      ),
    },
    { requiredKeys: ['model', 'sampler'] },
  ),
);

const FIELDS = [
  ['sampler', 'walkers'], ['sampler', 'ensembles'], ['sampler', 'steps'], ['sampler', 'thin'], ['sampler', 'burn'],
  ['sampler', 'checkpointEvery'], ['sampler', 'autoStop'], ['sampler', 'moves'], ['sampler', 'wlakers'], ['model', 'ndim'],
  ['model', 'target'], ['model', 'scenario'], ['model', 'data'], ['model', 'options'], ['model', 'wcxf'], ['seed'], ['backend'],
  ['name'], ['model'], ['sampler'], ['base'], ['unknown'],
] as const;

/** A valid config with one field replaced by junk (may still be valid, e.g. a string seed). */
const mutatedConfig = fc.tuple(validConfig, fc.constantFrom(...FIELDS), junk).map(([config, field, value]) => {
  const copy = structuredClone(config) as Record<string, unknown>;
  let node = copy;
  for (const key of field.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[field[field.length - 1]] = value;
  return copy;
});

/** Physics scenarios with a wrong option or field (a valid physics run is too slow for a property test). */
const badScenario = fc.record({
  model: fc.record({
    scenario: fc.constantFrom('ew', 'ew-tree', 'flavour-clean', 'minimal-mu', 'ew-everything'),
    options: fc.oneof(fc.record({ runing: junk }), fc.record({ kScheme: junk }), fc.record({ theoryDraws: fc.constantFrom(-1, 1e12, 0.5, 'x') }), fc.record({ wcHalfWidths: junk })),
  }),
  sampler: fc.record({ steps: fc.integer({ min: 1, max: 50 }) }),
});

const MALFORMED = ['model: [target\n', 'model:\n  target: normal\n model: x\n', ':\n:\n', 'a: &x [*x]\n', '{{{{', 'model:\n\ttarget: normal\n', '- 1\n- 2\n', '"unterminated', 'model: {target: normal, target: normal}\n', '42\n', '~\n', '---\n---\n'];

type ConfigText = { text: string | Uint8Array; what: string };
const configText: fc.Arbitrary<ConfigText> = fc.oneof(
  { weight: 3, arbitrary: validConfig.map((c) => ({ text: stringify(c), what: 'valid' })) },
  { weight: 4, arbitrary: mutatedConfig.map((c) => ({ text: stringify(c), what: 'mutated' })) },
  { weight: 1, arbitrary: badScenario.map((c) => ({ text: stringify(c), what: 'scenario' })) },
  { weight: 1, arbitrary: fc.constantFrom(...MALFORMED).map((text) => ({ text, what: 'malformed' })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((text) => ({ text, what: 'binary' })) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map((text) => ({ text, what: 'text' })) },
  { weight: 1, arbitrary: fc.constant({ text: '', what: 'empty' }) },
);

const flagValue = fc.oneof(junk.map(String), fc.constantFrom('1', '2', '8', '50', '1e99', '-3', '0x10', ' 4', '1.5', 'stretch', 'de:0.8,desnooker:0.2', 'hop', 'de:1e999', 'de:-1', 'cpu', 'gpu', 'tpu', '2020', 'current', 'ew', 'gauss20', 'normal'));
const flag = fc.oneof(
  fc.tuple(fc.constantFrom('--walkers', '--ensembles', '--steps', '--seed', '--moves', '--backend', '--data', '--scenario', '--wlakers'), flagValue),
  fc.constantFrom(['--resume'], ['--json'], ['--verbose'], ['--steps'], ['-x']),
);
const flags = fc.oneof({ weight: 2, arbitrary: fc.constant<string[]>([]) }, { weight: 3, arbitrary: fc.array(flag, { minLength: 1, maxLength: 3 }).map((list) => list.flat()) });

/** The config argument: the generated file, or a name that is no file, a folder, a shipped name. */
const configArgument = fc.constantFrom('file', 'file', 'file', 'file', 'missing', 'folder', 'shipped', 'none');

function checkOutcome(result: { status: number | null; stderr: string }, out: string, label: string): void {
  expect(result.stderr, `${label}: stack trace`).not.toMatch(/\n\s+at .+[:(]/);
  expect([0, 2], `${label}: exit ${result.status}: ${result.stderr}`).toContain(result.status);
  if (result.status === 2) {
    const lines = result.stderr.split('\n').filter((line) => line !== '');
    expect(lines, `${label}: one line`).toHaveLength(1);
    // It names what is wrong: "smeftfit: <file[:line]: field, or flag>: …" (commander: "smeftfit: error: option '--x' …").
    expect(lines[0], label).toMatch(/^smeftfit: (error: .*'[\w-]+'|\S.*?: \S)/);
    expect(fs.existsSync(out), `${label}: nothing written under --out on error`).toBe(false);
  }
}

describe('no input crashes smeftfit', () => {
  it('generated configs × flag sets, in-process: exit 0, or exit 2 with one line naming the problem', async () => {
    let counter = 0;
    const tally: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(configText, flags, configArgument, async (config, extra, argumentKind) => {
        const id = counter++;
        const file = path.join(work, `case-${id}.yaml`);
        fs.writeFileSync(file, config.text);
        const out = path.join(work, `out-${id}`);
        const argument = { file: [file], missing: [path.join(work, 'nope.yaml')], folder: [work], shipped: ['normal'], none: [] }[argumentKind];
        const args = ['run', ...argument, ...extra, '--out', out, '--quiet'];
        // A shipped config runs its full length; keep it tiny unless the flags already make it fail.
        if (argumentKind === 'shipped' || extra.includes('--scenario')) args.push('--steps', '20');
        const result = await runInProcess(args);
        tally[`${config.what}:${result.status}`] = (tally[`${config.what}:${result.status}`] ?? 0) + 1;
        checkOutcome(result, out, `${config.what} ${JSON.stringify(args.slice(1))}\n${String(config.text).slice(0, 300)}`);
        fs.rmSync(out, { recursive: true, force: true });
      }),
      { numRuns: 200, seed: 20261201, endOnFailure: true },
    );
    console.log(`no-input-crashes: ${counter} in-process cases (config kind:exit code → count) ${JSON.stringify(tally)}`);
    expect(tally['valid:0'] ?? 0, 'some generated configs run to the end').toBeGreaterThan(5);
  });

  it('predict and diagnose flag sets, in-process', async () => {
    let counter = 0;
    const value = fc.oneof(flagValue, fc.constantFrom('GammaZ', 'MW,A_e', '<Rmue>(B+->Kll)[1.1,6.0]', 'phil1_11=0.1', 'lu_2233=-1,C9_bsmumu=1', 'x=', '=1', 'mt=1e99', 'mt=nan', 'phil1_11=1e308'));
    const predictFlag = fc.tuple(fc.constantFrom('--obs', '--wc', '--nuisance', '--scheme', '--alpha-e', '--yt', '--wc-file', '--burn'), value);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('predict', 'diagnose', 'list', 'nope'), fc.array(predictFlag, { maxLength: 4 }), async (command, pairs) => {
        counter++;
        const args = [command, ...(command === 'diagnose' ? [path.join(work, 'no-run')] : []), ...pairs.flat()];
        const result = await runInProcess(args);
        checkOutcome(result, path.join(work, 'never'), JSON.stringify(args));
      }),
      { numRuns: 100, seed: 7 },
    );
    console.log(`no-input-crashes: ${counter} in-process predict/diagnose/list cases`);
  });

  it('the real binary keeps the same rule (child processes)', async () => {
    const cases: [string[], string | Uint8Array][] = [
      [['run', 'CONFIG', '--steps', '1e99'], 'model:\n  target: normal\n'],
      // Binary junk as a config: one line, exit 2.
      [['run', 'CONFIG'], new Uint8Array([0, 159, 146, 150, 255, 10, 0])],
      [['run', 'CONFIG', '--walkers', '8', '--steps', '10'], 'model:\n  target: normal\n  ndim: 2\nbackend: cpu\n'],
    ];
    for (const [i, [args, text]] of cases.entries()) {
      const file = path.join(work, `child-${i}.yaml`);
      fs.writeFileSync(file, text);
      const out = path.join(work, `child-out-${i}`);
      const result = await runCli([...args.map((a) => (a === 'CONFIG' ? file : a)), '--out', out, '--quiet']);
      checkOutcome(result, out, JSON.stringify(args));
    }
    console.log(`no-input-crashes: ${cases.length} child-process cases`);
  });
});
