/**
 * The two transformations behind rank-normalised R̂ and bulk/tail ESS (Vehtari et al. 2021 §4;
 * posterior `z_scale`, `fold_draws`):
 *
 *   z-scale: rank ALL draws jointly (ties → average rank), u = (r − 3/8)/(S − 2·3/8 + 1) (Blom), z = Φ⁻¹(u)
 *   fold:    |x − median(x)| with the median of all draws (for the tail/scale R̂)
 */
import { averageRanks } from '../numerics/ranks.ts';
import { median } from '../numerics/quantile.ts';
import { normalQuantile } from '../numerics/normal-quantile.ts';
import { flattenDraws, mapDraws, type Chains } from './draws.ts';

/** Blom's offset c = 3/8 in posterior's `backtransform_ranks`. */
const BLOM_OFFSET = 3 / 8;

/**
 * Φ⁻¹ of the Blom scores of S draws, by twice the rank (ranks are whole or, for ties, half numbers): the
 * rank diagnostics z-scale every parameter several times with the same S, so each score is computed once.
 */
let scoreTable = { total: -1, byTwiceRank: new Float64Array(0) };

function blomScore(rank: number, total: number): number {
  if (scoreTable.total !== total) scoreTable = { total, byTwiceRank: new Float64Array(2 * total + 1).fill(NaN) };
  const slot = 2 * rank;
  let z = scoreTable.byTwiceRank[slot];
  if (z !== z) {
    z = normalQuantile((rank - BLOM_OFFSET) / (total - 2 * BLOM_OFFSET + 1));
    scoreTable.byTwiceRank[slot] = z;
  }
  return z;
}

export function zScale(chains: Chains): Float64Array[] {
  const ranks = averageRanks(flattenDraws(chains));
  const total = ranks.length;
  const out: Float64Array[] = [];
  let offset = 0;
  for (const chain of chains) {
    const z = new Float64Array(chain.length);
    for (let i = 0; i < chain.length; i++) z[i] = blomScore(ranks[offset + i], total);
    offset += chain.length;
    out.push(z);
  }
  return out;
}

export function foldDraws(chains: Chains): Float64Array[] {
  const centre = median(flattenDraws(chains));
  return mapDraws(chains, (x) => Math.abs(x - centre));
}
