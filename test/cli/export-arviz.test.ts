/**
 * `smeftfit export DIR --to arviz`: the file opens in ArviZ and `arviz.summary` reproduces summary.json
 * (chain = ensemble: means, sds, R̂; chain = walker: means, sds, bulk and tail ESS), where a Python with
 * ArviZ is found: $SMEFTFIT_ARVIZ_PYTHON, else <repo>/.venv-arviz/bin/python, else /usr/bin/python3 if it
 * imports arviz. Without one, Debian's /usr/bin/python3 with h5py checks the file against the netCDF-4
 * conventions (dimension scales attached to every variable) and the chain file, value for value. With
 * neither, the test is skipped and says so.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCommand } from '../../src/commands/export.ts';
import { REPO_ROOT } from '../../src/data-dir.ts';
import { InputError } from '../../src/errors.ts';
import { ChainFileReader } from '../../src/sampler/hdf5-chain.ts';
import { runCli } from './run-cli.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-export-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

// 3-D standard normal, 3 ensembles × 16 walkers, thin 2: small, but every axis of the layout is non-trivial.
const WALKERS = 16;
const ENSEMBLES = 3;
const STEPS = 400;
const THIN = 2;
const config = path.join(work, 'export.yaml');
fs.writeFileSync(
  config,
  ['model:', '  target: normal', '  ndim: 3', 'seed: 5', 'backend: cpu', 'sampler:', `  walkers: ${WALKERS}`, `  ensembles: ${ENSEMBLES}`, `  steps: ${STEPS}`, `  thin: ${THIN}`, '  autoStop: false', ''].join('\n'),
);
const runDir = path.join(work, 'run');

interface Summary {
  parameters: { name: string; mean: number; sd: number; ess_bulk: number; ess_tail: number; rhat: number }[];
  burn_in_steps: number;
}
let summary: Summary;

beforeAll(async () => {
  const result = await runCli(['run', config, '--out', runDir, '--quiet', '--json']);
  expect(result.status, result.stderr).toBe(0);
  summary = JSON.parse(result.stdout);
  for (const chain of ['ensemble', 'walker'] as const) await exportCommand(runDir, { to: 'arviz', chain, out: path.join(work, `${chain}.nc`) });
}, 180_000);

function canImport(python: string, modules: string): boolean {
  return fs.existsSync(python) && spawnSync(python, ['-c', `import ${modules}`], { stdio: 'ignore' }).status === 0;
}

const ARVIZ_PYTHON = [process.env.SMEFTFIT_ARVIZ_PYTHON, path.join(REPO_ROOT, '.venv-arviz/bin/python'), '/usr/bin/python3'].find(
  (python): python is string => python !== undefined && canImport(python, 'arviz'),
);
const H5PY_PYTHON = canImport('/usr/bin/python3', 'h5py, numpy') ? '/usr/bin/python3' : undefined;
if (ARVIZ_PYTHON === undefined) {
  console.warn(
    H5PY_PYTHON === undefined
      ? 'skipping the ArviZ export test: no Python with arviz ($SMEFTFIT_ARVIZ_PYTHON, .venv-arviz) and /usr/bin/python3 cannot import h5py (Debian: python3-h5py)'
      : 'no Python with arviz ($SMEFTFIT_ARVIZ_PYTHON, .venv-arviz): checking the export with h5py against the netCDF-4 conventions instead',
  );
}

const ARVIZ_SUMMARY = `
import json, sys, warnings
warnings.simplefilter('ignore')
import arviz as az
idata = az.from_netcdf(sys.argv[1])
table = az.summary(idata, round_to='none')
rows = {name: {k: float(row[k]) for k in ('mean', 'sd', 'ess_bulk', 'ess_tail', 'r_hat')} for name, row in table.iterrows()}
json.dump({'groups': list(idata.groups()), 'attrs': {k: str(v) for k, v in idata.posterior.attrs.items()},
           'lp_shape': list(idata.sample_stats['lp'].shape), 'acceptance_dims': list(idata.sample_stats['acceptance'].dims), 'rows': rows}, sys.stdout)
`;

// netCDF-4 as h5py sees it: _NCProperties, the dimension scales and what is attached to each axis, and the
// values against chain.h5 rearranged by hand (ensemble chain e, draw t·W + w = walker e·W + w at kept row t).
const NETCDF_CHECK = `
import json, sys
import h5py, numpy as np
nc_path, chain_path, chain_is, W = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
out = {'problems': []}
def need(ok, what):
    if not ok: out['problems'].append(what)
with h5py.File(chain_path, 'r') as c, h5py.File(nc_path, 'r') as f:
    g = c['mcmc']
    discard = int(g.attrs['discard'])
    rows = int(g.attrs['iteration'])
    chain = g['chain'][discard:rows]
    lp = g['log_prob'][discard:rows]
    T, N, D = chain.shape
    def layout(x):  # x: T × N → chains × draws
        if chain_is == 'walker': return x.T
        return x.reshape(T, N // W, W).transpose(1, 0, 2).reshape(N // W, T * W)
    need(str(f.attrs['_NCProperties']).startswith('version=2'), '_NCProperties')
    need(str(f.attrs['chain_is']) == chain_is, 'chain_is')
    out['burn_in_steps'] = int(f.attrs['burn_in_steps'])
    names = [str(s) for s in g.attrs['parameter_names']]
    for group in ('posterior', 'sample_stats'):
        h = f[group]
        for i, dim in enumerate(('chain', 'draw')):
            s = h[dim]
            need(s.attrs.get('CLASS') == b'DIMENSION_SCALE', f'{group}/{dim} CLASS')
            need(s.attrs.get('NAME') == dim.encode(), f'{group}/{dim} NAME')
            need(int(s.attrs['_Netcdf4Dimid']) == i, f'{group}/{dim} _Netcdf4Dimid')
            need('REFERENCE_LIST' in s.attrs, f'{group}/{dim} REFERENCE_LIST')
            need(np.array_equal(s[...], np.arange(s.shape[0])), f'{group}/{dim} values')
        variables = [k for k in h.keys() if k not in ('chain', 'draw')]
        for v in variables:
            d = h[v]
            need('DIMENSION_LIST' in d.attrs, f'{group}/{v} DIMENSION_LIST')
            attached = [d.dims[i][0].name for i in range(d.ndim)]
            want = [f'/{group}/chain'] if v == 'acceptance' else [f'/{group}/chain', f'/{group}/draw']
            need(attached == want, f'{group}/{v} dims {attached}')
    for d, name in enumerate(names):
        need(np.array_equal(f['posterior'][name][...], layout(chain[:, :, d])), f'posterior/{name} values')
    need(np.array_equal(f['sample_stats']['lp'][...], layout(lp)), 'sample_stats/lp values')
    acc = g['accepted_total'][...] / int(g.attrs['steps'])
    want_acc = acc if chain_is == 'walker' else acc.reshape(N // W, W).mean(axis=1)
    need(np.allclose(f['sample_stats']['acceptance'][...], want_acc, rtol=1e-14, atol=0), 'acceptance values')
    post = np.stack([f['posterior'][n][...].ravel() for n in names])
    out['mean'] = post.mean(axis=1).tolist()
    out['sd'] = post.std(axis=1, ddof=1).tolist()
    out['checked_variables'] = len(names)
json.dump(out, sys.stdout)
`;

function python(interpreter: string, script: string, args: string[]): Record<string, unknown> {
  const result = spawnSync(interpreter, ['-c', script, ...args], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

/** Same draws and the same algorithms (posterior's R̂/ESS, numpy means): only summation order differs. */
const RELATIVE = 1e-9;
const close = (a: number, b: number) => Math.abs(a - b) <= RELATIVE * Math.max(Math.abs(a), Math.abs(b), 1e-300);

