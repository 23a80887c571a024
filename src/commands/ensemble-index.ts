import { InputError } from '../errors.ts';
export { initialWalkersOfEnsembles } from '../sampler/initial-walkers.ts';

/** Written by a run of one ensemble of a K-ensemble run (`--ensemble-index`), read by `smeftfit merge`. */
export const ENSEMBLE_FILE = 'ensemble.json';

export interface EnsembleOfRun {
  /** I: which ensemble of the K-ensemble run this directory holds. */
  index: number;
  /** K: the ensembles of the whole run. */
  count: number;
  /** The seed of its sampling stream, `<seed>:<I>` (the same stream ensemble I has in a single-process run). */
  stream: string;
  /** Evaluations spent drawing the initial walkers of all K ensembles (every index repeats that draw). */
  initialDrawEvaluations: number;
}

/**
 * The ensemble a run samples alone: `--ensemble-index I` names it, `--ensemble-index auto` takes it from
 * Slurm's SLURM_ARRAY_TASK_ID (an array submitted with --array=0-(K-1)). Without the flag every ensemble
 * runs in this process, even inside an array job: a one-ensemble run is never chosen behind the user's back.
 */
export function resolveEnsembleIndex(flag: number | 'auto' | undefined, nEnsembles: number, env: NodeJS.ProcessEnv = process.env): number | undefined {
  if (flag === undefined) return undefined;
  let index: number;
  if (flag === 'auto') {
    const task = env.SLURM_ARRAY_TASK_ID;
    if (task === undefined || task === '') {
      throw new InputError('--ensemble-index auto: SLURM_ARRAY_TASK_ID is not set (auto is for tasks of a Slurm job array; give the index as a number elsewhere)');
    }
    if (!/^\d+$/.test(task)) throw new InputError(`--ensemble-index auto: SLURM_ARRAY_TASK_ID is '${task}', not a non-negative integer`);
    index = Number(task);
    if (index >= nEnsembles) {
      throw new InputError(`--ensemble-index auto: SLURM_ARRAY_TASK_ID ${index} is not below --ensembles ${nEnsembles}; submit the array as --array=0-${nEnsembles - 1}`);
    }
    return index;
  }
  index = flag;
  if (!Number.isInteger(index) || index < 0 || index >= nEnsembles) {
    throw new InputError(`--ensemble-index: ${index} is not one of 0 … ${nEnsembles - 1} (--ensembles ${nEnsembles})`);
  }
  return index;
}
