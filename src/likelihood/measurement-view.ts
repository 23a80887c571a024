/**
 * A model description seen as what it compares with data: the measurements (names, values, the covariance
 * the likelihood uses), the predictions at any point of the model's parameters, the predictions at the SM
 * point, and the pseudo-measurements that constrain nuisances. The goodness-of-fit outputs
 * (output/goodness-of-fit.ts) are computed from it, in float64 on the CPU, from the same numbers the
 * density compiles, so that χ² here is −2 log L of the likelihood up to its constant.
 *
 * The covariance is the one the likelihood uses: experimental only where theory uncertainties enter through
 * sampled nuisances (EW: SM inputs; full flavour fits: form factors, hadronic parameters), experimental plus
 * the theory covariance at the SM point where they are folded into it (the clean flavour fit, smelli's
 * FastLikelihood approach).
 *
 * The SM point: Wilson coefficients 0, each nuisance at its central value (the mean of its Gaussian prior,
 * the middle of its flat box), which for the EW model is its reference point θ_ref (M_Z's flat box is
 * centred on its measurement). The full flavour fits' flat hadronic parameters have no central value (h = 0
 * is not even a valid PDD point): there the caller supplies them (smWithFlatNuisancesAt).
 *
 * Models without measurements (test targets, user densities, CPU functions) have no view (null).
 */
import { choleskyLower, invertLowerTriangular } from '../numerics/linear-algebra.ts';
import type { FlavourPointModel, LinearisedGaussianModel, MappedModel, ModelDescription, Prior, QuadraticRatioGaussianModel, SumModel } from './model.ts';
import { scratchSize } from './flavour-point-tables.ts';

export interface MeasurementView {
  /** One per measured observable (bin), in the likelihood's order. */
  names: string[];
  /** The measurement (catalogue name: experiment, paper) each comes from, where the model says. */
  sources?: string[];
  measured: Float64Array;
  /** n × n, row-major: the covariance of (prediction − measurement) the likelihood uses. */
  covariance: Float64Array;
  /** Predictions of every measurement at the point theta (the model's parameters), into out. */
  predict(theta: Float64Array, out: Float64Array): void;
  smPrediction: Float64Array;
  /**
   * Pseudo-measurements: one per Gaussian-prior parameter (its prior read as a measurement of it), plus the
   * model's own (the PDD constraints on the hadronic parameters), and their χ² at a point and at the SM point.
   */
  pseudoMeasurements: number;
  pseudoChi2(theta: Float64Array): number;
  smPseudoChi2: number;
  /**
   * For models whose flat-prior nuisances have no central value of their own (the PDD/PMD hadronic
   * parameters: HEPfit's priors are flat in |h| and phase): the SM prediction with those nuisances at the
   * given point's values (the posterior mean; a mean of points in a box or disc lies in it), coefficients 0,
   * Gaussian nuisances at their means. Absent where smPrediction needs no such input.
   */
  smWithFlatNuisancesAt?(theta: Float64Array): { prediction: Float64Array; pseudoChi2: number };
}

/** Σ ((θ_i − m_i)/sd_i)² over the Gaussian priors, and how many there are. */
function gaussianPriorTerms(priors: Prior[]): { count: number; chi2(theta: ArrayLike<number>): number } {
  const terms = priors.flatMap((p, i) => (p.kind === 'gaussian' ? [{ i, mean: p.mean, sd: p.sd }] : []));
  return {
    count: terms.length,
    chi2: (theta) => terms.reduce((s, t) => s + ((theta[t.i] - t.mean) / t.sd) ** 2, 0),
  };
}

/** Central value of a prior: the Gaussian mean, the middle of a finite flat box, else 0. */
function centralValue(prior: Prior): number {
  if (prior.kind === 'gaussian') return prior.mean;
  return Number.isFinite(prior.lower) && Number.isFinite(prior.upper) ? 0.5 * (prior.lower + prior.upper) : 0;
}

function linearisedView(model: LinearisedGaussianModel): MeasurementView {
  const nObs = model.measured.length;
  const nPar = model.parameterNames.length;
  const delta = new Float64Array(nPar);
  const quadratic = model.quadratic ?? [];
  // y = y0 + A δ + ½ δᵀ B δ with B symmetrised: an entry (o, i, j, v) adds v δ_i δ_j for i < j, ½ v δ_i² for i = j (model.ts).
  const predict = (theta: Float64Array, out: Float64Array): void => {
    for (let i = 0; i < nPar; i++) delta[i] = theta[i] - model.reference[i];
    for (let o = 0; o < nObs; o++) {
      let y = model.y0[o];
      for (let i = 0; i < nPar; i++) y += model.jacobian[o * nPar + i] * delta[i];
      out[o] = y;
    }
    for (const { observable, i, j, value } of quadratic) out[observable] += (i === j ? 0.5 : 1) * value * delta[i] * delta[j];
  };
  const priors = gaussianPriorTerms(model.priors);
  // The EW model's reference is the SM point: coefficients 0, nuisances at their central values.
  const sm = new Float64Array(nObs);
  predict(model.reference, sm);
  return {
    names: [...model.observableNames],
    measured: Float64Array.from(model.measured),
    covariance: Float64Array.from(model.covariance),
    predict,
    smPrediction: sm,
    pseudoMeasurements: priors.count,
    pseudoChi2: priors.chi2,
    smPseudoChi2: priors.chi2(model.reference),
  };
}

