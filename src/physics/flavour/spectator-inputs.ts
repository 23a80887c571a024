/**
 * Hadronic inputs of the hard-spectator-scattering terms (spectator-scattering.ts): the B decay constant,
 * the K* longitudinal and transverse decay constants and Gegenbauer moments, the first inverse moment
 * λ_{B,+} of the B-meson distribution amplitude, the spectator-quark charge and Re(λ_u/λ_t).
 *
 *  - 'flavio' scheme (flavio 2.x `data/parameters_correlated.yml`): f_B0 = 0.1920, f_B+ = 0.1880
 *    (FLAG 2019, N_f = 2+1+1); f_K*^∥ = 0.204, f_K*^⊥(2 GeV) = 0.145, a1^∥ = 0.06, a2^∥ = 0.16,
 *    a1^⊥ = 0.04, a2^⊥ = 0.10 (Bharucha–Straub–Zwicky, arXiv:1503.05534 table 1); λ_{B,+} = 2(m_B − m_b^pole)/3
 *    (flavio's `lB_plus`, the model below eq. (54) of hep-ph/0106067). None of these is in the reference data except
 *    f_K*^∥ and (as flavio's bracketed value in flavour-spec.md §3.3) f_K*^⊥ = 0.145.
 *  - 'hepfit' scheme (1903.09632 cards, flavour-theory-inputs.json → HEPfit_1903_09632_inputs):
 *    f_B = f_Bs/(f_Bs/f_Bd), f_K*^∥ = 0.204, f_K*^⊥ = 0.159, α1 = 0.04, α2 = 0.11 (one set for ∥ and ⊥, as
 *    in the cards), λ_B = 0.35 GeV.
 *
 * B_s → φ (the spectator is an s quark, charge −1/3):
 *  - 'flavio': f_Bs = 0.2303 (the scheme's f_Bs), f_φ^∥ = 0.231 (arXiv:1501.06569 table 1), f_φ^⊥(2 GeV) = 0.175,
 *    a2^∥ = 0.23, a2^⊥ = 0.14 (arXiv:1503.05534v2 table 1; flavio `parameters_uncorrelated.yml`); the odd
 *    moments vanish for φ (G-parity), a1 = 0; λ_{B_s,+} = 2(m_Bs − m_b^pole)/3.
 *  - 'hepfit': f_Bs, Fphi = 0.233, Fphip (f_⊥) = 0.191, alpha2phi = 0.18 for ∥ and ⊥, a1 = 0, λ_B = 0.35 GeV
 *    (1903.09632 cards).
 *
 * f_K*^⊥ is scale dependent; flavio evolves its 2 GeV value to μ_b, done here at leading log,
 * f^⊥(μ) = f^⊥(2 GeV) [α_s(μ)/α_s(2 GeV)]^{γ_T/(2β0)} with γ_T = 2C_F = 8/3 (tensor current), β0 = 23/3.
 */
import { alphaS } from './alpha-s.ts';
import { s13FromWolfenstein, type FlavourParameters } from './parameters.ts';
import { loadTheoryInputs } from './data-files.ts';

export interface SpectatorInputs {
  fB: number;
  fPara: number;
  /** f^⊥ at the scale μ_b. */
  fPerp: number;
  a1Para: number;
  a2Para: number;
  a1Perp: number;
  a2Perp: number;
  /** λ_{B,+} in GeV; also ω0 of the exponential model for λ_{B,−}(q²) (hep-ph/0106067 eq. (54)). */
  lambdaBPlus: number;
  /** Electric charge of the spectator quark (d: −1/3 for B0 → K*0, u: +2/3 for B+ → K*+). */
  spectatorCharge: number;
  /**
   * Re(λ_u/λ_t). The observables are CP averages, and |A + εB|² averaged with |A + ε*B|² equals
   * |A + Re(ε)B|² + Im(ε)²|B|²; the last term is O(4·10⁻⁴ |B|²) and is dropped, so Re(ε_u) is enough.
   */
  epsilonU: number;
  /**
   * The vector meson is s s̄ (φ): the penguin operators O3, O5 then also annihilate into it, adding
   * 6(C3 + 10 C5) to the top part of C_q^{34} (flavio `bvll/qcdf.py` Cq34, V = φ; BFS05 eqs. (47)–(48)).
   */
  strangeVector: boolean;
}

export type SpectatorProcess = 'B0->K*' | 'B+->K*' | 'Bs->phi';

