import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.ts';
import { readChainTable } from './chain-table.ts';
import { readEmceeHdf5 } from './emcee-hdf5.ts';
import { readHepfitSummary } from './hepfit-summary.ts';
import type { PosteriorSide } from './posterior-side.ts';
import { isRunDirectory, readRunDirectory } from './run-directory.ts';

export interface OpenSideOptions {
  names?: string[];
  /** Draws dropped from the start of every external chain (run directories use their own burn-in). */
  discard?: number;
  label?: string;
}

/** Opens a comparison side by what it is: a run directory, an emcee HDF5 file, a CSV/.npy chain, or a HEPfit/BAT summary text. */
export async function openSide(source: string, options: OpenSideOptions = {}): Promise<PosteriorSide> {
  if (!fs.existsSync(source)) throw new InputError(`${source}: no such file or directory`);
  if (fs.statSync(source).isDirectory()) {
    if (!isRunDirectory(source)) throw new InputError(`${source}: not a finished smeftfit run directory (no chain.h5 / summary.json)`);
    return readRunDirectory(source, options.label);
  }
  const ext = path.extname(source).toLowerCase();
  if (ext === '.h5' || ext === '.hdf5') return readEmceeHdf5(source, options);
  if (ext === '.csv' || ext === '.npy') return readChainTable(source, options);
  return readHepfitSummary(source, options);
}
