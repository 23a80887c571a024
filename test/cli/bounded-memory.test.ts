/**
 * A run's memory does not grow with its length. Two real runs of the same 10-D standard normal with
 * 4 × 256 walkers and a 4 MiB in-memory reservoir (sampler.memoryCapMB), under a V8 heap cap of 88 MiB
 * (--max-old-space-size): 400 steps (a 34 MiB chain) and 4400 steps (a 379 MiB chain, over four times the
 * heap cap). The peak resident memory of each child (VmHWM, which also counts the WASM heap of the HDF5 library
 * and every ArrayBuffer outside V8's heap) is sampled from /proc while it runs. Pass rule: the long run
 * finishes, its peak exceeds the short run's by less than a fifth of the 345 MiB its chain adds, and its
 * diagnostics, computed from the thinned reservoir, match the target's truth and a full-resolution τ.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/data-dir.ts';
import { integratedTime } from '../../src/diagnostics/autocorrelation.ts';
import { ChainFileReader } from '../../src/sampler/hdf5-chain.ts';
import { BIN } from './run-cli.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-memory-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const NDIM = 10;
const WALKERS = 4 * 256;
const HEAP_CAP_MB = 88;
const config = path.join(work, 'memory.yaml');
// The stretch move: its τ of several reservoir rows (32 steps apart) is what the τ check below can resolve.
fs.writeFileSync(
  config,
  ['model:', '  target: normal', `  ndim: ${NDIM}`, 'seed: 3', 'backend: cpu', 'sampler:', '  walkers: 256', '  ensembles: 4', '  steps: 400', '  thin: 1', '  autoStop: false', '  checkpointEvery: 1000', '  memoryCapMB: 4', '  moves: [{move: stretch}]', ''].join('\n'),
);

function vmHwmKb(pid: number): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined; // the process has just exited
  }
}

/** Runs the CLI under the heap cap; resolves with its exit code, stdout and peak RSS (MB). */
function runMeasured(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string; peakMB: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_CAP_MB}`, BIN, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peakKb = 0;
    // VmHWM is the high-water mark so far: sampling it often misses at most the last few milliseconds.
    const timer = setInterval(() => (peakKb = Math.max(peakKb, vmHwmKb(child.pid!) ?? 0)), 10);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', () => (peakKb = Math.max(peakKb, vmHwmKb(child.pid!) ?? 0)));
    child.on('close', (status) => {
      clearInterval(timer);
      resolve({ status, stdout, stderr, peakMB: peakKb / 1024 });
    });
  });
}

/** τ (steps) at full resolution from a subset of walkers, read from the file in blocks. */
async function fullResolutionTau(chainFile: string, discardRows: number, every: number): Promise<Float64Array> {
  const reader = await ChainFileReader.open(chainFile);
  const rows = reader.info.iteration - discardRows;
  const picked = Math.floor(WALKERS / every);
  const data = new Float64Array(rows * picked * NDIM);
  reader.forEachBlock(reader.info.iteration, (block, first) => {
    for (let r = 0; r < block.nRows; r++) {
      const t = first + r - discardRows;
      if (t < 0) continue;
      for (let k = 0; k < picked; k++) data.set(block.positions.subarray((r * WALKERS + k * every) * NDIM, (r * WALKERS + k * every + 1) * NDIM), (t * picked + k) * NDIM);
    }
  });
  reader.close();
  return integratedTime(data, rows, picked, NDIM, { c: 5, tol: 0 }).tau;
}

describe.skipIf(!fs.existsSync('/proc/self/status'))('bounded memory', () => {
  it('a run whose chain is 4× the heap cap finishes with the memory of a short one and correct diagnostics', async () => {
    const shortDir = path.join(work, 'short');
    const longDir = path.join(work, 'long');
    const [short, long] = await Promise.all([
      runMeasured(['run', config, '--out', shortDir, '--quiet', '--json']),
      runMeasured(['run', config, '--steps', '4400', '--out', longDir, '--quiet', '--json']),
    ]);
    expect(short.status, short.stderr).toBe(0);
    expect(long.status, long.stderr).toBe(0);
    const chainMB = fs.statSync(path.join(longDir, 'chain.h5')).size / 2 ** 20;
    const addedMB = chainMB - fs.statSync(path.join(shortDir, 'chain.h5')).size / 2 ** 20;
    console.warn(`peak RSS: ${short.peakMB.toFixed(0)} MB (400 steps), ${long.peakMB.toFixed(0)} MB (4400 steps, chain.h5 ${chainMB.toFixed(0)} MB); V8 heap cap ${HEAP_CAP_MB} MB`);
    expect(chainMB).toBeGreaterThan(4 * HEAP_CAP_MB);
    expect(long.peakMB - short.peakMB).toBeLessThan(addedMB / 5);
    expect(long.peakMB).toBeLessThan(chainMB);

    const summary = JSON.parse(long.stdout);
    // 4400 rows into a reservoir of at most 256 rows: every 32nd row (4400/16 = 275 > 256).
    expect(summary.diagnostics_draws).toEqual({ stored_rows: 4400, kept_rows: 137, thinned_by: 32 });
    // Truth N(0, 1): |mean| within 5 MCSE (sd/√ESS) and |sd − 1| within 5 standard errors (σ/√(2 ESS) for a
    // Gaussian), per parameter; 20 checks at 5σ fail by chance with probability ~1e-5.
    for (const p of summary.parameters) {
      expect(Math.abs(p.mean), p.name).toBeLessThan((5 * p.sd) / Math.sqrt(p.ess_bulk));
      expect(Math.abs(p.sd - 1), p.name).toBeLessThan(5 / Math.sqrt(2 * p.ess_bulk));
      expect(p.rhat, p.name).toBeLessThan(1.01);
    }
    // τ from the reservoir (rows 32 steps apart) against τ at full resolution from 64 of the walkers: the
    // latter's own relative noise is ≈ √(2(2M+1)/N)/√64 ≈ 8 % (window M ≈ 5τ, N = 4000 rows), so 25 %.
    const reference = await fullResolutionTau(path.join(longDir, 'chain.h5'), summary.burn_in_steps, WALKERS / 64);
    summary.parameters.forEach((p: { tau: number; name: string }, d: number) => expect(Math.abs(p.tau / reference[d] - 1), p.name).toBeLessThan(0.25));
  }, 300_000);
});
