/**
 * Predictions of a list of b → sℓℓ observables at one point of the full parameter vector, from the flat
 * tables of the full flavour likelihood (flavour-point-layout.ts; PointObservables builds them): the one float64
 * evaluation that PointObservables and the likelihood's `cpu` backend (flavour-point-tables.ts) share, and that
 * the WGSL kernel (kernels/flavour-point-wgsl.ts) repeats in float32.
 *
 *   1. per q² bin, the τ-weighted Gauss–Legendre integrals of the 11 J_i of B → V ℓℓ (V = K*, φ;
 *      vll-point-kernel.ts vllBinIntegrals) and of dΓ/dq² of B → K ℓℓ (pll-point-kernel.ts pllBinIntegral);
 *   2. per observable its plan over those integrals: angular ratio (angular-table.ts angularObservable), rate,
 *      ratio of rates, B_s → ℓℓ (bs-to-ll.ts), B → Vγ (radiative.ts radiativeBranchingFraction).
 */
import { BSLL_CONSTANT, type FlavourPointTables, N_J, PLAN, RADIATIVE_CONSTANT } from '../../likelihood/flavour-point-layout.ts';
import { angularObservable, vllRateFromJ } from './angular-table.ts';
import { pllBinIntegral } from './pll-point-kernel.ts';
import { radiativeBranchingFraction } from './radiative.ts';
import { vllBinIntegrals } from './vll-point-kernel.ts';

/** The tables the predictions read: all of FlavourPointTables but the θ step and the measurements. */
export type FlavourPredictionTables = Omit<FlavourPointTables, 'gain' | 'target' | 'whitening' | 'rowStart' | 'theta'>;

/** Predictions y_o of every observable at x[xo..] into out[outAt + o] (scratch: scratchSize(t) numbers of flavour-point-layout.ts). */
export function flavourPredictions(t: FlavourPredictionTables, x: Float64Array, xo: number, scratch: Float64Array, out: Float64Array, outAt = 0): void {
  const nVllBins = t.vllBinKernel.length;
  const hAt = t.hOffset >= 0 ? xo + t.hOffset : -1;
  const pmdAt = t.pmdOffset >= 0 ? xo + t.pmdOffset : -1;
  for (let bin = 0; bin < nVllBins; bin++) vllBinIntegrals(t, bin, x, xo, xo, hAt, pmdAt, scratch, N_J * bin);
  for (let bin = 0; bin < t.pllBinKernel.length; bin++) scratch[N_J * nVllBins + bin] = pllBinIntegral(t, bin, x, xo, xo);
  for (let o = 0; o < t.code.length; o++) {
    const a = t.a[o];
    const b = t.b[o];
    let v = 0;
    switch (t.code[o]) {
      case PLAN.angular:
        v = angularObservable(t.kind[o], scratch, a, t.flDefinition);
        break;
      case PLAN.vllRate:
        v = t.factor[o] * vllRateFromJ(scratch, a);
        break;
      case PLAN.vllRatio:
        v = vllRateFromJ(scratch, a) / vllRateFromJ(scratch, b);
        break;
      case PLAN.pllRate:
        v = t.factor[o] * scratch[a];
        break;
      case PLAN.pllRatio:
        v = scratch[a] / scratch[b];
        break;
      case PLAN.bsll: {
        // BR = P(f_Bs) (C10^SM,Bsll + C10^NP)², P ∝ f_Bs²/(1 − y_s) (bs-to-ll.ts), y_s = ½ΔΓ_s/Γ_s if sampled
        const B = BSLL_CONSTANT;
        const fBs = x[xo + t.fBsOffset];
        const c10 = t.bsll[B.c10] + x[xo + t.bsll[B.npAt + t.kind[o]] + 1];
        const time = t.bsll[B.dGammaAt] >= 0 ? (1 - t.bsll[B.ysPrefactor]) / (1 - 0.5 * x[xo + t.bsll[B.dGammaAt]]) : 1;
        v = t.bsll[B.prefactor + t.kind[o]] * fBs * fBs * c10 * c10 * time;
        break;
      }
      case PLAN.radiative:
        v = radiativeBranchingFraction(t.radiative, t.kind[o] * RADIATIVE_CONSTANT.stride, x, xo, hAt, pmdAt);
        break;
    }
    out[outAt + o] = v;
  }
}
