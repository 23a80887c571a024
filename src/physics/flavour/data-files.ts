/**
 * Locations and loading of the flavour data files shipped in the package's data folder
 * (data/physics/flavour/: theory inputs, measurements, NLO grid; data/README.md gives their sources).
 * Tests pass the reference folder instead to read the validation numbers kept there.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dataDir } from '../../data-dir.ts';

/** The package's own data folder (data-dir.ts). */
export const defaultDataDir = (): string => dataDir();

export const flavourDir = (dataDir: string = defaultDataDir()): string =>
  path.join(dataDir, 'physics', 'flavour');

const jsonCache = new Map<string, unknown>();

export function readJson<T>(file: string): T {
  const hit = jsonCache.get(file);
  if (hit !== undefined) return hit as T;
  const value = JSON.parse(readFileSync(file, 'utf8')) as T;
  jsonCache.set(file, value);
  return value;
}

/** Correlated Gaussian form-factor parameter set as stored in flavour-theory-inputs.json. */
export interface CorrelatedParameterSet {
  parameter_labels: string[];
  central: number[];
  uncertainty: number[];
  correlation: number[][];
}

export interface TheoryInputsFile {
  BSZ2015_B_to_Kstar: CorrelatedParameterSet & { resonance_masses_GeV: Record<string, Record<string, number>> };
  FNALMILC2015_B_to_K_BCL: CorrelatedParameterSet & { pole_masses_GeV: Record<string, number> };
  HEPfit_1903_09632_inputs: {
    StandardModel: Record<string, number>;
    FixedWCbtos: Record<string, number | boolean | string>;
    Flavour: Record<string, unknown>;
  };
  'SM_Wilson_coefficients_mu_b_4.8GeV': {
    HEPfit_1903_fixed: Record<string, number>;
    'flavio_2.7.0_wcsm_nf5(4.8)_CMM_basis': Record<string, number | string>;
  };
  [key: string]: unknown;
}

export const loadTheoryInputs = (dataDir?: string): TheoryInputsFile =>
  readJson<TheoryInputsFile>(path.join(flavourDir(dataDir), 'flavour-theory-inputs.json'));

export const nloGridPath = (dataDir?: string): string =>
  path.join(flavourDir(dataDir), 'nlo-grid', 'f_12_79.dat');

export const flavourDataPath = (dataDir?: string): string =>
  path.join(flavourDir(dataDir), 'flavour-data.json');

export const flavourValidationPath = (dataDir?: string): string =>
  path.join(flavourDir(dataDir), 'flavour-validation.json');

/** The post-2020 transcription (no reference copy exists, so always the package's own; data/README.md). */
export const post2020DataPath = (): string => path.join(flavourDir(), 'flavour-data-post2020.json');
