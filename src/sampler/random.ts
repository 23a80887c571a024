import seedrandom from 'seedrandom';

/** Serialisable generator state: travels with the sampler state so a resumed run continues the stream. */
export type RandomState = seedrandom.State.Xor4096;

/**
 * Seeded random stream: Brent's xor4096 (xorgens; period 2^4096 − 1, passes BigCrush), the exact
 * generator and seeding of seedrandom's `xor4096`, so streams and checkpoints are unchanged from it.
 *
 * The generator runs here on an Int32Array with the state in plain fields instead of seedrandom's
 * closure over a JS array: the sampler draws several numbers per walker per step, and at a thousand walkers
 * per ensemble that generator was a large part of the sampler's own time. Every draw gives the same bits as
 * seedrandom's (`prng()`, `prng.double()`); random.test.ts checks it.
 *
 * Only plain doubles are drawn (53-bit uniforms); normals use Box–Muller without caching the second
 * variate, so the generator state alone determines the future stream — which is what makes a
 * checkpoint + resume bit-identical to an uninterrupted run.
 */
export class RandomStream {
  private readonly x = new Int32Array(128);
  private i = 0;
  private w = 0;

  private constructor(state: RandomState) {
    this.x.set(state.X);
    this.i = state.i;
    this.w = state.w;
  }

  static fromSeed(seed: string | number): RandomStream {
    // seedrandom does the (one-off) seeding, so seeds keep their meaning.
    return new RandomStream(seedrandom.xor4096(String(seed), { state: true }).state());
  }

  static fromState(state: RandomState): RandomStream {
    return new RandomStream(state);
  }

  /** seedrandom's state layout ({ X, i, w }), as stored in checkpoints. */
  state(): RandomState {
    return { X: Array.from(this.x), i: this.i, w: this.w };
  }

  /** Next signed 32-bit output (seedrandom xor4096's `next`). */
  private next(): number {
    const x = this.x;
    const w = (this.w = (this.w + 0x61c88647) | 0);
    let v = x[(this.i + 34) & 127];
    const i = (this.i = (this.i + 1) & 127);
    let t = x[i];
    v ^= v << 13;
    t ^= t << 17;
    v ^= v >>> 15;
    t ^= t >>> 12;
    v = x[i] = v ^ t;
    return (v + (w ^ (w >>> 16))) | 0;
  }

  /** Uniform on (0, 1) with 53 random bits (seedrandom's `prng.double()`). */
  uniform(): number {
    for (;;) {
      const top = this.next() >>> 11;
      const bottom = (this.next() >>> 0) / 0x100000000;
      const result = (top + bottom) / (1 << 21);
      if (result !== 0) return result;
    }
  }

  /** Uniform integer in [0, n). */
  integer(n: number): number {
    // 32 random bits are plenty for an index (n ≪ 2³²) and cost half a 53-bit double.
    return Math.floor(((this.next() >>> 0) / 0x100000000) * n);
  }

  /** Standard normal via Box–Muller (1 − u keeps the log argument in (0, 1]). */
  normal(): number {
    const u1 = 1 - this.uniform();
    const u2 = this.uniform();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Fisher–Yates shuffle in place. */
  shuffle(values: Int32Array | number[]): void {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.integer(i + 1);
      const t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
  }

  /** Index drawn with probability proportional to `weights` (normalised by the caller or not). */
  choice(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let u = this.uniform() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) return i;
    }
    // Rounding left u ≥ 0: the last entry that can be drawn at all (a zero weight never is).
    let last = weights.length - 1;
    while (last > 0 && !(weights[last] > 0)) last -= 1;
    return last;
  }
}
