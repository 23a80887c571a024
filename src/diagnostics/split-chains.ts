/**
 * posterior `split_chains` (Vehtari et al. 2021 §4.1): every chain of n draws becomes two chains,
 * rows [0, ⌊n/2⌋) and [⌈n/2 + 1⌉ − 1, n); an odd n drops the middle draw. Column order as posterior's
 * cbind(first halves, second halves). The halves are views (subarray), not copies.
 */
import { drawsPerChain, type Chains } from './draws.ts';

export function splitChains(chains: Chains): Float64Array[] {
  const n = drawsPerChain(chains);
  if (n <= 1) return chains.slice();
  const firstEnd = Math.floor(n / 2);
  const secondStart = Math.ceil(n / 2 + 1) - 1;
  return [
    ...chains.map((chain) => chain.subarray(0, firstEnd)),
    ...chains.map((chain) => chain.subarray(secondStart, n)),
  ];
}
