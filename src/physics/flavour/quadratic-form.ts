/**
 * Real quadratic forms in the two New-Physics coefficients of one lepton, (C9^NP, C10^NP).
 *
 * Every binned rate and every binned angular coefficient is |amplitude|²-bilinear with amplitudes affine
 * in the (real) NP coefficients, hence exactly a quadratic form c^T K c with c = (1, C9^NP, C10^NP)
 * (feasibility.md, stage A). K is stored as its 6 independent entries [k00, k01, k02, k11, k12, k22].
 */

export const QF_SIZE = 6;

/** c^T K c for the form stored at `k[off..off+6]`. */
export function evaluateQuadraticForm(k: ArrayLike<number>, off: number, c9: number, c10: number): number {
  return (
    k[off] +
    2 * k[off + 1] * c9 +
    2 * k[off + 2] * c10 +
    k[off + 3] * c9 * c9 +
    2 * k[off + 4] * c9 * c10 +
    k[off + 5] * c10 * c10
  );
}

/** The six (C9, C10) points at which a quadratic function is sampled to recover its form exactly. */
export const SAMPLE_POINTS: readonly (readonly [number, number])[] = [
  [0, 0],
  [1, 0],
  [-1, 0],
  [0, 1],
  [0, -1],
  [1, 1],
];

/**
 * Recover the forms of `n` quadratic functions from their values at SAMPLE_POINTS:
 * `samples[p * n + i]` is function i at point p. Exact for quadratic functions (up to rounding).
 */
export function formsFromSamples(samples: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * QF_SIZE);
  for (let i = 0; i < n; i++) {
    const f00 = samples[i];
    const fp0 = samples[n + i];
    const fm0 = samples[2 * n + i];
    const f0p = samples[3 * n + i];
    const f0m = samples[4 * n + i];
    const fpp = samples[5 * n + i];
    const k01 = (fp0 - fm0) / 4;
    const k11 = (fp0 + fm0) / 2 - f00;
    const k02 = (f0p - f0m) / 4;
    const k22 = (f0p + f0m) / 2 - f00;
    const k12 = (fpp - f00 - 2 * k01 - 2 * k02 - k11 - k22) / 2;
    out.set([f00, k01, k02, k11, k12, k22], i * QF_SIZE);
  }
  return out;
}
