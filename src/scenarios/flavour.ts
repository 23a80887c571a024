/**
 * The clean b → sℓℓ likelihood (R_K, R_K*, B_s → ℓℓ) in SMEFT coefficients, and the flavour scenarios.
 *
 * Per sampled point: C9^ℓ, C10^ℓ from the one-loop matching (eq. 2.6 of arXiv:2007.04400, linear), then the
 * per-bin quadratic kernels precomputed at the central hadronic point, then a correlated Gaussian
 *   −½ (y(θ) − y_exp)ᵀ (C_exp + C_th)⁻¹ (y(θ) − y_exp).
 * Form-factor and f_Bs nuisances are not sampled: their effect enters as the theory covariance C_th,
 * propagated once at start-up by sampling the correlated form factors (feasibility.md treatment (a)),
 * plus an optional QED uncertainty on the LFU ratios (flavour-spec.md §7: ±0.01, Bordone–Isidori–Pattori).
 */
import { InputError } from '../errors.ts';
import type { ModelDescription } from '../likelihood/model.ts';
import { FlavourTheory } from '../physics/flavour/bin-kernels.ts';
import { CompiledObservables, type NpPoint } from '../physics/flavour/compiled-observables.ts';
import { type FlavourData, flavourMeasurements } from '../physics/flavour/data.ts';
import { enteredMeasurements, eraOf } from '../physics/flavour/likelihood-list.ts';
import {
  type AlphaEChoice,
  FLAVOUR_SMEFT_COEFFICIENTS,
  type TopYukawaChoice,
  matchingFactorK,
  matchingMatrix,
} from '../physics/flavour/matching.ts';
import { type InputScheme, flavourParameters } from '../physics/flavour/parameters.ts';
import { theoryCovariance } from '../physics/flavour/theory-covariance.ts';
import { requireCholesky } from '../numerics/linear-algebra.ts';
import type { DerivedQuantity, ParameterSpec, ScenarioModel } from './scenario.ts';

export interface KScheme {
  alphaE?: AlphaEChoice;
  yt?: TopYukawaChoice;
}

export interface FlavourLikelihoodOptions {
  data: FlavourData;
  /** SMEFT coefficients sampled (WCxf names, TeV⁻²); the others are zero. */
  wilsonCoefficients: string[];
  dataDir?: string;
  kScheme?: KScheme;
  /** Numerical inputs (default 'hepfit', the paper's). */
  inputScheme?: InputScheme;
  /** Form-factor draws for the theory covariance (default 200; 0 switches the theory covariance off). */
  theoryDraws?: number;
  /** Absolute QED uncertainty added to every R ratio (default 0.01, spec §7). */
  qedUncertainty?: number;
  /** Flat prior half-width on every Wilson coefficient, TeV⁻² (default 10). */
  priorHalfWidth?: number;
}

export interface FlavourLikelihood {
  parameters: ParameterSpec[];
  model: ModelDescription;
  derived: DerivedQuantity[];
  info: Record<string, unknown>;
}

/** Names of the derived quantities; δR_K(*) follow eq. (4.1) of the paper ([1.0, 6.0] GeV²). */
const DERIVED_RATIOS = ['<Rmue>(B+->Kll)[1.0,6.0]', '<Rmue>(B0->K*ll)[1.0,6.0]', '<Rmue>(B+->Kll)[1.1,6.0]', '<Rmue>(B0->K*ll)[1.1,6.0]'];

