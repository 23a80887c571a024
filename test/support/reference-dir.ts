import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../src/data-dir.ts';

/**
 * The reference material (specs, validation numbers, peer fixtures) beside the checkout: tests read it to
 * check the program and its own data copies against the references. The program itself never does, and
 * the physics inputs the tests compute with are the package's own data/ (test/data/data-copies.test.ts
 * checks those copies against the references).
 *
 * A clone alone has no ../shared: vitest.config.ts then leaves out the test files that read it
 * (testsReadingReferences) and prints which and why; CI, where it exists, runs them all.
 */
export const REFERENCE_DIR = path.resolve(REPO_ROOT, '../shared');

export function referenceDir(): string {
  return REFERENCE_DIR;
}

export const referencesPresent = (): boolean => fs.existsSync(REFERENCE_DIR);

/**
 * The helpers that read ../shared: a test file that calls referenceDir(), readShared…(), or imports a
 * `validation` table from its folder's reference helper compares with the references.
 */
const READS_REFERENCES = [/\breferenceDir\(\)/, /\breadShared\w*\b/, /import \{[^}]*\bvalidation\b[^}]*\} from '\.\/(shared|ew-reference)\.ts'/];

/** The test files (paths relative to the package root) that read ../shared. */
export function testsReadingReferences(root = REPO_ROOT): string[] {
  const found: string[] = [];
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true })) {
      const child = path.posix.join(relative, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith('.test.ts') && READS_REFERENCES.some((re) => re.test(fs.readFileSync(path.join(root, child), 'utf8')))) found.push(child);
    }
  };
  walk('test');
  return found.sort();
}
