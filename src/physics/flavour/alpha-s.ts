/**
 * Strong coupling at the b-quark scale, needed only for the NLO matrix elements ΔC7, ΔC9
 * (flavour-spec.md §4.3). Three-loop MS-bar running with five active flavours from α_s(M_Z);
 * the b threshold (≈4.2 GeV) lies below μ_b = 4.8 GeV, so no decoupling step is needed.
 */

const NF = 5;
const BETA0 = 11 - (2 / 3) * NF;
const BETA1 = 102 - (38 / 3) * NF;
const BETA2 = 2857 / 2 - (5033 / 18) * NF + (325 / 54) * NF * NF;

/** dα/d ln μ² = −β0 α²/(4π) − β1 α³/(4π)² − β2 α⁴/(4π)³. */
function beta(alpha: number): number {
  const a = alpha / (4 * Math.PI);
  return -4 * Math.PI * (BETA0 * a * a + BETA1 * a * a * a + BETA2 * a * a * a * a);
}

/** α_s(μ) from α_s(M_Z) by fourth-order Runge–Kutta in ln μ². */
export function alphaS(mu: number, alphaSMZ: number, mZ = 91.1876, steps = 200): number {
  const t0 = Math.log(mZ * mZ);
  const t1 = Math.log(mu * mu);
  const h = (t1 - t0) / steps;
  let a = alphaSMZ;
  for (let i = 0; i < steps; i++) {
    const k1 = beta(a);
    const k2 = beta(a + 0.5 * h * k1);
    const k3 = beta(a + 0.5 * h * k2);
    const k4 = beta(a + h * k3);
    a += (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
  }
  return a;
}