describe('smeftfit export --to arviz', () => {
  it.skipIf(ARVIZ_PYTHON === undefined)('arviz.summary reproduces summary.json: R̂ with chain = ensemble, bulk/tail ESS with chain = walker', () => {
    const ensemble = python(ARVIZ_PYTHON!, ARVIZ_SUMMARY, [path.join(work, 'ensemble.nc')]) as { groups: string[]; attrs: Record<string, string>; lp_shape: number[]; acceptance_dims: string[]; rows: Record<string, Record<string, number>> };
    const walker = python(ARVIZ_PYTHON!, ARVIZ_SUMMARY, [path.join(work, 'walker.nc')]) as typeof ensemble;
    expect(ensemble.groups).toEqual(['posterior', 'sample_stats']);
    const keptRows = STEPS / THIN - summary.burn_in_steps / THIN;
    expect(ensemble.lp_shape).toEqual([ENSEMBLES, keptRows * WALKERS]);
    expect(walker.lp_shape).toEqual([ENSEMBLES * WALKERS, keptRows]);
    expect(ensemble.acceptance_dims).toEqual(['chain']);
    for (const p of summary.parameters) {
      const e = ensemble.rows[p.name];
      const w = walker.rows[p.name];
      for (const [label, ours, theirs] of [
        ['mean (ensemble)', p.mean, e.mean], ['sd (ensemble)', p.sd, e.sd], ['R̂ (ensemble)', p.rhat, e.r_hat],
        ['mean (walker)', p.mean, w.mean], ['sd (walker)', p.sd, w.sd], ['bulk ESS (walker)', p.ess_bulk, w.ess_bulk], ['tail ESS (walker)', p.ess_tail, w.ess_tail],
      ] as const) {
        expect(close(ours, theirs), `${p.name} ${label}: smeftfit ${ours}, arviz ${theirs}`).toBe(true);
      }
    }
  });

  it.skipIf(ARVIZ_PYTHON !== undefined || H5PY_PYTHON === undefined)('follows the netCDF-4 conventions and holds the post-burn-in chain in both layouts (h5py)', () => {
    for (const chain of ['ensemble', 'walker']) {
      const seen = python(H5PY_PYTHON!, NETCDF_CHECK, [path.join(work, `${chain}.nc`), path.join(runDir, 'chain.h5'), chain, String(WALKERS)]) as { problems: string[]; burn_in_steps: number; mean: number[]; sd: number[]; checked_variables: number };
      expect(seen.problems).toEqual([]);
      expect(seen.checked_variables).toBe(3);
      expect(seen.burn_in_steps).toBe(summary.burn_in_steps);
      summary.parameters.forEach((p, d) => {
        expect(close(seen.mean[d], p.mean), `${p.name} mean`).toBe(true);
        expect(close(seen.sd[d], p.sd), `${p.name} sd`).toBe(true);
      });
    }
  });

  it('refuses a directory without a chain, and an unknown --chain: exit 2, one line, nothing written', async () => {
    const empty = fs.mkdtempSync(path.join(work, 'empty-'));
    await expect(exportCommand(empty, { to: 'arviz' })).rejects.toThrow(InputError);
    await expect(exportCommand(empty, { to: 'arviz' })).rejects.toThrow(/no chain\.h5/);
    const badChain = await runCli(['export', runDir, '--to', 'arviz', '--chain', 'step', '--out', path.join(work, 'bad.nc')]);
    expect(badChain.status).toBe(2);
    expect(badChain.stderr.trim().split('\n')).toHaveLength(1);
    expect(badChain.stderr).toMatch(/--chain/);
    expect(fs.readdirSync(empty)).toEqual([]);
    expect(fs.existsSync(path.join(work, 'bad.nc'))).toBe(false);
  });

  it('refuses a chain whose committed rows were damaged (the checkpoint digest), writing nothing', async () => {
    // chain.h5 has no checksum filter; junk over a committed row (found by its bytes) is caught by the digest.
    const damaged = path.join(work, 'damaged-run');
    fs.cpSync(runDir, damaged, { recursive: true });
    const chainFile = path.join(damaged, 'chain.h5');
    const reader = await ChainFileReader.open(chainFile);
    const row = reader.readRows(150, 151).positions;
    reader.close();
    const at = fs.readFileSync(chainFile).indexOf(Buffer.from(row.buffer, row.byteOffset, row.byteLength));
    expect(at).toBeGreaterThan(0);
    const fd = fs.openSync(chainFile, 'r+');
    fs.writeSync(fd, Buffer.alloc(16, 0xa5), 0, 16, at);
    fs.closeSync(fd);
    const out = path.join(work, 'damaged.nc');
    const result = await runCli(['export', damaged, '--to', 'arviz', '--out', out]);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/damaged-run\/chain\.h5: its first 200 rows differ from the rows the checkpoint committed \(SHA-256 mismatch\)/);
    expect(fs.readdirSync(work).filter((f) => f.startsWith('damaged.nc'))).toEqual([]);
  });
});
