/**
 * chain.h5 is read by the real emcee (Debian's python3-emcee through Debian's own /usr/bin/python3), by
 * `smeftfit diagnose`, and a resume refuses a chain file that is truncated, damaged, not HDF5, of another
 * shape, shorter than its checkpoint, or not the checkpoint's chain: exit 2, one line, nothing changed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChainFileReader, ChainFileWriter } from '../../src/sampler/hdf5-chain.ts';
import { runCli } from './run-cli.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-chain-file-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

// 3-D standard normal, 2 ensembles × 16 walkers, thin 2 (so emcee's `accepted` rescaling is exercised).
const WALKERS = 16;
const ENSEMBLES = 2;
const STEPS = 600;
const THIN = 2;
const config = path.join(work, 'chain.yaml');
fs.writeFileSync(
  config,
  ['model:', '  target: normal', '  ndim: 3', 'seed: 11', 'backend: cpu', 'sampler:', `  walkers: ${WALKERS}`, `  ensembles: ${ENSEMBLES}`, `  steps: ${STEPS}`, `  thin: ${THIN}`, '  autoStop: false', '  checkpointEvery: 100', ''].join('\n'),
);
const runDir = path.join(work, 'run');
let summary: { parameters: { name: string; tau: number; mean: number }[]; burn_in_steps: number; acceptance: number };
let state: { coords: number[]; logProb: number[]; accepted: number[]; iteration: number; nStored: number };

beforeAll(async () => {
  const result = await runCli(['run', config, '--out', runDir, '--quiet', '--json']);
  expect(result.status, result.stderr).toBe(0);
  summary = JSON.parse(result.stdout);
  state = JSON.parse(fs.readFileSync(path.join(runDir, 'state.json'), 'utf8'));
}, 120_000);

/** Debian's interpreter: the first python3 on PATH may be another installation without its packages. */
const PYTHON = '/usr/bin/python3';
const hasEmcee = fs.existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import emcee, h5py, numpy'], { stdio: 'ignore' }).status === 0;
if (!hasEmcee) console.warn(`skipping the emcee reader test: ${PYTHON} cannot import emcee, h5py and numpy (Debian: python3-emcee python3-h5py python3-numpy)`);

// Reads chain.h5 as a user would: HDFBackend read-only, an EnsembleSampler on top of it (what ArviZ's
// from_emcee takes), and h5py for the additions emcee ignores. Arrays come back as raw float64 files.
const READER = `
import json, sys
import emcee, h5py, numpy as np
path, out, burn_rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
b = emcee.backends.HDFBackend(path, read_only=True)
nwalkers, ndim = b.shape
b.get_chain().astype('<f8').tofile(out + '/chain.bin')
b.get_log_prob().astype('<f8').tofile(out + '/log_prob.bin')
b.get_chain(discard=5, thin=3).astype('<f8').tofile(out + '/chain_d5_t3.bin')
sampler = emcee.EnsembleSampler(nwalkers, ndim, lambda x: 0.0, backend=b)
last = b.get_last_sample()
with h5py.File(path, 'r') as f:
    g = f['mcmc']
    extra = {'thin_by': int(g.attrs['thin_by']), 'parameter_names': [str(s) for s in g.attrs['parameter_names']],
             'ensemble': g['ensemble'][...].tolist(), 'filters': [bool(g[d].fletcher32) or g[d].compression is not None or bool(g[d].shuffle) for d in ('chain', 'log_prob')], 'chunks': list(g['chain'].chunks),
             'maxshape': [m for m in g['chain'].maxshape],
             'burn_in_steps': int(g.attrs['burn_in_steps']), 'discard': int(g.attrs['discard'])}
tau = b.get_autocorr_time(discard=burn_rows, tol=0) * extra['thin_by']
try:
    import arviz
    idata = arviz.from_emcee(sampler)
    arviz_shape = list(idata.posterior['var_0'].shape)
except ImportError:
    arviz_shape = None
json.dump({'iteration': int(b.iteration), 'nwalkers': int(nwalkers), 'ndim': int(ndim), 'has_blobs': bool(b.has_blobs()),
           'acceptance_fraction': sampler.acceptance_fraction.tolist(), 'accepted': b.accepted.tolist(),
           'last_log_prob': last.log_prob.tolist(), 'tau': tau.tolist(), 'arviz_shape': arviz_shape, **extra}, sys.stdout)
`;

function float64File(file: string): Float64Array {
  const bytes = fs.readFileSync(file);
  return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
}

