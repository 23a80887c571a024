/**
 * A kill -9 in the middle of a commit must not cost committed rows. A commit usually ends inside an HDF5
 * chunk, so the next commit rewrites that chunk; a process killed during that write leaves the chunk torn:
 * its first bytes new, the rest as before. This builds that torn file deterministically — the file after
 * commit k, overwritten with the bytes the file after commit k + 1 holds over the chunk up to the end of
 * the new row (the write got that far, no further) — and reads the committed rows back.
 *
 * Pass rule: the committed rows of the torn file read back bit-identical to those of commit k. (With a
 * checksummed chunk, as chain.h5 had with Fletcher-32, the torn chunk fails its checksum and every row in
 * it is lost: "filter returned failure".)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ChainFileReader, ChainFileWriter, chunkRows } from '../../src/sampler/hdf5-chain.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-torn-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const WALKERS = 8;
const DIMS = 3;
const ROW = WALKERS * DIMS;

/** Row r of the test chain: distinct, non-zero values, so a row's bytes occur once in the file. */
function rows(first: number, count: number): { positions: Float64Array; logProbs: Float64Array } {
  const positions = Float64Array.from({ length: count * ROW }, (_, i) => 1 + first * ROW + i + 0.25);
  const logProbs = Float64Array.from({ length: count * WALKERS }, (_, i) => -1 - first * WALKERS - i - 0.5);
  return { positions, logProbs };
}

async function committedBytes(file: string, count: number): Promise<Buffer> {
  const reader = await ChainFileReader.open(file);
  try {
    const { positions, logProbs } = reader.readRows(0, count);
    return Buffer.concat([Buffer.from(positions.buffer), Buffer.from(logProbs.buffer)]);
  } finally {
    reader.close();
  }
}

describe('a commit torn by kill -9 halfway through rewriting the last chunk', () => {
  it('leaves the committed rows of that chunk readable and unchanged', async () => {
    const perChunk = chunkRows(WALKERS, DIMS);
    // Commit k ends mid-chunk (in the second chunk, so a full first chunk precedes it).
    const committed = perChunk + 5;
    const before = path.join(work, 'before.h5');
    const writer = await ChainFileWriter.create(before, { nWalkers: WALKERS, nDim: DIMS, thin: 1, parameterNames: ['a', 'b', 'c'], ensembleOfWalker: new Int32Array(WALKERS) });
    const first = rows(0, committed);
    writer.append(first.positions, first.logProbs, committed);
    writer.commit(new Float64Array(WALKERS), committed);
    writer.close();

    const after = path.join(work, 'after.h5');
    fs.copyFileSync(before, after);
    const next = await ChainFileWriter.reopen(after, { nWalkers: WALKERS, nDim: DIMS, committedRows: committed });
    const added = rows(committed, 1);
    next.append(added.positions, added.logProbs, 1);
    next.commit(new Float64Array(WALKERS), committed + 1);
    next.close();

    const old = fs.readFileSync(before);
    const fresh = fs.readFileSync(after);
    // Where the second chunk of `chain` starts: the bytes of its first row (row perChunk) in the old file.
    const chunkRow = rows(perChunk, 1).positions;
    const chunkStart = old.indexOf(Buffer.from(chunkRow.buffer));
    expect(chunkStart, 'the second chunk is found by its first row').toBeGreaterThan(0);
    // The torn rewrite: the new file's bytes over the chunk up to the end of the new row, the old file's after.
    const tornEnd = chunkStart + (committed + 1 - perChunk) * ROW * 8;
    const torn = Buffer.from(old);
    fresh.copy(torn, chunkStart, chunkStart, tornEnd);
    expect(torn.equals(old), 'the torn file differs from the old one (the new row is in it)').toBe(false);
    const tornFile = path.join(work, 'torn.h5');
    fs.writeFileSync(tornFile, torn);

    expect((await committedBytes(tornFile, committed)).equals(await committedBytes(before, committed))).toBe(true);
    // And the rows the new file committed are the old ones plus the new row, bit for bit.
    const expected = Buffer.concat([Buffer.from(rows(0, committed + 1).positions.buffer), Buffer.from(rows(0, committed + 1).logProbs.buffer)]);
    expect((await committedBytes(after, committed + 1)).equals(expected)).toBe(true);
  });
});
