/**
 * The leptoquark states of paper table 1 and the tree-level matching of the ones that generate
 * O_lu(ℓℓ33) or O_eu(ℓℓ33) (eqs. 5.11–5.12). Vector exchange of a same-chirality current gives
 * −|λ|²/M² before Fierzing; scalar exchange gives −|λ|²/(2M²) after Fierzing into a vector current;
 * a charge-conjugated lepton field flips the sign of the vector current. The two states of eq. 5.12
 * fix the normalisation (C_lu1133 = +|λ̃|²/M_V², C_lu2233 = −|λ|²/(2M_S²)); the (3,1,−5/3) vector and
 * (3,1,1/3) scalar follow the same rules and carry the signs of table 1 (C_eu < 0 and > 0).
 */

export type LeptoquarkStateId = 'V_3_2_-1/6' | 'V_3_1_-5/3' | 'S_3_2_-7/6' | 'S_3_1_1/3';

export interface LeptoquarkState {
  id: LeptoquarkStateId;
  spin: 'vector' | 'scalar';
  /** (SU(3)_c, SU(2)_L, U(1)_Y) as the table writes it. */
  representation: string;
  /** The interaction term of table 1. */
  interaction: string;
  /** Operator generated: 'lu' or 'eu' with ℓℓ33 flavour indices. */
  operator: 'lu' | 'eu';
  /** C = factor · |λ|²/M², TeV⁻² for M in TeV. */
  factor: number;
}

export const LEPTOQUARK_STATES: Record<LeptoquarkStateId, LeptoquarkState> = {
  'V_3_2_-1/6': { id: 'V_3_2_-1/6', spin: 'vector', representation: '(3̄, 2, −1/6)', interaction: 'L̄ᶜ_ℓ γ_μ u_3 iτ² V^μ', operator: 'lu', factor: 1 },
  'V_3_1_-5/3': { id: 'V_3_1_-5/3', spin: 'vector', representation: '(3̄, 1, −5/3)', interaction: 'ē_ℓ γ_μ u_3 V^μ', operator: 'eu', factor: -1 },
  'S_3_2_-7/6': { id: 'S_3_2_-7/6', spin: 'scalar', representation: '(3̄, 2, −7/6)', interaction: 'L̄_ℓ u_3 S', operator: 'lu', factor: -0.5 },
  'S_3_1_1/3': { id: 'S_3_1_1/3', spin: 'scalar', representation: '(3̄, 1, 1/3)', interaction: 'ē^c_ℓ u_3 S', operator: 'eu', factor: 0.5 },
};

/** Table 1 rows that do not generate the operators of interest (for the report's copy of the table). */
export const LEPTOQUARK_STATES_NOT_OF_INTEREST = [
  { spin: 'vector', representation: '(3, 1 or 3, −2/3)', interaction: 'L̄_ℓ γ_μ (τ^A) Q_3 V^μ(A)' },
  { spin: 'vector', representation: '(3, 2, 5/6)', interaction: '(V_μ)† ē^c_ℓ γ^μ Q_3' },
  { spin: 'scalar', representation: '(3, 1 or 3, 1/3)', interaction: 'L̄_ℓ (τ^A)(iτ²) Q^c_3 S†(A)' },
  { spin: 'scalar', representation: '(3, 2, −7/6)', interaction: 'ē_ℓ Q_3 iτ² S' },
] as const;

/** WCxf name of the generated coefficient for lepton generation ℓ (1 = e, 2 = μ). */
export function leptoquarkCoefficientName(state: LeptoquarkState, generation: 1 | 2): string {
  return `${state.operator}_${generation}${generation}33`;
}

/** C(ℓℓ33) = factor · λ²/M² (TeV⁻², M in TeV): eq. 5.12 for the two states the paper fits. */
export function leptoquarkCoefficient(state: LeptoquarkState, coupling: number, massTeV: number): number {
  return (state.factor * coupling * coupling) / (massTeV * massTeV);
}
