/**
 * The same-seed posterior check of the GPU tests: the stretch move (or the moves given) from the same walkers
 * and the same random stream on each backend, and the mean and sd of every parameter over the second half
 * of the steps.
 */
import { compileModelAsync } from '../../src/engine/compile.ts';
import type { ModelDescription } from '../../src/likelihood/model.ts';
import { EnsembleSampler } from '../../src/sampler/ensemble-sampler.ts';
import type { WeightedMove } from '../../src/sampler/moves/move.ts';
import { StretchMove } from '../../src/sampler/moves/stretch.ts';
import { RandomStream } from '../../src/sampler/random.ts';

export interface Moments {
  mean: Float64Array;
  sd: Float64Array;
}

export async function backendMoments(
  density: ModelDescription,
  backend: 'cpu' | 'webgpu',
  initial: Float64Array,
  walkers: number,
  steps: number,
  seed: string,
  moves: WeightedMove[] = [{ move: new StretchMove(2), weight: 1 }],
): Promise<Moments> {
  const n = initial.length / walkers;
  const compiled = await compileModelAsync(density, { backend, maxBatch: walkers });
  const sampler = new EnsembleSampler(compiled.density, { nWalkers: walkers, nDim: n, nEnsembles: 1, moves });
  const state = { nEnsembles: 1, nWalkers: walkers, nDim: n, coords: Float64Array.from(initial), logProb: new Float64Array(walkers), accepted: new Float64Array(walkers), iteration: 0, randoms: [RandomStream.fromSeed(seed)] };
  await sampler.scoreInitialAsync(state);
  const sum = new Float64Array(n);
  const sum2 = new Float64Array(n);
  let kept = 0;
  for (let t = 1; t <= steps; t++) {
    await sampler.stepAsync(state);
    if (t <= steps / 2) continue;
    for (let k = 0; k < walkers * n; k++) {
      sum[k % n] += state.coords[k];
      sum2[k % n] += state.coords[k] ** 2;
    }
    kept += walkers;
  }
  compiled.density.dispose?.();
  const mean = sum.map((v) => v / kept);
  return { mean, sd: sum2.map((v, i) => Math.sqrt(v / kept - mean[i] ** 2)) };
}
