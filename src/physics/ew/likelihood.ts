/**
 * The EW precision likelihood as a LinearisedGaussianModel (src/likelihood/model.ts):
 * correlated Gaussian measurements, predictions y(θ) = y0 + A δ + ½ δᵀ B δ around the nuisance
 * central values, θ = (Wilson coefficients…, MH, mt, als, dalhad, MZ).
 *
 * The predictions are linear in the Wilson coefficients (exact at the linear SMEFT order of
 * predict.ts). The SM dependence on the nuisances is Taylor-expanded to second order, with the
 * Wilson-coefficient × nuisance cross terms (the SMEFT shifts depend on sin²θ_eff, M_W, ŝ², y_t);
 * test/physics/ew/likelihood.test.ts bounds the expansion error over ±5σ of every nuisance.
 */
import { InputError } from '../../errors.ts';
import type { LinearisedGaussianModel, Prior } from '../../likelihood/model.ts';
import { requireInverseSpd, symmetricEigen } from '../../numerics/linear-algebra.ts';
import { type EwDataSet, type ZLineshapeDataSet, loadEwData } from './measurements.ts';
import { EW_NUISANCE_NAMES, EW_WILSON_COEFFICIENTS, type EwTheoryOptions, ewPredictionParts } from './predict.ts';
import type { SmInputs } from './sm-inputs.ts';

/**
 * How M_Z is constrained: by the LEP lineshape measurement only, under a flat prior (default; M_Z is
 * the first row of the correlated Z-lineshape set, ew-data.md §1), or additionally by a Gaussian prior
 * with the same numbers (counts the measurement twice).
 */
export type MZConstraint = 'lineshape-only' | 'prior-and-lineshape';

export interface EwLikelihoodOptions extends EwTheoryOptions {
  /** The data folder (holds physics/ew/ew-data.json): the package's data/, or a test's reference folder. */
  dataDir: string;
  /** Subset of EW_WILSON_COEFFICIENTS to float, in this order (before the nuisances). */
  wilsonCoefficients: string[];
  /** Leading-log running on (default) or off (tree-level fit). */
  running?: boolean;
  zLineshape?: ZLineshapeDataSet;
  mzConstraint?: MZConstraint;
  /** Half-width of each Wilson coefficient's flat prior [TeV⁻²]; default from the Fisher matrix (see below). */
  wcHalfWidths?: Record<string, number>;
}

export interface EwLikelihoodBuild {
  model: LinearisedGaussianModel;
  data: EwDataSet;
  /** Expected posterior sd of each Wilson coefficient from the Fisher matrix at the reference (nuisances marginalised): Infinity along flat directions. */
  marginalSd: Record<string, number>;
  /** sd of each Wilson coefficient with the others fixed at 0 (nuisances marginalised). */
  conditionalSd: Record<string, number>;
  nuisanceSd: Record<string, number>;
}

/**
 * Flat-prior half-width: 20 expected marginal sd; along flat directions of the EW data alone (e.g. C_lu
 * against C_Hl1 when both float), 200 conditional sd. Rounded up to 2 significant digits.
 */
function defaultHalfWidth(marginal: number, conditional: number): number {
  const w = Number.isFinite(marginal) ? 20 * marginal : 200 * conditional;
  const scale = 10 ** (Math.floor(Math.log10(w)) - 1);
  return Number((Math.ceil(w / scale) * scale).toPrecision(2));
}

/** Relevance cut for second-order terms: kept if they can move a prediction by 10⁻⁴ σ_exp over the ranges below. */
const QUADRATIC_RELEVANCE = 1e-4;

