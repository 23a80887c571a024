/**
 * `smeftfit export DIR --to arviz`: a run's chain as an ArviZ InferenceData file (output/arviz-netcdf.ts),
 * read from chain.h5 alone: the burn-in recorded there is dropped, every stored row after it is kept (of a
 * chain thinned in stages under sampler.diskCapMB, every row on the last stage's grid, so draws stay
 * evenly spaced; `thin_by` is then that stage's thin).
 *
 *   posterior     one variable per parameter, dims (chain, draw)
 *   sample_stats  lp (chain, draw): the log-posterior of each draw; acceptance (chain): the fraction of
 *                 accepted proposals over the whole run (burn-in included), as emcee's acceptance_fraction
 *
 * `chain` is an ensemble (default) or a walker:
 *   ensemble  chain e holds ensemble e's walkers' draws step by step (draw t·W + w = walker w at kept row t),
 *             the chains smeftfit's R̂ compares (chain-diagnostics.ts `ensembleChains`): `arviz.summary`
 *             reproduces summary.json's R̂ (and means, sds);
 *   walker    chain w holds walker w's draws (draw t = kept row t), the chains smeftfit's bulk/tail ESS
 *             use (walkers as chains): `arviz.summary` reproduces summary.json's ESS (and means, sds).
 * The root attribute `chain_is` says which; `burn_in_steps`, `discarded_rows`, `thin_by` say what was cut.
 */
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.ts';
import { createInferenceData, type NetcdfGroup } from '../output/arviz-netcdf.ts';
import { RowDigest } from '../sampler/checkpoint-digest.ts';
import { readCheckpoint, STATE_FILE } from '../sampler/checkpoint.ts';
import { CHAIN_FILE, ChainFileError, ChainFileReader, type ChainRows } from '../sampler/hdf5-chain.ts';

export type ChainIs = 'ensemble' | 'walker';

export interface ExportFlags {
  to: 'arviz';
  out?: string;
  chain?: ChainIs;
}

export interface ExportResult {
  file: string;
  format: 'arviz-netcdf4';
  chain_is: ChainIs;
  chains: number;
  draws: number;
  burn_in_steps: number;
  discarded_rows: number;
  variables: string[];
}

export const ARVIZ_FILE = 'arviz.nc';

/** HDF5 link names cannot hold '/'; every other character of a parameter name is kept. */
function variableName(parameter: string): string {
  return parameter.replaceAll('/', '_');
}

/** The burn-in of summary.json, for chains summarised before chain.h5 recorded it. */
/**
 * The checkpoint's digest of the committed rows when state.json commits exactly `rows` rows (a finished or
 * interrupted run); undefined without a usable checkpoint (a chain copied alone, an emcee file).
 */
function checkpointCommitment(dir: string, rows: number): string | undefined {
  if (!fs.existsSync(path.join(dir, STATE_FILE))) return undefined;
  const checkpoint = readCheckpoint(dir);
  return checkpoint.nStored === rows ? checkpoint.chainDigest : undefined;
}

function summaryBurnIn(dir: string): number {
  const file = path.join(dir, 'summary.json');
  const burn = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { burn_in_steps?: unknown }).burn_in_steps : undefined;
  if (typeof burn !== 'number' || !Number.isInteger(burn) || burn < 0) throw new InputError(`${dir}: neither ${CHAIN_FILE} nor summary.json records the burn-in (is the run finished?)`);
  return burn;
}

