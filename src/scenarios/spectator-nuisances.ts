/**
 * The QCD-factorisation and B_s-mixing nuisances of the full flavour fits (flavour-spec.md §3.3, §5.3; HEPfit
 * 1903.09632 cards, flavour-theory-inputs.json → HEPfit_1903_09632_inputs.Flavour):
 *
 *  - λ_B (first inverse moment of the B-meson LCDA), flat in 0.35 ± 0.15 GeV, shared by B → K* and B_s → φ;
 *  - α1^K*, α2^K* (K* Gegenbauer moments, one set for the ∥ and ⊥ amplitudes, as in the cards), flat;
 *  - α2^φ (the odd moment vanishes for φ), flat;
 *  - f_Bs/f_Bd (Gaussian 1.204 ± 0.016), giving f_B = f_Bs/(f_Bs/f_Bd) in the B → K* spectator terms;
 *  - ΔΓ_s/Γ_s (Gaussian 0.129 ± 0.009), the y_s = ½ΔΓ_s/Γ_s of the B_s time integrations.
 *
 * The cards also list α1^K, α2^K for B → K: its hard-spectator terms are not part of this project's B → Kℓℓ
 * (pll-point-kernel.ts), so they would not enter the likelihood and are not sampled.
 *
 * This module says where each one sits in θ, which point-layout slots it fills (POINT_LAYOUT of
 * point-observables.ts; the K* and φ spectator blocks are SPECTATOR_BLOCK), and its prior.
 */
import { SPECTATOR_BLOCK } from '../likelihood/flavour-point-layout.ts';
import type { TheoryInputsFile } from '../physics/flavour/data-files.ts';
import { POINT_LAYOUT } from '../physics/flavour/point-observables.ts';
import type { ParameterSpec } from './scenario.ts';

export interface SpectatorNuisances {
  parameters: ParameterSpec[];
  /** [θ offset within the block, x slot] pairs for the θ step's copies. */
  copies: [number, number][];
  /** Per parameter: centre (the Gaussian means, 0 for flat ones), box (±∞ for Gaussian ones). */
  centre: number[];
  lower: number[];
  upper: number[];
  /** [θ offset within the block, σ] of each Gaussian one. */
  gaussian: [number, number][];
}

/** The block, or an empty one (`sample` false: the scheme's central values stay in the kernels' tables). */
export function spectatorNuisances(inputs: TheoryInputsFile, sample = true): SpectatorNuisances {
  const out: SpectatorNuisances = { parameters: [], copies: [], centre: [], lower: [], upper: [], gaussian: [] };
  if (!sample) return out;
  const fl = inputs.HEPfit_1903_09632_inputs.Flavour as Record<string, unknown>;
  const qcdf = fl['QCDF nuisances (flat: ave +- errf)'] as Record<string, [number, number]>;
  const ratio = fl['FBsoFBd'] as [number, number, string];
  const dg = fl['DGs_Gs'] as [number, number, string];
  const K = POINT_LAYOUT.spectatorKstar;
  const P = POINT_LAYOUT.spectatorPhi;
  const B = SPECTATOR_BLOCK;
  const flat: [string, [number, number], number[]][] = [
    ['lambdaB', qcdf.lambdaB, [K + B.lambdaB, P + B.lambdaB]],
    ['alpha1_Kstar', qcdf.alpha1kst, [K + B.a1Perp, K + B.a1Para]],
    ['alpha2_Kstar', qcdf.alpha2kst, [K + B.a2Perp, K + B.a2Para]],
    ['alpha2_phi', qcdf.alpha2phi, [P + B.a2Perp, P + B.a2Para]],
  ];
  const gauss: [string, [number, number, string], number][] = [
    ['fBs_over_fBd', ratio, POINT_LAYOUT.fBsOverFBd],
    ['DGs_over_Gs', dg, POINT_LAYOUT.dGammaOverGammaS],
  ];
  flat.forEach(([name, [ave, errf], slots]) => {
    const i = out.parameters.length;
    out.parameters.push({ name, prior: { kind: 'flat', lower: ave - errf, upper: ave + errf }, start: { center: ave, width: 0.2 * errf }, role: 'nuisance' });
    for (const slot of slots) out.copies.push([i, slot]);
    out.centre.push(0);
    out.lower.push(ave - errf);
    out.upper.push(ave + errf);
  });
  gauss.forEach(([name, [mean, sd], slot]) => {
    const i = out.parameters.length;
    out.parameters.push({ name, prior: { kind: 'gaussian', mean, sd }, start: { center: mean, width: 0.1 * sd }, role: 'nuisance' });
    out.copies.push([i, slot]);
    out.centre.push(mean);
    out.lower.push(-Infinity);
    out.upper.push(Infinity);
    out.gaussian.push([i, sd]);
  });
  return out;
}
