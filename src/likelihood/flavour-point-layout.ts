/**
 * The layout of the full flavour likelihood's tables (FlavourPointTables): which number sits where in the
 * per-node, per-kernel and per-observable arrays. The physics classes that build the tables
 * (vll-point-kernel.ts, pll-point-kernel.ts, point-observables.ts), their float64 evaluation
 * (flavour-point-tables.ts) and the WGSL kernel (kernels/flavour-point-wgsl.ts) all read it from here.
 */

/** Per-node fields of the B → V ℓℓ tables (vll-point-kernel.ts writes them). */
export const VLL_NODE = {
  q2: 0,
  sqrtQ2: 1,
  sqrtLambda: 2,
  /** w_n τ F(q²) N², zero for an unphysical node (skipped). */
  weight: 3,
  beta: 4,
  beta2: 5,
  /** m_ℓ²/q². */
  r: 6,
  c7Re: 7,
  c7Im: 8,
  c9Re: 9,
  c9Im: 10,
  /** −(3C1 + C2)_KMPW g(m_c, q²) of the PMD form. */
  charmRe: 11,
  charmIm: 12,
  /** 21 BSZ basis values b_k^F (F·3 + k, F in A0, A1, A12, V, T1, T2, T23 order). */
  basis: 13,
  /** The spectator terms of the H_V^− and H_V^0 brackets split by λ_B and Gegenbauer moments (SPECTATOR_NODE). */
  spectator: 34,
  stride: 59,
} as const;

/**
 * The spectator block of a B → V node (spectator-scattering.ts spectatorBasis times the Δ_−, Δ_0 factors):
 * three complex numbers (re, im of k = 0, 1, 2: the pieces of 1, a1, a2) per part, then q²/m_B, which is
 * also the switch (0: no spectator term at this node):
 *   Δ_− = s_fB [ Σ_k a_k^⊥ (perpPlus_k/λ_B + perpPower_k) ],
 *   Δ_0 = s_fB [ Σ_k a_k^∥ (λ_{B,−}(q²)⁻¹ paraMinus_k + paraPlus_k/λ_B) ],
 * λ_{B,−}(q²)⁻¹ = e^{−x}/λ_B (−Ei(x) + iπ), x = (q²/m_B)/λ_B; s_fB = f_B/f_B,ref (VLL_CONSTANT).
 */
export const SPECTATOR_NODE = { perpPlus: 0, perpPower: 6, paraMinus: 12, paraPlus: 18, q2OverMB: 24, size: 25 } as const;

/** Per-node fields of the B → K ℓℓ tables (pll-point-kernel.ts). */
export const PLL_NODE = { q2: 0, weight: 1, lambda: 2, beta2: 3, c7Re: 4, c7Im: 5, c9Re: 6, c9Im: 7, basisPlus: 8, basisZero: 11, stride: 14 } as const;

/**
 * Per-kernel constants of B → V ℓℓ: masses, m_b in the dipole factors, C7′, C10^SM, the A12 endpoint factor,
 * x index of C9^NP, y_s of the untagged time integration (B_s → φ; 0 otherwise, time-integration.ts), and the
 * spectator inputs: x index of the sampled block (λ_B, a1⊥, a2⊥, a1∥, a2∥; −1: the central values stored here),
 * x indices of f_Bs and of f_Bs/f_Bd (−1: f_B = f_Bs, B_s), the f_B the node tables were built at (f_B,ref), and
 * x index of ΔΓ_s/Γ_s (−1: y_s fixed), y_s = ½ ΔΓ_s/Γ_s.
 */
export const VLL_CONSTANT = {
  mB: 0,
  mV: 1,
  ml: 2,
  mb: 3,
  c7p: 4,
  c10: 5,
  a12Endpoint: 6,
  np: 7,
  ys: 8,
  spectatorAt: 9,
  fBsAt: 10,
  fBRatioAt: 11,
  fBRef: 12,
  ysAt: 13,
  lambdaB: 14,
  a1Perp: 15,
  a2Perp: 16,
  a1Para: 17,
  a2Para: 18,
  stride: 19,
} as const;
/** Per-kernel constants of B → K ℓℓ. */
export const PLL_CONSTANT = { mB: 0, mK: 1, ml: 2, mb: 3, c10: 4, np: 5, stride: 6 } as const;
/**
 * Per-slot constants of B → Vγ (radiative.ts): 2·prefactor, λ0/m_B², (m_B/2m_b)16π², C7^eff + ΔC7(0), C7′,
 * y_s, m_B, m_V, x index of the form-factor block, and the hard-spectator term T_⊥^QCDF(0) of H^− as its
 * λ_B/Gegenbauer pieces (perpPlus, perpPower: re, im of k = 0, 1, 2, as SPECTATOR_NODE) with the spectator
 * inputs' indices and central values as in VLL_CONSTANT.
 */
