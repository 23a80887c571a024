import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { readStoredDraws } from '../../src/commands/merge-chains.ts';
import { readCheckpoint } from '../../src/sampler/checkpoint.ts';

/** The files every finished run writes besides its chain, compared byte for byte. */
const SAME_BYTES = ['config.json', 'provenance.json', 'correlation.json', 'correlation.svg', 'correlation.png', 'intervals.svg', 'intervals.png'];

/**
 * The run's JSON without what a merged run cannot share: timing, and the backend's description of how it
 * scored the batches (e.g. how many density threads each array task used), which changes no number.
 */
function withoutTiming(file: string): unknown {
  const value = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  delete value.wall_seconds;
  delete value.wallSeconds;
  delete value.backend_reason;
  // A run's identity is random and the checkpoint's content digest covers its wall time.
  delete value.runId;
  delete value.digest;
  return value;
}

/**
 * Asserts that run directory `actual` holds the same run as `expected` bit for bit: every stored draw and
 * log-probability (read through the chain store, whatever its file format), the final state with every
 * generator state, the summary and the outputs; only wall-clock times may differ.
 */
export async function expectSameRun(actual: string, expected: string): Promise<void> {
  const a = readCheckpoint(actual);
  const e = readCheckpoint(expected);
  expect(a.nStored).toBe(e.nStored);
  expect(a.state.nEnsembles).toBe(e.state.nEnsembles);
  const { nWalkers, nEnsembles, nDim } = e.state;
  const drawsA = await readStoredDraws(actual, a.nStored, nWalkers * nEnsembles, nDim, a);
  const drawsE = await readStoredDraws(expected, e.nStored, nWalkers * nEnsembles, nDim, e);
  expect(drawsA.positions.length).toBe(e.nStored * nWalkers * nEnsembles * nDim);
  // Buffer.equals: exact bytes, so −0/+0 and NaN payloads count too.
  expect(Buffer.from(drawsA.positions.buffer).equals(Buffer.from(drawsE.positions.buffer)), 'stored positions').toBe(true);
  expect(Buffer.from(drawsA.logProbs.buffer).equals(Buffer.from(drawsE.logProbs.buffer)), 'stored log-probabilities').toBe(true);
  expect(withoutTiming(path.join(actual, 'state.json'))).toEqual(withoutTiming(path.join(expected, 'state.json')));
  expect(withoutTiming(path.join(actual, 'summary.json'))).toEqual(withoutTiming(path.join(expected, 'summary.json')));
  const report = (dir: string) =>
    fs
      .readFileSync(path.join(dir, 'report.md'), 'utf8')
      .replace(/\| wall time \| [^|]* s,/, '| wall time | … s,')
      .replace(/^\| backend \| .*$/m, '| backend | … |');
  expect(report(actual)).toBe(report(expected));
  for (const file of SAME_BYTES) {
    if (!fs.existsSync(path.join(expected, file))) continue;
    expect(fs.readFileSync(path.join(actual, file)).equals(fs.readFileSync(path.join(expected, file))), file).toBe(true);
  }
}
