/**
 * `firstGap` (moves/move.ts): the one check behind both the config's one-line error and the sampler's
 * refusal of a mixture whose from/until leave steps with no move in use.
 */
import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../src/config/load-config.ts';
import { firstGap, inUseAt } from '../../src/sampler/moves/move.ts';

describe('from/until steps of a mixture', () => {
  it('finds the earliest step no move covers, wherever the moves are listed', () => {
    expect(firstGap([{}])).toBeUndefined();
    expect(firstGap([{ until: 100 }, { from: 100 }])).toBeUndefined();
    expect(firstGap([{ from: 10 }])).toBe(0);
    // Listed late-first: the gap at 50 is found before the one at 300.
    expect(firstGap([{ from: 200, until: 300 }, { until: 50 }, { from: 60, until: 200 }])).toBe(50);
    expect(firstGap([{ until: 100 }, { from: 100, until: 300 }])).toBe(300);
    expect(inUseAt({ from: 5, until: 6 }, 5)).toBe(true);
    expect(inUseAt({ from: 5, until: 6 }, 6)).toBe(false);
  });

  it('the config refuses a gap with the step it leaves uncovered', () => {
    const config = (moves: string) => `model:\n  target: normal\nsampler:\n  walkers: 16\n  moves: ${moves}\n`;
    expect(() => parseRunConfig(config('[{move: de, until: 100}, {move: stretch, from: 100}]'), 'ok.yaml')).not.toThrow();
    expect(() => parseRunConfig(config('[{move: de, until: 100}, {move: stretch, from: 120}]'), 'gap.yaml')).toThrow(/no move is in use at step 100/);
  });
});
