/**
 * The chain store's bounded reservoir: which rows it keeps under a memory cap, that it never holds more
 * than the cap allows, and that re-reading the file (what a resume or `diagnose` does) rebuilds it exactly.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ChainStore } from '../../src/sampler/chain-store.ts';
import type { EnsembleState } from '../../src/sampler/ensemble-state.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-chain-store-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const N_WALKERS = 4;
const N_DIM = 2;
/** Row r holds the value r·100 + walker·10 + dim: every kept value says which stored row it came from. */
function stateAt(row: number): EnsembleState {
  const coords = Float64Array.from({ length: N_WALKERS * N_DIM }, (_, i) => row * 100 + Math.floor(i / N_DIM) * 10 + (i % N_DIM));
  const logProb = Float64Array.from({ length: N_WALKERS }, (_, w) => -row - w / 10);
  return { nEnsembles: 2, nWalkers: 2, nDim: N_DIM, coords, logProb, accepted: new Float64Array(N_WALKERS), iteration: row + 1, randoms: [] };
}

// 256 rows (the floor on kept rows) of 4 × (2 + 1) float64 = 24 KiB: a cap this small keeps exactly 256.
const capBytes = 256 * N_WALKERS * (N_DIM + 1) * 8;

describe('ChainStore reservoir', () => {
  it.each([100, 256, 257, 1000, 5000])('after %i rows keeps stored rows k−1, 2k−1, … with k the smallest power of two that fits', (rows) => {
    const store = new ChainStore(N_WALKERS, N_DIM, { thin: 3, memoryCapBytes: capBytes });
    for (let r = 0; r < rows; r++) store.append(stateAt(r));
    let k = 1;
    while (Math.floor(rows / k) > 256) k *= 2;
    expect([store.nStored, store.thinnedBy, store.nRows, store.rowSteps]).toEqual([rows, k, Math.floor(rows / k), 3 * k]);
    const chain = store.chain();
    for (let i = 0; i < store.nRows; i++) expect(chain.get(i, 1, 0)).toBe(((i + 1) * k - 1) * 100 + 10);
    expect(store.logProb().get(store.nRows - 1, 0)).toBe(-(store.nRows * k - 1));
    expect(store.memoryBytes).toBeLessThanOrEqual(capBytes);
  });

  it('a store re-read from its chain.h5 equals the one that wrote it', async () => {
    const dir = path.join(work, 'reread');
    fs.mkdirSync(dir);
    const layout = { nWalkers: N_WALKERS, nDim: N_DIM, thin: 1, parameterNames: ['a', 'b'], ensembleOfWalker: Int32Array.of(0, 0, 1, 1) };
    const writer = await ChainStore.create(dir, layout, { memoryCapBytes: capBytes });
    for (let r = 0; r < 3000; r++) {
      writer.append(stateAt(r));
      if (r === 1234) writer.commit(stateAt(r));
    }
    writer.commit(stateAt(2999));
    writer.close();
    const reread = await ChainStore.load(dir, 3000, { memoryCapBytes: capBytes });
    expect([reread.nStored, reread.thinnedBy, reread.nRows]).toEqual([writer.nStored, writer.thinnedBy, writer.nRows]);
    expect(Array.from(reread.extract(0).data)).toEqual(Array.from(writer.extract(0).data));
    expect(Array.from(reread.logProb().data.subarray(0, reread.nRows * N_WALKERS))).toEqual(Array.from(writer.logProb().data.subarray(0, writer.nRows * N_WALKERS)));
    expect(Array.from(reread.lastStoredRow().positions)).toEqual(Array.from(stateAt(2999).coords));
  });
});
