/**
 * Tree-level shifts of the Z and W couplings from dimension-6 Warsaw-basis operators, at linear order,
 * in the {α, M_Z, G_F} input scheme (smeft-ew.md §§0–3; Brivio–Trott arXiv:1706.08945 App. A, as in
 * flavio's smeftew.py and HEPfit's NPSMEFTd6/NPEffectiveGIMR).
 *
 * Conventions: Z couplings g_L^f = T₃ − Q ŝ² + δg_L^f, g_R^f = −Q ŝ² + δg_R^f; W couplings are
 * relative shifts δg_W. Coefficients are WCxf Warsaw entries in TeV⁻² at Λ = 1 TeV; ĉ = C v²/Λ².
 * C_ll_1221 uses the WCxf normalisation (operator counted once), so δG_F/G_F = ĉ_Hl3_11 + ĉ_Hl3_22 − ½ ĉ_ll_1221.
 */
import { FERMI_CONSTANT, HIGGS_VEV, type SmInputs, alphaAtMZOnShell } from './sm-inputs.ts';

/** Warsaw-basis coefficients by WCxf key (`phil1_11`, `phiq1_22`, `phiD`, `ll_1221`, …) in TeV⁻². */
export type WarsawCoefficients = Record<string, number>;

/** Λ = 1 TeV (paper footnote 2); v²/Λ² converts TeV⁻² coefficients to the dimensionless ĉ. */
export const NEW_PHYSICS_SCALE_GEV = 1000;
export const V2_OVER_LAMBDA2 = (HIGGS_VEV * HIGGS_VEV) / (NEW_PHYSICS_SCALE_GEV * NEW_PHYSICS_SCALE_GEV);

/**
 * Which α(M_Z) defines ŝ² through ŝ²ĉ² = πα(M_Z)/(√2 G_F M_Z²): HEPfit's on-shell α/(1 − Δα)
 * (paper-faithful, ŝ² = 0.23103) or flavio's fixed MSbar α̂ = 1/127.95 (ŝ² = 0.23356).
 */
export type Shat2AlphaChoice = 'on-shell' | 'msbar-flavio';
const ALPHA_MSBAR_FLAVIO = 1 / 127.95;

export function shat2(inputs: SmInputs, choice: Shat2AlphaChoice = 'on-shell'): number {
  const alpha = choice === 'on-shell' ? alphaAtMZOnShell(inputs) : ALPHA_MSBAR_FLAVIO;
  return 0.5 * (1 - Math.sqrt(1 - (4 * Math.PI * alpha) / (Math.SQRT2 * FERMI_CONSTANT * inputs.MZ ** 2)));
}

export const Z_FERMIONS = ['e', 'mu', 'tau', 'nue', 'numu', 'nutau', 'u', 'c', 'd', 's', 'b'] as const;
export type ZFermion = (typeof Z_FERMIONS)[number];
export const W_CHANNELS = ['e', 'mu', 'tau', 'ud', 'cs', 'tb'] as const;
export type WChannel = (typeof W_CHANNELS)[number];

interface FermionQuantumNumbers {
  T3: number;
  Q: number;
  /** Warsaw family: 'l' (lepton doublet + e singlet) or 'q' (quark doublet + u/d singlet). */
  family: 'l' | 'q';
  /** Right-handed singlet operator stem (`phie`, `phiu`, `phid`); none for neutrinos. */
  singlet?: 'phie' | 'phiu' | 'phid';
  generation: 1 | 2 | 3;
}

const FERMIONS: Record<ZFermion, FermionQuantumNumbers> = {
  e: { T3: -0.5, Q: -1, family: 'l', singlet: 'phie', generation: 1 },
  mu: { T3: -0.5, Q: -1, family: 'l', singlet: 'phie', generation: 2 },
  tau: { T3: -0.5, Q: -1, family: 'l', singlet: 'phie', generation: 3 },
  nue: { T3: 0.5, Q: 0, family: 'l', generation: 1 },
  numu: { T3: 0.5, Q: 0, family: 'l', generation: 2 },
  nutau: { T3: 0.5, Q: 0, family: 'l', generation: 3 },
  u: { T3: 0.5, Q: 2 / 3, family: 'q', singlet: 'phiu', generation: 1 },
  c: { T3: 0.5, Q: 2 / 3, family: 'q', singlet: 'phiu', generation: 2 },
  d: { T3: -0.5, Q: -1 / 3, family: 'q', singlet: 'phid', generation: 1 },
  s: { T3: -0.5, Q: -1 / 3, family: 'q', singlet: 'phid', generation: 2 },
  b: { T3: -0.5, Q: -1 / 3, family: 'q', singlet: 'phid', generation: 3 },
};

