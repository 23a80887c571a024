import path from 'node:path';
import { ChainFileReader } from '../../src/sampler/hdf5-chain.ts';

/**
 * The committed rows of dir/chain.h5 as raw float64 bytes (positions, then log-probabilities) and emcee's
 * iteration: what the bit-identity tests of resumes, kills and tampering compare.
 */
export async function committedChainBytes(dir: string): Promise<{ bytes: Buffer; iteration: number }> {
  const reader = await ChainFileReader.open(path.join(dir, 'chain.h5'));
  try {
    const { positions, logProbs } = reader.readRows(0, reader.info.iteration);
    const bytes = Buffer.concat([Buffer.from(positions.buffer, positions.byteOffset, positions.byteLength), Buffer.from(logProbs.buffer, logProbs.byteOffset, logProbs.byteLength)]);
    return { bytes, iteration: reader.info.iteration };
  } finally {
    reader.close();
  }
}
