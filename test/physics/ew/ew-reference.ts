/**
 * Loads the EW reference numbers for the tests: ew-validation.json (independent implementation of
 * sm-predictions.md / smeft-ew.md) from the reference folder beside the checkout, and the EW inputs from
 * the package's data/.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { dataDir } from '../../../src/data-dir.ts';
import { referenceDir } from '../../support/reference-dir.ts';

/** The physics inputs the tests compute with: the package's own data/. */
export const inputDir = dataDir();
const validationFile = path.resolve(referenceDir(), 'physics/ew/ew-validation.json');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** Undefined without ../shared (the files that import it are then left out: vitest.config.ts). */
export const validation: Json = existsSync(validationFile) ? JSON.parse(readFileSync(validationFile, 'utf8')).independent : undefined;
export const ewData: Json = JSON.parse(readFileSync(path.resolve(inputDir, 'physics/ew/ew-data.json'), 'utf8'));

/** Validation-file observable key → our observable name (the V_tb column comes in two variants). */
export function ourObservableName(key: string): string | undefined {
  if (key === 'dVtb_over_Vtb_incl_universal') return 'Vtb';
  if (key === 'dVtb_over_Vtb_vertex_only') return undefined;
  return key;
}

/** `phiq1_11+22` → { phiq1_11: 1, phiq1_22: 1 }; `phiD` → { phiD: 1 }. */
export function unitWarsawCoefficients(key: string): Record<string, number> {
  const parts = key.split('+');
  const stem = parts[0].includes('_') ? parts[0].slice(0, parts[0].lastIndexOf('_')) : '';
  const out: Record<string, number> = {};
  for (const p of parts) out[p.includes('_') || !stem ? p : `${stem}_${p}`] = 1;
  return out;
}