export function fermionQuantumNumbers(f: ZFermion): { T3: number; Q: number } {
  return { T3: FERMIONS[f].T3, Q: FERMIONS[f].Q };
}

export interface CouplingShifts {
  /** δG_F/G_F. */
  dGF: number;
  /** δŝ²: shift of the Lagrangian s_θ² with respect to ŝ². */
  ds2: number;
  dMW_over_MW: number;
  dgL: Record<ZFermion, number>;
  dgR: Record<ZFermion, number>;
  /** Relative W-coupling shifts including the universal part δM_W/M_W − ½δ_GF. */
  dgW: Record<WChannel, number>;
  /** Vertex-only part of the W t_L b_L shift (ĉ_Hq3_33). */
  dgW_tb_vertex: number;
}

/** ĉ of one diagonal Warsaw entry, e.g. hat(c, 'phil3', 2) = C_Hl3_22 v²/Λ². */
function hatDiagonal(c: WarsawCoefficients, stem: string, generation: number): number {
  return (c[`${stem}_${generation}${generation}`] ?? 0) * V2_OVER_LAMBDA2;
}

export function couplingShifts(c: WarsawCoefficients, s2: number): CouplingShifts {
  const c2 = 1 - s2;
  const s = Math.sqrt(s2);
  const cw = Math.sqrt(c2);
  const hat = (key: string): number => (c[key] ?? 0) * V2_OVER_LAMBDA2;
  const cHD = hat('phiD');
  const cHWB = hat('phiWB');
  // δ_GF: muon decay, with the WCxf ½ on C_ll_1221 (smeft-ew.md §0, §1).
  const dGF = hat('phil3_11') + hat('phil3_22') - 0.5 * hat('ll_1221');
  const ds2 = ((s2 * c2) / (c2 - s2)) * (dGF + 0.5 * cHD) + ((s * cw) / (c2 - s2)) * cHWB;
  const dMW_over_MW = (-s2 / (2 * (c2 - s2))) * dGF - (c2 / (4 * (c2 - s2))) * cHD - ((s * cw) / (c2 - s2)) * cHWB;
  // Universal pieces of smeft-ew.md §2 (compact form).
  const chargeTerm = (s2 / (4 * (c2 - s2))) * (cHD + 2 * dGF + 4 * (cw / s) * cHWB);
  const isospinTerm = 0.25 * (cHD + 2 * dGF);
  const dgL = {} as Record<ZFermion, number>;
  const dgR = {} as Record<ZFermion, number>;
  for (const f of Z_FERMIONS) {
    const { T3, Q, family, singlet, generation } = FERMIONS[f];
    const singletStem = family === 'l' ? 'phil' : 'phiq';
    // Doublet vertex: −½(ĉ⁽¹⁾ − 2T₃ ĉ⁽³⁾): ν, u get −½(ĉ1 − ĉ3); e, d get −½(ĉ1 + ĉ3) (smeft-ew.md §2, §8.2).
    const vertexL = -0.5 * (hatDiagonal(c, `${singletStem}1`, generation) - 2 * T3 * hatDiagonal(c, `${singletStem}3`, generation));
    const vertexR = singlet ? -0.5 * hatDiagonal(c, singlet, generation) : 0;
    dgL[f] = -T3 * isospinTerm - Q * chargeTerm + vertexL;
    dgR[f] = -Q * chargeTerm + vertexR;
  }
  const universalW = dMW_over_MW - 0.5 * dGF;
  const dgW_tb_vertex = hatDiagonal(c, 'phiq3', 3);
  const dgW: Record<WChannel, number> = {
    e: hatDiagonal(c, 'phil3', 1) + universalW,
    mu: hatDiagonal(c, 'phil3', 2) + universalW,
    tau: hatDiagonal(c, 'phil3', 3) + universalW,
    // Down-basis index j of δg_W^{q,j} (smeft-ew.md §3): ud ← 11, cs ← 22, tb ← 33.
    ud: hatDiagonal(c, 'phiq3', 1) + universalW,
    cs: hatDiagonal(c, 'phiq3', 2) + universalW,
    tb: dgW_tb_vertex + universalW,
  };
  return { dGF, ds2, dMW_over_MW, dgL, dgR, dgW, dgW_tb_vertex };
}
