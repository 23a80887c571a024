/**
 * Loads the EW reference numbers for the tests: ew-validation.json (independent implementation of
 * sm-predictions.md / smeft-ew.md) and the shared folder beside the repository root.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const sharedDir = path.resolve(repoRoot, '../shared');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export const validation: Json = JSON.parse(
  readFileSync(path.resolve(sharedDir, 'physics/ew/ew-validation.json'), 'utf8'),
).independent;
export const ewData: Json = JSON.parse(readFileSync(path.resolve(sharedDir, 'physics/ew/ew-data.json'), 'utf8'));

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
