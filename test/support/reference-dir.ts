import path from 'node:path';
import { REPO_ROOT } from '../../src/data-dir.ts';

/**
 * The reference material (specs, validation numbers, peer fixtures) beside the checkout: tests read it to
 * check the program and its own data copies against the references. The program itself never does.
 */
export function referenceDir(): string {
  return path.resolve(REPO_ROOT, '../shared');
}
