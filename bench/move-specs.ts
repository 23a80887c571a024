/**
 * The moves the benchmark compares, as the strings `smeftfit run --moves` takes (`name[:weight],…`):
 * adding a move's row to `npm run bench` is adding its string to MOVE_SPECS. A string whose move this build
 * does not know is skipped with a printed reason (so the list can name moves that arrive on another
 * branch). emcee is measured beside them with its own DEMove + DESnookerMove mixture and its default
 * stretch move (EMCEE_REFERENCE_SPECS), whatever the list holds.
 */
import { buildMoves, parseMovesFlag } from '../src/sampler/moves/from-spec.ts';
import type { WeightedMove } from '../src/sampler/moves/move.ts';

/** smeftfit's moves under test, one bench row each per move cell. */
export const MOVE_SPECS = ['stretch', 'de:0.8,desnooker:0.2', 'slice', 'gess', 'slice:0.5,gess:0.5'];

/** emcee's reference moves (emcee_runner.py maps these two strings to emcee's classes). */
export const EMCEE_REFERENCE_SPECS = ['stretch', 'de:0.8,desnooker:0.2'];

/** The moves a run uses when its config names none (config schema default): the gauss20 × 1024 headline row. */
export const RUN_DEFAULT_MOVES = 'stretch';

/** The moves of `spec`, or throws the reason this build cannot run them. */
export function benchMoves(spec: string, ndim: number): WeightedMove[] {
  return buildMoves(parseMovesFlag(spec), ndim);
}

/** Null when this build can run `spec`, else the one-line reason it is skipped. */
export function unsupportedMoves(spec: string, ndim: number): string | null {
  try {
    benchMoves(spec, ndim);
    return null;
  } catch (error) {
    return `moves '${spec}' skipped: ${(error as Error).message}`;
  }
}
