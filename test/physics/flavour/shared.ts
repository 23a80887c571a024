// Test helpers: the flavour inputs (the package's data/) and the reference folder beside the checkout.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dataDir } from '../../../src/data-dir.ts';
import { referenceDir } from '../../support/reference-dir.ts';

/** The physics inputs the tests compute with: the package's own data/. */
export const inputDir = dataDir();
export const readShared = <T>(...parts: string[]): T =>
  JSON.parse(readFileSync(path.resolve(referenceDir(), ...parts), 'utf8')) as T;

export interface ValidationScenario {
  central: Record<string, number>;
  sign_anchors_and_extra_bins: Record<string, number>;
  B_to_K_with_FNALMILC_BCL3_FFs: Record<string, number>;
}
export interface ValidationFile {
  HEPfit_scheme_Bs_mumu: { value: number };
  naive_factorisation_crosscheck: { results: Record<string, Record<string, unknown>> };
  scenarios: Record<'SM' | 'C9mu=-1', ValidationScenario>;
}
export const validation = (): ValidationFile => readShared<ValidationFile>('physics', 'flavour', 'flavour-validation.json');
