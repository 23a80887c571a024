/**
 * writeCheckpoint writes the per-walker arrays in slices: the file must still be exactly the JSON.stringify
 * text of the checkpoint object followed by its content digest (the layout every reader has), including −0,
 * ±∞ log-probabilities as strings, a NaN coordinate as null, and arrays longer than one slice.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCheckpoint, STATE_FILE, writeCheckpoint } from '../../src/sampler/checkpoint.ts';
import { contentDigest } from '../../src/sampler/checkpoint-digest.ts';
import type { EnsembleState } from '../../src/sampler/ensemble-state.ts';
import { RandomStream } from '../../src/sampler/random.ts';

describe('checkpoint text', () => {
  it('is byte-identical to JSON.stringify of the checkpoint object and reads back bit for bit', () => {
    const nWalkers = 33_000; // coords: 66 000 numbers, more than one slice of 65 536
    const nDim = 2;
    const random = RandomStream.fromSeed(11);
    const coords = Float64Array.from({ length: nWalkers * nDim }, () => random.normal() * 10 ** Math.floor(random.uniform() * 40 - 20));
    coords[3] = -0;
    const logProb = Float64Array.from({ length: nWalkers }, () => -random.uniform() * 100);
    logProb[5] = -Infinity;
    logProb[nWalkers - 1] = -Infinity;
    const accepted = Float64Array.from({ length: nWalkers }, (_, i) => i % 7);
    const state: EnsembleState = { nEnsembles: 1, nWalkers, nDim, coords, logProb, accepted, iteration: 40, randoms: [RandomStream.fromSeed(3)] };
    const extras = { nStored: 4, thin: 10, evaluations: 2_800_000, wallSeconds: 1.5, fingerprint: 'abc', stopRule: { history: [1, 2] }, runId: '0'.repeat(32), chainDigest: 'f'.repeat(64) };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-checkpoint-'));
    writeCheckpoint(dir, state, extras);
    const body = {
      format: 'smeftfit-checkpoint/2',
      ...extras,
      nEnsembles: 1,
      nWalkers,
      nDim,
      iteration: 40,
      coords: Array.from(coords),
      logProb: Array.from(logProb, (v) => (Number.isFinite(v) ? v : String(v))),
      accepted: Array.from(accepted),
      randomStates: state.randoms.map((r) => r.state()),
    };
    const expected = JSON.stringify({ ...body, digest: contentDigest(body) });
    expect(fs.readFileSync(path.join(dir, STATE_FILE), 'utf8') === expected).toBe(true);
    const back = readCheckpoint(dir).state;
    // JSON numbers round-trip float64 exactly (shortest round-trip representation); −0 is written as 0.
    coords[3] = 0;
    expect(Buffer.from(back.coords.buffer).equals(Buffer.from(coords.buffer))).toBe(true);
    expect(Buffer.from(back.logProb.buffer).equals(Buffer.from(logProb.buffer))).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes a NaN coordinate as null, as JSON.stringify does (and the reader then refuses the file)', () => {
    const state: EnsembleState = { nEnsembles: 1, nWalkers: 2, nDim: 1, coords: Float64Array.of(1, NaN), logProb: Float64Array.of(0, 0), accepted: new Float64Array(2), iteration: 1, randoms: [RandomStream.fromSeed(1)] };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-checkpoint-'));
    writeCheckpoint(dir, state, { nStored: 0, thin: 1, evaluations: 2, wallSeconds: 0, fingerprint: 'x', runId: '0'.repeat(32), chainDigest: 'f'.repeat(64) });
    expect(fs.readFileSync(path.join(dir, STATE_FILE), 'utf8')).toContain('"coords":[1,null]');
    expect(() => readCheckpoint(dir)).toThrow(/coords/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