function quadraticRatioView(model: QuadraticRatioGaussianModel): MeasurementView {
  const nObs = model.measured.length;
  const nPar = model.parameterNames.length;
  const kappa = new Float64Array(model.nCoupling);
  // q_f(κ) = k00 + 2k01 a + 2k02 b + k11 a² + 2k12 ab + k22 b², (a, b) = κ at formCouplings (model.ts).
  const form = (f: number): number => {
    const k = model.forms.subarray(6 * f, 6 * f + 6);
    const a = kappa[model.formCouplings[2 * f]];
    const b = kappa[model.formCouplings[2 * f + 1]];
    return k[0] + 2 * k[1] * a + 2 * k[2] * b + k[3] * a * a + 2 * k[4] * a * b + k[5] * b * b;
  };
  const predict = (theta: Float64Array, out: Float64Array): void => {
    for (let r = 0; r < model.nCoupling; r++) {
      let s = 0;
      for (let p = 0; p < nPar; p++) s += model.couplingMap[r * nPar + p] * theta[p];
      kappa[r] = s;
    }
    for (let o = 0; o < nObs; o++) out[o] = (model.factor[o] * form(model.numerator[o])) / (model.denominator[o] >= 0 ? form(model.denominator[o]) : 1);
  };
  const sm = new Float64Array(nObs);
  predict(Float64Array.from(model.priors, centralValue), sm);
  return {
    names: model.observableNames ? [...model.observableNames] : Array.from({ length: nObs }, (_, o) => `observable ${o}`),
    ...(model.observableSources ? { sources: [...model.observableSources] } : {}),
    measured: Float64Array.from(model.measured),
    covariance: Float64Array.from(model.covariance),
    predict,
    smPrediction: sm,
    pseudoMeasurements: 0,
    pseudoChi2: () => 0,
    smPseudoChi2: 0,
  };
}

function flavourPointView(model: FlavourPointModel): MeasurementView {
  const t = model.tables;
  const nObs = t.code.length;
  const x = new Float64Array(t.pointSize);
  const scratch = new Float64Array(scratchSize(t));
  // gain = 1/σ, target = y_exp/σ, W = L⁻¹ diag(σ) with C = L Lᵀ (scenarios/hadronic-tables.ts), so
  // L = diag(σ) W⁻¹ and C = diag(σ) W⁻¹ W⁻ᵀ diag(σ).
  const sigma = Float64Array.from(t.gain, (g) => 1 / g);
  const wInverse = invertLowerTriangular(t.whitening, nObs);
  const covariance = new Float64Array(nObs * nObs);
  for (let i = 0; i < nObs; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k <= j; k++) s += wInverse[i * nObs + k] * wInverse[j * nObs + k];
      covariance[i * nObs + j] = covariance[j * nObs + i] = sigma[i] * s * sigma[j];
    }
  }
  const theta = t.theta;
  // map() returns the log prior (Gaussian blocks, −½ χ²) minus ½ χ² of the PDD pseudo-measurements.
  const mapChi2 = (point: Float64Array): number => -2 * model.map(point, 0, x, 0);
  const predict = (point: Float64Array, out: Float64Array): void => {
    model.map(point, 0, x, 0);
    model.predict(t, x, 0, scratch, out);
  };
  let gaussianCount = 0;
  for (let b = 0; b < theta.priorBlocks.length; b += 3) gaussianCount += theta.priorBlocks[b + 1];
  // SM point: coefficients 0, Gaussian parameters at their means (`centre`), flat ones where given.
  const smPointAt = (flat: ArrayLike<number>): Float64Array =>
    Float64Array.from({ length: theta.nPar }, (_, i) => (i < theta.nWc ? 0 : Number.isFinite(theta.lower[i]) || Number.isFinite(theta.upper[i]) ? flat[i] : theta.centre[i]));
  const midBox = Float64Array.from({ length: theta.nPar }, (_, i) => 0.5 * (theta.lower[i] + theta.upper[i]));
  const smWithFlatNuisancesAt = (point: Float64Array) => {
    const at = smPointAt(point);
    const prediction = new Float64Array(nObs);
    predict(at, prediction);
    return { prediction, pseudoChi2: mapChi2(at) };
  };
  const mid = smWithFlatNuisancesAt(midBox);
  return {
    names: model.observableNames ? [...model.observableNames] : Array.from({ length: nObs }, (_, o) => `observable ${o}`),
    ...(model.observableSources ? { sources: [...model.observableSources] } : {}),
    measured: Float64Array.from(t.target, (v, o) => v * sigma[o]),
    covariance,
    predict,
    smPrediction: mid.prediction,
    pseudoMeasurements: gaussianCount + theta.pseudoValue.length,
    pseudoChi2: mapChi2,
    smPseudoChi2: mid.pseudoChi2,
    smWithFlatNuisancesAt,
  };
}