export function buildEwLikelihood(options: EwLikelihoodOptions): EwLikelihoodBuild {
  const wcs = options.wilsonCoefficients;
  const valid = new Set(EW_WILSON_COEFFICIENTS);
  for (const w of wcs) {
    if (!valid.has(w)) throw new InputError(`unknown EW Wilson coefficient '${w}'; valid: ${EW_WILSON_COEFFICIENTS.join(', ')}`);
  }
  if (new Set(wcs).size !== wcs.length) throw new InputError(`EW Wilson coefficients listed twice in ${wcs.join(', ')}`);
  const data = loadEwData(options.dataDir, options.zLineshape);
  const tree = options.running === false;
  const nW = wcs.length;
  const nuisances = EW_NUISANCE_NAMES.map((name) => {
    const c = data.smInputs.find((s) => s.name === name);
    if (!c) throw new InputError(`EW data file has no SM input '${name}'`);
    return c;
  });
  const nN = nuisances.length;
  const npar = nW + nN;
  const nobs = data.measurements.length;
  const sigmaExp = data.measurements.map((m) => m.error);

  // Predictions of every measurement row at (Wilson coefficients, nuisance vector).
  const predict = (wilson: Record<string, number>, nuis: number[]): Float64Array => {
    const inputs = {} as SmInputs;
    nuisances.forEach((c, i) => (inputs[c.name as keyof SmInputs] = nuis[i]));
    const { sm, shifts } = ewPredictionParts(wilson, inputs, tree, options);
    return Float64Array.from(data.measurements, (m) => sm.observables[m.observable] + shifts[m.observable]);
  };
  const centre = nuisances.map((c) => c.value);
  const shifted = (i: number, hi: number, j = -1, hj = 0): number[] =>
    centre.map((v, k) => v + (k === i ? hi : 0) + (k === j ? hj : 0));
  const unitShift = (k: number, nuis: number[]): Float64Array => {
    const base = predict({}, nuis);
    const withUnit = predict({ [wcs[k]]: 1 }, nuis);
    return withUnit.map((v, r) => v - base[r]);
  };

  const y0 = predict({}, centre);
  const jacobian = new Float64Array(nobs * npar);
  for (let k = 0; k < nW; k++) {
    const s = unitShift(k, centre);
    for (let r = 0; r < nobs; r++) jacobian[r * npar + k] = s[r];
  }
  // Central differences with h = ½σ: truncation O(h²f‴) and round-off far below 10⁻⁶ σ_exp.
  const h = nuisances.map((c) => 0.5 * c.error);
  const plus: Float64Array[] = [];
  const minus: Float64Array[] = [];
  for (let i = 0; i < nN; i++) {
    plus.push(predict({}, shifted(i, h[i])));
    minus.push(predict({}, shifted(i, -h[i])));
    for (let r = 0; r < nobs; r++) jacobian[r * npar + nW + i] = (plus[i][r] - minus[i][r]) / (2 * h[i]);
  }

  // Fisher matrix F = Aᵀ V⁻¹ A + Gaussian prior precisions of the nuisances.
  const vInv = requireInverseSpd(data.covariance, nobs, 'EW measurement covariance');
  const mzOnlyLineshape = (options.mzConstraint ?? 'lineshape-only') === 'lineshape-only';
  const fisher = new Float64Array(npar * npar);
  for (let a = 0; a < npar; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let r = 0; r < nobs; r++) {
        const ja = jacobian[r * npar + a];
        if (ja === 0) continue;
        for (let t = 0; t < nobs; t++) s += ja * vInv[r * nobs + t] * jacobian[t * npar + b];
      }
      fisher[a * npar + b] = s;
      fisher[b * npar + a] = s;
    }
  }
  nuisances.forEach((c, i) => {
    if (c.name === 'MZ' && mzOnlyLineshape) return;
    fisher[(nW + i) * npar + nW + i] += 1 / (c.error * c.error);
  });
  const { marginalSd, conditionalSd } = wilsonCoefficientSds(fisher, npar, nW, wcs);

  // Second-order terms. Ranges over which relevance is judged: ±5σ for nuisances, ±10 sd for WCs.
  const range = [...wcs.map((w) => 10 * Math.min(marginalSd[w], 10 * conditionalSd[w])), ...h.map((x) => 10 * x)];
  const quadratic: NonNullable<LinearisedGaussianModel['quadratic']> = [];
  const keep = (i: number, j: number, values: ArrayLike<number>): void => {
    for (let r = 0; r < nobs; r++) {
      const value = values[r];
      const reach = Math.abs(value) * range[i] * range[j] * (i === j ? 0.5 : 1);
      if (reach > QUADRATIC_RELEVANCE * sigmaExp[r]) quadratic.push({ observable: r, i, j, value });
    }
  };
  for (let i = 0; i < nN; i++) {
    keep(nW + i, nW + i, y0.map((v, r) => (plus[i][r] - 2 * v + minus[i][r]) / (h[i] * h[i])));
    for (let j = i + 1; j < nN; j++) {
      const pp = predict({}, shifted(i, h[i], j, h[j]));
      const pm = predict({}, shifted(i, h[i], j, -h[j]));
      const mp = predict({}, shifted(i, -h[i], j, h[j]));
      const mm = predict({}, shifted(i, -h[i], j, -h[j]));
      keep(nW + i, nW + j, pp.map((v, r) => (v - pm[r] - mp[r] + mm[r]) / (4 * h[i] * h[j])));
    }
  }
  for (let k = 0; k < nW; k++) {
    for (let i = 0; i < nN; i++) {
      const sp = unitShift(k, shifted(i, h[i]));
      const sm = unitShift(k, shifted(i, -h[i]));
      keep(k, nW + i, sp.map((v, r) => (v - sm[r]) / (2 * h[i])));
    }
  }

  // A half-width for a coefficient this fit does not float would be silently unused: refuse it.
  for (const name of Object.keys(options.wcHalfWidths ?? {})) {
    if (!wcs.includes(name)) throw new InputError(`wcHalfWidths: '${name}' is not a Wilson coefficient of this fit (it floats ${wcs.join(', ')})`);
  }
  const priors: Prior[] = [
    ...wcs.map((w): Prior => {
      const hw = options.wcHalfWidths?.[w] ?? defaultHalfWidth(marginalSd[w], conditionalSd[w]);
      if (!(hw > 0) || !Number.isFinite(hw)) throw new InputError(`EW prior half-width of '${w}' must be a positive number`);
      return { kind: 'flat', lower: -hw, upper: hw };
    }),
    ...nuisances.map((c): Prior =>
      c.name === 'MZ' && mzOnlyLineshape
        ? // Flat box ±25σ: wide against the lineshape constraint, keeps walkers in the expansion's domain.
          { kind: 'flat', lower: c.value - 25 * c.error, upper: c.value + 25 * c.error }
        : { kind: 'gaussian', mean: c.value, sd: c.error },
    ),
  ];
  const model: LinearisedGaussianModel = {
    kind: 'linearised-gaussian',
    parameterNames: [...wcs, ...nuisances.map((c) => c.name)],
    observableNames: data.measurements.map((m) => m.id),
    reference: Float64Array.from([...wcs.map(() => 0), ...centre]),
    y0,
    jacobian,
    quadratic,
    measured: Float64Array.from(data.measurements, (m) => m.value),
    covariance: data.covariance,
    priors,
  };
  const nuisanceSd: Record<string, number> = {};
  nuisances.forEach((c) => (nuisanceSd[c.name] = c.error));
  return { model, data, marginalSd, conditionalSd, nuisanceSd };
}

