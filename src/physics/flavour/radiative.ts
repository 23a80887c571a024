/**
 * B → K*γ and B_s → φγ branching fractions at one parameter point (flavour-spec.md §8, HEPfit MVgamma):
 *
 *   BR = τ_B α_e (G_F m_b/(4π²))² (m_B λ0/4) Σ_{CP} (|H^+|² + |H^−|²) · t_int,   λ0 = m_B² − m_V²,
 *   H^− = λ_t [(C7^eff + ΔC7(0) − h_−^(0)) T1(0) λ0/m_B² + T_⊥^QCDF(0)],
 *   H^+ = λ_t [−C7′ T1(0) λ0/m_B² − (m_B/(2m_b)) 16π² h_+^(0)],
 *
 * where the PDD h_−(0) reduces to the universal ΔC7 = −h_−^(0) (spec §4.4: h_−(0) = (2m_b/m_B)T̃_−(0)h_−^(0)/16π²
 * and T̃_−(0) = λ0 T1(0)/m_B²), and h_+(0) = h_+^(0). T1(0) = α0^{T1} (BSZ, z(0) − z(0) = 0). The CP average is
 * twice the B amplitude squared here (no weak phase beyond λ_t's, which drops out). For B_s → φγ,
 * t_int = (1 − A_ΔΓ y_s)/(1 − y_s²) with A_ΔΓ = 2Re(H^+ H^−*)/(|H^+|² + |H^−|²) for a vanishing mixing phase: the
 * q² → 0 limit of the B_s → φℓℓ mixing term of time-integration.ts in the same helicity convention (there the
 * sign is fixed by flavio's B_s → φμμ numbers). |A_ΔΓ y_s| ≈ 2(m_s/m_b)y_s ≈ 0.25 % of the rate.
 * T_⊥^QCDF(0) is the hard-spectator term of B → Vℓℓ (spectator-scattering.ts) at q² → 0 in units of the dipole
 * factor: Δ_−(q²)/[(m_B²/q²)(2m_b/m_B)] at q² = 10⁻³ GeV², the point flavio's `bvgamma.py` (amps_ss) evaluates
 * it at to stay off the photon pole; it adds +8 % (K*) and +10 % (φ) to the rates in the flavio scheme.
 */
import type { FlavourTheory, SpectatorVllProcess } from './bin-kernels.ts';
import type { FlavourParameters } from './parameters.ts';
import { pmdHAtZero } from './pmd.ts';
import { BSZ_A0_A1, BSZ_A0_T1, BSZ_A0_V, PDD_BLOCK, RADIATIVE_CONSTANT } from '../../likelihood/flavour-point-layout.ts';
import { spectatorShiftFactors } from './spectator-scattering.ts';
import { perpSum, SPECTATOR_INPUT, spectatorInputsAt, ysAt } from './spectator-point.ts';

export interface RadiativeInputs {
  mB: number;
  mV: number;
  tau: number;
  /** C7^eff + ΔC7 at q² = 0 (complex). */
  c7Re: number;
  c7Im: number;
  c7p: number;
  /** y_s for B_s (0 for B0, B+). */
  ys: number;
  /** Hard-spectator term T_⊥^QCDF(0) added to the H^− bracket, in pieces (radiativeSpectator; undefined: off). */
  spectator?: RadiativeSpectator;
}

/** T_⊥^QCDF(0) = s_fB Σ_k a_k^⊥ (perpPlus_k/λ_B + perpPower_k), and the central inputs it was built at. */
export interface RadiativeSpectator {
  perpPlus: { re: number; im: number }[];
  perpPower: { re: number; im: number }[];
  lambdaB: number;
  a1Perp: number;
  a2Perp: number;
  fB: number;
}

/**
 * The per-slot constants of B → Vγ in the RADIATIVE_CONSTANT layout (the BSZ block of the meson at x index
 * `ffAt`): 2 · τ α_e (G_F m_b/(4π²))² (m_B λ0/4) |λ_t|², T1(0) → H scale λ0/m_B², (m_B/(2m_b))16π², and the inputs.
 */
