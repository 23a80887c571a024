/**
 * The dispersive shape of the PMD charm-loop form (pmd.ts, KMPW arXiv:1006.4945; flavour-spec.md §5.2), per
 * KMPW amplitude i, read from the 4 numbers of its block (PMD_BLOCK of flavour-point-layout.ts: r1, r2,
 * ΔC9(1 GeV²), φ), written once (shared-formula.ts) for the float64 kernels (vll-point-kernel.ts, pmd.ts
 * pmdHAtZero) and the WGSL kernel (kernels/flavour-formulas-wgsl.ts):
 *
 *   shape(q²) = [r1(1 − 1/q²) + ΔC9(1)/q²] / [1 + r2(1 − q²)/m_J/ψ²]          (B → Vℓℓ nodes),
 *   lim_{q²→0} q² shape(q²) = (ΔC9(1) − r1) / (1 + r2/m_J/ψ²)                  (B → Vγ, h_±(0)).
 *
 * Both sides then rotate by e^{iφ} (after adding −(3C1 + C2)_KMPW g(m_c, q²) at the nodes).
 */
import { PMD_BLOCK } from '../../likelihood/flavour-point-layout.ts';
import { type Formula, float64Formula } from './shared-formula.ts';

/** m_J/ψ² (GeV²), PMD_HEPfit_dispersion.fixed. */
export const PMD_M_JPSI2 = 9.585216;

const fields = { r1: PMD_BLOCK.r1, r2: PMD_BLOCK.r2, dc9: PMD_BLOCK.dC9At1 } as const;
const constants = { M_JPSI2: PMD_M_JPSI2 } as const;

export const PMD_SHAPE_FORMULA: Formula = { fields, constants, args: ['q2'], body: '(r1 * (1 - 1 / q2) + dc9 / q2) / (1 + (r2 * (1 - q2)) / M_JPSI2)' };
export const PMD_POLE_LIMIT_FORMULA: Formula = { fields, constants, args: [], body: '(dc9 - r1) / (1 + r2 / M_JPSI2)' };

/** shape(q²) of the block at x[b..]. */
export const pmdShape = float64Formula<(x: ArrayLike<number>, b: number, q2: number) => number>(PMD_SHAPE_FORMULA);
/** q² shape(q²) at q² → 0 of the block at x[b..]. */
export const pmdPoleLimit = float64Formula<(x: ArrayLike<number>, b: number) => number>(PMD_POLE_LIMIT_FORMULA);
