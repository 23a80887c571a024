import seedrandom from 'seedrandom';

/** Serialisable generator state: travels with the sampler state so a resumed run continues the stream. */
export type RandomState = seedrandom.State.Xor4096;

/**
 * Seeded random stream (seedrandom's xor4096: period 2^4096 − 1, passes BigCrush).
 *
 * Only plain doubles are drawn (53-bit uniforms); normals use Box–Muller without caching the second
 * variate, so the generator state alone determines the future stream — which is what makes a
 * checkpoint + resume bit-identical to an uninterrupted run.
 */
export class RandomStream {
  private readonly prng: seedrandom.StatefulPRNG<RandomState>;

  private constructor(prng: seedrandom.StatefulPRNG<RandomState>) {
    this.prng = prng;
  }

  static fromSeed(seed: string | number): RandomStream {
    return new RandomStream(seedrandom.xor4096(String(seed), { state: true }));
  }

  static fromState(state: RandomState): RandomStream {
    return new RandomStream(seedrandom.xor4096('', { state }));
  }

  state(): RandomState {
    return this.prng.state();
  }

  /** Uniform on [0, 1). */
  uniform(): number {
    return this.prng.double();
  }

  /** Uniform integer in [0, n). */
  integer(n: number): number {
    // 32 random bits are plenty for an index (n ≪ 2³²) and cost half a 53-bit double.
    return Math.floor(this.prng() * n);
  }

  /** Standard normal via Box–Muller (1 − u keeps the log argument in (0, 1]). */
  normal(): number {
    const u1 = 1 - this.prng.double();
    const u2 = this.prng.double();
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
    let u = this.prng.double() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) return i;
    }
    return weights.length - 1;
  }
}