export function radiativeConstants(p: FlavourParameters, r: RadiativeInputs, ffAt: number): Float64Array {
  const mb = p.mbDipole;
  const lam0 = r.mB * r.mB - r.mV * r.mV;
  const lt2 = p.lambdaT.re ** 2 + p.lambdaT.im ** 2;
  const pre = r.tau * p.alphaE * ((p.GF * mb) / (4 * Math.PI * Math.PI)) ** 2 * ((r.mB * lam0) / 4) * lt2;
  const c = new Float64Array(RADIATIVE_CONSTANT.stride);
  c[RADIATIVE_CONSTANT.pre2] = 2 * pre; // the CP average: twice the B amplitude squared
  c[RADIATIVE_CONSTANT.t1Scale] = lam0 / (r.mB * r.mB);
  c[RADIATIVE_CONSTANT.f16] = (r.mB / (2 * mb)) * 16 * Math.PI * Math.PI;
  c[RADIATIVE_CONSTANT.c7Re] = r.c7Re;
  c[RADIATIVE_CONSTANT.c7Im] = r.c7Im;
  c[RADIATIVE_CONSTANT.c7p] = r.c7p;
  c[RADIATIVE_CONSTANT.ys] = r.ys;
  c[RADIATIVE_CONSTANT.mB] = r.mB;
  c[RADIATIVE_CONSTANT.mV] = r.mV;
  c[RADIATIVE_CONSTANT.ff] = ffAt;
  const sp = r.spectator;
  sp?.perpPlus.forEach((z, k) => ((c[RADIATIVE_CONSTANT.perpPlus + 2 * k] = z.re), (c[RADIATIVE_CONSTANT.perpPlus + 2 * k + 1] = z.im)));
  sp?.perpPower.forEach((z, k) => ((c[RADIATIVE_CONSTANT.perpPower + 2 * k] = z.re), (c[RADIATIVE_CONSTANT.perpPower + 2 * k + 1] = z.im)));
  // x indices of sampled inputs: none here (PointObservables sets them where the point carries them)
  c[RADIATIVE_CONSTANT.spectatorAt] = -1;
  c[RADIATIVE_CONSTANT.fBsAt] = -1;
  c[RADIATIVE_CONSTANT.fBRatioAt] = -1;
  c[RADIATIVE_CONSTANT.ysAt] = -1;
  c[RADIATIVE_CONSTANT.fBRef] = sp?.fB ?? 1;
  c[RADIATIVE_CONSTANT.lambdaB] = sp?.lambdaB ?? 1;
  c[RADIATIVE_CONSTANT.a1Perp] = sp?.a1Perp ?? 0;
  c[RADIATIVE_CONSTANT.a2Perp] = sp?.a2Perp ?? 0;
  return c;
}

/** h_±(0) of the PMD form (pmd.ts pmdHAtZero): h_+ re, im, h_− re, im; the spectator inputs and T_⊥(0). One module, one thread. */
const hAtZero = new Float64Array(4);
const spectatorInput = new Float64Array(SPECTATOR_INPUT.size);
const tPerp0 = new Float64Array(2);

/**
 * BR at a point, from the slot's constants at constants[ro..] (radiativeConstants): T1(0), A1(0), V(0) are read
 * in the BSZ block at x[xBase + constants[ro + ff]..]; PDD (hAt ≥ 0): a universal ΔC7 = −h_−^(0) and
 * h_+(0) = h_+^(0) from the 16 numbers at x[hAt..]; PMD (pmdAt ≥ 0): the raw h_±(0) of pmdHAtZero, entering as
 * −(m_B/(2m_b))16π² h_±(0). The one float64 evaluation PointObservables and the flat tables share.
 */
