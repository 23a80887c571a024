import fs from 'node:fs';
import { InputError } from '../errors.ts';
import { probeHdf5File } from '../sampler/chain-file-probe.ts';
import { loadHdf5 } from '../sampler/hdf5-chain.ts';
import { ThinSchedule } from '../sampler/thin-schedule.ts';
import { sideFromChains, type PosteriorSide } from './posterior-side.ts';

/**
 * An emcee-layout HDF5 chain (emcee's HDFBackend, anchors §1.5): group `mcmc` (or `group`) with datasets
 * `chain` (iterations × walkers × dims), `log_prob`, `accepted` and attributes `nwalkers`, `ndim`,
 * `iteration` (rows beyond `iteration` are pre-allocated, not samples). Parameter names come from a
 * `parameter_names` attribute when present, else from `names`, else x0, x1, …. The first `discard`
 * iterations are dropped; walkers are the chains. A smeftfit chain thinned in stages under
 * sampler.diskCapMB (attribute `thin_schedule`) gives only its rows on the last stage's grid, so the draws
 * of every chain stay evenly spaced in steps (what ESS and R̂ assume).
 */
export async function readEmceeHdf5(file: string, options: { discard?: number; names?: string[]; group?: string; label?: string } = {}): Promise<PosteriorSide> {
  if (!fs.existsSync(file)) throw new InputError(`${file}: no such file`);
  // The loader of hdf5-chain.ts makes HDF5 errors throw instead of printing the library's error stack.
  const h5wasm = await loadHdf5();
  // Another program's file: walked first in a thread under a time limit, so damaged metadata cannot hang us.
  try {
    await probeHdf5File(file, { group: options.group ?? 'mcmc' });
  } catch (error) {
    throw new InputError(error instanceof Error ? error.message : String(error));
  }
  let h5;
  try {
    h5 = new h5wasm.File(file, 'r');
  } catch {
    throw new InputError(`${file}: not an HDF5 file`);
  }
  try {
    const groupName = options.group ?? 'mcmc';
    const group = h5.get(groupName);
    if (!(group instanceof h5wasm.Group)) throw new InputError(`${file}: no group '${groupName}' (emcee's HDFBackend writes 'mcmc')`);
    const chainDataset = h5.get(`${groupName}/chain`);
    if (!(chainDataset instanceof h5wasm.Dataset)) throw new InputError(`${file}: ${groupName}/chain is missing`);
    const shape = chainDataset.shape ?? [];
    if (shape.length !== 3) throw new InputError(`${file}: ${groupName}/chain has shape [${shape.join(', ')}], expected iterations × walkers × dims`);
    const [rows, nWalkers, nDim] = shape;
    const attr = (name: string) => group.attrs[name]?.value;
    const iteration = Number(attr('iteration') ?? rows);
    if (!(iteration >= 1 && iteration <= rows)) throw new InputError(`${file}: attribute iteration = ${iteration} outside 1…${rows}`);
    const names = options.names ?? parameterNames(attr('parameter_names'), nDim);
    if (names.length !== nDim) throw new InputError(`${file}: ${names.length} parameter names for ${nDim} dimensions`);
    const values = Float64Array.from(chainDataset.value as ArrayLike<number>);
    const discard = options.discard ?? 0;
    if (discard >= iteration - 3) throw new InputError(`${file}: --discard ${discard} leaves fewer than 4 of ${iteration} iterations`);
    const rowsUsed = evenlySpacedRows(attr('thin_schedule'), discard, iteration, file);
    const nSteps = rowsUsed.length;
    const chains = Array.from({ length: nWalkers }, (_, w) => {
      const c = new Float64Array(nSteps * nDim);
      rowsUsed.forEach((row, t) => c.set(values.subarray((row * nWalkers + w) * nDim, (row * nWalkers + w + 1) * nDim), t * nDim));
      return c;
    });
    return sideFromChains(options.label ?? 'emcee HDF5', file, names, chains, { sampler: 'ensemble (emcee HDF5)' });
  } finally {
    h5.close();
  }
}

function parameterNames(raw: unknown, nDim: number): string[] {
  if (Array.isArray(raw) && raw.length === nDim) return raw.map(String);
  if (typeof raw === 'string') {
    const parts = raw.split(',').map((s) => s.trim());
    if (parts.length === nDim) return parts;
  }
  return Array.from({ length: nDim }, (_, i) => `x${i}`);
}

/** Rows [discard, iteration), or under a recorded thin schedule those on its last stage's grid of steps. */
function evenlySpacedRows(raw: unknown, discard: number, iteration: number, file: string): number[] {
  const all = Array.from({ length: iteration - discard }, (_, t) => discard + t);
  if (raw === undefined) return all;
  const flat = (ArrayBuffer.isView(raw) ? Array.from(raw as unknown as ArrayLike<number | bigint>) : Array.isArray(raw) ? raw.flat() : []).map(Number);
  let schedule: ThinSchedule;
  try {
    schedule = ThinSchedule.fromPairs(Array.from({ length: Math.floor(flat.length / 2) }, (_, i) => [flat[2 * i], flat[2 * i + 1]] as const));
  } catch (error) {
    throw new InputError(`${file}: attribute thin_schedule: ${(error as Error).message}`);
  }
  const thin = schedule.stageOfRow(iteration - 1).thin;
  const rows = all.filter((row) => schedule.stepOfRow(row) % thin === 0);
  if (rows.length < 4) throw new InputError(`${file}: fewer than 4 rows after --discard ${discard} lie on the grid of its last stored thin ${thin} (thin_schedule)`);
  return rows;
}
