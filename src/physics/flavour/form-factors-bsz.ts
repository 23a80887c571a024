/**
 * B → V form factors in the BSZ2015 z-expansion (Bharucha–Straub–Zwicky, arXiv:1503.05534; combined
 * LCSR + lattice fit truncated at three coefficients), flavour-spec.md §3.1:
 *
 *   F(q²) = 1/(1 − q²/m_R,F²) Σ_{k=0}^{2} α_k^F [z(q²) − z(0)]^k,
 *   z(t) = (√(t₊−t) − √(t₊−t₀)) / (√(t₊−t) + √(t₊−t₀)),  t± = (m_B ± m_V)²,  t₀ = t₊(1 − √(1 − t₋/t₊)).
 *
 * The endpoint relations α₀^{A12} = (m_B² − m_V²)/(8 m_B m_V) α₀^{A0} and α₀^{T2} = α₀^{T1} are imposed,
 * leaving the 19 independent parameters of the published correlated fit.
 */
import type { CorrelatedParameterSet } from './data-files.ts';

export const BSZ_FORM_FACTORS = ['A0', 'A1', 'A12', 'V', 'T1', 'T2', 'T23'] as const;
export type BszFormFactor = (typeof BSZ_FORM_FACTORS)[number];
export type VectorFormFactors = Record<BszFormFactor, number>;

/** The 21 labels of flavour-theory-inputs.json, in file order; a0_A12 and a0_T2 are dependent. */
export const BSZ_DEPENDENT_LABELS = ['a0_A12', 'a0_T2'] as const;

/** Resonance masses (GeV) of BSZ2015 (the flavio values in flavour-theory-inputs.json). */
export function bszResonanceMasses(set: { resonance_masses_GeV: Record<string, Record<string, number>> }): Record<BszFormFactor, number> {
  const m = set.resonance_masses_GeV['flavio (BSZ paper)'];
  const m0 = m['A0 (0-)'];
  const m1m = m['V,T1 (1-)'];
  const m1p = m['A1,A12,T2,T23 (1+)'];
  return { A0: m0, A1: m1p, A12: m1p, V: m1m, T1: m1m, T2: m1p, T23: m1p };
}

/** α_k per form factor, from a full 21-vector in file order, imposing the two endpoint relations. */
export function bszCoefficients(
  labels: readonly string[],
  values: ArrayLike<number>,
  mB: number,
  mV: number,
): Record<BszFormFactor, [number, number, number]> {
  const get = (label: string): number => {
    const i = labels.indexOf(label);
    if (i < 0) throw new Error(`BSZ parameter ${label} missing`);
    return values[i];
  };
  const out = {} as Record<BszFormFactor, [number, number, number]>;
  for (const ff of BSZ_FORM_FACTORS) out[ff] = [get(`a0_${ff}`), get(`a1_${ff}`), get(`a2_${ff}`)];
  // Exact kinematic endpoint relations at q² = 0 (eq. 16 of arXiv:1503.05534, spec §3.1).
  out.A12[0] = ((mB * mB - mV * mV) / (8 * mB * mV)) * out.A0[0];
  out.T2[0] = out.T1[0];
  return out;
}

export class BszFormFactors {
  private readonly tPlus: number;
  private readonly sqrtTpT0: number;
  private readonly z0: number;

  constructor(
    readonly mB: number,
    readonly mV: number,
    private readonly coefficients: Record<BszFormFactor, [number, number, number]>,
    private readonly resonance: Record<BszFormFactor, number>,
  ) {
    this.tPlus = (mB + mV) ** 2;
    const tMinus = (mB - mV) ** 2;
    const t0 = this.tPlus * (1 - Math.sqrt(1 - tMinus / this.tPlus));
    this.sqrtTpT0 = Math.sqrt(this.tPlus - t0);
    this.z0 = this.z(0);
  }

  static fromParameterSet(
    set: CorrelatedParameterSet & { resonance_masses_GeV: Record<string, Record<string, number>> },
    mB: number,
    mV: number,
    values: ArrayLike<number> = set.central,
  ): BszFormFactors {
    return new BszFormFactors(mB, mV, bszCoefficients(set.parameter_labels, values, mB, mV), bszResonanceMasses(set));
  }

  z(q2: number): number {
    const a = Math.sqrt(this.tPlus - q2);
    return (a - this.sqrtTpT0) / (a + this.sqrtTpT0);
  }

  at(q2: number): VectorFormFactors {
    const dz = this.z(q2) - this.z0;
    const out = {} as VectorFormFactors;
    for (const ff of BSZ_FORM_FACTORS) {
      const [a0, a1, a2] = this.coefficients[ff];
      out[ff] = (a0 + a1 * dz + a2 * dz * dz) / (1 - q2 / this.resonance[ff] ** 2);
    }
    return out;
  }
}