export async function exportCommand(dir: string, flags: ExportFlags): Promise<ExportResult> {
  if (flags.to !== 'arviz') throw new InputError(`--to: unknown format '${String(flags.to)}'; valid: arviz`);
  const chainIs: ChainIs = flags.chain ?? 'ensemble';
  if (chainIs !== 'ensemble' && chainIs !== 'walker') throw new InputError(`--chain: '${String(chainIs)}' is neither ensemble nor walker`);
  const chainFile = path.join(dir, CHAIN_FILE);
  if (!fs.existsSync(chainFile)) throw new InputError(`${dir}: no ${CHAIN_FILE} (not a run directory of smeftfit run)`);
  const out = flags.out ?? path.join(dir, ARVIZ_FILE);
  if (fs.existsSync(out) && fs.statSync(out).isDirectory()) throw new InputError(`--out: ${out} is a directory`);
  if (!fs.existsSync(path.dirname(path.resolve(out)))) throw new InputError(`--out: the directory of ${out} does not exist`);

  let reader: ChainFileReader;
  try {
    reader = await ChainFileReader.open(chainFile);
  } catch (error) {
    if (error instanceof ChainFileError) throw new InputError(error.message);
    throw error;
  }
  const partial = `${out}.partial-${process.pid}`;
  try {
    const { nWalkers, nDim, parameterNames, ensembleOfWalker, iteration, thinSchedule } = reader.info;
    const burnInSteps = reader.info.burnInSteps ?? summaryBurnIn(dir);
    const discard = Math.min(Math.max(0, iteration - 1), thinSchedule.discardRows(burnInSteps));
    // Under sampler.diskCapMB the stored thin doubles in stages (thin-schedule.ts); ArviZ's draws must be
    // evenly spaced, so only the rows on the grid of the last stage's thin are exported (all rows for one thin).
    const thin = iteration > 0 ? thinSchedule.stageOfRow(iteration - 1).thin : thinSchedule.thin;
    const exported = (row: number) => thinSchedule.stepOfRow(row) % thin === 0;
    let keptRows = 0;
    for (let r = discard; r < iteration; r++) if (exported(r)) keptRows += 1;
    if (keptRows < 1) throw new InputError(`${chainFile}: holds no stored rows`);
    const nEnsembles = Math.max(...ensembleOfWalker) + 1;
    const perEnsemble = nWalkers / nEnsembles;
    if (!Number.isInteger(perEnsemble) || ensembleOfWalker.some((e, w) => e !== Math.floor(w / perEnsemble))) {
      throw new InputError(`${chainFile}: walkers are not grouped by ensemble (dataset mcmc/ensemble); cannot form ensemble chains`);
    }
    const nChains = chainIs === 'ensemble' ? nEnsembles : nWalkers;
    const drawsPerRow = chainIs === 'ensemble' ? perEnsemble : 1;
    const nDraws = keptRows * drawsPerRow;
    const names = parameterNames.map(variableName);
    if (new Set(names).size !== names.length) throw new InputError(`${chainFile}: parameter names are not distinct once '/' is replaced`);

    const dims = [['chain', nChains], ['draw', nDraws]] as const;
    const groupAttributes = { inference_library: 'smeftfit', inference_library_version: '0.1.0', created_at: new Date().toISOString() };
    const groups: NetcdfGroup[] = [
      { name: 'posterior', dims, variables: names.map((name) => ({ name, dims: ['chain', 'draw'] })), attributes: groupAttributes },
      {
        name: 'sample_stats',
        dims,
        variables: [
          { name: 'lp', dims: ['chain', 'draw'], attributes: { description: 'log posterior density of the draw (up to a constant)' } },
          { name: 'acceptance', dims: ['chain'], attributes: { description: 'fraction of accepted proposals over the whole run, burn-in included (emcee acceptance_fraction)' } },
        ],
        attributes: groupAttributes,
      },
    ];
    // The chain's rows carry no checksum of their own (hdf5-chain.ts): when the run's checkpoint committed
    // exactly the rows in the file, their digest is checked as they are read, the discarded rows first.
    const commitment = checkpointCommitment(dir, iteration);
    const digest = commitment === undefined ? undefined : new RowDigest();
    const digestBlock = ({ positions, logProbs, nRows }: ChainRows) => {
      for (let r = 0; r < nRows; r++) digest!.update(positions.subarray(r * nWalkers * nDim, (r + 1) * nWalkers * nDim), logProbs.subarray(r * nWalkers, (r + 1) * nWalkers));
    };
    if (digest !== undefined) reader.forEachBlock(discard, digestBlock);
    const writer = await createInferenceData(partial, groups, {
      ...groupAttributes,
      chain_is: chainIs,
      chain_description:
        chainIs === 'ensemble'
          ? `chain e = ensemble e; draw t*${perEnsemble} + w = walker w of the ensemble at kept row t (the chains smeftfit's R-hat compares)`
          : `chain w = walker w (ensemble floor(w/${perEnsemble})); draw t = kept row t (the chains smeftfit's ESS uses)`,
      ensembles: nEnsembles,
      walkers_per_ensemble: perEnsemble,
      thin_by: thin,
      burn_in_steps: burnInSteps,
      discarded_rows: discard,
      source: path.resolve(chainFile),
    });
    // Chain c, draw index of (kept row t, walker w): the two layouts above.
    const chainOf = (w: number) => (chainIs === 'ensemble' ? Math.floor(w / perEnsemble) : w);
    const drawOf = (t: number, w: number) => (chainIs === 'ensemble' ? t * perEnsemble + (w % perEnsemble) : t);
    let t0 = 0; // kept rows written so far
    reader.forEachBlock(
      iteration,
      ({ positions, logProbs, nRows }, firstRow) => {
        if (digest !== undefined) digestBlock({ positions, logProbs, nRows });
        const rows = Array.from({ length: nRows }, (_, r) => r).filter((r) => exported(firstRow + r));
        if (rows.length === 0) return;
        const blockDraws = rows.length * drawsPerRow;
        const slab = new Float64Array(nChains * blockDraws);
        const ranges = [[0, nChains], [t0 * drawsPerRow, t0 * drawsPerRow + blockDraws]] as const;
        t0 += rows.length;
        const gather = (value: (r: number, w: number) => number) => {
          rows.forEach((r, t) => {
            for (let w = 0; w < nWalkers; w++) slab[chainOf(w) * blockDraws + drawOf(t, w)] = value(r, w);
          });
          return slab;
        };
        for (let d = 0; d < nDim; d++) writer.write('posterior', names[d], ranges, gather((r, w) => positions[(r * nWalkers + w) * nDim + d]));
        writer.write('sample_stats', 'lp', ranges, gather((r, w) => logProbs[r * nWalkers + w]));
      },
      discard,
    );
    const perWalker = reader.acceptanceFraction();
    const acceptance = new Float64Array(nChains);
    for (let w = 0; w < nWalkers; w++) acceptance[chainOf(w)] += perWalker[w] / (nWalkers / nChains);
    writer.write('sample_stats', 'acceptance', [[0, nChains]], acceptance);
    writer.close();
    if (digest !== undefined && digest.value() !== commitment) {
      throw new ChainFileError(`${chainFile}: its first ${iteration} rows differ from the rows the checkpoint committed (SHA-256 mismatch)`);
    }
    fs.renameSync(partial, out);
    return { file: out, format: 'arviz-netcdf4', chain_is: chainIs, chains: nChains, draws: nDraws, burn_in_steps: burnInSteps, discarded_rows: discard, variables: names };
  } catch (error) {
    fs.rmSync(partial, { force: true });
    if (error instanceof ChainFileError) throw new InputError(error.message);
    throw error;
  } finally {
    reader.close();
  }
}
