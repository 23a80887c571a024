/**
 * Gauss–Legendre quadrature for the q² bin integrals.
 *
 * Binned observables are ratios of q² integrals (flavour-spec.md §4.7), and the lowest bins sit on the
 * 1/q² photon pole, so each bin is integrated in the variable t = ln q² (which flattens the pole) and split
 * into equal sub-intervals, each with an n-point Gauss–Legendre rule.
 */

export interface QuadratureRule {
  nodes: Float64Array; // q² values
  weights: Float64Array; // dq² weights
}

const cache = new Map<number, { x: Float64Array; w: Float64Array }>();

/** Nodes and weights of the n-point Gauss–Legendre rule on [−1, 1] (Newton iteration on P_n). */
export function gaussLegendre(n: number): { x: Float64Array; w: Float64Array } {
  const hit = cache.get(n);
  if (hit) return hit;
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1;
      let p1 = z;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      const pn = n === 1 ? z : p1;
      const pnm1 = n === 1 ? 1 : p0;
      dp = (n * (z * pn - pnm1)) / (z * z - 1);
      const dz = pn / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    x[i] = z;
    w[i] = 2 / ((1 - z * z) * dp * dp);
  }
  const rule = { x, w };
  cache.set(n, rule);
  return rule;
}

/**
 * Rule for ∫_{q2min}^{q2max} f(q²) dq², integrating in ln q² over `subintervals` equal pieces with
 * `order` points each: ∫ f dq² = ∫ f(e^t) e^t dt.
 */
export function binRule(q2min: number, q2max: number, subintervals = 4, order = 16): QuadratureRule {
  const { x, w } = gaussLegendre(order);
  const t0 = Math.log(q2min);
  const t1 = Math.log(q2max);
  const h = (t1 - t0) / subintervals;
  const nodes = new Float64Array(subintervals * order);
  const weights = new Float64Array(subintervals * order);
  for (let s = 0; s < subintervals; s++) {
    const a = t0 + s * h;
    for (let i = 0; i < order; i++) {
      const t = a + 0.5 * h * (x[i] + 1);
      const q2 = Math.exp(t);
      nodes[s * order + i] = q2;
      weights[s * order + i] = 0.5 * h * w[i] * q2;
    }
  }
  return { nodes, weights };
}
