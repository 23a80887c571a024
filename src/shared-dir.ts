import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file lives in src/). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The reference material (physics data, specs, sampler fixtures) sits beside the checkout in `../shared`;
 * SMEFTFIT_SHARED points elsewhere.
 */
export function sharedDir(): string {
  return process.env.SMEFTFIT_SHARED ?? path.resolve(REPO_ROOT, '../shared');
}