/**
 * Marginal and conditional sds of the first nW parameters from a Fisher matrix whose remaining
 * parameters (nuisances) are marginalised through the Schur complement. Flat directions (eigenvalues
 * below 10⁻¹⁰ of the largest) give an infinite marginal sd to every coefficient they involve.
 */
export function wilsonCoefficientSds(
  fisher: Float64Array,
  npar: number,
  nW: number,
  names: string[],
): { marginalSd: Record<string, number>; conditionalSd: Record<string, number> } {
  const nN = npar - nW;
  const fnn = new Float64Array(nN * nN);
  for (let i = 0; i < nN; i++) for (let j = 0; j < nN; j++) fnn[i * nN + j] = fisher[(nW + i) * npar + nW + j];
  const fnnInv = requireInverseSpd(fnn, nN, 'nuisance Fisher block');
  const schur = new Float64Array(nW * nW);
  for (let a = 0; a < nW; a++) {
    for (let b = 0; b < nW; b++) {
      let s = fisher[a * npar + b];
      for (let i = 0; i < nN; i++) {
        for (let j = 0; j < nN; j++) s -= fisher[a * npar + nW + i] * fnnInv[i * nN + j] * fisher[(nW + j) * npar + b];
      }
      schur[a * nW + b] = s;
    }
  }
  const { values, vectors } = symmetricEigen(schur, nW);
  const largest = Math.max(...values);
  const marginalSd: Record<string, number> = {};
  const conditionalSd: Record<string, number> = {};
  for (let a = 0; a < nW; a++) {
    let variance = 0;
    for (let j = 0; j < nW; j++) {
      const weight = vectors[a * nW + j] ** 2;
      if (values[j] <= 1e-10 * largest) {
        if (weight > 1e-6) variance = Infinity;
      } else {
        variance += weight / values[j];
      }
    }
    marginalSd[names[a]] = Math.sqrt(variance);
    conditionalSd[names[a]] = 1 / Math.sqrt(schur[a * nW + a]);
  }
  return { marginalSd, conditionalSd };
}

/** The EW likelihood over a chosen subset of the 21 Wilson coefficients plus the nuisances. */
export function ewLikelihoodModel(options: EwLikelihoodOptions): LinearisedGaussianModel {
  return buildEwLikelihood(options).model;
}
