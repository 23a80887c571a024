/**
 * Effective sample size (Geyer 1992; Vehtari et al. 2021 §3.2, §4.3) with the exact conventions of
 * stan-dev/posterior `.ess` (anchors §4):
 *
 *   acov_t  per-chain BIASED autocovariance (1/n)Σ(x_i − x̄)(x_{i+t} − x̄) by zero-padded FFT, averaged
 *           over chains; mean_var = acov_0·n/(n−1); var_plus = mean_var·(n−1)/n + var(chain means) (m > 1)
 *   ρ_t     = 1 − (mean_var − acov_t)/var_plus
 *   Geyer's initial positive sequence over pairs (ρ_2k, ρ_2k+1) while t < n − 5 and the pair sum > 0
 *   (negative pairs not stored); the last even ρ is kept if positive ("improved estimate", it reduces
 *   the variance in the antithetic case); initial monotone sequence by averaging;
 *   τ = −1 + 2·Σ_{t<max_t} ρ_t + ρ_{max_t}, capped below at 1/log10(nm); ESS = nm/τ.
 *
 * The cap means ESS ≤ nm·log10(nm) (posterior warns "The ESS has been capped to avoid unstable
 * estimates."). Public functions return NaN for < 4 draws per chain or any non-finite draw (ArviZ).
 */
import { InputError } from '../errors.ts';
import { summedLaggedProducts } from '../numerics/lagged-products.ts';
import { quantileOfSorted, sortedCopy } from '../numerics/quantile.ts';
import { allFinite, drawsPerChain, flattenDraws, isConstant, mapDraws, mean, variance, type Chains } from './draws.ts';
import { splitChains } from './split-chains.ts';
import { zScale } from './rank-normalisation.ts';

export interface EssOptions {
  /**
   * ESS of constant draws. 'nan' (default) is posterior's `should_return_NA` and the reference the
   * tests are pinned to; 'total-draws' is ArviZ's convention (`ess(ones((4,100))) == 400`).
   */
  onConstant?: 'nan' | 'total-draws';
}

export interface EssBasicOptions extends EssOptions {
  /** Split chains first (default true); `ess_basic(split = FALSE)` is the raw ESS. */
  split?: boolean;
}

const MIN_DRAWS = 4;

/** posterior `.ess` on an already prepared (split / transformed) matrix. */
export function essOfPrepared(chains: Chains, options: EssOptions = {}): number {
  const m = chains.length;
  const n = drawsPerChain(chains);
  if (m < 1 || n < 3 || !allFinite(chains)) return NaN;
  if (isConstant(chains)) return options.onConstant === 'total-draws' ? m * n : NaN;

  const laggedSums = summedLaggedProducts(m, n, (j, into) => into.set(chains[j]), 'none');
  const scale = 1 / (m * n); // mean over chains of the biased (1/n) autocovariance
  const acov = (t: number): number => laggedSums[t] * scale;
  const meanVar = (acov(0) * n) / (n - 1);
  let varPlus = (meanVar * (n - 1)) / n;
  if (m > 1) varPlus += variance(chains.map((chain) => mean(chain)));
  const rhoAt = (t: number): number => 1 - (meanVar - acov(t)) / varPlus;

  // Geyer's initial positive sequence.
  const rho = new Float64Array(n);
  let t = 0;
  let rhoEven = 1;
  let rhoOdd = rhoAt(1);
  rho[0] = rhoEven;
  rho[1] = rhoOdd;
  while (t < n - 5 && !Number.isNaN(rhoEven + rhoOdd) && rhoEven + rhoOdd > 0) {
    t += 2;
    rhoEven = rhoAt(t);
    rhoOdd = rhoAt(t + 1);
    if (rhoEven + rhoOdd >= 0) {
      rho[t] = rhoEven;
      rho[t + 1] = rhoOdd;
    }
  }
  const maxT = t;
  if (rhoEven > 0) rho[maxT] = rhoEven;

  // Geyer's initial monotone sequence.
  t = 0;
  while (t <= maxT - 4) {
    t += 2;
    if (rho[t] + rho[t + 1] > rho[t - 2] + rho[t - 1]) {
      rho[t] = (rho[t - 2] + rho[t - 1]) / 2;
      rho[t + 1] = rho[t];
    }
  }

  // R's rho[1:max_t] is rho[0] alone when max_t = 0 (1:0 = c(1, 0)); kept for bit-compatibility.
  let sum = 0;
  for (let k = 0; k < Math.max(maxT, 1); k++) sum += rho[k];
  const total = m * n;
  const tau = Math.max(-1 + 2 * sum + rho[maxT], 1 / Math.log10(total));
  return total / tau;
}

function unsupported(chains: Chains): boolean {
  return chains.length < 1 || drawsPerChain(chains) < MIN_DRAWS || !allFinite(chains);
}

/** ESS of the (optionally split) raw draws: `ess_basic`. */
export function essBasic(chains: Chains, options: EssBasicOptions = {}): number {
  if (unsupported(chains)) return NaN;
  return essOfPrepared(options.split ?? true ? splitChains(chains) : chains, options);
}

/** ESS for the mean: `.ess(split(x))`. */
export function essMean(chains: Chains, options: EssOptions = {}): number {
  return essBasic(chains, { ...options, split: true });
}

/** Bulk ESS: ESS of the rank-normalised split draws. */
export function essBulk(chains: Chains, options: EssOptions = {}): number {
  if (unsupported(chains)) return NaN;
  return essOfPrepared(zScale(splitChains(chains)), options);
}

/** ESS for the standard deviation: `.ess(split((x − mean)²))`. */
export function essSd(chains: Chains, options: EssOptions = {}): number {
  if (unsupported(chains)) return NaN;
  const centre = mean(flattenDraws(chains));
  return essOfPrepared(splitChains(mapDraws(chains, (x) => (x - centre) ** 2)), options);
}

/** ESS of the p-quantile: ESS of the indicator I[x ≤ q_p] on split chains (type-7 quantile). */
export function essQuantile(chains: Chains, p: number, options: EssOptions = {}): number {
  return essQuantiles(chains, [p], options)[0];
}

/** essQuantile for several probabilities, sorting the draws once. */
export function essQuantiles(chains: Chains, probabilities: readonly number[], options: EssOptions = {}): number[] {
  for (const p of probabilities) {
    if (!(p >= 0 && p <= 1)) throw new InputError(`essQuantile: probability ${p} is not in [0, 1]`);
  }
  if (unsupported(chains)) return probabilities.map(() => NaN);
  const split = splitChains(chains);
  const sorted = sortedCopy(flattenDraws(split));
  return probabilities.map((p) => {
    // posterior replaces p = 1 by (S − 0.5)/S so the indicator is not constant.
    const prob = p === 1 ? (sorted.length - 0.5) / sorted.length : p;
    const q = quantileOfSorted(sorted, prob);
    return essOfPrepared(mapDraws(split, (x) => (x <= q ? 1 : 0)), options);
  });
}

export function essMedian(chains: Chains, options: EssOptions = {}): number {
  return essQuantile(chains, 0.5, options);
}

/** Tail ESS: the smaller of the 5 % and 95 % quantile ESS. */
export function essTail(chains: Chains, options: EssOptions = {}): number {
  const [lower, upper] = essQuantiles(chains, [0.05, 0.95], options);
  return Math.min(lower, upper);
}
