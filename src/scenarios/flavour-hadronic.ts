/**
 * The full b → sℓℓ likelihood with every hadronic input sampled (paper §3 "Flavour", PDD treatment,
 * flavour-spec.md §3–9): SMEFT coefficients matched to C9^ℓ, C10^ℓ (eq. 2.6), the B → K* and B_s → φ BSZ
 * coefficients (19 + 19, correlated Gaussian priors of flavour-theory-inputs.json), the B → K BCL coefficients
 * (9, correlated Gaussian), f_Bs (Gaussian), either the 16 PDD h_λ numbers (flat in |h| and phase) with the
 * PDD pseudo-measurements (pdd.ts) or the 12 PMD dispersion parameters (pmd.ts), and the QCD-factorisation and
 * B_s-mixing nuisances λ_B, α1,2^K*, α2^φ, f_Bs/f_Bd, ΔΓ_s/Γ_s (spectator-nuisances.ts), against the full
 * measurement list of data.ts.
 *
 * The model is a FlavourPointModel, flat tables that the cpu backend evaluates in float64 and the webgpu
 * backend in WGSL: the θ step (θ layout, matching, centring at the prior means, the Gaussian priors' L⁻¹,
 * the h map, the PDD pseudo-measurement constants) and the measurement χ² (PointObservables kernelTables,
 * y/σ and W = L⁻¹ diag(σ)). The closure `map` is the float64 reference of the θ step through pdd.ts.
 */
import { InputError } from '../errors.ts';
import type { FlavourPointTables, FlavourThetaTables } from '../likelihood/flavour-point-layout.ts';
import type { FlavourPointModel } from '../likelihood/model.ts';
import { requireCholesky } from '../numerics/linear-algebra.ts';
import { flavourProbePoints } from './probe-points.ts';
import { gaussianPriorTables, hadronicMeasurements, whitenedMeasurements } from './hadronic-tables.ts';

export { hadronicMeasurements } from './hadronic-tables.ts';
import { FlavourTheory } from '../physics/flavour/bin-kernels.ts';
import { loadTheoryInputs, type CorrelatedParameterSet } from '../physics/flavour/data-files.ts';
import type { FlavourData } from '../physics/flavour/data.ts';
import { enteredMeasurements, eraOf } from '../physics/flavour/likelihood-list.ts';
import { FLAVOUR_SMEFT_COEFFICIENTS, matchingFactorK, matchingMatrix } from '../physics/flavour/matching.ts';
import { type InputScheme, flavourParameters } from '../physics/flavour/parameters.ts';
import { type PddCoordinates, pddCoordinateNames, pddDiscToCartesian, pddPrior, pddPseudoMeasurements, pddRadii, pddToCartesian } from '../physics/flavour/pdd.ts';
import { pddPseudoObservables } from '../likelihood/flavour-point-theta.ts';
import { H_ORDER } from '../physics/flavour/vll-point-kernel.ts';
import { flavourPredictions } from '../physics/flavour/point-predictions.ts';
import { FULL_FIT_QUADRATURE, type HadronicTreatment, POINT_LAYOUT, PointObservables } from '../physics/flavour/point-observables.ts';
import { type PmdOptions, pmdPrior } from '../physics/flavour/pmd.ts';
import { bszResonanceMasses, BSZ_DEPENDENT_LABELS } from '../physics/flavour/form-factors-bsz.ts';
import { zLeptonCouplingDerived } from './ew.ts';
import type { KScheme } from './flavour.ts';
import type { DerivedQuantity, ParameterSpec, ScenarioModel } from './scenario.ts';
import { spectatorNuisances } from './spectator-nuisances.ts';

