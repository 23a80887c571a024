/**
 * Autocovariance sums of many equally long series through one zero-padded FFT per PAIR of series.
 *
 * For each series x_s (centred on its own mean, y_s = x_s − mean(x_s)) the lagged products
 * c_s(t) = Σ_{i<n−t} y_{s,i} y_{s,i+t} are the inverse transform of |FFT(y_s)|² when the series is
 * zero-padded to L ≥ 2n−1 (Wiener–Khinchin; emcee autocorr.function_1d and posterior `autocovariance`
 * both use this). Two real series are packed into one complex input z = y_a + i·y_b and separated with
 * Y_a(k) = (Z_k + conj Z_{L−k})/2, Y_b(k) = (Z_k − conj Z_{L−k})/(2i), halving the work; the weighted
 * power spectra are summed in the frequency domain (the transform is linear) so only ONE inverse FFT
 * is needed for the whole set. This is what makes τ of 64 walkers × 20 000 steps cheap.
 */
import { fftInPlace, nextPowerOfTwo } from './fft.ts';

export type LagNormalisation =
  /** Σ_s c_s(t) — the raw lagged products (callers divide by n for the biased autocovariance). */
  | 'none'
  /** Σ_s c_s(t)/c_s(0) — every series' autocorrelation normalised to 1 at lag 0 (emcee). A constant
   * (or non-finite) series makes the whole result NaN, as emcee's `acf /= acf[0]` (0/0) does. */
  | 'unit-lag0';

/**
 * Returns S(t) for t = 0..length−1 (see LagNormalisation). `fillSeries(s, into)` writes series s
 * (length `length`) into the provided buffer; it is called once per series and must not keep `into`.
 * The padded length is 2·next_pow_two(length), emcee's choice (any L ≥ 2n−1 gives the same numbers).
 */
export function summedLaggedProducts(
  nSeries: number,
  length: number,
  fillSeries: (series: number, into: Float64Array) => void,
  normalisation: LagNormalisation,
): Float64Array {
  const out = new Float64Array(length);
  if (nSeries === 0 || length === 0) return out;
  const paddedLength = 2 * nextPowerOfTwo(length);
  const re = new Float64Array(paddedLength);
  const im = new Float64Array(paddedLength);
  const spectrum = new Float64Array(paddedLength);
  const buffer = new Float64Array(length);
  const normalise = normalisation === 'unit-lag0';
  let sawDegenerateSeries = false;

  // Centres series s into `target[0..length)`; under 'unit-lag0' also scales it to unit norm so the two
  // halves of a packed pair have comparable size (keeps the separation error at eps relative).
  const loadCentred = (s: number, target: Float64Array): void => {
    fillSeries(s, buffer);
    let sum = 0;
    for (let i = 0; i < length; i++) sum += buffer[i];
    const mean = sum / length;
    let sumSq = 0;
    for (let i = 0; i < length; i++) {
      const y = buffer[i] - mean;
      target[i] = y;
      sumSq += y * y;
    }
    if (normalise) {
      if (sumSq === 0 || !Number.isFinite(sumSq)) {
        sawDegenerateSeries = true;
        return;
      }
      const scale = 1 / Math.sqrt(sumSq);
      for (let i = 0; i < length; i++) target[i] *= scale;
    }
  };

  for (let a = 0; a < nSeries; a += 2) {
    const b = a + 1;
    re.fill(0);
    im.fill(0);
    loadCentred(a, re);
    if (b < nSeries) loadCentred(b, im);
    if (sawDegenerateSeries) break;
    fftInPlace(re, im, false);

    // Separate the pair and turn both into power spectra, in place: bins k and L−k are read and
    // written together (each power spectrum is symmetric, P(k) = P(L−k)).
    let powerA = 0;
    let powerB = 0;
    const half = paddedLength >>> 1;
    for (let k = 0; k <= half; k++) {
      const kk = (paddedLength - k) & (paddedLength - 1);
      const xr = 0.5 * (re[k] + re[kk]);
      const xi = 0.5 * (im[k] - im[kk]);
      const yr = 0.5 * (im[k] + im[kk]);
      const yi = -0.5 * (re[k] - re[kk]);
      const pa = xr * xr + xi * xi;
      const pb = yr * yr + yi * yi;
      re[k] = pa; re[kk] = pa;
      im[k] = pb; im[kk] = pb;
      const multiplicity = k === 0 || k === half ? 1 : 2;
      powerA += multiplicity * pa;
      powerB += multiplicity * pb;
    }
    // Weights: inverseNoScale(P)/L = lagged products; for 'unit-lag0' divide by c(0) = ΣP/L instead.
    const weightA = normalise ? 1 / powerA : 1 / paddedLength;
    const weightB = b < nSeries ? (normalise ? 1 / powerB : 1 / paddedLength) : 0;
    for (let k = 0; k < paddedLength; k++) spectrum[k] += weightA * re[k] + weightB * im[k];
  }

  if (sawDegenerateSeries) return out.fill(NaN);
  // The summed spectrum is real and symmetric, so its inverse transform is real.
  re.set(spectrum);
  im.fill(0);
  fftInPlace(re, im, true);
  for (let t = 0; t < length; t++) out[t] = re[t];
  return out;
}
