import { InputError } from '../../errors.ts';
import { DESnookerMove } from './de-snooker.ts';
import { DifferentialEvolutionMove } from './differential-evolution.ts';
import { GaussianMove, type GaussianMode } from './gaussian.ts';
import { GessMove, type GessFit } from './gess.ts';
import { SliceMove, type SliceDirections } from './slice.ts';
import type { WeightedMove } from './move.ts';
import { StretchMove } from './stretch.ts';
import { WalkMove } from './walk.ts';

/** A move as written in a config file or on the command line (`--moves de:0.8,desnooker:0.2`). */
/** One move of a config's mixture; `from`/`until` limit it to steps [from, until) (WeightedMove). */
export type MoveSpec = { from?: number; until?: number } & (
  | { move: 'stretch'; weight?: number; a?: number; nsplits?: number; randomizeSplit?: boolean }
  | { move: 'de'; weight?: number; sigma?: number; gamma0?: number; nsplits?: number; randomizeSplit?: boolean }
  | { move: 'desnooker'; weight?: number; gamma?: number }
  | { move: 'walk'; weight?: number; s?: number; nsplits?: number; randomizeSplit?: boolean }
  | { move: 'gaussian'; weight?: number; cov: number | number[] | number[][]; mode?: GaussianMode; factor?: number }
  | { move: 'slice'; weight?: number; directions?: SliceDirections; mu?: number; tune?: boolean; tolerance?: number; patience?: number; maxSteps?: number; nsplits?: number; randomizeSplit?: boolean }
  | {
      move: 'gess';
      weight?: number;
      nu?: number;
      fitIterations?: number;
      shrinkage?: boolean;
      fit?: GessFit;
      start?: 'complement' | 'laplace';
      firstRefit?: number;
      freezeAfter?: number;
      expansion?: number;
      nsplits?: number;
      randomizeSplit?: boolean;
    }
);

/** Largest relative weight of a move (as MOVE_BOUNDS.weight of the config schema). */
const MAX_MOVE_WEIGHT = 1e6;

export const MOVE_NAMES = ['stretch', 'de', 'desnooker', 'walk', 'gaussian', 'slice', 'gess'] as const;

/**
 * The moves of a run that names none (config and library): emcee's differential-evolution mixture,
 * DEMove 0.8 + DESnookerMove 0.2. On gauss20/50/100 it gives 3.4–6.8× the stretch move's ESS per evaluation
 * (bench/README.md) and it is the move of the paper's fits; stretch stays one line away, and is the better
 * move on scale-varying targets such as funnel10.
 */
export function defaultMoves(): MoveSpec[] {
  return [
    { move: 'de', weight: 0.8 },
    { move: 'desnooker', weight: 0.2 },
  ];
}

export function buildMoves(specs: MoveSpec[], nDim: number): WeightedMove[] {
  return specs.map((spec) => ({ ...buildMove(spec, nDim), ...(spec.from !== undefined && { from: spec.from }), ...(spec.until !== undefined && { until: spec.until }) }));
}

function buildMove(spec: MoveSpec, nDim: number): WeightedMove {
  const weight = spec.weight ?? 1;
  const redBlue = 'nsplits' in spec || 'randomizeSplit' in spec ? { nsplits: (spec as { nsplits?: number }).nsplits, randomizeSplit: (spec as { randomizeSplit?: boolean }).randomizeSplit } : {};
  try {
    switch (spec.move) {
      case 'stretch':
        return { weight, move: new StretchMove(spec.a ?? 2, redBlue) };
      case 'de':
        return { weight, move: new DifferentialEvolutionMove(spec.sigma ?? 1e-5, spec.gamma0, redBlue) };
      case 'desnooker':
        return { weight, move: new DESnookerMove(spec.gamma ?? 1.7) };
      case 'walk':
        return { weight, move: new WalkMove(spec.s, redBlue) };
      case 'gaussian':
        return { weight, move: new GaussianMove(spec.cov, nDim, spec.mode ?? 'vector', spec.factor) };
      case 'slice':
        return { weight, move: new SliceMove({ ...redBlue, directions: spec.directions, mu: spec.mu, tune: spec.tune, tolerance: spec.tolerance, patience: spec.patience, maxSteps: spec.maxSteps }) };
      case 'gess':
        return { weight, move: new GessMove({ ...redBlue, nu: spec.nu, fitIterations: spec.fitIterations, shrinkage: spec.shrinkage, fit: spec.fit, start: spec.start, firstRefit: spec.firstRefit, freezeAfter: spec.freezeAfter, expansion: spec.expansion }) };
    }
  } catch (error) {
    throw new InputError(`moves: ${(error as Error).message}`);
  }
  throw new InputError(`moves: unknown move '${(spec as { move: string }).move}' (known: ${MOVE_NAMES.join(', ')})`);
}

/** Parses `name[:weight],…` (default parameters) as given to `--moves`. */
export function parseMovesFlag(text: string): MoveSpec[] {
  return text.split(',').map((part) => {
    const [name, weightText, ...extra] = part.trim().split(':');
    if (extra.length > 0) throw new InputError(`--moves: expected name or name:weight, got '${part.trim()}'`);
    if (!(MOVE_NAMES as readonly string[]).includes(name) || name === 'gaussian') {
      throw new InputError(`--moves: unknown move '${name}' (use ${MOVE_NAMES.filter((m) => m !== 'gaussian').join(', ')}; gaussian needs a covariance, set it in the config)`);
    }
    // A plain decimal weight (not 0x10, Infinity or 1e999), as in a config file.
    const weight = weightText === undefined ? 1 : /^\s*\d*\.?\d+(e[+-]?\d+)?\s*$/i.test(weightText) ? Number(weightText) : NaN;
    if (!(weight > 0 && weight <= MAX_MOVE_WEIGHT)) throw new InputError(`--moves: weight of '${name}' must be a number in (0, ${MAX_MOVE_WEIGHT}] (got '${weightText}')`);
    return { move: name, weight } as MoveSpec;
  });
}
