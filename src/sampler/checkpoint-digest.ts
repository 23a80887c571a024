/**
 * What makes a checkpoint prove itself: a digest of the checkpoint's own content, a running digest of the
 * chain rows it commits, and a run identity shared by the checkpoint and its chain file.
 *
 * - `contentDigest`: SHA-256 of state.json's JSON text without the digest field. An edited state.json
 *   (nStored, iteration, accepted, random states, …) no longer matches it.
 * - `RowDigest`: SHA-256 over the committed rows in order, each row its positions then its
 *   log-probabilities as little-endian float64 bytes. It is updated as rows are stored, so a checkpoint
 *   costs no re-read, and recomputed from chain.h5 when a run is resumed or read; a chain that is not the
 *   one the checkpoint committed (another run's, or rows rewritten) differs from it.
 * - `newRunId`: a random identity written to chain.h5's attributes and to state.json when a run starts,
 *   so a chain file copied in from another run is named as such.
 *
 * These are checksums against accidents and careless edits, not signatures: someone who recomputes them
 * on purpose can forge a checkpoint.
 */
import crypto from 'node:crypto';

const DIGEST = 'sha256';

/** SHA-256 (hex) of a JSON body as JSON.stringify writes it. */
export function contentDigest(body: Record<string, unknown>): string {
  return crypto.createHash(DIGEST).update(JSON.stringify(body)).digest('hex');
}

/**
 * The parts of a body's JSON text, less its closing brace, passed on as they are hashed; then
 * `closing(digest)`, the digest being that of the whole text with the brace (as contentDigest of the body).
 * The text is written in one pass and never held whole: at 65 536 walkers × 100 dimensions the parts were
 * 130 MB of strings at once.
 */
export function* partsWithDigest(parts: Iterable<string>, closing: (digest: string) => string): Generator<string> {
  const hash = crypto.createHash(DIGEST);
  for (const part of parts) {
    hash.update(part);
    yield part;
  }
  hash.update('}');
  yield closing(hash.digest('hex'));
}

/** A fresh run identity (128 random bits, hex). */
export function newRunId(): string {
  return crypto.randomBytes(16).toString('hex');
}

/** Running SHA-256 of chain rows, appended one row at a time. */
export class RowDigest {
  private hash = crypto.createHash(DIGEST);
  rows = 0;

  /** Adds one row: positions (walkers × dims) then log-probabilities (walkers), as float64 bytes. */
  update(positions: Float64Array, logProbs: Float64Array): void {
    this.hash.update(new Uint8Array(positions.buffer, positions.byteOffset, positions.byteLength));
    this.hash.update(new Uint8Array(logProbs.buffer, logProbs.byteOffset, logProbs.byteLength));
    this.rows += 1;
  }

  /** The digest of the rows so far (hex); more rows may follow. */
  value(): string {
    return this.hash.copy().digest('hex');
  }
}
