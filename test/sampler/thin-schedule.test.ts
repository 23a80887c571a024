/**
 * The disk cap's thin schedule (thin-schedule.ts): the geometric bound (never more rows than the cap's),
 * the grid (stage k's steps are multiples of its thin, so the chain decimates evenly), the row ↔ step maps,
 * the file attribute round trip, and the in-memory reservoir staying evenly spaced in steps across switches.
 */
import { describe, expect, it } from 'vitest';
import { ChainStore } from '../../src/sampler/chain-store.ts';
import type { EnsembleState } from '../../src/sampler/ensemble-state.ts';
import { ThinSchedule } from '../../src/sampler/thin-schedule.ts';

describe('ThinSchedule.underCap', () => {
  it.each([
    [4, 1],
    [5, 3],
    [68, 2],
    [1000, 1],
    [4097, 5],
  ])('%i rows from thin %i: bounded, halving, on the grid, row ↔ step consistent', (rowLimit, thin) => {
    const schedule = ThinSchedule.underCap(thin, rowLimit);
    const { stages } = schedule;
    expect(stages[0]).toEqual({ firstRow: 0, startStep: 0, thin });
    for (let k = 1; k < stages.length; k++) {
      expect(stages[k].thin).toBe(2 * stages[k - 1].thin);
      // Each stage starts on its own thin's grid and holds half of what was left, one row more at most.
      expect(stages[k].startStep % stages[k].thin).toBe(0);
      const left = rowLimit - stages[k - 1].firstRow;
      expect(stages[k].firstRow - stages[k - 1].firstRow).toBeGreaterThanOrEqual(Math.floor(left / 2));
      expect(stages[k].firstRow - stages[k - 1].firstRow).toBeLessThanOrEqual(Math.floor(left / 2) + 1);
    }
    // The last stage still has its two rows; about log2(R) stages in all.
    expect(rowLimit - stages[stages.length - 1].firstRow).toBeGreaterThanOrEqual(rowLimit >= 2 ? 2 : 1);
    expect(stages.length).toBeLessThanOrEqual(Math.max(1, Math.ceil(Math.log2(rowLimit))));
    let previous = 0;
    for (let r = 0; r < rowLimit; r++) {
      const step = schedule.stepOfRow(r);
      expect(step).toBeGreaterThan(previous);
      expect(step % schedule.stageOfRow(r).thin).toBe(0);
      expect(schedule.rowsUpToStep(step)).toBe(r + 1);
      expect(schedule.rowsUpToStep(step - 1)).toBe(r);
      previous = step;
    }
    // Never a row past the limit, however many steps: the file is bounded.
    expect(schedule.stepOfRow(rowLimit)).toBe(Infinity);
    expect(schedule.rowsUpToStep(Number.MAX_SAFE_INTEGER)).toBe(rowLimit);
    expect(schedule.coveredSteps).toBe(previous);
    // The steps covered scale with the first thin (what the refusal's advice relies on).
    expect(schedule.coveredSteps).toBe(thin * ThinSchedule.underCap(1, rowLimit).coveredSteps);
    // chain.h5's [first_row, thin] pairs give the same map back.
    const read = ThinSchedule.fromPairs(schedule.pairs());
    expect(read.sameStages(schedule)).toBe(true);
    for (let r = 0; r < rowLimit; r++) expect(read.stepOfRow(r)).toBe(schedule.stepOfRow(r));
  });

  it('one thin without a cap: emcee’s thin_by, discard = ⌈burn / thin⌉', () => {
    const uniform = ThinSchedule.uniform(3);
    expect([uniform.stepOfRow(0), uniform.stepOfRow(9), uniform.rowsUpToStep(31), uniform.coveredSteps]).toEqual([3, 30, 10, Infinity]);
    for (const burn of [0, 1, 3, 4, 30, 31]) expect(uniform.discardRows(burn)).toBe(Math.ceil(burn / 3));
  });

  it('refuses malformed recorded schedules', () => {
    expect(() => ThinSchedule.fromPairs([[1, 2]])).toThrow(/start at row 0/);
    expect(() => ThinSchedule.fromPairs([[0, 2], [0, 4]])).toThrow(/increase/);
    expect(() => ThinSchedule.fromPairs([[0, 0]])).toThrow(/non-positive/);
  });
});

describe('ChainStore under a thin schedule', () => {
  /** Row whose every value is the sampler step it was stored at. */
  function stateAtStep(step: number): EnsembleState {
    return { nEnsembles: 1, nWalkers: 2, nDim: 1, coords: Float64Array.of(step, step), logProb: Float64Array.of(-step, -step), accepted: new Float64Array(2), iteration: step, randoms: [] };
  }

  it.each([40, 700, 2000, 3999])('keeps evenly spaced steps across switches and memory halvings (%i rows)', (rows) => {
    // 4000 rows from thin 1: a 2000-row first stage passes the 256-row reservoir, so memory halvings and
    // stage switches interleave.
    const schedule = ThinSchedule.underCap(1, 4000);
    const store = new ChainStore(2, 1, { schedule, memoryCapBytes: 256 * 2 * 2 * 8 });
    let step = 0;
    while (store.nStored < rows) {
      step += 1;
      if (store.storesStep(step)) store.append(stateAtStep(step));
    }
    const chain = store.chain();
    const kept = Array.from({ length: store.nRows }, (_, i) => chain.get(i, 0, 0));
    // The reservoir is every stored step that is a multiple of rowSteps, which is at least the stored thin.
    expect(kept).toEqual(Array.from({ length: store.nRows }, (_, i) => (i + 1) * store.rowSteps));
    expect(store.rowSteps).toBeGreaterThanOrEqual(schedule.stageOfRow(rows - 1).thin);
    expect(step - store.nRows * store.rowSteps).toBeLessThan(store.rowSteps);
    expect(store.nRows).toBeLessThanOrEqual(256);
  });
});