export function radiativeBranchingFraction(constants: Float64Array, ro: number, x: Float64Array, xBase: number, hAt: number, pmdAt: number): number {
  const r = constants;
  const ffo = xBase + r[ro + RADIATIVE_CONSTANT.ff];
  const ffT = x[ffo + BSZ_A0_T1] * r[ro + RADIATIVE_CONSTANT.t1Scale];
  const f16 = r[ro + RADIATIVE_CONSTANT.f16];
  let dc7r = 0, dc7i = 0, hp0r = 0, hp0i = 0, hm0r = 0, hm0i = 0;
  if (hAt >= 0) {
    dc7r = x[hAt + PDD_BLOCK.hm0];
    dc7i = x[hAt + PDD_BLOCK.hm0 + 1];
    hp0r = x[hAt + PDD_BLOCK.hp0];
    hp0i = x[hAt + PDD_BLOCK.hp0 + 1];
  } else {
    pmdHAtZero(x, pmdAt, r[ro + RADIATIVE_CONSTANT.mB], r[ro + RADIATIVE_CONSTANT.mV], x[ffo + BSZ_A0_A1], x[ffo + BSZ_A0_V], hAtZero);
    hp0r = hAtZero[0];
    hp0i = hAtZero[1];
    hm0r = hAtZero[2];
    hm0i = hAtZero[3];
  }
  spectatorInputsAt(r, ro + RADIATIVE_CONSTANT.spectatorAt, x, xBase, false, spectatorInput);
  perpSum(r, ro + RADIATIVE_CONSTANT.perpPlus, ro + RADIATIVE_CONSTANT.perpPower, spectatorInput, tPerp0, 0);
  const hmR = (r[ro + RADIATIVE_CONSTANT.c7Re] - dc7r) * ffT + tPerp0[0] - f16 * hm0r;
  const hmI = (r[ro + RADIATIVE_CONSTANT.c7Im] - dc7i) * ffT + tPerp0[1] - f16 * hm0i;
  const hpR = -r[ro + RADIATIVE_CONSTANT.c7p] * ffT - f16 * hp0r;
  const hpI = -f16 * hp0i;
  const absP = hpR * hpR + hpI * hpI;
  const absM = hmR * hmR + hmI * hmI;
  const ys = ysAt(r, ro + RADIATIVE_CONSTANT.ys, ro + RADIATIVE_CONSTANT.spectatorAt, x, xBase);
  const aDG = absP + absM > 0 ? (2 * (hpR * hmR + hpI * hmI)) / (absP + absM) : 0;
  const tInt = ys > 0 ? (1 - aDG * ys) / (1 - ys * ys) : 1;
  return r[ro + RADIATIVE_CONSTANT.pre2] * (absP + absM) * tInt;
}

/** q² (GeV²) at which the spectator term of B → Vℓℓ stands in for q² = 0 (flavio `bvgamma.py` amps_ss). */
const SPECTATOR_Q2 = 1e-3;

/** T_⊥^QCDF(0) of the H^− bracket in pieces: the B → Vℓℓ Δ_− basis over the dipole factor (m_B²/q²)(2m_b/m_B). */
export function radiativeSpectator(theory: FlavourTheory, process: SpectatorVllProcess): RadiativeSpectator | undefined {
  const sb = theory.spectatorBasisAt(process, SPECTATOR_Q2);
  if (!sb) return undefined;
  const { mB, mV } = theory.vllKinematics(process, 'mu');
  const dip = ((mB * mB) / SPECTATOR_Q2) * ((2 * theory.params.mbDipole) / mB);
  const f = spectatorShiftFactors(SPECTATOR_Q2, { mB, mV, mb: theory.params.mbPole }).minus / dip;
  const scaled = (zs: readonly { re: number; im: number }[]) => zs.map((z) => ({ re: f * z.re, im: f * z.im }));
  const inp = sb.inputs;
  return { perpPlus: scaled(sb.basis.perpPlus), perpPower: scaled(sb.basis.perpPower), lambdaB: inp.lambdaBPlus, a1Perp: inp.a1Perp, a2Perp: inp.a2Perp, fB: inp.fB };
}