function sumView(model: SumModel): MeasurementView | null {
  const parts = model.parts.map((p) => ({ ...p, view: measurementView(p.model), local: new Float64Array(p.parameterIndex.length) }));
  if (parts.some((p) => p.view === null)) return null;
  const views = parts.map((p) => p.view!);
  const n = views.reduce((s, v) => s + v.names.length, 0);
  const covariance = new Float64Array(n * n);
  let offset = 0;
  for (const v of views) {
    const m = v.names.length;
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) covariance[(offset + i) * n + offset + j] = v.covariance[i * m + j];
    offset += m;
  }
  const gather = (part: (typeof parts)[number], theta: Float64Array): Float64Array => {
    for (let j = 0; j < part.parameterIndex.length; j++) part.local[j] = theta[part.parameterIndex[j]];
    return part.local;
  };
  const scratch = views.map((v) => new Float64Array(v.names.length));
  const concat = (arrays: Float64Array[]): Float64Array => {
    const out = new Float64Array(n);
    let at = 0;
    for (const a of arrays) {
      out.set(a, at);
      at += a.length;
    }
    return out;
  };
  return {
    names: views.flatMap((v) => v.names),
    ...(views.some((v) => v.sources) ? { sources: views.flatMap((v) => v.sources ?? v.names.map(() => '')) } : {}),
    measured: concat(views.map((v) => v.measured)),
    covariance,
    predict(theta, out) {
      let at = 0;
      parts.forEach((part, k) => {
        part.view!.predict(gather(part, theta), scratch[k]);
        out.set(scratch[k], at);
        at += scratch[k].length;
      });
    },
    smPrediction: concat(views.map((v) => v.smPrediction)),
    pseudoMeasurements: views.reduce((s, v) => s + v.pseudoMeasurements, 0),
    pseudoChi2: (theta) => parts.reduce((s, part) => s + part.view!.pseudoChi2(gather(part, theta)), 0),
    smPseudoChi2: views.reduce((s, v) => s + v.smPseudoChi2, 0),
    ...(views.some((v) => v.smWithFlatNuisancesAt)
      ? {
          smWithFlatNuisancesAt(theta: Float64Array) {
            const sm = parts.map((part) => part.view!.smWithFlatNuisancesAt?.(gather(part, theta)) ?? { prediction: part.view!.smPrediction, pseudoChi2: part.view!.smPseudoChi2 });
            return { prediction: concat(sm.map((x) => x.prediction)), pseudoChi2: sm.reduce((s, x) => s + x.pseudoChi2, 0) };
          },
        }
      : {}),
  };
}

function mappedView(model: MappedModel): MeasurementView | null {
  const inner = measurementView(model.inner);
  if (inner === null) return null;
  const innerPoint = new Float64Array(model.inner.parameterNames.length);
  // The SM of a UV model is that of the likelihood it maps onto (no new particle: coefficients 0).
  return {
    ...inner,
    predict(theta, out) {
      model.map(theta, innerPoint);
      inner.predict(innerPoint, out);
    },
    pseudoChi2(theta) {
      model.map(theta, innerPoint);
      return inner.pseudoChi2(innerPoint);
    },
    ...(inner.smWithFlatNuisancesAt
      ? {
          smWithFlatNuisancesAt(theta: Float64Array) {
            model.map(theta, innerPoint);
            return inner.smWithFlatNuisancesAt!(innerPoint);
          },
        }
      : {}),
  };
}

/** The measurements a model compares with, or null for a model without any (test targets, user code). */
export function measurementView(model: ModelDescription): MeasurementView | null {
  switch (model.kind) {
    case 'linearised-gaussian':
      return linearisedView(model);
    case 'quadratic-ratio-gaussian':
      return quadraticRatioView(model);
    case 'flavour-point':
      return flavourPointView(model);
    case 'sum':
      return sumView(model);
    case 'mapped':
      return mappedView(model);
    default:
      return null;
  }
}

/** (prediction − measurement)ᵀ C⁻¹ (prediction − measurement), C = L Lᵀ (L from choleskyLower). */
export function chiSquare(L: Float64Array, measured: Float64Array, prediction: Float64Array, z: Float64Array = new Float64Array(measured.length)): number {
  const n = measured.length;
  let chi2 = 0;
  for (let i = 0; i < n; i++) {
    let s = prediction[i] - measured[i];
    for (let k = 0; k < i; k++) s -= L[i * n + k] * z[k];
    z[i] = s / L[i * n + i];
    chi2 += z[i] * z[i];
  }
  return chi2;
}

/** Lower Cholesky factor of the view's covariance; throws when it is not positive definite. */
export function covarianceFactor(view: MeasurementView): Float64Array {
  const L = choleskyLower(view.covariance, view.names.length);
  if (L === null) throw new Error('measurement covariance is not positive definite');
  return L;
}
