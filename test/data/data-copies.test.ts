/**
 * The program's own data (data/) must be the reference files it was copied from, byte for byte: the
 * program never reads the reference folder, so this test is what ties its inputs to their provenance.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDir } from '../../src/data-dir.ts';
import { referenceDir } from '../support/reference-dir.ts';

function filesBelow(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesBelow(full) : [full];
  });
}

/**
 * Files transcribed directly from a public source that has no copy in the reference folder; each has its own
 * consistency test instead.
 */
const OWN_TRANSCRIPTIONS = new Set([
  'physics/flavour/flavour-data-post2020.json', // test/data/flavour-data-post2020.test.ts
  'physics/flavour/measurements.yaml', // test/data/likelihood-lists.test.ts
  'likelihoods/2020.yaml',
  'likelihoods/current.yaml',
]);

describe('data/ copies', () => {
  const files = filesBelow(dataDir()).filter(
    (f) => (path.basename(f) !== 'README.md' || f.includes('nlo-grid')) && !OWN_TRANSCRIPTIONS.has(path.relative(dataDir(), f)),
  );
  it('ships the EW, flavour and sampler inputs', () => {
    const relative = files.map((f) => path.relative(dataDir(), f));
    expect(relative).toEqual(
      expect.arrayContaining([
        'physics/ew/ew-data.json',
        'physics/flavour/flavour-data.json',
        'physics/flavour/flavour-theory-inputs.json',
        'physics/flavour/nlo-grid/f_12_79.dat',
        'physics/flavour/nlo-grid/LICENSE-flavio.txt',
        'sampler/baseline-targets.json',
      ]),
    );
  });
  for (const file of files) {
    const relative = path.relative(dataDir(), file);
    it(`${relative} is the reference file`, () => {
      expect(readFileSync(file).equals(readFileSync(path.join(referenceDir(), relative)))).toBe(true);
    });
  }
});
