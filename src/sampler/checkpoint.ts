import fs from 'node:fs';
import path from 'node:path';
import type { EnsembleState } from './ensemble-state.ts';
import { RandomStream, type RandomState } from './random.ts';
import { writeFileAtomic } from '../atomic-write.ts';
import { contentDigest, partsWithDigest } from './checkpoint-digest.ts';
import { InputError } from '../errors.ts';
import { z } from 'zod';

export const STATE_FILE = 'state.json';
/** Version 2 added the digests (checkpoint-digest.ts); a version-1 checkpoint cannot prove itself and is refused. */
const FORMAT = 'smeftfit-checkpoint/2';

/** What a checkpoint holds besides the ensemble: how far the stored chain goes and the run's bookkeeping. */
export interface CheckpointExtras {
  nStored: number;
  thin: number;
  evaluations: number;
  wallSeconds: number;
  /** Fingerprint of everything that fixes the run (config, seed, sizes): resume refuses a mismatch. */
  fingerprint: string;
  /** Identity of the run, also in chain.h5's attributes (a chain from another run is refused). */
  runId: string;
  /** Running SHA-256 of the nStored committed chain rows (checkpoint-digest.ts). */
  chainDigest: string;
  /** Opaque state of the stopping rule (τ history). */
  stopRule?: unknown;
  /** Opaque sampler state beyond the chains (the Metropolis pre-run adaptation). */
  sampler?: unknown;
}

export interface Checkpoint extends CheckpointExtras {
  state: EnsembleState;
}

/**
 * Writes `dir/state.json` atomically: a temp file in the same folder, fsynced, then renamed over the old one.
 * The text is exactly JSON.stringify of { format, ...extras, sizes, iteration, coords, logProb, accepted,
 * randomStates, moveStates? } (log-probabilities of ±∞ as strings: JSON has no ±Infinity), then the last
 * field, `digest`, the SHA-256 of that text (contentDigest). The three per-walker arrays are written and
 * hashed in slices straight from their Float64Arrays: at 65 536 walkers × 100 dimensions the plain
 * JSON.stringify built a 6.5 M-element array of numbers and one 130 MB string first.
 */
export function writeCheckpoint(dir: string, state: EnsembleState, extras: CheckpointExtras): void {
  const head = JSON.stringify({ format: FORMAT, ...extras, nEnsembles: state.nEnsembles, nWalkers: state.nWalkers, nDim: state.nDim, iteration: state.iteration });
  const tail = JSON.stringify({
    randomStates: state.randoms.map((r) => r.state()),
    ...(state.moveStates === undefined ? {} : { moveStates: state.moveStates }),
  });
  function* body(): Generator<string> {
    yield `${head.slice(0, -1)},"coords":[`;
    yield* jsonNumbers(state.coords, 'null');
    yield '],"logProb":[';
    yield* jsonNumbers(state.logProb, 'string');
    yield '],"accepted":[';
    yield* jsonNumbers(state.accepted, 'null');
    yield `],${tail.slice(1, -1)}`;
  }
  // The digest is of the body's own JSON text, closing brace included; the file then adds the digest field.
  // The parts are hashed as they are written, one slice in memory at a time.
  writeFileAtomic(path.join(dir, STATE_FILE), partsWithDigest(body(), (digest) => `,"digest":"${digest}"}`), { fsync: true });
}

/** Slices of 65 536 numbers as JSON.stringify writes them (non-finite values as null, or as quoted strings). */
function* jsonNumbers(values: Float64Array, nonFinite: 'null' | 'string'): Generator<string> {
  const slice = 65_536;
  for (let start = 0; start < values.length; start += slice) {
    const part = values.subarray(start, Math.min(values.length, start + slice));
    // JSON.stringify of a plain array slice is the original's own conversion (and 3× faster than
    // Float64Array.prototype.join in V8); the brackets are dropped.
    const text = JSON.stringify(nonFinite === 'null' ? Array.from(part) : Array.from(part, (v) => (Number.isFinite(v) ? v : String(v)))).slice(1, -1);
    yield start === 0 ? text : `,${text}`;
  }
}

/** One float64 as written above: a number, or the strings of ±∞ (log p outside the prior). */
const storedNumber = z.union([z.number(), z.enum(['-Infinity', 'Infinity', 'NaN'])]);
const int32 = z.number().int().min(-(2 ** 31)).max(2 ** 31 - 1);
const count = z.number().int().nonnegative();

