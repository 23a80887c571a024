/**
 * Issue 14, item 5 without a cluster: the K runs of one ensemble each (`run --ensembles K --ensemble-index I`)
 * merged by `smeftfit merge` are the single-process K-ensemble run bit for bit (chain, final state with
 * every generator, summary with R̂ across ensembles, plots), and merge refuses anything else with a
 * one-line error (exit 2) before writing a byte. The Slurm array test (slurm-array.test.ts) runs the same
 * thing through a real slurmctld/slurmd.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { initialWalkersOfEnsembles, resolveEnsembleIndex } from '../../src/commands/ensemble-index.ts';
import type { BatchLogDensity } from '../../src/engine/density.ts';
import { mergeCommand } from '../../src/commands/merge.ts';
import { InputError } from '../../src/errors.ts';
import { codeFingerprint } from '../../src/provenance.ts';
import { drawInitialWalkers } from '../../src/sampler/initial-walkers.ts';
import type { ParameterSpec } from '../../src/scenarios/scenario.ts';
import { runCli } from '../cli/run-cli.ts';
import { expectSameRun } from './compare-runs.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-merge-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

// gauss20, 4 ensembles × 48 walkers, 300 steps thinned by 3: seconds per run (timeouts are generous
// because a loaded 2-core machine makes a child process start slowly, not because the runs are long). The reference has the
// stopping rule off; the per-ensemble runs use a config that leaves it on (the default), to show that
// --ensemble-index turns it off by itself (their config.json must equal the reference's byte for byte).
const lines = (autoStop: boolean) =>
  ['name: short', 'model:', '  target: gauss20', 'seed: 11', 'backend: cpu', 'sampler:', '  walkers: 48', '  ensembles: 4', '  steps: 300', '  thin: 3', ...(autoStop ? ['  autoStop:', '    checkEvery: 100'] : ['  autoStop: false']), '  checkpointEvery: 100', ''].join('\n');
const reference = path.join(work, 'reference.yaml');
const perEnsemble = path.join(work, 'per-ensemble.yaml');
fs.writeFileSync(reference, lines(false));
fs.writeFileSync(perEnsemble, lines(true));
const single = path.join(work, 'single');
const ens = (i: number) => path.join(work, `ens-${i}`);

async function cli(args: string[], env: Record<string, string> = {}): Promise<string> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const result = await runCli(args);
    expect(result.status, result.stderr).toBe(0);
    return result.stdout;
  } finally {
    process.env = saved;
  }
}

describe('run --ensemble-index + merge = the single-process run', () => {
  it('four single-ensemble runs (one indexed from SLURM_ARRAY_TASK_ID) merge into the 4-ensemble run bit for bit', async () => {
    await Promise.all([
      cli(['run', reference, '--out', single, '--quiet']),
      cli(['run', perEnsemble, '--ensemble-index', '0', '--out', ens(0), '--quiet']),
      cli(['run', perEnsemble, '--ensemble-index', '1', '--out', ens(1), '--quiet']),
    ]);
    await Promise.all([
      cli(['run', perEnsemble, '--ensemble-index', 'auto', '--out', ens(2), '--quiet'], { SLURM_ARRAY_TASK_ID: '2' }),
      cli(['run', perEnsemble, '--ensembles', '4', '--ensemble-index', '3', '--out', ens(3), '--quiet']),
    ]);
    for (const i of [0, 1, 2, 3]) {
      const ensemble = JSON.parse(fs.readFileSync(path.join(ens(i), 'ensemble.json'), 'utf8'));
      expect(ensemble).toMatchObject({ index: i, count: 4, stream: `11:${i}` });
      expect(JSON.parse(fs.readFileSync(path.join(ens(i), 'summary.json'), 'utf8')).steps).toBe(300);
    }
    const merged = path.join(work, 'merged');
    // Directories in any order: merge sorts them by their recorded index.
    const stdout = await cli(['merge', merged, ens(3), ens(1), ens(0), ens(2), '--json']);
    expect(JSON.parse(stdout).ensembles).toBe(4);
    expect(JSON.parse(stdout).rhat_method).toBe('ensembles');
    await expectSameRun(merged, single);
  }, 300_000);

  it('the merged run continues with run --resume exactly as the single-process run does', async () => {
    const merged = path.join(work, 'merged');
    await Promise.all([
      cli(['run', reference, '--out', merged, '--resume', '--steps', '360', '--quiet']),
      cli(['run', reference, '--out', single, '--resume', '--steps', '360', '--quiet']),
    ]);
    await expectSameRun(merged, single);
  }, 300_000);
});

describe('merge refuses what is not the K ensembles of one run (nothing written)', () => {
  const out = path.join(work, 'refused');
  /** A copy of ensemble 3's run with one JSON file edited. */
  function altered(file: string, edit: (value: Record<string, unknown>) => void): string {
    const dir = fs.mkdtempSync(path.join(work, 'altered-'));
    fs.cpSync(ens(3), dir, { recursive: true });
    const value = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>;
    edit(value);
    fs.writeFileSync(path.join(dir, file), JSON.stringify(value));
    return dir;
  }
  const cases: [string, () => string[], RegExp][] = [
    ['a missing index', () => [ens(0), ens(1), ens(3)], /ensembles 2 of 0 … 3 are missing/],
    ['an index twice', () => [ens(0), ens(1), ens(1), ens(2), ens(3)], /both hold ensemble 1/],
    ['another config', () => [ens(0), ens(1), ens(2), altered('config.json', (c) => ((c.sampler as Record<string, unknown>).burn = 30))], /another config .*config\.sampler\.burn differs/],
    ['other code', () => [ens(0), ens(1), ens(2), altered('provenance.json', (p) => (p.code = 'sha256:0000'))], /other code/],
    ['a checkpoint edited to an unfinished step', () => [ens(0), ens(1), ens(2), altered('state.json', (s) => ((s.iteration = 150), (s.nStored = 50)))], /state\.json: the checkpoint was edited or damaged/],
    ['a run of all ensembles', () => [single], /no ensemble\.json/],
  ];
  for (const [what, dirs, message] of cases) {
    it(what, async () => {
      await expect(mergeCommand(out, dirs())).rejects.toThrow(message);
      await expect(mergeCommand(out, dirs())).rejects.toThrow(InputError);
      expect(fs.existsSync(out)).toBe(false);
      expect(fs.readdirSync(work).filter((f) => f.includes('merging'))).toEqual([]);
    });
  }

  it('(not refused: a run started with fewer --steps and resumed to the same step)', async () => {
    // config.json keeps the first --steps of a resumed run; what must agree is the step reached.
    const resumed = altered('config.json', (c) => ((c.sampler as Record<string, unknown>).steps = 150));
    const out = path.join(work, 'merged-resumed');
    await mergeCommand(out, [ens(0), ens(1), ens(2), resumed]);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'config.json'), 'utf8')).sampler.steps).toBe(300);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8')).steps).toBe(300);
  });

  it('an existing output, and exit code 2 at the command line', async () => {
    const result = await runCli(['merge', path.join(work, 'merged'), ens(0), ens(1), ens(2), ens(3)]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^smeftfit: merge: .*merged already exists/);
  });
});

