/**
 * Numerical inputs of the b → sℓℓ predictions, in two consistent schemes (flavour-spec.md §2, §10.1:
 * the rates depend on α_e·C9,10, so α_e and the SM coefficients must come from the same scheme):
 *
 *  - 'hepfit' (default, paper-faithful): the HEPfit 1903.09632 cards, the best public proxy for the
 *    2007.04400 flavour settings — α_e(0), fixed C7 = −0.29, C9 = 4.05, C10 = −4.31, fixed Wolfenstein CKM,
 *    f_Bs = 0.226, τ_Bs = 1.512 ps (flavour-theory-inputs.json → HEPfit_1903_09632_inputs).
 *  - 'flavio': flavio 2.7.0 central values (α_e(μ_b) = 1/132.1, C10 = −4.1887 and −4.1665 for B_s→ℓℓ after
 *    NLO EW, f_Bs = 0.2303, τ_Bs = 1.520 ps, pole masses, λ_t), used to validate against
 *    flavour-validation.json (flavour-spec.md §2, §3.3, §4.3, §6).
 *
 * C1–C6 and C8 are flavio's CMM values in both schemes (spec §2: "Use the flavio values").
 */
import { type Complex, complex } from './complex.ts';
import { alphaS } from './alpha-s.ts';
import { loadTheoryInputs } from './data-files.ts';

export type InputScheme = 'hepfit' | 'flavio';
export const INPUT_SCHEMES: readonly InputScheme[] = ['hepfit', 'flavio'];

export interface SmWilsonCoefficients {
  C1: number;
  C2: number;
  C3: number;
  C4: number;
  C5: number;
  C6: number;
  C7eff: number;
  C8eff: number;
  C9: number;
  /** C10 in semileptonic B → K(*)ℓℓ. */
  C10: number;
  /** C10 in B_s → ℓℓ (flavio uses the NLO-EW corrected value there, spec §2). */
  C10Bsll: number;
}

export interface FlavourParameters {
  scheme: InputScheme;
  GF: number;
  /** ħ in GeV·s, to turn lifetimes into GeV⁻¹. */
  hbar: number;
  alphaE: number;
  lambdaT: Complex;
  /** Renormalisation scale μ_b of the low-energy matrix elements. */
  muB: number;
  alphaSMuB: number;
  /** Pole masses inside Y(q²) and the NLO functions (spec §4.3). */
  mbPole: number;
  mcPole: number;
  /**
   * m_c in z = m_c²/m_b² of the O1,2 → O7 matrix elements F_{1,2}^(7) (ΔC7 only). flavio takes its
   * 'm_c BVgamma' = 1.5 GeV there (`bdecays/matrixelements.py` delta_C7; `data/parameters_uncorrelated.yml`:
   * "charm quark mass entering alpha_s corrections to B->Vgamma", 1.5 ± 0.2, the spread being the scheme
   * ambiguity); flavour-spec.md §4.3 and HEPfit use the pole mass for both ΔC7 and ΔC9.
   */
  mcDeltaC7: number;
  /** m_b in the 2m_b/m_B dipole factors (flavio: m_b(μ_b); HEPfit: m_b(m_b), spec §3.3). */
  mbDipole: number;
  wc: SmWilsonCoefficients;
  /**
   * m_s/m_b, giving the SM's C7′ = (m_s/m_b) C7^eff (HEPfit MVll; flavio `wctot_dict` for b → s). The quark-mass
   * ratio does not run in QCD, so FLAG's m_b/m_s = 52.55 applies at μ_b: 1/52.55 = 0.0190.
   */
  msOverMb: number;
  mass: { B0: number; Bplus: number; Bs: number; Kstar0: number; KstarPlus: number; Kplus: number; mu: number; e: number };
  /** Lifetimes in GeV⁻¹. */
  tau: { B0: number; Bplus: number; Bs: number };
  fBs: number;
  /** Relative 1σ of f_Bs (HEPfit prior 0.226 ± 0.005), used for the B_s → ℓℓ theory error. */
  fBsRelativeError: number;
  /** y_s = ΔΓ_s/(2Γ_s) for the time-integrated B_s → ℓℓ rate (spec §6). */
  ys: number;
  /** B → K BCL pole masses f+ (= f_T) and f0 (spec §3.2). */
  bclPole: { fplus: number; f0: number };
}

const HBAR_GEV_S = 6.582119569e-25; // flavour-spec.md §4.7
const psToInvGeV = (ps: number): number => (ps * 1e-12) / HBAR_GEV_S;

/** s13 e^{iδ} = A λ³ (ρ̄ + iη̄) √(1 − A²λ⁴) / (√(1 − λ²) [1 − A²λ⁴ (ρ̄ + iη̄)]) (PDG CKM review). */
export function s13FromWolfenstein(lam: number, A: number, rhob: number, etab: number): Complex {
  const a2l4 = A * A * lam ** 4;
  const numRe = A * lam ** 3 * rhob * Math.sqrt(1 - a2l4);
  const numIm = A * lam ** 3 * etab * Math.sqrt(1 - a2l4);
  const denRe = Math.sqrt(1 - lam * lam) * (1 - a2l4 * rhob);
  const denIm = Math.sqrt(1 - lam * lam) * (-a2l4 * etab);
  const d2 = denRe * denRe + denIm * denIm;
  return { re: (numRe * denRe + numIm * denIm) / d2, im: (numIm * denRe - numRe * denIm) / d2 };
}