export function flavourLikelihoodModel(options: FlavourLikelihoodOptions): FlavourLikelihood {
  const { data, wilsonCoefficients, dataDir } = options;
  if (wilsonCoefficients.length === 0) throw new InputError('wilsonCoefficients: at least one SMEFT coefficient is needed');
  const known = FLAVOUR_SMEFT_COEFFICIENTS as readonly string[];
  for (const w of wilsonCoefficients) {
    if (!known.includes(w)) throw new InputError(`wilsonCoefficients: unknown SMEFT coefficient '${w}' (expected one of ${known.join(', ')})`);
  }
  if (new Set(wilsonCoefficients).size !== wilsonCoefficients.length) throw new InputError('wilsonCoefficients: duplicate names');
  const scheme = options.inputScheme ?? 'hepfit';
  const params = flavourParameters(scheme, dataDir);
  const K = matchingFactorK(options.kScheme ?? {});
  const M = matchingMatrix(K);
  const columns = wilsonCoefficients.map((w) => known.indexOf(w));
  // wetMap[r * npar + p]: row r of (C9μ, C10μ, C9e, C10e) per sampled parameter p.
  const npar = wilsonCoefficients.length;
  const wetMap = new Float64Array(4 * npar);
  for (let r = 0; r < 4; r++) columns.forEach((c, p) => (wetMap[r * npar + p] = M[r][c]));

  // Measurements → observable vector, experimental covariance (block-diagonal).
  const blocks = flavourMeasurements(data, dataDir);
  const names: string[] = [];
  const sources: string[] = [];
  const measured: number[] = [];
  const sigmas: number[] = [];
  const blockOf: number[] = [];
  blocks.forEach((b, bi) =>
    b.observables.forEach((o, i) => {
      names.push(o);
      sources.push(b.source);
      measured.push(b.central[i]);
      sigmas.push(b.sigma[i]);
      blockOf.push(bi);
    }),
  );
  const nobs = names.length;
  const cov = new Float64Array(nobs * nobs);
  const firstOfBlock = blocks.map((_, bi) => blockOf.indexOf(bi));
  for (let i = 0; i < nobs; i++) {
    for (let j = 0; j < nobs; j++) {
      if (blockOf[i] !== blockOf[j]) continue;
      const b = blocks[blockOf[i]];
      const li = i - firstOfBlock[blockOf[i]];
      const lj = j - firstOfBlock[blockOf[j]];
      const rho = b.correlation ? b.correlation[li][lj] : li === lj ? 1 : 0;
      cov[i * nobs + j] = rho * sigmas[i] * sigmas[j];
    }
  }
  const theoryDraws = options.theoryDraws ?? 200;
  const thCov = theoryDraws > 0 ? theoryCovariance(names, params, { draws: theoryDraws }, dataDir) : new Float64Array(nobs * nobs);
  const qed = options.qedUncertainty ?? 0.01;
  for (let i = 0; i < nobs; i++) {
    for (let j = 0; j < nobs; j++) {
      let c = thCov[i * nobs + j];
      // QED corrections are common to all R ratios of one decay mode: treat them as fully correlated
      // within a mode and independent between modes.
      if (names[i].startsWith('<Rmue>') && names[j].startsWith('<Rmue>') && modeOf(names[i]) === modeOf(names[j])) c += qed * qed;
      cov[i * nobs + j] += c;
    }
  }
  const L = requireCholesky(cov, nobs, 'flavour measurement + theory covariance');

  const theory = new FlavourTheory(params, FlavourTheory.centralHadronic(params, dataDir), undefined, dataDir);
  const compiled = new CompiledObservables(names, theory);
  const y0 = Float64Array.from(measured);
  const halfWidth = options.priorHalfWidth ?? 10;
  const pred = new Float64Array(nobs);
  const resid = new Float64Array(nobs);
  const np: NpPoint = { c9mu: 0, c10mu: 0, c9e: 0, c10e: 0 };
  const toWet = (theta: ArrayLike<number>, offset: number, target: NpPoint): void => {
    const w = [0, 0, 0, 0];
    for (let r = 0; r < 4; r++) {
      let s = 0;
      for (let p = 0; p < npar; p++) s += wetMap[r * npar + p] * theta[offset + p];
      w[r] = s;
    }
    target.c9mu = w[0];
    target.c10mu = w[1];
    target.c9e = w[2];
    target.c10e = w[3];
  };

  // Every clean observable is a ratio of quadratic forms in (C9, C10) of one lepton (R_K(*) = rate_μ/rate_e,
  // BR(B_s → ℓℓ)): a model kind every backend, the WebGPU kernel included, evaluates. Angular
  // observables (not in the clean set) keep the CPU function.
  const ratioForms = compiled.asRatios();
  const model: ModelDescription = ratioForms !== null ? {
    kind: 'quadratic-ratio-gaussian',
    parameterNames: [...wilsonCoefficients],
    observableNames: [...names],
    observableSources: sources,
    nCoupling: 4,
    couplingMap: wetMap,
    forms: compiled.forms,
    formCouplings: Int32Array.from(Array.from(compiled.formLepton).flatMap((lepton) => (lepton === 0 ? [0, 1] : [2, 3]))),
    numerator: ratioForms.numerator,
    denominator: ratioForms.denominator,
    factor: ratioForms.factor,
    measured: y0,
    covariance: cov,
    priors: wilsonCoefficients.map(() => ({ kind: 'flat', lower: -halfWidth, upper: halfWidth })),
  } : {
    kind: 'cpu-function',
    parameterNames: [...wilsonCoefficients],
    logProbBatch(points: Float64Array, count: number, out: Float64Array): void {
      for (let k = 0; k < count; k++) {
        const off = k * npar;
        let inside = true;
        for (let p = 0; p < npar; p++) if (!(Math.abs(points[off + p]) <= halfWidth)) inside = false;
        if (!inside) {
          out[k] = -Infinity;
          continue;
        }
        toWet(points, off, np);
        compiled.evaluate(np, pred);
        // Solve L z = (y − y_exp) by forward substitution; χ² = |z|².
        let chi2 = 0;
        for (let i = 0; i < nobs; i++) {
          let s = pred[i] - y0[i];
          for (let j = 0; j < i; j++) s -= L[i * nobs + j] * resid[j];
          resid[i] = s / L[i * nobs + i];
          chi2 += resid[i] * resid[i];
        }
        out[k] = -0.5 * chi2;
      }
    },
  };

  const ratios = new CompiledObservables(DERIVED_RATIOS, theory);
  const smRatios = new Float64Array(DERIVED_RATIOS.length);
  ratios.evaluate({ c9mu: 0, c10mu: 0, c9e: 0, c10e: 0 }, smRatios);
  const ratioAt = (theta: Float64Array, index: number): number => {
    const p: NpPoint = { c9mu: 0, c10mu: 0, c9e: 0, c10e: 0 };
    toWet(theta, 0, p);
    const r = new Float64Array(DERIVED_RATIOS.length);
    ratios.evaluate(p, r);
    return r[index];
  };
  const wetDerived = (name: string, row: number): DerivedQuantity => ({
    name,
    evaluate: (theta) => {
      let s = 0;
      for (let p = 0; p < npar; p++) s += wetMap[row * npar + p] * theta[p];
      return s;
    },
  });
  const derived: DerivedQuantity[] = [
    wetDerived('C9_bsmumu', 0),
    wetDerived('C10_bsmumu', 1),
    wetDerived('C9_bsee', 2),
    wetDerived('C10_bsee', 3),
    { name: 'dRK[1.0,6.0]', evaluate: (t) => ratioAt(t, 0) - smRatios[0] },
    { name: 'dRKstar[1.0,6.0]', evaluate: (t) => ratioAt(t, 1) - smRatios[1] },
    { name: '<Rmue>(B+->Kll)[1.1,6.0]', evaluate: (t) => ratioAt(t, 2) },
    { name: '<Rmue>(B0->K*ll)[1.1,6.0]', evaluate: (t) => ratioAt(t, 3) },
  ];

  const parameters: ParameterSpec[] = wilsonCoefficients.map((name) => ({
    name,
    prior: { kind: 'flat', lower: -halfWidth, upper: halfWidth },
    start: { center: 0, width: 0.1 },
    role: 'wc',
  }));

  const info: Record<string, unknown> = {
    matchingFactorK: K,
    kScheme: { alphaE: options.kScheme?.alphaE ?? 'alpha0', yt: options.kScheme?.yt ?? 'tree' },
    dataEra: eraOf(data),
    ...(typeof data === 'string' ? {} : { dataEdits: data.edits }),
    inputScheme: scheme,
    observables: names,
    measurements: enteredMeasurements(data, 'clean'),
    theoryCovariance: theoryDraws > 0 ? `form factors (BSZ2015, FNAL/MILC) and f_Bs sampled ${theoryDraws}× at the SM point` : 'none',
    qedUncertaintyOnRatios: qed,
    smPredictions: Object.fromEntries(DERIVED_RATIOS.map((n, i) => [n, smRatios[i]])),
  };
  return { parameters, model, derived, info };
}

