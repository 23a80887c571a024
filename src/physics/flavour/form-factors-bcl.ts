/**
 * B → K form factors of Fermilab/MILC (arXiv:1509.06235) in the BCL parametrisation with K = 3, as HEPfit
 * used them over the whole q² range (flavour-spec.md §3.2, flavour-theory-inputs.json FNALMILC2015_B_to_K_BCL):
 *
 *   f_{+,T}(q²) = [b0 + b1 (z − z³/3) + b2 (z² + 2z³/3)] / (1 − q²/m_pole²),
 *   f_0(q²)     = [b0 + b1 z + b2 z²] / (1 − q²/m_0²),
 *   z = (√(t₊−q²) − √(t₊−t₀)) / (√(t₊−q²) + √(t₊−t₀)),  t₊ = (m_B+m_K)²,  t₀ = (m_B+m_K)(√m_B − √m_K)².
 */
import type { CorrelatedParameterSet } from './data-files.ts';

export interface ScalarFormFactors {
  fplus: number;
  f0: number;
  fT: number;
}

export class BclFormFactors {
  private readonly tPlus: number;
  private readonly sqrtTpT0: number;

  /** `b` in the file order b0_f+, b1_f+, b2_f+, b0_f0, b1_f0, b2_f0, b0_fT, b1_fT, b2_fT. */
  constructor(
    readonly mB: number,
    readonly mK: number,
    private readonly b: ArrayLike<number>,
    private readonly pole: { fplus: number; f0: number },
  ) {
    this.tPlus = (mB + mK) ** 2;
    const t0 = (mB + mK) * (Math.sqrt(mB) - Math.sqrt(mK)) ** 2;
    this.sqrtTpT0 = Math.sqrt(this.tPlus - t0);
  }

  static fromParameterSet(
    set: CorrelatedParameterSet,
    mB: number,
    mK: number,
    pole: { fplus: number; f0: number },
    values: ArrayLike<number> = set.central,
  ): BclFormFactors {
    const order = ['b0_f+', 'b1_f+', 'b2_f+', 'b0_f0', 'b1_f0', 'b2_f0', 'b0_fT', 'b1_fT', 'b2_fT'];
    const b = order.map((label) => {
      const i = set.parameter_labels.indexOf(label);
      if (i < 0) throw new Error(`BCL parameter ${label} missing`);
      return values[i];
    });
    return new BclFormFactors(mB, mK, b, pole);
  }

  z(q2: number): number {
    const a = Math.sqrt(this.tPlus - q2);
    return (a - this.sqrtTpT0) / (a + this.sqrtTpT0);
  }

  at(q2: number): ScalarFormFactors {
    const z = this.z(q2);
    const b = this.b;
    const z2 = z * z;
    const z3 = z2 * z;
    const plusT = (b0: number, b1: number, b2: number): number => b0 + b1 * (z - z3 / 3) + b2 * (z2 + (2 * z3) / 3);
    const polePlus = 1 - q2 / this.pole.fplus ** 2;
    return {
      fplus: plusT(b[0], b[1], b[2]) / polePlus,
      f0: (b[3] + b[4] * z + b[5] * z2) / (1 - q2 / this.pole.f0 ** 2),
      fT: plusT(b[6], b[7], b[8]) / polePlus,
    };
  }
}
