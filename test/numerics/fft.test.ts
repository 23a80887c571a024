import { describe, expect, it } from 'vitest';
import { fftInPlace, nextPowerOfTwo } from '../../src/numerics/fft.ts';
import { summedLaggedProducts } from '../../src/numerics/lagged-products.ts';
import { seededNormal } from '../diagnostics/test-inputs.ts';

/** The DFT by its definition, O(n²). */
function directDft(re: Float64Array, im: Float64Array, sign: number): [Float64Array, Float64Array] {
  const n = re.length;
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < n; j++) {
      const angle = (sign * 2 * Math.PI * ((j * k) % n)) / n;
      outRe[k] += re[j] * Math.cos(angle) - im[j] * Math.sin(angle);
      outIm[k] += re[j] * Math.sin(angle) + im[j] * Math.cos(angle);
    }
  }
  return [outRe, outIm];
}

describe('fftInPlace', () => {
  it('agrees with the direct DFT, forward and (unnormalised) inverse, n = 1..512', () => {
    const normal = seededNormal('fft');
    for (const n of [1, 2, 4, 8, 64, 512]) {
      const re = Float64Array.from({ length: n }, normal);
      const im = Float64Array.from({ length: n }, normal);
      for (const inverse of [false, true]) {
        const [expRe, expIm] = directDft(re, im, inverse ? 1 : -1);
        const gotRe = re.slice();
        const gotIm = im.slice();
        fftInPlace(gotRe, gotIm, inverse);
        let scale = 0;
        for (let k = 0; k < n; k++) scale = Math.max(scale, Math.hypot(expRe[k], expIm[k]));
        for (let k = 0; k < n; k++) {
          // Both sides carry rounding ~eps·n·|x|; 1e-12 of the largest coefficient is far above that.
          expect(Math.abs(gotRe[k] - expRe[k])).toBeLessThan(1e-12 * scale);
          expect(Math.abs(gotIm[k] - expIm[k])).toBeLessThan(1e-12 * scale);
        }
      }
    }
  });

  it('maps a unit impulse to all ones, and forward then inverse to n times the input', () => {
    const re = new Float64Array(16);
    const im = new Float64Array(16);
    re[0] = 1;
    fftInPlace(re, im);
    expect(Array.from(re)).toEqual(new Array(16).fill(1));
    expect(Array.from(im).every((v) => v === 0)).toBe(true);
    fftInPlace(re, im, true);
    expect(re[0]).toBeCloseTo(16, 13);
  });

  it('rejects lengths that are not powers of two', () => {
    expect(() => fftInPlace(new Float64Array(6), new Float64Array(6))).toThrow(/power of two/);
  });

  it('nextPowerOfTwo is emcee next_pow_two', () => {
    expect([1, 2, 3, 4, 5, 1000, 1024, 20000].map(nextPowerOfTwo)).toEqual([1, 2, 4, 4, 8, 1024, 1024, 32768]);
  });
});

describe('summedLaggedProducts', () => {
  it('equals the direct sums Σ_i y_i y_{i+t} of centred series (odd series count exercises the unpaired one)', () => {
    const normal = seededNormal('lagged');
    const n = 37;
    const series = Array.from({ length: 3 }, (_, s) => Float64Array.from({ length: n }, () => (s + 1) * normal() + s));
    const raw = summedLaggedProducts(3, n, (s, into) => into.set(series[s]), 'none');
    const unit = summedLaggedProducts(3, n, (s, into) => into.set(series[s]), 'unit-lag0');
    const expectedRaw = new Float64Array(n);
    const expectedUnit = new Float64Array(n);
    for (const x of series) {
      const mean = x.reduce((a, b) => a + b, 0) / n;
      const lagged = Array.from({ length: n }, (_, t) => {
        let sum = 0;
        for (let i = 0; i + t < n; i++) sum += (x[i] - mean) * (x[i + t] - mean);
        return sum;
      });
      for (let t = 0; t < n; t++) {
        expectedRaw[t] += lagged[t];
        expectedUnit[t] += lagged[t] / lagged[0];
      }
    }
    // Tolerance 1e-12 of the lag-0 value: FFT rounding (eps·log n) against direct summation.
    for (let t = 0; t < n; t++) {
      expect(Math.abs(raw[t] - expectedRaw[t])).toBeLessThan(1e-12 * expectedRaw[0]);
      expect(Math.abs(unit[t] - expectedUnit[t])).toBeLessThan(1e-12 * 3);
    }
  });
});
