/** A chain file (chain.h5) that cannot be read or trusted: damaged, truncated, or not the run's. */
export class ChainFileError extends Error {
  override readonly name = 'ChainFileError';
}
