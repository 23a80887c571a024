import type { ChainStore } from '../sampler/chain-store.ts';

/** The stored point of highest log-probability: its parameters and log p. */
export function maxPosteriorPoint(store: ChainStore): { point: Float64Array; logProb: number } {
  const logProb = store.logProb(0);
  const chain = store.chain(0);
  const [nSteps, nWalkers] = logProb.shape;
  let best = -Infinity;
  let at: [number, number] = [0, 0];
  for (let s = 0; s < nSteps; s++) {
    for (let w = 0; w < nWalkers; w++) {
      const value = logProb.get(s, w);
      if (value > best) {
        best = value;
        at = [s, w];
      }
    }
  }
  return { point: Float64Array.from({ length: store.nDim }, (_, d) => chain.get(at[0], at[1], d)), logProb: best };
}
