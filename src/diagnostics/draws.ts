/**
 * Multi-chain draws for R̂/ESS: `chains[j]` holds the n draws of chain j (all chains equally long),
 * i.e. posterior's (n × m) draws matrix stored column by column. Validity rules shared by the
 * diagnostics live here.
 */
import { InputError } from '../errors.ts';

export type Chains = readonly Float64Array[];

/** Throws InputError for ragged chains; returns n (draws per chain), 0 when there are no chains. */
export function drawsPerChain(chains: Chains, name = 'chains'): number {
  if (chains.length === 0) return 0;
  const n = chains[0].length;
  for (let j = 1; j < chains.length; j++) {
    if (chains[j].length !== n) {
      throw new InputError(`${name}: chain ${j} has ${chains[j].length} draws, chain 0 has ${n} (chains must be equally long)`);
    }
  }
  return n;
}

export function totalDraws(chains: Chains): number {
  let total = 0;
  for (const chain of chains) total += chain.length;
  return total;
}

export function allFinite(chains: Chains): boolean {
  for (const chain of chains) for (let i = 0; i < chain.length; i++) if (!Number.isFinite(chain[i])) return false;
  return true;
}

/** posterior `is_constant`: max − min below double epsilon (an absolute tolerance, as in posterior). */
export function isConstant(chains: Chains): boolean {
  let lo = Infinity;
  let hi = -Infinity;
  for (const chain of chains) {
    for (let i = 0; i < chain.length; i++) {
      const v = chain[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return Math.abs(hi - lo) < Number.EPSILON;
}

/** Applies f to every draw, keeping the chain structure. */
export function mapDraws(chains: Chains, f: (value: number) => number): Float64Array[] {
  return chains.map((chain) => {
    const out = new Float64Array(chain.length);
    for (let i = 0; i < chain.length; i++) out[i] = f(chain[i]);
    return out;
  });
}

/** All draws concatenated chain after chain (R's `c(x)` of the draws matrix). */
export function flattenDraws(chains: Chains): Float64Array {
  const out = new Float64Array(totalDraws(chains));
  let offset = 0;
  for (const chain of chains) {
    out.set(chain, offset);
    offset += chain.length;
  }
  return out;
}

export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

/** Sample variance with ddof 1 (two-pass). */
export function variance(values: ArrayLike<number>): number {
  const n = values.length;
  const mu = mean(values);
  let sumSq = 0;
  for (let i = 0; i < n; i++) sumSq += (values[i] - mu) ** 2;
  return sumSq / (n - 1);
}