/** Decay mode of an R ratio name, e.g. 'B+->Kll'. */
const modeOf = (name: string): string => name.slice(name.indexOf('(') + 1, name.indexOf(')'));

export type FlavourVariant = 'flavour-clean' | 'minimal-mu' | 'minimal-e';

/** Sampled coefficients per variant: the four SL-4F operators, or the paper's fig. 5 minimal pairs. */
export const FLAVOUR_VARIANTS: Record<FlavourVariant, string[]> = {
  'flavour-clean': ['lu_1133', 'lu_2233', 'eu_1133', 'eu_2233'],
  'minimal-mu': ['lu_2233', 'phil1_22'],
  'minimal-e': ['lu_1133', 'phil1_11'],
};

export interface FlavourScenarioOptions {
  variant: FlavourVariant;
  data: FlavourData;
  dataDir: string;
  kScheme?: KScheme;
  inputScheme?: InputScheme;
  theoryDraws?: number;
  qedUncertainty?: number;
  priorHalfWidth?: number;
}

export function buildFlavourScenario(options: FlavourScenarioOptions): ScenarioModel {
  const wcs = FLAVOUR_VARIANTS[options.variant];
  if (!wcs) throw new InputError(`variant: unknown flavour scenario '${options.variant}' (expected ${Object.keys(FLAVOUR_VARIANTS).join(', ')})`);
  const lik = flavourLikelihoodModel({
    data: options.data,
    wilsonCoefficients: wcs,
    dataDir: options.dataDir,
    kScheme: options.kScheme,
    inputScheme: options.inputScheme,
    theoryDraws: options.theoryDraws,
    qedUncertainty: options.qedUncertainty,
    priorHalfWidth: options.priorHalfWidth,
  });
  return {
    name: options.variant,
    parameters: lik.parameters,
    density: lik.model,
    derived: lik.derived,
    info: { ...lik.info, variant: options.variant },
  };
}
