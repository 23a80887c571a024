import { RandomStream } from './random.ts';

/**
 * Everything that determines the future of a run (emcee's State + backend counters): positions and
 * log-probabilities of every walker of every ensemble, acceptance counts, the step index and each
 * ensemble's generator state. Float64 throughout; serialised losslessly by checkpoints.
 *
 * Layout: walker w of ensemble e is row e·nWalkers + w of `coords` (nDim columns) and entry of `logProb`.
 */
export interface EnsembleState {
  nEnsembles: number;
  nWalkers: number;
  nDim: number;
  coords: Float64Array;
  logProb: Float64Array;
  /** Accepted proposals per walker since the start of the run. */
  accepted: Float64Array;
  /** Steps made so far. */
  iteration: number;
  /** One generator per ensemble. */
  randoms: RandomStream[];
  /**
   * Adaptation state of driven moves (the slice move's scale μ), keyed by the move's place in the mixture
   * and its name, one list of numbers per ensemble; absent until such a move first runs.
   */
  moveStates?: Record<string, number[][]>;
}

export function cloneState(s: EnsembleState): EnsembleState {
  return {
    ...s,
    coords: s.coords.slice(),
    logProb: s.logProb.slice(),
    accepted: s.accepted.slice(),
    randoms: s.randoms.map((r) => RandomStream.fromState(r.state())),
    moveStates: s.moveStates === undefined ? undefined : Object.fromEntries(Object.entries(s.moveStates).map(([k, v]) => [k, v.map((e) => e.slice())])),
  };
}

/** Acceptance fraction per walker (accepted / iteration), as emcee's acceptance_fraction. */
export function acceptanceFraction(s: EnsembleState): Float64Array {
  const out = new Float64Array(s.accepted.length);
  if (s.iteration === 0) return out;
  for (let i = 0; i < out.length; i++) out[i] = s.accepted[i] / s.iteration;
  return out;
}