export type HadronicVariant = 'flavour-pdd' | 'flavour-pmd' | 'flavour-lu2233-pdd';
export const HADRONIC_VARIANTS: Record<HadronicVariant, string[]> = {
  'flavour-pdd': ['lu_1133', 'lu_2233', 'eu_1133', 'eu_2233'],
  'flavour-pmd': ['lu_1133', 'lu_2233', 'eu_1133', 'eu_2233'],
  'flavour-lu2233-pdd': ['lu_2233'],
};
const TREATMENT: Record<HadronicVariant, HadronicTreatment> = { 'flavour-pdd': 'pdd', 'flavour-pmd': 'pmd', 'flavour-lu2233-pdd': 'pdd' };

export interface HadronicFlavourOptions {
  variant: HadronicVariant;
  data: FlavourData;
  dataDir: string;
  kScheme?: KScheme;
  /** Numerical inputs (default 'hepfit', the paper's). */
  inputScheme?: InputScheme;
  /** Absolute QED uncertainty on every R ratio (default 0.01, spec §7). */
  qedUncertainty?: number;
  /** Flat prior half-width of the Wilson coefficients, TeV⁻² (default 10). */
  priorHalfWidth?: number;
  /** Gauss–Legendre sub-intervals × order per bin (default 2 × 8: within 0.005 σ_exp of 4 × 16). */
  quadrature?: { subintervals: number; order: number };
  /** Sampled SMEFT coefficients, overriding the variant's (the combined EW & Flavour scenarios). */
  wilsonCoefficients?: string[];
  /** HEPfit quirks of the PMD form (pmd.ts; default: none). */
  pmd?: PmdOptions;
  /** How the PDD h_λ are sampled (pdd.ts; default 'disc', the same prior as HEPfit's polar boxes). */
  pddCoordinates?: PddCoordinates;
  /**
   * Sample λ_B, α1,2^K*, α2^φ, f_Bs/f_Bd and ΔΓ_s/Γ_s (default true, as HEPfit does; spectator-nuisances.ts);
   * false fixes them at the input scheme's central values.
   */
  spectatorNuisances?: boolean;
  /** HEPfit's Y(q²) without its constant term (charm-loop.ts, spec §4.3; default false: the term is kept). */
  yConstantQuirk?: boolean;
}

/** A correlated Gaussian block of sampled coefficients (the free labels of one form-factor set). */
interface GaussianBlock {
  labels: string[];
  /** Positions of the free labels in the 21- (or 9-) vector of the point layout. */
  slots: number[];
  mean: Float64Array;
  chol: Float64Array;
}

function gaussianBlock(set: CorrelatedParameterSet, skip: readonly string[], what: string): GaussianBlock {
  const slots = set.parameter_labels.map((_, i) => i).filter((i) => !skip.includes(set.parameter_labels[i]));
  const n = slots.length;
  const cov = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) cov[a * n + b] = set.correlation[slots[a]][slots[b]] * set.uncertainty[slots[a]] * set.uncertainty[slots[b]];
  }
  return { labels: slots.map((i) => set.parameter_labels[i]), slots, mean: Float64Array.from(slots, (i) => set.central[i]), chol: requireCholesky(cov, n, `${what} covariance`) };
}

/** −½ |L⁻¹(θ − μ)|² for θ at theta[off..+n]; scratch of length n. */
function gaussianLogPrior(g: GaussianBlock, theta: Float64Array, off: number, scratch: Float64Array): number {
  const n = g.slots.length;
  let chi2 = 0;
  for (let i = 0; i < n; i++) {
    let s = theta[off + i] - g.mean[i];
    for (let j = 0; j < i; j++) s -= g.chol[i * n + j] * scratch[j];
    scratch[i] = s / g.chol[i * n + i];
    chi2 += scratch[i] * scratch[i];
  }
  return -0.5 * chi2;
}

/** A derived quantity linear in θ[0..n): q(0) + Σ_i [q(e_i) − q(0)] θ_i, tabulated once. */
export function linearInFirst(q: DerivedQuantity, n: number): DerivedQuantity {
  const probe = new Float64Array(n);
  const q0 = q.evaluate(probe);
  const slope = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    probe.fill(0);
    probe[i] = 1;
    slope[i] = q.evaluate(probe) - q0;
  }
  return {
    name: q.name,
    evaluate(theta) {
      let s = q0;
      for (let i = 0; i < n; i++) s += slope[i] * theta[i];
      return s;
    },
  };
}