describe('chain.h5 read by emcee', () => {
  it.skipIf(!hasEmcee)('HDFBackend.get_chain / get_log_prob are exactly the chain written; iteration, acceptance, τ agree', async () => {
    const out = fs.mkdtempSync(path.join(work, 'py-'));
    const burnRows = summary.burn_in_steps / THIN;
    const py = spawnSync(PYTHON, ['-c', READER, path.join(runDir, 'chain.h5'), out, String(burnRows)], { encoding: 'utf8' });
    expect(py.status, py.stderr).toBe(0);
    const seen = JSON.parse(py.stdout);
    const nWalkers = WALKERS * ENSEMBLES;
    const rows = STEPS / THIN;
    expect([seen.iteration, seen.nwalkers, seen.ndim, seen.has_blobs]).toEqual([rows, nWalkers, 3, false]);

    // Bit for bit against the rows as smeftfit reads them back, and the last row against the checkpoint,
    // which the run wrote from its in-memory ensemble (an independent record of the same numbers).
    const reader = await ChainFileReader.open(path.join(runDir, 'chain.h5'));
    const ours = reader.readRows(0, rows);
    const thinned = reader.readRows(5 + 3 - 1, rows, 3); // emcee's slice [discard + thin − 1 :: thin]
    reader.close();
    expect(Buffer.from(float64File(path.join(out, 'chain.bin')).buffer).equals(Buffer.from(ours.positions.buffer))).toBe(true);
    expect(Buffer.from(float64File(path.join(out, 'log_prob.bin')).buffer).equals(Buffer.from(ours.logProbs.buffer))).toBe(true);
    expect(Array.from(float64File(path.join(out, 'chain_d5_t3.bin')))).toEqual(Array.from(thinned.positions));
    const chain = float64File(path.join(out, 'chain.bin'));
    expect(Array.from(chain.subarray((rows - 1) * nWalkers * 3))).toEqual(state.coords);
    expect(seen.last_log_prob).toEqual(state.logProb);

    // emcee's acceptance_fraction = accepted / iteration is the run's acceptance (accepted / steps); the
    // rescaling a·rows/steps/rows rounds twice, hence 1e-15 relative.
    seen.acceptance_fraction.forEach((a: number, w: number) => expect(Math.abs(a - state.accepted[w] / state.iteration)).toBeLessThanOrEqual(1e-15));
    // τ by emcee's own estimator on the post-burn-in rows = the summary's τ (same algorithm, anchors §1.6;
    // sums in another order: 1e-9 relative).
    seen.tau.forEach((t: number, d: number) => expect(Math.abs(t - summary.parameters[d].tau) / t).toBeLessThan(1e-9));

    expect(seen.thin_by).toBe(THIN);
    // The burn-in is in the chain file too: summary.json's steps, and as stored rows (emcee's discard).
    expect([seen.burn_in_steps, seen.discard]).toEqual([summary.burn_in_steps, burnRows]);
    expect(seen.parameter_names).toEqual(summary.parameters.map((p) => p.name));
    expect(seen.ensemble).toEqual(Array.from({ length: nWalkers }, (_, w) => Math.floor(w / WALKERS)));
    // No filter on either data set: an unfiltered chunk is rewritten in place, so a torn rewrite cannot make
    // the committed rows it holds unreadable (hdf5-chain.ts); the checkpoint's row digest guards them.
    expect(seen.filters).toEqual([false, false]);
    expect(seen.maxshape).toEqual([null, nWalkers, 3]);
    if (seen.arviz_shape === null) console.warn('arviz not installed: skipped arviz.from_emcee');
    else expect(seen.arviz_shape).toEqual([nWalkers, rows]);
  });
});

// A chain written by emcee's own HDFBackend (the importer direction): smeftfit's reader takes it as is.
const WRITER = `
import sys
import emcee, numpy as np
path, out = sys.argv[1], sys.argv[2]
np.random.seed(1)
backend = emcee.backends.HDFBackend(path)
backend.reset(8, 2)
sampler = emcee.EnsembleSampler(8, 2, lambda x: -0.5 * np.sum(x ** 2), backend=backend)
sampler.run_mcmc(np.random.randn(8, 2), 20, progress=False)
backend.get_chain().astype('<f8').tofile(out + '/emcee_chain.bin')
backend.get_log_prob().astype('<f8').tofile(out + '/emcee_log_prob.bin')
`;