export const RADIATIVE_CONSTANT = {
  pre2: 0,
  t1Scale: 1,
  f16: 2,
  c7Re: 3,
  c7Im: 4,
  c7p: 5,
  ys: 6,
  mB: 7,
  mV: 8,
  ff: 9,
  perpPlus: 10,
  perpPower: 16,
  spectatorAt: 22,
  fBsAt: 23,
  fBRatioAt: 24,
  fBRef: 25,
  ysAt: 26,
  lambdaB: 27,
  a1Perp: 28,
  a2Perp: 29,
  stride: 30,
} as const;

/**
 * Offsets, from a kernel's `spectatorAt` constant, of its spectator constants: VLL_CONSTANT and
 * RADIATIVE_CONSTANT keep them in this order (the radiative slots stop after a2Perp).
 */
export const SPECTATOR_CONSTANT = { spectatorAt: 0, fBsAt: 1, fBRatioAt: 2, fBRef: 3, ysAt: 4, lambdaB: 5, a1Perp: 6, a2Perp: 7, a1Para: 8, a2Para: 9 } as const;

/** The sampled spectator block of the point layout: λ_B, a1⊥, a2⊥, a1∥, a2∥. */
export const SPECTATOR_BLOCK = { lambdaB: 0, a1Perp: 1, a2Perp: 2, a1Para: 3, a2Para: 4, size: 5 } as const;

/**
 * The B_s → ℓℓ constants: C10^SM of B_s → ℓℓ, the prefactors (μ, e: prefactor + kind), the x indices of
 * C9^NP (μ, e: npAt + kind; C10^NP follows it), the x index of ΔΓ_s/Γ_s (−1: fixed) and the y_s inside the
 * prefactors: BR = prefactor (1 − y_s,pref)/(1 − ½ ΔΓ_s/Γ_s) f_Bs² (C10^SM + C10^NP)² (bs-to-ll.ts).
 */
export const BSLL_CONSTANT = { c10: 0, prefactor: 1, npAt: 3, dGammaAt: 5, ysPrefactor: 6, size: 7 } as const;

/** Observable plans (point-observables.ts). */
export const PLAN = { angular: 0, vllRate: 1, vllRatio: 2, pllRate: 3, pllRatio: 4, bsll: 5, radiative: 6 } as const;

export const N_J = 11;
export const N_BSZ = 21;
export const N_BCL = 9;
/**
 * The 16 cartesian PDD numbers of the point layout (spec §4.4): re of each complex coefficient at its offset,
 * im right after, in the order H_ORDER of vll-point-kernel.ts (h_0^(0), h_+^(0), h_−^(0), h_0^(1), h_+^(1),
 * h_−^(1), h_+^(2), h_−^(2)).
 */
export const PDD_BLOCK = { h00: 0, hp0: 2, hm0: 4, h01: 6, hp1: 8, hm1: 10, hp2: 12, hm2: 14, size: 16 } as const;

/** One KMPW amplitude's block of the 12 PMD numbers (i = 1, 2, 3 at 4i − 4; pmd.ts, pmd-formula.ts). */
export const PMD_BLOCK = { r1: 0, r2: 1, dC9At1: 2, phase: 3, size: 4 } as const;
/** Positions in a BSZ block of a0_A1, a0_V, a0_T1 (T1(0), A1(0), V(0) of B → Vγ). */
export const BSZ_A0_A1 = 3;
export const BSZ_A0_V = 9;
export const BSZ_A0_T1 = 12;

/**
 * The θ step (float64 on the CPU: the box, the unit discs, δ = θ − centre; then in the kernel, or in
 * float64 on the cpu backend): δ → the point layout x, the Gaussian priors, the PDD pseudo-measurements.
 */
