/**
 * The WGSL twins of the flavour formulas the float64 code evaluates, emitted from the same tables at kernel-build
 * time (nothing here is written a second time by hand):
 *
 *  - `rate` and `angular` from angular-table.ts (Γ′ and the 15 angular observables as ratios of the J's);
 *  - `pmdShape` and `pmdPoleLimit` from pmd-formula.ts (the PMD dispersive shape and its q² → 0 limit);
 *  - `ei` from ei-series.ts (the same 40-term series in the same order);
 *  - the per-bin time integration of B_s → φℓℓ from time-integration.ts TIME_INTEGRATION.
 *
 * The J's sit in the private `scratch` array at the bin's offset, the PMD numbers in the point layout `x`.
 */
import { ANGULAR, angularFormula, P_PRIME_DENOMINATOR, RATE_FORMULA } from '../src/physics/flavour/angular-table.ts';
import { EI_SERIES_TERMS, EULER_GAMMA } from '../src/physics/flavour/ei-series.ts';
import { PMD_POLE_LIMIT_FORMULA, PMD_SHAPE_FORMULA } from '../src/physics/flavour/pmd-formula.ts';
import { wgslExpression, wgslFloat } from '../src/physics/flavour/shared-formula.ts';
import { TIME_INTEGRATION } from '../src/physics/flavour/time-integration.ts';

/** `fn rate(o)` and `fn angular(kind, o)` over scratch[o..] for F_L definition flDefinition (0 lhcb, 1 hepfit). */
export function angularWgsl(flDefinition: number): string {
  const at = { array: 'scratch', base: 'o' };
  const arms = ANGULAR.map((name, kind) => {
    const value = wgslExpression(angularFormula(kind, flDefinition), { ...at, args: { rate: 'gamma', d: 'd' } });
    const label = kind === ANGULAR.length - 1 ? 'default' : `case ${kind}u`;
    return `    ${label}: { return ${value}; } // ${name}`;
  });
  return `fn rate(o: u32) -> f32 {
  return ${wgslExpression(RATE_FORMULA, at)};
}

fn angular(kind: u32, o: u32) -> f32 {
  let gamma = rate(o);
  let d = ${wgslExpression(P_PRIME_DENOMINATOR, at)};
  switch kind {
${arms.join('\n')}
  }
}
`;
}

/** `fn pmdShape(b, q2)` and `fn pmdPoleLimit(b)` of the PMD block at x[b..]. */
export function pmdWgsl(): string {
  const at = { array: 'x', base: 'b' };
  return `fn pmdShape(b: u32, q2: f32) -> f32 { return ${wgslExpression(PMD_SHAPE_FORMULA, at)}; }
fn pmdPoleLimit(b: u32) -> f32 { return ${wgslExpression(PMD_POLE_LIMIT_FORMULA, at)}; }
`;
}

/** `fn ei(v)`: Ei(v) = γ_E + ln v + Σ_{k ≤ N} v^k/(k·k!), the float64 algorithm of ei-series.ts. */
export function eiWgsl(): string {
  return `fn ei(v: f32) -> f32 {
  var term = 1.0;
  var sum = 0.0;
  for (var k = 1; k <= ${EI_SERIES_TERMS}; k++) {
    term *= v / f32(k);
    sum += term / f32(k);
  }
  return ${wgslFloat(EULER_GAMMA)} + log(v) + sum;
}
`;
}

/**
 * The statements that replace the bin's J's (locals j1s … j9) by their untagged time integrals, given the
 * node-weighted h/2 as m1s, m2s, m3 and y_s as ys (time-integration.ts timeIntegrate).
 */
export function timeIntegrationWgsl(indent: string): string {
  const mixingLocal = { h1s: 'm1s', h2s: 'm2s', h3: 'm3' } as const;
  const lines = [`let inv = 1.0 / (1.0 - ys * ys);`, `let longitudinal = 1.0 / (1.0 + ys);`];
  for (const { j, mixing, longitudinal } of TIME_INTEGRATION) {
    lines.push(mixing !== undefined ? `j${j} = (j${j} - ys * ${mixingLocal[mixing]}) * inv;` : `j${j} *= ${longitudinal ? 'longitudinal' : 'inv'};`);
  }
  return lines.map((l) => indent + l).join('\n');
}