/** |h| = Rρ² and arg h of one disc pair at θ[at], θ[at + 1] (pdd.ts). */
function polarOfDisc(h: string, radius: number, at: number): DerivedQuantity[] {
  return [
    { name: `abs_${h}`, evaluate: (theta) => radius * (theta[at] * theta[at] + theta[at + 1] * theta[at + 1]) },
    { name: `arg_${h}`, evaluate: (theta) => Math.atan2(theta[at + 1], theta[at]) },
  ];
}

export function buildHadronicFlavourScenario(options: HadronicFlavourOptions): ScenarioModel {
  const wcs = options.wilsonCoefficients ?? HADRONIC_VARIANTS[options.variant];
  if (!wcs) throw new InputError(`variant: unknown scenario '${options.variant}'`);
  const { dataDir } = options;
  const scheme = options.inputScheme ?? 'hepfit';
  const params = flavourParameters(scheme, dataDir);
  const inputs = loadTheoryInputs(dataDir);
  const K = matchingFactorK(options.kScheme ?? {});
  const M = matchingMatrix(K);
  const known = FLAVOUR_SMEFT_COEFFICIENTS as readonly string[];
  const nw = wcs.length;
  const wetMap = new Float64Array(4 * nw);
  for (let r = 0; r < 4; r++) wcs.forEach((w, p) => (wetMap[r * nw + p] = M[r][known.indexOf(w)]));

  const kstar = gaussianBlock(inputs.BSZ2015_B_to_Kstar, BSZ_DEPENDENT_LABELS, 'B → K* BSZ');
  const phi = gaussianBlock(inputs.BSZ2015_Bs_to_phi as CorrelatedParameterSet, BSZ_DEPENDENT_LABELS, 'B_s → φ BSZ');
  const bk = gaussianBlock(inputs.FNALMILC2015_B_to_K_BCL, [], 'B → K BCL');
  const fBs = inputs.HEPfit_1903_09632_inputs.Flavour['FBs_GeV'] as [number, number, string];
  const treatment = TREATMENT[options.variant];
  // The hadronic block: 16 PDD numbers with pseudo-measurements, or 12 PMD numbers without (spec §5).
  const pdd = treatment === 'pdd' ? pddPrior(dataDir) : pmdPrior(dataDir);
  const nHad = pdd.names.length;
  const disc = treatment === 'pdd' && (options.pddCoordinates ?? 'disc') === 'disc';
  const radii = disc ? pddRadii(pdd) : new Float64Array(0);
  const hadronicNames = treatment === 'pdd' ? pddCoordinateNames(disc ? 'disc' : 'polar') : pdd.names;
  const pseudo = treatment === 'pdd' ? pddPseudoMeasurements(dataDir) : { names: [], value: new Float64Array(0), sigma: new Float64Array(0) };

  const sampleSpectator = options.spectatorNuisances ?? true;
  const spectator = spectatorNuisances(inputs, sampleSpectator);

  // θ layout: WCs, K* (19), φ (19), K (9), PDD (16) or PMD (12), f_Bs, the spectator and B_s-mixing nuisances
  const offKstar = nw;
  const offPhi = offKstar + kstar.slots.length;
  const offK = offPhi + phi.slots.length;
  const offPdd = offK + bk.slots.length;
  const offFbs = offPdd + nHad;
  const offSpectator = offFbs + 1;
  const npar = offSpectator + spectator.parameters.length;

  const { names, measured, covariance: cov, sourceOf } = hadronicMeasurements(options.data, dataDir, options.qedUncertainty ?? 0.01);
  const nobs = names.length;
  const L = requireCholesky(cov, nobs, 'flavour measurement covariance');

  const quad = options.quadrature ?? FULL_FIT_QUADRATURE;
  const theory = new FlavourTheory(params, FlavourTheory.centralHadronic(params, dataDir), { nlo: true, spectator: true, yConstantQuirk: options.yConstantQuirk === true, ...quad }, dataDir);
  const observables = new PointObservables(names, theory, 'lhcb', dataDir, treatment, options.pmd, sampleSpectator);
  const res = bszResonanceMasses(inputs.BSZ2015_B_to_Kstar);
  const mB = params.mass.B0;
  const mV = params.mass.Kstar0;
  const tPlus = (mB + mV) ** 2;
  const sqrtTpT0 = Math.sqrt(tPlus - tPlus * (1 - Math.sqrt(1 - (mB - mV) ** 2 / tPlus)));
  const zOf = (q2: number): number => (Math.sqrt(tPlus - q2) - sqrtTpT0) / (Math.sqrt(tPlus - q2) + sqrtTpT0);
  // m_B, m_V, m_b (dipole), m_s/m_b, z(1 GeV²) − z(0), m_R(1+), m_R(1−), C2: the PDD pseudo-observables' constants
  const pseudoConstants = Float64Array.from([mB, mV, params.mbDipole, params.msOverMb, zOf(1) - zOf(0), res.A1, res.V, params.wc.C2]);

  const halfWidth = options.priorHalfWidth ?? 10;
  const x = new Float64Array(POINT_LAYOUT.size);
  const pseudoOut = new Float64Array(pseudo.names.length);
  const scratch = new Float64Array(32);

  /** θ (at theta[off..]) → the point layout at out[oo..]; only the slots the kernels read are written. */
  const fill = (theta: Float64Array, off: number, out: Float64Array, oo: number): void => {
    for (let r = 0; r < 4; r++) {
      let s = 0;
      for (let p = 0; p < nw; p++) s += wetMap[r * nw + p] * theta[off + p];
      out[oo + r] = s;
    }
    for (let i = 0; i < kstar.slots.length; i++) out[oo + POINT_LAYOUT.ffKstar + kstar.slots[i]] = theta[off + offKstar + i];
    for (let i = 0; i < phi.slots.length; i++) out[oo + POINT_LAYOUT.ffPhi + phi.slots[i]] = theta[off + offPhi + i];
    for (let i = 0; i < bk.slots.length; i++) out[oo + POINT_LAYOUT.ffK + bk.slots[i]] = theta[off + offK + i];
    // the θ → h step (disc (a, b) or polar (|h|, φ) → re, im), in float64: the one place that knows how h_λ is sampled
    if (disc) pddDiscToCartesian(theta, off + offPdd, radii, out, oo + POINT_LAYOUT.h);
    else if (treatment === 'pdd') pddToCartesian(theta, off + offPdd, out, oo + POINT_LAYOUT.h);
    else for (let i = 0; i < nHad; i++) out[oo + POINT_LAYOUT.pmd + i] = theta[off + offPdd + i];
    out[oo + POINT_LAYOUT.fBs] = theta[off + offFbs];
    for (const [i, slot] of spectator.copies) out[oo + slot] = theta[off + offSpectator + i];
  };

  /** The CPU part of log p (priors, PDD pseudo-measurements) in float64; writes the point layout. */
  const map = (theta: Float64Array, row: number, out: Float64Array, oo: number): number => {
    const off = row * npar;
    out.fill(0, oo, oo + POINT_LAYOUT.size);
    for (let p = 0; p < nw; p++) if (!(Math.abs(theta[off + p]) <= halfWidth)) return -Infinity;
    if (disc) {
      for (let i = 0; i < nHad; i += 2) {
        const a = theta[off + offPdd + i];
        const b = theta[off + offPdd + i + 1];
        if (!(a * a + b * b <= 1)) return -Infinity;
      }
    } else {
      for (let i = 0; i < nHad; i++) {
        const v = theta[off + offPdd + i];
        if (!(v >= pdd.lower[i] && v <= pdd.upper[i])) return -Infinity;
      }
    }
    for (let i = 0; i < npar; i++) if (!Number.isFinite(theta[off + i])) return -Infinity;
    let lp = gaussianLogPrior(kstar, theta, off + offKstar, scratch) + gaussianLogPrior(phi, theta, off + offPhi, scratch) + gaussianLogPrior(bk, theta, off + offK, scratch);
    const dfb = (theta[off + offFbs] - fBs[0]) / fBs[1];
    lp -= 0.5 * dfb * dfb;
    for (let i = 0; i < spectator.parameters.length; i++) {
      const v = theta[off + offSpectator + i];
      if (!(v >= spectator.lower[i] && v <= spectator.upper[i])) return -Infinity;
    }
    for (const [i, sd] of spectator.gaussian) {
      const d = (theta[off + offSpectator + i] - spectator.centre[i]) / sd;
      lp -= 0.5 * d * d;
    }
    fill(theta, off, out, oo);
    if (treatment === 'pdd') {
      const view = oo === 0 ? out : out.subarray(oo, oo + POINT_LAYOUT.size);
      pddPseudoObservables(pseudoConstants, view, POINT_LAYOUT.ffKstar, POINT_LAYOUT.h, pseudoOut);
    }
    let chi2 = 0;
    for (let i = 0; i < pseudoOut.length; i++) {
      const d = (pseudoOut[i] - pseudo.value[i]) / pseudo.sigma[i];
      chi2 += d * d;
    }
    const value = lp - 0.5 * chi2;
    return Number.isFinite(value) ? value : -Infinity;
  };

  // The θ step as tables (flavour-point-theta.ts): centred at the prior means of the Gaussian parameters
  // (δ = θ − μ in float64 on the CPU), the WCs, h coordinates and PMD numbers at 0.
  const centre = new Float64Array(npar);
  kstar.mean.forEach((m, i) => (centre[offKstar + i] = m));
  phi.mean.forEach((m, i) => (centre[offPhi + i] = m));
  bk.mean.forEach((m, i) => (centre[offK + i] = m));
  centre[offFbs] = fBs[0];
  spectator.centre.forEach((m, i) => (centre[offSpectator + i] = m));
  const copies: [number, number][] = [
    ...kstar.slots.map((slot, i): [number, number] => [offKstar + i, POINT_LAYOUT.ffKstar + slot]),
    ...phi.slots.map((slot, i): [number, number] => [offPhi + i, POINT_LAYOUT.ffPhi + slot]),
    ...bk.slots.map((slot, i): [number, number] => [offK + i, POINT_LAYOUT.ffK + slot]),
    ...(treatment === 'pmd' ? Array.from({ length: nHad }, (_, i): [number, number] => [offPdd + i, POINT_LAYOUT.pmd + i]) : []),
    [offFbs, POINT_LAYOUT.fBs],
    ...spectator.copies.map(([i, slot]): [number, number] => [offSpectator + i, slot]),
  ];
  const blocks: [number, Float64Array][] = [
    [offKstar, kstar.chol],
    [offPhi, phi.chol],
    [offK, bk.chol],
    [offFbs, Float64Array.of(fBs[1])],
    ...spectator.gaussian.map(([i, sd]): [number, Float64Array] => [offSpectator + i, Float64Array.of(sd)]),
  ];
  const prior = gaussianPriorTables(blocks);
  const lower = new Float64Array(npar).fill(-Infinity);
  const upper = new Float64Array(npar).fill(Infinity);
  for (let p = 0; p < nw; p++) [lower[p], upper[p]] = [-halfWidth, halfWidth];
  for (let i = 0; i < nHad; i++) [lower[offPdd + i], upper[offPdd + i]] = disc ? [-1, 1] : [pdd.lower[i], pdd.upper[i]];
  spectator.lower.forEach((lo, i) => ([lower[offSpectator + i], upper[offSpectator + i]] = [lo, spectator.upper[i]]));
  const thetaTables: FlavourThetaTables = {
    nPar: npar,
    centre,
    lower,
    upper,
    discPairs: disc ? Int32Array.from({ length: 8 }, (_, i) => offPdd + 2 * i) : new Int32Array(0),
    nWc: nw,
    wcMap: wetMap,
    copyFrom: Int32Array.from(copies, ([from]) => from),
    copyTo: Int32Array.from(copies, ([, to]) => to),
    hMode: treatment === 'pmd' ? 0 : disc ? 2 : 1,
    hFrom: offPdd,
    radii: disc ? radii : new Float64Array(8),
    priorBlocks: prior.blocks,
    priorInverse: prior.inverse,
    pseudoValue: pseudo.value,
    pseudoSigma: pseudo.sigma,
    pseudoFf: POINT_LAYOUT.ffKstar,
    pseudoConstants,
  };
  const tables: FlavourPointTables = {
    theta: thetaTables,
    ...observables.kernelTables(),
    // y_o/σ_o against y_exp,o/σ_o, whitened by W = L⁻¹ diag(σ): the float32 kernel sums numbers of order one
    ...whitenedMeasurements(cov, measured, L),
  };

  const parameterNames = [
    ...wcs,
    ...kstar.labels.map((l) => `BKstar_${l}`),
    ...phi.labels.map((l) => `Bsphi_${l}`),
    ...bk.labels.map((l) => `BK_${l}`),
    ...hadronicNames,
    'fBs',
    ...spectator.parameters.map((p) => p.name),
  ];
  const gaussSpecs = (g: GaussianBlock, prefix: string, set: CorrelatedParameterSet): ParameterSpec[] =>
    g.slots.map((slot, i) => ({
      name: `${prefix}_${g.labels[i]}`,
      prior: { kind: 'gaussian', mean: g.mean[i], sd: set.uncertainty[slot] },
      start: { center: g.mean[i], width: 0.1 * set.uncertainty[slot] },
      role: 'nuisance',
    }));
  const parameters: ParameterSpec[] = [
    ...wcs.map((name): ParameterSpec => ({ name, prior: { kind: 'flat', lower: -halfWidth, upper: halfWidth }, start: { center: 0, width: 0.1 }, role: 'wc' })),
    ...gaussSpecs(kstar, 'BKstar', inputs.BSZ2015_B_to_Kstar),
    ...gaussSpecs(phi, 'Bsphi', inputs.BSZ2015_Bs_to_phi as CorrelatedParameterSet),
    ...gaussSpecs(bk, 'BK', inputs.FNALMILC2015_B_to_K_BCL),
    ...hadronicNames.map((name, i): ParameterSpec => {
      // disc: a ∈ [−1, 1] (the disc itself is checked in the density); start around |h| = R/4, phase 0
      if (disc) return { name, prior: { kind: 'flat', lower: -1, upper: 1 }, start: { center: i % 2 === 0 ? 0.5 : 0, width: 0.2 }, role: 'nuisance' };
      const [lo, hi] = [pdd.lower[i], pdd.upper[i]];
      // walkers start in the middle third of |h| boxes and near the middle of the phase boxes
      return { name, prior: { kind: 'flat', lower: lo, upper: hi }, start: { center: 0.5 * (lo + hi), width: 0.1 * (hi - lo) }, role: 'nuisance' };
    }),
    { name: 'fBs', prior: { kind: 'gaussian', mean: fBs[0], sd: fBs[1] }, start: { center: fBs[0], width: 0.1 * fBs[1] }, role: 'nuisance' },
    ...spectator.parameters,
  ];

  const density: FlavourPointModel = {
    kind: 'flavour-point',
    parameterNames,
    observableNames: [...names],
    observableSources: sourceOf,
    tables,
    predict: flavourPredictions,
    map,
    probePoints: () => {
      const probe = new Float64Array(POINT_LAYOUT.size);
      return flavourProbePoints(parameters, 64, (theta) => map(theta, 0, probe, 0) > -Infinity);
    },
  };

  // Derived: C9, C10 per lepton; δR_K, δR_K* of eq. (4.1) at the point's hadronic inputs; δg_Z (eq. 2.7).
  const ratioNames = ['<Rmue>(B+->Kll)[1.0,6.0]', '<Rmue>(B0->K*ll)[1.0,6.0]'];
  const ratios = new PointObservables(ratioNames, theory, 'lhcb', dataDir, treatment, options.pmd, sampleSpectator);
  const rNp = new Float64Array(2);
  const rSm = new Float64Array(2);
  const deltaRatio = (index: number) => (theta: Float64Array): number => {
    fill(theta, 0, x, 0);
    ratios.evaluate(x, 0, rNp, 0);
    x[0] = x[1] = x[2] = x[3] = 0;
    ratios.evaluate(x, 0, rSm, 0);
    return rNp[index] - rSm[index];
  };
  const wet = (row: number) => (theta: Float64Array): number => {
    let s = 0;
    for (let p = 0; p < nw; p++) s += wetMap[row * nw + p] * theta[p];
    return s;
  };
  const derived: DerivedQuantity[] = [
    { name: 'C9_bsmumu', evaluate: wet(0) },
    { name: 'C10_bsmumu', evaluate: wet(1) },
    { name: 'C9_bsee', evaluate: wet(2) },
    { name: 'C10_bsee', evaluate: wet(3) },
    { name: 'dRK[1.0,6.0]', evaluate: deltaRatio(0) },
    { name: 'dRKstar[1.0,6.0]', evaluate: deltaRatio(1) },
    // the WCs come first in θ, so the Z-coupling shifts read them directly; at fixed SM inputs they are
    // linear in the coefficients (eq. 2.7), so they are tabulated once (the EW evaluation per sample is slow)
    ...zLeptonCouplingDerived([...wcs], true, {}).map((q) => linearInFirst(q, nw)),
    // disc coordinates: |h| and arg h as derived quantities, to read beside HEPfit's polar parameters
    ...(disc ? H_ORDER.flatMap((h, i) => polarOfDisc(h, radii[i], offPdd + 2 * i)) : []),
  ];

  return {
    name: options.variant,
    parameters,
    density,
    derived,
    info: {
      variant: options.variant,
      hadronicTreatment:
        treatment === 'pdd'
          ? `PDD (HEPfit KD: h_λ flat in |h| and phase, sampled in ${disc ? 'unit-disc' : 'polar'} coordinates; DC7_1, DC7_2, hp0_hm0, |g̃_i(1 GeV²)| pseudo-measurements)`
          : `PMD (HEPfit dispersion: KMPW form, 12 flat parameters; g bracket quirk ${options.pmd?.gBracketQuirk ? 'on' : 'off'}; B → K charm quirk ${options.pmd?.bToKCharmQuirk ? 'on' : 'off'})`,
      matchingFactorK: K,
      dataEra: eraOf(options.data),
      ...(typeof options.data === 'string' ? {} : { dataEdits: options.data.edits }),
      inputScheme: scheme,
      observables: nobs,
      measurements: enteredMeasurements(options.data, 'full'),
      parameters: npar,
      quadrature: quad,
      spectatorNuisances: sampleSpectator
        ? 'sampled: λ_B, α1,2^K* (one set for ∥ and ⊥), α2^φ flat; f_Bs/f_Bd, ΔΓ_s/Γ_s Gaussian (HEPfit 1903.09632 cards)'
        : 'fixed at the input scheme central values',
      qedUncertaintyOnRatios: options.qedUncertainty ?? 0.01,
    },
  };
}
