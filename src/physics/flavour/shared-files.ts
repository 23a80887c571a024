/**
 * Locations and loading of the flavour reference files in the project's `../shared` folder
 * (physics/flavour/: theory inputs, measurements, NLO grid, flavio validation numbers).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root: this file lives in src/physics/flavour/. */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The default shared folder, beside the repository root. */
export const defaultSharedDir = (): string => path.resolve(repoRoot, '../shared');

export const flavourDir = (sharedDir: string = defaultSharedDir()): string =>
  path.join(sharedDir, 'physics', 'flavour');

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

export const loadTheoryInputs = (sharedDir?: string): TheoryInputsFile =>
  readJson<TheoryInputsFile>(path.join(flavourDir(sharedDir), 'flavour-theory-inputs.json'));

export const nloGridPath = (sharedDir?: string): string =>
  path.join(flavourDir(sharedDir), 'nlo-grid', 'f_12_79.dat');

export const flavourDataPath = (sharedDir?: string): string =>
  path.join(flavourDir(sharedDir), 'flavour-data.json');

export const flavourValidationPath = (sharedDir?: string): string =>
  path.join(flavourDir(sharedDir), 'flavour-validation.json');