describe('a chain written by emcee', () => {
  it.skipIf(!hasEmcee)('reads through ChainFileReader with emcee\'s values', async () => {
    const out = fs.mkdtempSync(path.join(work, 'emcee-'));
    const file = path.join(out, 'emcee.h5');
    const py = spawnSync(PYTHON, ['-c', WRITER, file, out], { encoding: 'utf8' });
    expect(py.status, py.stderr).toBe(0);
    const reader = await ChainFileReader.open(file);
    const { info } = reader;
    const rows = reader.readRows(0, info.iteration);
    reader.close();
    expect([info.iteration, info.nWalkers, info.nDim, info.thin, info.steps]).toEqual([20, 8, 2, 1, 20]);
    expect(info.parameterNames).toEqual(['theta[0]', 'theta[1]']);
    expect(Array.from(rows.positions)).toEqual(Array.from(float64File(path.join(out, 'emcee_chain.bin'))));
    expect(Array.from(rows.logProbs)).toEqual(Array.from(float64File(path.join(out, 'emcee_log_prob.bin'))));
  });
});

describe('smeftfit diagnose', () => {
  it('recomputes the summary from chain.h5', async () => {
    const result = await runCli(['diagnose', runDir, '--json']);
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).parameters).toEqual(summary.parameters);
  });
});

/** A copy of the finished run whose chain.h5 is replaced by `damage`, then resumed for more steps. */
async function resumeDamaged(name: string, damage: (chainFile: string) => Promise<void> | void) {
  const dir = path.join(work, name);
  fs.cpSync(runDir, dir, { recursive: true });
  const chainFile = path.join(dir, 'chain.h5');
  await damage(chainFile);
  const before = fs.existsSync(chainFile) ? fs.readFileSync(chainFile) : undefined;
  const stateBefore = fs.readFileSync(path.join(dir, 'state.json'));
  const result = await runCli(['run', config, '--out', dir, '--resume', '--steps', String(STEPS + 200), '--quiet']);
  const lines = result.stderr.trim().split('\n');
  const unchanged = (before === undefined || fs.readFileSync(chainFile).equals(before)) && fs.readFileSync(path.join(dir, 'state.json')).equals(stateBefore);
  return { status: result.status, lines, unchanged };
}

async function writeChain(file: string, nWalkers: number, rows: number, fill: number) {
  fs.rmSync(file);
  const writer = await ChainFileWriter.create(file, { nWalkers, nDim: 3, thin: THIN, parameterNames: ['a', 'b', 'c'], ensembleOfWalker: new Int32Array(nWalkers) });
  writer.append(new Float64Array(rows * nWalkers * 3).fill(fill), new Float64Array(rows * nWalkers).fill(-1), rows);
  writer.commit(new Float64Array(nWalkers), rows * THIN);
  writer.close();
}

describe('--resume refuses a chain file it cannot trust (exit 2, one line, nothing changed)', () => {
  const cases: [string, RegExp, (file: string) => Promise<void> | void][] = [
    ['truncated', /truncated file/, (f) => fs.truncateSync(f, Math.floor(fs.statSync(f).size / 2))],
    ['damaged', /its first 300 rows differ from the rows the checkpoint committed \(SHA-256 mismatch\)/, async (f) => {
      // Junk over committed chain data (row 100, found by its bytes): the checkpoint's row digest catches it.
      const reader = await ChainFileReader.open(f);
      const row = reader.readRows(100, 101).positions;
      reader.close();
      const bytes = fs.readFileSync(f);
      const at = bytes.indexOf(Buffer.from(row.buffer, row.byteOffset, row.byteLength));
      expect(at).toBeGreaterThan(0);
      const fd = fs.openSync(f, 'r+');
      fs.writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, at);
      fs.closeSync(fd);
    }],
    ['not-hdf5', /not a readable HDF5 file/, (f) => fs.writeFileSync(f, 'not an HDF5 file\n')],
    ['missing', /chain file is missing/, (f) => fs.rmSync(f)],
    ['other-shape', /chain of 8 walkers × 3 dims, the checkpoint has 32 × 3/, (f) => writeChain(f, 8, STEPS / THIN, 0)],
    ['too-short', /holds 10 committed rows, the checkpoint records 300/, (f) => writeChain(f, WALKERS * ENSEMBLES, 10, 0)],
    // A chain of the right shape and length but not this run's: its run identity (here none) is not the checkpoint's.
    ['not-this-run', /belongs to run \(none recorded\), the checkpoint to run [0-9a-f]{32}: a chain file from another run/, (f) => writeChain(f, WALKERS * ENSEMBLES, STEPS / THIN, 0.5)],
  ];
  it('for each kind of damage', async () => {
    const results = await Promise.all(cases.map(([name, , damage]) => resumeDamaged(name, damage)));
    results.forEach((r, i) => {
      const [name, message] = cases[i];
      expect(r.status, name).toBe(2);
      expect(r.lines, name).toHaveLength(1);
      expect(r.lines[0], name).toMatch(message);
      expect(r.lines[0], name).not.toMatch(/\bat .*\.ts:\d+/);
      expect(r.unchanged, name).toBe(true);
    });
  }, 300_000);
});
