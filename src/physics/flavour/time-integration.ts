/**
 * Time integration of B_s → φℓ⁺ℓ⁻ (Descotes-Genon & Virto, arXiv:1502.05509, eqs. (42) and (48); flavio
 * `bvll/observables_bs.py`). An untagged, time-integrated measurement sees
 *
 *   Σ̃_i = [(J_i + J̄_i)/2 − y h_i/2] / (1 − y²),     y = ΔΓ_s/(2Γ_s),
 *
 * where h_i (flavio's `J_h`) is J_i with every amplitude bilinear X Y* replaced by e^{iφ}(X̃ Y* + X Ỹ*), the
 * tilde amplitudes being the CP-conjugate ones with the helicities ± exchanged (H̃_± = H̄_∓, H̃_0 = H̄_0; 1502.05509
 * eq. (31)). Here the only weak phase is λ_t's (the kernels strip it), which the mixing phase φ cancels in the
 * SM (φ_s = −2β_s against the phase of λ_t* over λ_t), and the C9^NP, C10^NP of the fits are real: then J̄_i = J_i, H̃_± = H_∓,
 * H̃_0 = H_0 and e^{iφ} = 1, and with the kernels' real axial amplitudes A_λ
 *
 *   h_1s/2 = 2[(β² + 2)/8 (Re V₊V₋* + A₊A₋) + r (Re V₊V₋* − A₊A₋)],   h_2s/2 = 2 β²/8 (Re V₊V₋* + A₊A₋),
 *   h_3/2 = −β²/4 (|V₊|² + |V₋|² + A₊² + A₋²),   h_i/2 = J_i for i = 1c, 2c, 4, 7,   h_i = 0 for i = 5, 6s, 8, 9.
 *
 * So the longitudinal and the 0–± interference coefficients get 1/(1 + y) — the CP-even longitudinal final
 * state decays through the short-lived B_s,L, as in B_s → J/ψ φ — and the rest 1/(1 − y²) plus the small
 * transverse interference above. Residual mixing-phase effects are O(φ_s y) ≈ 2·10⁻³ of a J and are dropped.
 *
 * The per-node h_i/2 are summed inside the B → V node loop (vll-point-kernel.ts vllBinIntegrals, kept there
 * so that the loop stays one optimised body); the per-bin combination is `timeIntegrate`, from the table
 * TIME_INTEGRATION that the WGSL kernel's per-bin lines are emitted from too (kernels/flavour-formulas-wgsl.ts).
 */
import { J_NAMES } from './b-to-kstar-ll.ts';

/** The node-weighted h_i/2 that are not J_i or 0: of J1s, J2s, J3. */
export type MixingTerm = 'h1s' | 'h2s' | 'h3';

/**
 * Per J (J_NAMES order) how it is time-integrated: (J − y h/2)/(1 − y²) with its own h/2 (`mixing`), or
 * J/(1 + y) (`longitudinal`: h/2 = J), or J/(1 − y²) (h = 0).
 */
export const TIME_INTEGRATION: readonly { j: (typeof J_NAMES)[number]; mixing?: MixingTerm; longitudinal: boolean }[] = [
  { j: '1s', mixing: 'h1s', longitudinal: false },
  { j: '1c', longitudinal: true },
  { j: '2s', mixing: 'h2s', longitudinal: false },
  { j: '2c', longitudinal: true },
  { j: '3', mixing: 'h3', longitudinal: false },
  { j: '4', longitudinal: true },
  { j: '5', longitudinal: false },
  { j: '6s', longitudinal: false },
  { j: '7', longitudinal: true },
  { j: '8', longitudinal: false },
  { j: '9', longitudinal: false },
];

/**
 * Replaces the 11 bin integrals J_i (J_NAMES order: 1s, 1c, 2s, 2c, 3, 4, 5, 6s, 7, 8, 9) at out[o..o+10] by the
 * time-integrated Σ̃_i = (J_i − y h_i/2)/(1 − y²), with the node-weighted h_1s/2, h_2s/2, h_3/2 given and
 * h_i/2 = J_i (1c, 2c, 4, 7) or 0 (5, 6s, 8, 9).
 */
export function timeIntegrate(out: Float64Array, o: number, y: number, h1s: number, h2s: number, h3: number): void {
  const inv = 1 / (1 - y * y);
  const longitudinal = 1 / (1 + y); // (1 − y)/(1 − y²)
  for (let i = 0; i < TIME_INTEGRATION.length; i++) {
    const { mixing } = TIME_INTEGRATION[i];
    if (mixing !== undefined) out[o + i] = (out[o + i] - y * (mixing === 'h1s' ? h1s : mixing === 'h2s' ? h2s : h3)) * inv;
    else out[o + i] *= TIME_INTEGRATION[i].longitudinal ? longitudinal : inv;
  }
}
