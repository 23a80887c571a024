/**
 * The benchmark's building blocks run (no timing is asserted: speed is measured by `npm run bench`, not
 * tested): a move-comparison cell with a move string, the skip of a move this build does not know, the
 * table, and the large-ensemble measurement at a toy size.
 */
import { describe, expect, it } from 'vitest';
import { measureInProcess } from '../../bench/large-ensemble.ts';
import { moveTable } from '../../bench/measure-moves.ts';
import { measureSampling } from '../../bench/measure-sampling.ts';
import { unsupportedMoves } from '../../bench/move-specs.ts';

describe('bench (tiny sizes)', () => {
  it('measures a DE-mixture cell on gauss20 and renders it in the move table', async () => {
    const row = await measureSampling({ target: 'gauss20', walkers: 48, burn: 20, production: 60, backend: 'cpu', threads: 1, seed: 3, moves: 'de:0.8,desnooker:0.2' });
    // DE and snooker evaluate one proposal per walker update: evaluations = walkers × production exactly.
    expect(row.evaluationsPerUpdate).toBe(1);
    expect(row.acceptance).toBeGreaterThan(0);
    expect(row.acceptance).toBeLessThan(1);
    expect(row.ess).toBeGreaterThan(0);
    const table = moveTable({ rows: [row], emcee: [], notes: ["moves 'nosuchmove' skipped: unknown"] });
    expect(table).toContain('| gauss20 | 48 | smeftfit cpu | de:0.8,desnooker:0.2 |');
    expect(table).toContain("- moves 'nosuchmove' skipped");
  });

  it('skips a move string this build does not know, with the reason, and accepts the known ones', () => {
    expect(unsupportedMoves('nosuchmove:0.5,de:0.5', 20)).toMatch(/^moves 'nosuchmove:0.5,de:0.5' skipped: .*unknown move 'nosuchmove'/);
    expect(unsupportedMoves('stretch', 20)).toBeNull();
    expect(unsupportedMoves('de:0.8,desnooker:0.2', 20)).toBeNull();
  });

  it('large-ensemble: steps a toy normal ensemble and splits the time into likelihood and sampler', async () => {
    const r = await measureInProcess(256, 5, 2, 1);
    expect(r.walkers).toBe(256);
    expect(r.likelihoodMsPerStep).toBeGreaterThanOrEqual(0);
    expect(r.likelihoodMsPerStep).toBeLessThanOrEqual(r.msPerStep);
    expect(r.rssMiBAfter).toBeGreaterThan(0);
  });
});