describe('the ensemble index', () => {
  it('is a number below K, or SLURM_ARRAY_TASK_ID for auto; never taken from the environment unasked', () => {
    expect(resolveEnsembleIndex(undefined, 4, { SLURM_ARRAY_TASK_ID: '2' })).toBeUndefined();
    expect(resolveEnsembleIndex(3, 4, {})).toBe(3);
    expect(resolveEnsembleIndex('auto', 4, { SLURM_ARRAY_TASK_ID: '0' })).toBe(0);
    expect(() => resolveEnsembleIndex(4, 4, {})).toThrow(/not one of 0 … 3/);
    expect(() => resolveEnsembleIndex('auto', 4, {})).toThrow(/SLURM_ARRAY_TASK_ID is not set/);
    expect(() => resolveEnsembleIndex('auto', 4, { SLURM_ARRAY_TASK_ID: '4' })).toThrow(/--array=0-3/);
    expect(() => resolveEnsembleIndex('auto', 4, { SLURM_ARRAY_TASK_ID: '1-3' })).toThrow(InputError);
  });
});

describe('initial walkers of one ensemble', () => {
  // Start boxes that cross the prior bounds and a density that is −∞ for x0 < 0.3: about 60 % of the
  // draws are redrawn, coordinate by coordinate and walker by walker, from the one stream of all ensembles.
  const parameters: ParameterSpec[] = [0, 1, 2].map((d) => ({ name: `x${d}`, prior: { kind: 'flat', lower: -1.5, upper: 1.5 }, start: { center: 0, width: 1 }, role: 'target' }));
  let calls = 0;
  const density: BatchLogDensity = {
    ndim: 3,
    backend: 'test',
    logProbBatch(points, count, out) {
      calls++;
      for (let i = 0; i < count; i++) out[i] = points[i * 3] < 0.3 ? -Infinity : -0.5 * (points[i * 3 + 1] ** 2 + points[i * 3 + 2] ** 2);
    },
  };
  const options = { nEnsembles: 4, nWalkers: 10, seed: 'init-test' };

  it('are ensemble I of the single-process draw, redraws included; a draw of one ensemble alone would differ', async () => {
    const all = await drawInitialWalkers(parameters, density, options);
    expect(calls).toBeGreaterThan(2); // the redraw loop ran
    for (let i = 0; i < 4; i++) {
      const block = await initialWalkersOfEnsembles(parameters, density, options, i, 1);
      expect(Buffer.from(block.buffer).equals(Buffer.from(all.slice(i * 30, (i + 1) * 30).buffer))).toBe(true);
    }
    const alone = await drawInitialWalkers(parameters, density, { ...options, nEnsembles: 1 });
    expect(Array.from(alone)).not.toEqual(Array.from(all.slice(0, 30)));
  });

  it('fail as the single-process draw fails, naming the same ensemble', async () => {
    // 3 walkers for 3 dimensions cannot span the space: every ensemble fails emcee's check; each index
    // reports ensemble 0 as the single-process run does, not its own index.
    const few = { ...options, nWalkers: 3 };
    await expect(drawInitialWalkers(parameters, density, few)).rejects.toThrow(/ensemble 0 are not linearly independent/);
    await expect(initialWalkersOfEnsembles(parameters, density, few, 2, 1)).rejects.toThrow(/ensemble 0 are not linearly independent/);
  });
});

describe('the code fingerprint', () => {
  it('depends on the content of src/, kernels/, data/ and the package files, not on where they lie', () => {
    const make = (name: string, content: string) => {
      const root = path.join(work, name);
      for (const [file, text] of [['src/a.ts', 'export const a = 1;\n'], ['data/x.json', content], ['package.json', '{"version":"0.1.0"}'], ['README.md', name]]) {
        fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        fs.writeFileSync(path.join(root, file), text);
      }
      return root;
    };
    const a = codeFingerprint(make('code-a', '[1]'));
    expect(codeFingerprint(make('code-b', '[1]'))).toBe(a); // other place, other README: same code
    expect(codeFingerprint(make('code-c', '[2]'))).not.toBe(a); // one byte of data differs
    const d = make('code-d', '[1]');
    fs.writeFileSync(path.join(d, 'src/b.ts'), '');
    expect(codeFingerprint(d)).not.toBe(a); // one more (empty) file
  });
});