/** The shape of state.json; sizes are cross-checked after parsing. */
const checkpointSchema = z.object({
  format: z.literal(FORMAT),
  nStored: count,
  thin: count.min(1),
  evaluations: z.number().nonnegative(),
  wallSeconds: z.number().nonnegative(),
  fingerprint: z.string().min(1),
  runId: z.string().regex(/^[0-9a-f]{32}$/),
  chainDigest: z.string().regex(/^[0-9a-f]{64}$/),
  stopRule: z.unknown().optional(),
  sampler: z.unknown().optional(),
  nEnsembles: count.min(1),
  nWalkers: count.min(1),
  nDim: count.min(1),
  iteration: count,
  coords: z.array(z.number()),
  logProb: z.array(storedNumber),
  accepted: z.array(z.number().nonnegative()),
  // seedrandom's xor4096 state: 128 32-bit words, an index and a Weyl counter.
  randomStates: z.array(z.object({ X: z.array(int32).length(128), i: z.number().int().min(0).max(127), w: int32 }).strict()),
  moveStates: z.record(z.string(), z.array(z.array(z.number()))).optional(),
  digest: z.string().regex(/^[0-9a-f]{64}$/),
});

/**
 * Checks that `raw` (the parsed state.json) is a complete, self-consistent checkpoint: every field of
 * the right type and every array of the length the sizes imply. A truncated or edited file is refused
 * with one line naming the file and the field, never resumed from.
 */
export function validateCheckpoint(raw: unknown, file: string): z.infer<typeof checkpointSchema> {
  if ((raw as { format?: unknown } | null)?.format === 'smeftfit-checkpoint/1') {
    throw new InputError(`${file}: checkpoint of an older smeftfit without a content digest; it cannot be checked, rerun it`);
  }
  const parsed = checkpointSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`${file}: corrupted checkpoint, refusing to resume: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  const c = parsed.data;
  const walkers = c.nEnsembles * c.nWalkers;
  const expected: [string, number, number][] = [
    ['coords', c.coords.length, walkers * c.nDim],
    ['logProb', c.logProb.length, walkers],
    ['accepted', c.accepted.length, walkers],
    ['randomStates', c.randomStates.length, c.nEnsembles],
    ...Object.entries(c.moveStates ?? {}).map(([key, perEnsemble]): [string, number, number] => [`moveStates.${key}`, perEnsemble.length, c.nEnsembles]),
  ];
  for (const [field, got, want] of expected) {
    if (got !== want) throw new InputError(`${file}: corrupted checkpoint, refusing to resume: ${field}: ${got} entries, expected ${want}`);
  }
  if (c.nStored * c.thin > c.iteration + c.thin) {
    throw new InputError(`${file}: corrupted checkpoint, refusing to resume: nStored: ${c.nStored} rows at thin ${c.thin} is more than step ${c.iteration} can have stored`);
  }
  // Well-formed, yet edited: the digest says so.
  checkContentDigest(raw, file);
  return c;
}

/**
 * Refuses a state.json whose `digest` is missing or is not the SHA-256 of the rest: JSON.parse then
 * JSON.stringify gives back the text writeCheckpoint hashed (same key order, shortest round-trip numbers).
 */
function checkContentDigest(raw: unknown, file: string): void {
  const { digest, ...body } = raw as Record<string, unknown>;
  if (typeof digest !== 'string') throw new InputError(`${file}: checkpoint without its content digest, refusing to use it`);
  if (contentDigest(body) !== digest) throw new InputError(`${file}: the checkpoint was edited or damaged (its content no longer matches its digest), refusing to use it`);
}

/** Reads and validates `dir/state.json`; any problem is an InputError (resume refused), never a wrong resume. */
export function readCheckpoint(dir: string): Checkpoint {
  const file = path.join(dir, STATE_FILE);
  if (!fs.existsSync(file)) throw new InputError(`${file}: no checkpoint to resume from`);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(`${file}: truncated or corrupted checkpoint (not valid JSON: ${(error as Error).message}), refusing to resume`);
  }
  const c = validateCheckpoint(raw, file);
  const numbers = (values: (number | string)[]) => Float64Array.from(values, (v) => Number(v));
  const state: EnsembleState = {
    nEnsembles: c.nEnsembles,
    nWalkers: c.nWalkers,
    nDim: c.nDim,
    iteration: c.iteration,
    coords: numbers(c.coords),
    logProb: numbers(c.logProb),
    accepted: numbers(c.accepted),
    randoms: c.randomStates.map((s) => RandomStream.fromState(s as RandomState)),
    ...(c.moveStates === undefined ? {} : { moveStates: c.moveStates }),
  };
  return {
    state,
    nStored: c.nStored,
    thin: c.thin,
    evaluations: c.evaluations,
    wallSeconds: c.wallSeconds,
    fingerprint: c.fingerprint,
    runId: c.runId,
    chainDigest: c.chainDigest,
    stopRule: c.stopRule,
    sampler: c.sampler,
  };
}
