/**
 * The open watchdog (chain-file-probe.ts): a file whose walk does not end within the limit is refused with
 * one line naming it, the stuck thread is ended, and healthy or plainly broken files pass through to the
 * caller's own open. The stuck walk is one that spins forever (after opening the file), standing in for
 * the HDF5 library looping on damaged metadata.
 *
 * Pass rule: the endless walk is refused (ChainFileError, one line, the file's name) after the limit; a
 * healthy chain and a non-HDF5 file resolve; the limit comes from SMEFTFIT_HDF5_OPEN_TIMEOUT_S.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { probeHdf5File, probeTimeoutMs, PROBE_TIMEOUT_ENV } from '../../src/sampler/chain-file-probe.ts';
import { ChainFileError, ChainFileReader, ChainFileWriter } from '../../src/sampler/hdf5-chain.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-probe-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

async function healthyChain(): Promise<string> {
  const file = path.join(work, 'chain.h5');
  if (fs.existsSync(file)) return file;
  const writer = await ChainFileWriter.create(file, { nWalkers: 4, nDim: 2, thin: 1, parameterNames: ['a', 'b'], ensembleOfWalker: new Int32Array(4) });
  writer.append(new Float64Array(3 * 8).fill(0.5), new Float64Array(3 * 4).fill(-1), 3);
  writer.commit(new Float64Array(4), 3);
  writer.close();
  return file;
}

describe('opening an HDF5 file under a time limit', () => {
  it('refuses a file whose walk never ends, with one line naming it', async () => {
    const file = await healthyChain();
    const endless = `const root = new h5.File(file, 'r'); for (;;) root.get(groupName);`;
    const refused = await probeHdf5File(file, { timeoutMs: 1500, walk: endless }).then(() => undefined, (error: unknown) => error);
    expect(refused).toBeInstanceOf(ChainFileError);
    const message = (refused as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(/chain\.h5: reading its HDF5 structure did not end within 1\.5 s: the file is damaged/);
  }, 60_000);

  it('lets a healthy chain and a file that is not HDF5 through (the caller\'s open describes the latter)', async () => {
    const file = await healthyChain();
    await expect(probeHdf5File(file, { timeoutMs: 30_000 })).resolves.toBeUndefined();
    const reader = await ChainFileReader.open(file);
    expect(reader.info.iteration).toBe(3);
    reader.close();
    const junk = path.join(work, 'junk.h5');
    fs.writeFileSync(junk, 'not an HDF5 file\n');
    await expect(probeHdf5File(junk, { timeoutMs: 30_000 })).resolves.toBeUndefined();
    await expect(ChainFileReader.open(junk)).rejects.toThrow(/junk\.h5: not a readable HDF5 file/);
  }, 60_000);

  it('takes its limit from the environment (20 s by default)', () => {
    expect(probeTimeoutMs({})).toBe(20_000);
    expect(probeTimeoutMs({ [PROBE_TIMEOUT_ENV]: '0.25' })).toBe(250);
    expect(() => probeTimeoutMs({ [PROBE_TIMEOUT_ENV]: 'soon' })).toThrow(PROBE_TIMEOUT_ENV);
  });
});