/** V_tb V_ts* from Wolfenstein (λ, A, ρ̄, η̄) via the exact standard parametrisation (PDG CKM review). */
export function lambdaTFromWolfenstein(lam: number, A: number, rhob: number, etab: number): Complex {
  const s12 = lam;
  const s23 = A * lam * lam;
  const c12 = Math.sqrt(1 - s12 * s12);
  const c23 = Math.sqrt(1 - s23 * s23);
  const { re: s13Re, im: s13Im } = s13FromWolfenstein(lam, A, rhob, etab);
  const s13 = Math.hypot(s13Re, s13Im);
  const c13 = Math.sqrt(1 - s13 * s13);
  const vtb = c23 * c13;
  // V_ts = −c12 s23 − s12 c23 s13 e^{iδ}
  const vtsRe = -c12 * s23 - s12 * c23 * s13Re;
  const vtsIm = -s12 * c23 * s13Im;
  return complex(vtb * vtsRe, -vtb * vtsIm);
}

const cache = new Map<string, FlavourParameters>();

export function flavourParameters(scheme: InputScheme = 'hepfit', dataDir?: string): FlavourParameters {
  const key = `${scheme}|${dataDir ?? ''}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const inputs = loadTheoryInputs(dataDir);
  const sm = inputs.HEPfit_1903_09632_inputs.StandardModel;
  const fl = inputs.HEPfit_1903_09632_inputs.Flavour as Record<string, number & unknown>;
  const flavioWc = inputs['SM_Wilson_coefficients_mu_b_4.8GeV']['flavio_2.7.0_wcsm_nf5(4.8)_CMM_basis'] as Record<
    string,
    number
  >;
  const hepfitWc = inputs['SM_Wilson_coefficients_mu_b_4.8GeV'].HEPfit_1903_fixed;
  const fBsHepfit = (fl['FBs_GeV'] as unknown as [number, number, string]);
  const muB = sm['mub (mu_b)'];
  const common = {
    GF: sm['GF'],
    hbar: HBAR_GEV_S,
    muB,
    alphaSMuB: alphaS(muB, sm['AlsMz'], sm['Mz']),
    // flavio pole masses m_b = 4.797, m_c = 1.684 (spec §3.3, §4.3); HEPfit converts its MS-bar inputs to
    // pole masses at run time with a value the cards do not record, so both schemes use these.
    mbPole: 4.797,
    mcPole: 1.684,
    fBsRelativeError: fBsHepfit[1] / fBsHepfit[0],
    msOverMb: 1 / 52.55,
    ys: 0.0645, // spec §6: y_s = ΔΓ_s/(2Γ_s) = 0.129/2
    bclPole: { fplus: inputs.FNALMILC2015_B_to_K_BCL.pole_masses_GeV['f+'], f0: inputs.FNALMILC2015_B_to_K_BCL.pole_masses_GeV['f0'] },
  };
  const cmm = {
    C1: flavioWc.C1,
    C2: flavioWc.C2,
    C3: flavioWc.C3,
    C4: flavioWc.C4,
    C5: flavioWc.C5,
    C6: flavioWc.C6,
    C8eff: flavioWc.C8eff,
  };
  const leptonMasses = { mu: sm['mmu'], e: sm['melectron'] };
  let params: FlavourParameters;
  if (scheme === 'hepfit') {
    const ckm = fl['CKM (Wolfenstein, fixed)'] as unknown as Record<string, number>;
    params = {
      ...common,
      scheme,
      alphaE: sm['ale (alpha_e(0))'],
      lambdaT: lambdaTFromWolfenstein(ckm.lambda, ckm.A, ckm.rhob, ckm.etab),
      mcDeltaC7: common.mcPole, // pole mass, as in flavour-spec.md §4.3
      mbDipole: sm['mbottom(mb)'], // HEPfit uses m_b(m_b) in the 2m_b/m_B factors (spec §3.3)
      wc: { ...cmm, C7eff: hepfitWc.C7eff, C9: hepfitWc.C9, C10: hepfitWc.C10, C10Bsll: hepfitWc.C10 },
      mass: {
        B0: fl['MBd'],
        Bplus: fl['MBp'],
        Bs: fl['MBs'],
        Kstar0: fl['MKstar'],
        KstarPlus: fl['MKstarP'],
        Kplus: fl['MKp'],
        ...leptonMasses,
      },
      tau: { B0: psToInvGeV(fl['tBd_ps']), Bplus: psToInvGeV(fl['tBp_ps']), Bs: psToInvGeV(fl['tBs_ps']) },
      fBs: fBsHepfit[0],
    };
  } else {
    params = {
      ...common,
      scheme,
      alphaE: 0.0075691, // α_e(4.8 GeV) in flavio (flavour-validation.json naive_factorisation_crosscheck)
      lambdaT: complex(-0.041193, 0.000746), // flavio central λ_t (spec §6)
      mcDeltaC7: 1.5, // flavio 'm_c BVgamma' (see the field's comment)
      mbDipole: 4.094, // flavio m_b(4.8 GeV) (spec §3.3)
      wc: { ...cmm, C7eff: flavioWc.C7eff, C9: flavioWc.C9, C10: flavioWc.C10, C10Bsll: -4.1665 }, // spec §2
      mass: {
        B0: fl['MBd'],
        Bplus: fl['MBp'],
        Bs: fl['MBs'],
        Kstar0: 0.89555, // flavio value in spec §3.3
        KstarPlus: fl['MKstarP'],
        Kplus: fl['MKp'],
        ...leptonMasses,
      },
      tau: { B0: psToInvGeV(fl['tBd_ps']), Bplus: psToInvGeV(fl['tBp_ps']), Bs: psToInvGeV(1.52) }, // spec §6
      fBs: 0.2303, // spec §6
    };
  }
  cache.set(key, params);
  return params;
}
