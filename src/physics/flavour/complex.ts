/**
 * Minimal complex arithmetic for the amplitude code. Amplitudes are evaluated only while kernels are
 * precomputed (start-up), never per sampled point, so plain immutable objects are fast enough.
 */
export interface Complex {
  readonly re: number;
  readonly im: number;
}

export const complex = (re: number, im = 0): Complex => ({ re, im });
export const ZERO: Complex = complex(0, 0);
export const I: Complex = complex(0, 1);

export const add = (a: Complex, b: Complex): Complex => complex(a.re + b.re, a.im + b.im);
export const sub = (a: Complex, b: Complex): Complex => complex(a.re - b.re, a.im - b.im);
export const mul = (a: Complex, b: Complex): Complex =>
  complex(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
export const scale = (a: Complex, s: number): Complex => complex(a.re * s, a.im * s);
export const conj = (a: Complex): Complex => complex(a.re, -a.im);
export const abs2 = (a: Complex): number => a.re * a.re + a.im * a.im;
export const div = (a: Complex, b: Complex): Complex => {
  const d = abs2(b);
  return complex((a.re * b.re + a.im * b.im) / d, (a.im * b.re - a.re * b.im) / d);
};
/** Re(a b*), the building block of every angular coefficient. */
export const reMulConj = (a: Complex, b: Complex): number => a.re * b.re + a.im * b.im;
/** Im(a b*). */
export const imMulConj = (a: Complex, b: Complex): number => a.im * b.re - a.re * b.im;
/** Sum of any number of complex terms. */
export const sum = (...terms: Complex[]): Complex => {
  let re = 0;
  let im = 0;
  for (const t of terms) {
    re += t.re;
    im += t.im;
  }
  return complex(re, im);
};