export interface FlavourThetaTables {
  nPar: number;
  /** Subtracted on the CPU in float64: the prior means of the Gaussian parameters, 0 elsewhere. */
  centre: Float64Array;
  /** Flat boxes (±∞ for Gaussian parameters), checked on the CPU. */
  lower: Float64Array;
  upper: Float64Array;
  /** θ index of a of each unit-disc pair (a² + b² ≤ 1, checked on the CPU). */
  discPairs: Int32Array;
  /** x[r] = Σ_j wcMap[r·nWc + j] δ_j for r = 0 … 3 (C9^μ, C10^μ, C9^e, C10^e; the WCs come first in θ, centred at 0). */
  nWc: number;
  wcMap: Float64Array;
  /** x[copyTo[k]] = centre[copyFrom[k]] + δ[copyFrom[k]] (form factors, f_Bs, PMD numbers). */
  copyFrom: Int32Array;
  copyTo: Int32Array;
  /** The θ → h step: 0 none (PMD), 1 polar (|h|, φ), 2 unit disc h = R (a, b) √(a² + b²); 16 numbers at θ[hFrom]. */
  hMode: 0 | 1 | 2;
  hFrom: number;
  /** R per coefficient (disc). */
  radii: Float64Array;
  /** Gaussian prior blocks: (θ offset, size, offset into priorInverse) each; priorInverse holds L⁻¹ of each block's covariance L Lᵀ (row-major, lower). */
  priorBlocks: Int32Array;
  priorInverse: Float64Array;
  /** PDD pseudo-measurements (empty for PMD), read at the K* form factors x[pseudoFf..] and h. */
  pseudoValue: Float64Array;
  pseudoSigma: Float64Array;
  pseudoFf: number;
  pseudoConstants: Float64Array;
}

/** pseudoConstants: m_B, m_V, m_b (dipole), m_s/m_b, z(1 GeV²) − z(0), m_R(1+), m_R(1−), C2. */
export const PSEUDO_CONSTANT = { mB: 0, mV: 1, mb: 2, msOverMb: 3, dz1: 4, mRPlus: 5, mRMinus: 6, c2: 7, size: 8 } as const;

export interface FlavourPointTables {
  theta: FlavourThetaTables;
  /** Length of the point layout x. */
  pointSize: number;
  /** x index of the 16 cartesian PDD numbers, or −1 (PMD). */
  hOffset: number;
  /** x index of the 12 PMD numbers, or −1 (PDD). */
  pmdOffset: number;
  fBsOffset: number;
  /** 0: F_L = −J2c/Γ′ (LHCb), 1: (3J1c − J2c)/(4Γ′) (HEPfit). */
  flDefinition: 0 | 1;
  vllConstants: Float64Array;
  /** nVll × 21: x index of BSZ coefficient F·3 + k of each kernel. */
  vllFfIndex: Int32Array;
  /** Per bin: its kernel, and its nodes [binNodes[b], binNodes[b + 1]) in vllNodes. */
  vllBinKernel: Int32Array;
  vllBinNodes: Int32Array;
  vllNodes: Float64Array;
  pllConstants: Float64Array;
  /** nPll × 9: x index of the BCL coefficients (b0_f+ … b2_fT). */
  pllFfIndex: Int32Array;
  pllBinKernel: Int32Array;
  pllBinNodes: Int32Array;
  pllNodes: Float64Array;
  /**
   * Per observable: plan code, scratch offsets a and b (B → V bin k at 11k, B → K bin k after all B → V
   * bins at 11·nVllBins + k), kind (angular index; 0/1 = μ/e for B_s → ℓℓ; radiative slot) and factor.
   */
  code: Int32Array;
  a: Int32Array;
  b: Int32Array;
  kind: Int32Array;
  factor: Float64Array;
  radiative: Float64Array;
  /** The B_s → ℓℓ constants (BSLL_CONSTANT). */
  bsll: Float64Array;
  gain: Float64Array;
  target: Float64Array;
  /** nObs × nObs, row-major lower triangle: W = L⁻¹ diag(σ). */
  whitening: Float64Array;
  rowStart: Int32Array;
}

/** Scratch numbers the predictions need: 11 per B → V bin, then 1 per B → K bin. */
export function scratchSize(t: Pick<FlavourPointTables, 'vllBinKernel' | 'pllBinKernel'>): number {
  return N_J * t.vllBinKernel.length + t.pllBinKernel.length;
}
