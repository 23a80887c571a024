import { configDefaults, defineConfig } from 'vitest/config';
import { REFERENCE_DIR, referencesPresent, testsReadingReferences } from './test/support/reference-dir.ts';

// The tests that compare with the reference material beside the checkout (../shared) run where it
// exists (CI); a clone alone leaves them out, says which and why, and runs everything else on the
// package's own data/.
const withoutReferences = referencesPresent() ? [] : testsReadingReferences();
if (withoutReferences.length > 0) {
  console.warn(`skipped ${withoutReferences.length} test files that compare with the reference folder ${REFERENCE_DIR}, which is absent: ${withoutReferences.join(', ')}`);
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'kernels/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...withoutReferences],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
