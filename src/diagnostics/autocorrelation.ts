/**
 * emcee's integrated autocorrelation time (`emcee.autocorr`, anchors §1.6; Sokal's adaptive window as
 * recommended by Goodman & Weare 2010 and the emcee autocorr tutorial).
 *
 *   function_1d(x):  ACF of x centred on its own mean, FFT length 2·next_pow_two(n), divided by acf[0]
 *   integrated_time: per parameter, f = mean over walkers of function_1d(walker series);
 *                    τ_M = 2·cumsum(f) − 1; window M = first M with M ≥ c·τ_M (else n − 1); τ = τ_M[M].
 *                    If tol·τ > n for any parameter the chain is "too short" — emcee raises or warns;
 *                    here it is reported in the result, with emcee's message.
 *
 * Averaging per-walker ACFs (emcee issue #209) has lower variance than the ACF of the walker mean.
 */
import { InputError } from '../errors.ts';
import { summedLaggedProducts } from '../numerics/lagged-products.ts';

export interface IntegratedTimeOptions {
  /** Window factor c of Sokal's rule (emcee default 5). */
  c?: number;
  /** Trust threshold: the estimate is flagged unless nSteps ≥ tol·τ (emcee default 50). */
  tol?: number;
  /**
   * emcee's `has_walkers`. true: average the ACF over the walker axis. false: there is no walker
   * axis — every (walker, parameter) column is its own parameter, exactly as emcee reads a 2-D
   * (steps, params) array with has_walkers=False; τ then has nWalkers·nDims entries (walker-major).
   */
  hasWalkers?: boolean;
}

export interface IntegratedTimeResult {
  /** τ per parameter (length nDims, or nWalkers·nDims when hasWalkers is false). */
  tau: Float64Array;
  /** Window M used for each parameter. */
  window: Int32Array;
  /** True when tol·τ > nSteps for at least one parameter (emcee's AutocorrError condition). */
  tooShort: boolean;
  /** emcee's warning text when tooShort. */
  message?: string;
}

/** Normalised autocorrelation function of one series (emcee `function_1d`), lags 0..n−1. */
export function autocorrelationFunction1d(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  if (n === 0) throw new InputError('autocorrelationFunction1d: series is empty');
  // Raw lagged products divided by their lag-0 value, as emcee's `acf /= acf[0]` (so acf[0] is exactly 1).
  const acf = summedLaggedProducts(1, n, (_s, into) => {
    for (let i = 0; i < n; i++) into[i] = x[i];
  }, 'none');
  const lag0 = acf[0];
  for (let t = 0; t < n; t++) acf[t] /= lag0;
  return acf;
}

/** Sokal's automatic window (emcee `auto_window`): first M with M ≥ c·τ_M, else the last index. */
export function autoWindow(taus: Float64Array, c: number): number {
  for (let m = 0; m < taus.length; m++) if (!(m < c * taus[m])) return m;
  return taus.length - 1;
}

/**
 * Integrated autocorrelation time of a chain stored step-major: value of parameter d of walker w at
 * step t is chain[(t·nWalkers + w)·nDims + d].
 */
export function integratedTime(
  chain: Float64Array,
  nSteps: number,
  nWalkers: number,
  nDims: number,
  options: IntegratedTimeOptions = {},
): IntegratedTimeResult {
  const c = options.c ?? 5;
  const tol = options.tol ?? 50;
  const hasWalkers = options.hasWalkers ?? true;
  for (const [name, v] of [['nSteps', nSteps], ['nWalkers', nWalkers], ['nDims', nDims]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new InputError(`${name} must be a positive integer, got ${v}`);
  }
  if (chain.length !== nSteps * nWalkers * nDims) {
    throw new InputError(`chain has ${chain.length} values, expected nSteps×nWalkers×nDims = ${nSteps * nWalkers * nDims}`);
  }
  if (!(c > 0)) throw new InputError(`c must be positive, got ${c}`);
  if (!(tol >= 0)) throw new InputError(`tol must be non-negative, got ${tol}`);

  // Without a walker axis the same memory is a (steps, 1, walkers·dims) array.
  const walkers = hasWalkers ? nWalkers : 1;
  const params = hasWalkers ? nDims : nWalkers * nDims;
  const rowLength = nWalkers * nDims;

  const tau = new Float64Array(params);
  const window = new Int32Array(params);
  for (let d = 0; d < params; d++) {
    const summed = summedLaggedProducts(walkers, nSteps, (w, into) => {
      const offset = w * params + d;
      for (let t = 0; t < nSteps; t++) into[t] = chain[t * rowLength + offset];
    }, 'unit-lag0');
    // τ_M = 2·Σ_{t≤M} f_t − 1 with f the walker-averaged ACF.
    const taus = new Float64Array(nSteps);
    let cumulative = 0;
    for (let t = 0; t < nSteps; t++) {
      cumulative += summed[t] / walkers;
      taus[t] = 2 * cumulative - 1;
    }
    window[d] = autoWindow(taus, c);
    tau[d] = taus[window[d]];
  }

  let flagged = 0;
  for (let d = 0; d < params; d++) if (tol * tau[d] > nSteps) flagged++;
  if (flagged === 0) return { tau, window, tooShort: false };
  const message =
    `The chain is shorter than ${tol} times the integrated autocorrelation time for ${flagged} parameter(s). ` +
    'Use this estimate with caution and run a longer chain!\n' +
    `N/${tol} = ${roundHalfEven(nSteps / tol)};\ntau: ${formatLikeNumpy(tau)}`;
  return { tau, window, tooShort: true, message };
}

/** Python's '{:.0f}' rounds ties to even. */
function roundHalfEven(x: number): string {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction === 0.5) return String(floor % 2 === 0 ? floor : floor + 1);
  return String(Math.round(x));
}

/** Rough numpy array repr for the message (8 significant decimals, space separated). */
function formatLikeNumpy(values: Float64Array): string {
  return `[${Array.from(values, (v) => String(Number(v.toFixed(8)))).join(' ')}]`;
}
