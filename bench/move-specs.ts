/**
 * The moves the benchmark compares, as the strings `smeftfit run --moves` takes (`name[:weight],…`):
 * adding a move's row to `npm run bench` is adding its string to MOVE_SPECS. A string whose move this build
 * does not know is skipped with a printed reason (so the list can name moves that arrive on another
 * branch). emcee is measured beside them with its own DEMove + DESnookerMove mixture and its default
 * stretch move (EMCEE_REFERENCE_SPECS), whatever the list holds.
 */
import { buildMoves, parseMovesFlag, type MoveSpec } from '../src/sampler/moves/from-spec.ts';
import type { WeightedMove } from '../src/sampler/moves/move.ts';

/**
 * Mixtures that need settings the `--moves` string has no room for, by name. `de-then-gess-history`: DE 0.8 +
 * snooker 0.2 for the first half of the burn-in, then gess with its t fitted to the run's own history
 * (refits at a quarter and at half of the burn-in, fixed from then on; moves/history-fit.ts), as a config
 * writes it with `from`/`until`. Production (the measured part) is the fixed-fit gess alone. `gess-laplace`:
 * gess on the run's pilot fit from step 0 (measure-sampling.ts makes the pilot before the burn-in; its
 * evaluations are reported beside the row, not in the production's ESS per evaluation).
 */
const NAMED_MIXTURES: Record<string, (burn: number) => MoveSpec[]> = {
  // gess on the pilot fit (src/sampler/laplace-pilot.ts), fixed from step 0: the EW configs' move.
  'gess-laplace': () => [{ move: 'gess', fit: 'laplace' }],
  'de-then-gess-history': (burn) => {
    const switchAt = Math.max(2, Math.floor(burn / 2));
    return [
      { move: 'de', weight: 0.8, until: switchAt },
      { move: 'desnooker', weight: 0.2, until: switchAt },
      { move: 'gess', weight: 1, fit: 'history', firstRefit: Math.max(1, Math.floor(switchAt / 2)), freezeAfter: switchAt, from: switchAt },
    ];
  },
};

/** smeftfit's moves under test, one bench row each per move cell. */
export const MOVE_SPECS = ['stretch', 'de:0.8,desnooker:0.2', 'slice', 'gess', 'slice:0.5,gess:0.5', 'de-then-gess-history', 'gess-laplace'];

/** emcee's reference moves (emcee_runner.py maps these two strings to emcee's classes). */
export const EMCEE_REFERENCE_SPECS = ['stretch', 'de:0.8,desnooker:0.2'];

/** The moves a run uses when its config names none (config schema default): the gauss20 × 1024 headline row. */
export const RUN_DEFAULT_MOVES = 'de:0.8,desnooker:0.2';

/** The moves of `spec` (a `--moves` string or a NAMED_MIXTURES name) for a cell of `burn` burn-in steps, or throws the reason this build cannot run them. */
export function benchMoves(spec: string, ndim: number, burn = 0): WeightedMove[] {
  const named = NAMED_MIXTURES[spec];
  return buildMoves(named ? named(burn) : parseMovesFlag(spec), ndim);
}

/** Null when this build can run `spec`, else the one-line reason it is skipped. */
export function unsupportedMoves(spec: string, ndim: number): string | null {
  try {
    benchMoves(spec, ndim, 100);
    return null;
  } catch (error) {
    return `moves '${spec}' skipped: ${(error as Error).message}`;
  }
}
