/**
 * Ascending sorted copy of float64 values by the LSD radix sort of argsort.ts (same order-preserving
 * 64-bit keys, six passes), carrying the keys alone and decoding them back: the diagnostics sort every
 * parameter's draws several times (quantiles, tail ESS, the fold median), and the engine's comparison
 * sort of a Float64Array costs several times as much at 10⁵ draws. Short arrays, and any array holding a
 * NaN (radix keys would order NaNs by their sign bit), use the built-in sort, whose order (NaN last) is
 * the reference; for everything else the order is the same, −0 before +0 apart (they compare equal).
 */
import { RADIX_PASSES } from './argsort.ts';

/** Below this length the built-in sort's lack of setup wins. */
const RADIX_MIN_LENGTH = 512;

export function sortedFloat64(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = values[i];
  if (n < RADIX_MIN_LENGTH) return out.sort();
  const words = new Uint32Array(out.buffer); // little-endian: [lo, hi] per value
  let hiKeys = new Uint32Array(n);
  let loKeys = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    if (out[i] !== out[i]) return out.sort(); // NaN
    let lo = words[2 * i];
    let hi = words[2 * i + 1];
    if (hi & 0x80000000) {
      hi = ~hi >>> 0;
      lo = ~lo >>> 0;
    } else {
      hi = (hi | 0x80000000) >>> 0;
    }
    hiKeys[i] = hi;
    loKeys[i] = lo;
  }
  let nextHi = new Uint32Array(n);
  let nextLo = new Uint32Array(n);
  const counts = new Uint32Array(1 << 11);
  for (const { word, shift, bits } of RADIX_PASSES) {
    const source = word === 'lo' ? loKeys : hiKeys;
    const mask = (1 << bits) - 1;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(source[i] >>> shift) & mask]++;
    if (counts[(source[0] >>> shift) & mask] === n) continue; // every key shares this digit
    let running = 0;
    for (let b = 0; b <= mask; b++) {
      const c = counts[b];
      counts[b] = running;
      running += c;
    }
    for (let i = 0; i < n; i++) {
      const target = counts[(source[i] >>> shift) & mask]++;
      nextHi[target] = hiKeys[i];
      nextLo[target] = loKeys[i];
    }
    [hiKeys, nextHi] = [nextHi, hiKeys];
    [loKeys, nextLo] = [nextLo, loKeys];
  }
  for (let i = 0; i < n; i++) {
    const hi = hiKeys[i];
    if (hi & 0x80000000) {
      words[2 * i] = loKeys[i];
      words[2 * i + 1] = hi & 0x7fffffff;
    } else {
      words[2 * i] = ~loKeys[i] >>> 0;
      words[2 * i + 1] = ~hi >>> 0;
    }
  }
  return out;
}
