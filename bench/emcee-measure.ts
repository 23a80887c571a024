/**
 * emcee measured in the same benchmark run as smeftfit: bench/emcee_runner.py runs Debian's python3-emcee
 * on the same cell (target matrices from data/sampler/baseline-targets.json, walkers, burn-in and
 * production steps, vectorised numpy log-probability) and writes the same kept walkers at the same
 * interval; τ and ESS are then computed here by smeftfit's own diagnostics, so both rows share one ESS
 * definition. The interpreter must see emcee and numpy (`/usr/bin/python3` with python3-emcee and
 * python3-numpy; ensureEmcee installs them with apt-get when they are missing).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dataDir } from '../src/data-dir.ts';
import { targetFile, type BaselineTargetName } from '../src/likelihood/targets.ts';
import { essOfKeptChain, momentErrors, storageInterval, TAU_WALKERS, type MomentErrors, type ProductionEss } from './measure-sampling.ts';

export const EMCEE_PYTHON = process.env.SMEFTFIT_BENCH_PYTHON ?? '/usr/bin/python3';

export interface EmceeCell {
  target: BaselineTargetName;
  walkers: number;
  burn: number;
  production: number;
  seed: number;
  /** 'stretch' (default) or 'de:0.8,desnooker:0.2' (move-specs.ts EMCEE_REFERENCE_SPECS). */
  moves?: string;
}

export interface EmceeResult extends EmceeCell, ProductionEss {
  label: string;
  evaluationsPerSecond: number;
  acceptance: number;
  moments: MomentErrors;
}

function hasEmcee(): boolean {
  return spawnSync(EMCEE_PYTHON, ['-c', 'import emcee, numpy'], { stdio: 'ignore' }).status === 0;
}

/** Makes sure emcee and numpy import; installs Debian's packages when they do not. Returns why not, or null. */
export function ensureEmcee(): string | null {
  if (hasEmcee()) return null;
  process.stderr.write('emcee/numpy missing: apt-get install python3-emcee python3-numpy\n');
  const install = spawnSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-emcee python3-numpy'], { stdio: 'inherit' });
  if (install.status !== 0 || !hasEmcee()) return `emcee not measured: ${EMCEE_PYTHON} cannot import emcee and numpy, and apt-get could not install python3-emcee python3-numpy`;
  return null;
}

export function measureEmcee(cell: EmceeCell, ndim: number): EmceeResult {
  const kept = Math.min(cell.walkers, TAU_WALKERS);
  const storeEvery = storageInterval(cell.production);
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-emcee-')), 'chain.f64');
  const input = { target: cell.target, walkers: cell.walkers, burn: cell.burn, production: cell.production, seed: cell.seed, store_every: storeEvery, kept, data: targetFile(cell.target, dataDir()), out, moves: cell.moves ?? 'stretch' };
  const runner = new URL('./emcee_runner.py', import.meta.url).pathname;
  const reply = JSON.parse(execFileSync(EMCEE_PYTHON, [runner, JSON.stringify(input)], { encoding: 'utf8', maxBuffer: 1 << 20 }).trim().split('\n').pop()!);
  const bytes = fs.readFileSync(out);
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
  const chain = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
  const { tauMax, tauReliable, ess } = essOfKeptChain(chain, reply.rows, kept, ndim, storeEvery, cell.production, cell.walkers);
  return {
    ...cell,
    label: `emcee ${reply.emcee} (numpy ${reply.numpy}, vectorised)${cell.moves && cell.moves !== 'stretch' ? ` ${cell.moves === 'de:0.8,desnooker:0.2' ? 'DEMove 0.8 + DESnookerMove 0.2' : cell.moves}` : ''}`,
    tauMax,
    tauReliable,
    ess,
    productionSeconds: reply.production_seconds,
    essPerSecond: ess / reply.production_seconds,
    essPerEvaluation: ess / reply.evaluations,
    evaluationsPerSecond: reply.evaluations / reply.production_seconds,
    acceptance: reply.acceptance,
    moments: momentErrors(chain, reply.rows, kept, ndim, cell.target),
  };
}
