/**
 * A user's batched log-density as the engine's model (likelihood/model.ts `user-density`): the function
 * may fill `out` or return the values, synchronously or as a Promise; every result is checked for shape,
 * so a mistake is a one-line error naming `logProb`, not a silent chain of garbage.
 */
import { InputError } from '../errors.ts';
import type { UserDensityModel } from '../likelihood/model.ts';
import { RandomStream } from '../sampler/random.ts';

/**
 * A batched log-density: `points` holds `nPoints` points row-major (nPoints × nDim, float64; read it, do
 * not keep or change it). Fill `out[0 … nPoints)` with log p (up to a constant; −Infinity outside the
 * support) and return nothing, or return the nPoints values; either may come as a Promise.
 */
export type LogProbFunction = (points: Float64Array, nPoints: number, out: Float64Array) => void | ArrayLike<number> | Promise<void | ArrayLike<number>>;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function copyResult(result: unknown, count: number, out: Float64Array): void {
  if (result === undefined) return;
  const values = result as ArrayLike<number>;
  if (typeof values !== 'object' || values === null || typeof values.length !== 'number') {
    throw new InputError(`logProb: expected it to fill out or return ${count} numbers, got ${typeof result}`);
  }
  if (values.length !== count) throw new InputError(`logProb: returned ${values.length} values for ${count} points`);
  for (let i = 0; i < count; i++) out[i] = values[i];
}

export interface UserDensityOptions {
  parameterNames: string[];
  logProb: LogProbFunction;
  /** Where the function is first called (one point), to learn whether it answers with a Promise. */
  firstPoint: Float64Array;
  wgsl?: string;
  wgslConstants?: ArrayLike<number>;
  bounds?: { lower: Float64Array; upper: Float64Array };
  /** Start box of the walkers: the float32 probes are drawn around it. */
  start: { center: Float64Array; width: Float64Array };
  seed: number | string;
}

/** Probes of a float32 kernel: the start centre and draws at 1, 2 and 4 start widths around it. */
const PROBES_PER_SPREAD = 32;
const PROBE_SPREADS = [1, 2, 4];

/**
 * Calls the function once at `firstPoint` (its answer says whether it is asynchronous, and a wrong shape
 * is refused before any walker is drawn) and wraps it as the engine's model.
 */
export async function userDensityModel(options: UserDensityOptions): Promise<UserDensityModel> {
  const { logProb, parameterNames } = options;
  const nDim = parameterNames.length;
  if (typeof logProb !== 'function') throw new InputError(`logProb: expected a function, got ${typeof logProb}`);
  const firstOut = new Float64Array(1);
  const first = logProb(options.firstPoint, 1, firstOut);
  const asynchronous = isThenable(first);
  copyResult(asynchronous ? await first : first, 1, firstOut);

  const evaluate = (points: Float64Array, count: number, out: Float64Array): void | Promise<void> => {
    // The sampler's buffers are longer than the batch: the user sees exactly count points and count results.
    const batch = points.length === count * nDim ? points : points.subarray(0, count * nDim);
    const results = out.length === count ? out : out.subarray(0, count);
    const answer = logProb(batch, count, results);
    if (isThenable(answer)) {
      if (!asynchronous) return Promise.reject(new InputError('logProb: returned a Promise, but its first call answered synchronously; make it always one or the other'));
      return Promise.resolve(answer).then((value) => copyResult(value, count, results));
    }
    if (asynchronous) {
      copyResult(answer, count, results);
      return Promise.resolve();
    }
    copyResult(answer, count, results);
  };

  let kernel: UserDensityModel['kernel'];
  if (options.wgsl !== undefined) {
    if (typeof options.wgsl !== 'string' || !/\breturn\b/.test(options.wgsl)) throw new InputError('wgsl: expected the body of a WGSL function (x: array<f32, nDim>) -> f32, with a return');
    kernel = { wgsl: options.wgsl, constants: Float64Array.from(options.wgslConstants ?? []) };
  } else if (options.wgslConstants !== undefined) {
    throw new InputError('wgslConstants: given without wgsl');
  }
  const { center, width } = options.start;
  return {
    kind: 'user-density',
    parameterNames,
    logProbBatch: evaluate,
    asynchronous,
    kernel,
    bounds: options.bounds,
    probePoints: () => {
      const random = RandomStream.fromSeed(`${options.seed}:float32-probes`);
      const count = 1 + PROBES_PER_SPREAD * PROBE_SPREADS.length;
      const points = new Float64Array(count * nDim);
      points.set(center, 0);
      let row = 1;
      for (const spread of PROBE_SPREADS) {
        for (let k = 0; k < PROBES_PER_SPREAD; k++, row++) {
          for (let i = 0; i < nDim; i++) points[row * nDim + i] = center[i] + spread * width[i] * random.normal();
        }
      }
      return { points, count };
    },
  };
}
