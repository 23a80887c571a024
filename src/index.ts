/**
 * The library entry point: `import { … } from 'smeftfit'` (package.json "exports" points here, compiled
 * to dist/src/index.js with its declarations).
 */
export { packageFingerprint, packageVersion, provenance, type Provenance } from './provenance.ts';
