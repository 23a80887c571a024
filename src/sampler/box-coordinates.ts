import type { ParameterSpec } from '../scenarios/scenario.ts';

/** log(1 + eᵛ) without overflow. */
const softplus = (v: number): number => (v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v)));

/** The prior's support, [lower, upper] (open ends ±∞). */
export function priorRange({ prior }: ParameterSpec): [number, number] {
  return prior.kind === 'flat' ? [prior.lower, prior.upper] : [prior.lower ?? -Infinity, prior.upper ?? Infinity];
}

/** How one coordinate maps to the real line: a box through a logit, a half-line through a log, or as it is. */
type Bound = { kind: 'box'; lower: number; width: number } | { kind: 'lower'; at: number } | { kind: 'upper'; at: number } | undefined;

/**
 * Unbounded coordinates for bounded parameters: z = logit((x − lower)/(upper − lower)) on a box,
 * z = log(x − lower) or −log(upper − x) on a half-line, every other parameter as it is. A parameter whose
 * posterior fills its box (λ_B, the Gegenbauer moments of the PMD fits) becomes a smooth, logistic-like
 * density on the real line, so a mode and a curvature exist there (laplace-pilot.ts). The density in z is
 * log p(x(z)) + Σ log dx/dz: dx/dz = (upper − lower) σ(z)(1 − σ(z)) on a box, e^(±z) on a half-line.
 */
export function boxCoordinates(parameters: readonly ParameterSpec[]) {
  const bounds = parameters.map((p): Bound => {
    const [lower, upper] = priorRange(p);
    if (Number.isFinite(lower) && Number.isFinite(upper)) return { kind: 'box', lower, width: upper - lower };
    if (Number.isFinite(lower)) return { kind: 'lower', at: lower };
    if (Number.isFinite(upper)) return { kind: 'upper', at: upper };
    return undefined;
  });
  const D = parameters.length;
  /** x(z) and log dx/dz of one coordinate. */
  const toModelOne = (bound: Bound, v: number): [number, number] => {
    if (!bound) return [v, 0];
    if (bound.kind === 'box') return [bound.lower + bound.width / (1 + Math.exp(-v)), Math.log(bound.width) - softplus(-v) - softplus(v)];
    return bound.kind === 'lower' ? [bound.at + Math.exp(v), v] : [bound.at - Math.exp(-v), -v];
  };
  return {
    /** Per parameter: its box (finite lower and upper), or undefined. */
    boxes: bounds.map((b) => (b?.kind === 'box' ? b : undefined)),
    /** Model → unbounded coordinates of n points, as a new array. */
    toUnbounded(x: Float64Array, n: number): Float64Array {
      const z = Float64Array.from(x);
      for (let k = 0; k < n; k++) {
        for (let d = 0; d < D; d++) {
          const bound = bounds[d];
          const v = x[k * D + d];
          if (!bound) continue;
          if (bound.kind === 'box') {
            const u = (v - bound.lower) / bound.width;
            z[k * D + d] = Math.log(u / (1 - u));
          } else z[k * D + d] = bound.kind === 'lower' ? Math.log(v - bound.at) : -Math.log(bound.at - v);
        }
      }
      return z;
    },
    /** Unbounded → model coordinates of n points into x, and each point's Σ log dx/dz into logJacobian. */
    toModel(z: Float64Array, n: number, x: Float64Array, logJacobian: Float64Array): void {
      for (let k = 0; k < n; k++) {
        let lj = 0;
        for (let d = 0; d < D; d++) {
          const [value, logSlope] = toModelOne(bounds[d], z[k * D + d]);
          x[k * D + d] = value;
          lj += logSlope;
        }
        logJacobian[k] = lj;
      }
    },
    /** dx/dz of each coordinate at one point z (1 where the coordinate is the parameter). */
    slopes(z: Float64Array): Float64Array {
      return Float64Array.from(bounds, (bound, d) => Math.exp(toModelOne(bound, z[d])[1]));
    },
  };
}

export type BoxCoordinates = ReturnType<typeof boxCoordinates>;
