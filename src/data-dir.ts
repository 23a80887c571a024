import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (this file lives in src/). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The data the program reads at run time (measurements, hadronic inputs, the NLO grid, benchmark targets)
 * ships inside the package under `data/`, laid out by physics area (data/README.md gives the source of
 * every file). It is found relative to the package, so an installed smeftfit runs from any directory.
 */
export function dataDir(): string {
  return path.join(REPO_ROOT, 'data');
}
