import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * True when this is the compiled package (dist/src/*.js, built by `npm run build`), false when the
 * TypeScript sources run directly (tsx, vitest). The few places that name a sibling module by file
 * (worker entry points) or read build-time facts (the code hash) ask this.
 */
export const COMPILED = import.meta.url.endsWith('.js');

/** The package root: this file lives in src/, or in dist/src/ once compiled. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), COMPILED ? '../..' : '..');

/**
 * The data the program reads at run time (measurements, hadronic inputs, the NLO grid, benchmark targets)
 * ships inside the package under `data/`, laid out by physics area (data/README.md gives the source of
 * every file). It is found relative to the package, so an installed smeftfit runs from any directory.
 */
export function dataDir(): string {
  return path.join(REPO_ROOT, 'data');
}