const FLAVIO = {
  fB0: 0.192,
  fBplus: 0.188,
  fPara: 0.204,
  fPerp2GeV: 0.145,
  a1Para: 0.06,
  a2Para: 0.16,
  a1Perp: 0.04,
  a2Perp: 0.1,
};

/** flavio's φ inputs (see the header). */
const FLAVIO_PHI = { fPara: 0.231, fPerp2GeV: 0.175, a2Para: 0.23, a2Perp: 0.14 };

/** Re[V_ub V_us^* / (V_tb V_ts^*)] from the Wolfenstein parameters, exact standard parametrisation (PDG). */
export function reEpsilonU(lam: number, A: number, rhob: number, etab: number, lambdaT: { re: number; im: number }): number {
  const { re: s13Re, im: s13Im } = s13FromWolfenstein(lam, A, rhob, etab);
  const c13 = Math.sqrt(1 - s13Re * s13Re - s13Im * s13Im);
  // λ_u = V_ub V_us* = (s13 e^{−iδ}) (s12 c13)
  const luRe = s13Re * lam * c13;
  const luIm = -s13Im * lam * c13;
  const den = lambdaT.re * lambdaT.re + lambdaT.im * lambdaT.im;
  return (luRe * lambdaT.re + luIm * lambdaT.im) / den;
}

export function spectatorInputs(params: FlavourParameters, process: SpectatorProcess, dataDir?: string): SpectatorInputs {
  const cards = loadTheoryInputs(dataDir).HEPfit_1903_09632_inputs;
  const fl = cards.Flavour as Record<string, unknown>;
  const ckm = fl['CKM (Wolfenstein, fixed)'] as Record<string, number>;
  const epsilonU = reEpsilonU(ckm.lambda, ckm.A, ckm.rhob, ckm.etab, params.lambdaT);
  const spectatorCharge = process === 'B+->K*' ? 2 / 3 : -1 / 3;
  const mB = process === 'B0->K*' ? params.mass.B0 : process === 'B+->K*' ? params.mass.Bplus : params.mass.Bs;
  const phi = process === 'Bs->phi';
  if (params.scheme === 'flavio') {
    const sm = cards.StandardModel;
    const run = (alphaS(params.muB, sm['AlsMz'], sm['Mz']) / alphaS(2, sm['AlsMz'], sm['Mz'])) ** (8 / 3 / (2 * (23 / 3)));
    if (phi) {
      return {
        fB: params.fBs,
        fPara: FLAVIO_PHI.fPara,
        fPerp: FLAVIO_PHI.fPerp2GeV * run,
        a1Para: 0,
        a2Para: FLAVIO_PHI.a2Para,
        a1Perp: 0,
        a2Perp: FLAVIO_PHI.a2Perp,
        lambdaBPlus: (2 * (mB - params.mbPole)) / 3,
        spectatorCharge,
        epsilonU,
        strangeVector: true,
      };
    }
    return {
      fB: process === 'B0->K*' ? FLAVIO.fB0 : FLAVIO.fBplus,
      fPara: FLAVIO.fPara,
      fPerp: FLAVIO.fPerp2GeV * run,
      a1Para: FLAVIO.a1Para,
      a2Para: FLAVIO.a2Para,
      a1Perp: FLAVIO.a1Perp,
      a2Perp: FLAVIO.a2Perp,
      lambdaBPlus: (2 * (mB - params.mbPole)) / 3,
      spectatorCharge,
      epsilonU,
      strangeVector: false,
    };
  }
  const qcdf = fl['QCDF nuisances (flat: ave +- errf)'] as Record<string, [number, number]>;
  const ratio = (fl['FBsoFBd'] as [number, number, string])[0];
  if (phi) {
    return {
      fB: params.fBs,
      fPara: fl['Fphi'] as number,
      fPerp: fl['Fphip (f_perp)'] as number,
      a1Para: 0,
      a2Para: qcdf.alpha2phi[0],
      a1Perp: 0,
      a2Perp: qcdf.alpha2phi[0],
      lambdaBPlus: qcdf.lambdaB[0],
      spectatorCharge,
      epsilonU,
      strangeVector: true,
    };
  }
  return {
    fB: params.fBs / ratio,
    fPara: fl['FKstar'] as number,
    fPerp: fl['FKstarp (f_perp)'] as number,
    a1Para: qcdf.alpha1kst[0],
    a2Para: qcdf.alpha2kst[0],
    a1Perp: qcdf.alpha1kst[0],
    a2Perp: qcdf.alpha2kst[0],
    lambdaBPlus: qcdf.lambdaB[0],
    spectatorCharge,
    epsilonU,
    strangeVector: false,
  };
}
