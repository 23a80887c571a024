/**
 * Predictions for `smeftfit predict`: flavio-named observables at a point in WET and/or SMEFT coefficients.
 * WET NP contributions (C9_bsmumu, …, at μ_b) add to those matched from the SMEFT (eq. 2.6, matching.ts).
 */
import { InputError } from '../../errors.ts';
import { FlavourTheory } from './bin-kernels.ts';
import { CompiledObservables } from './compiled-observables.ts';
import { isCleanObservable } from './likelihood-list.ts';
import { FULL_FIT_QUADRATURE, PointObservables, assertComputable, centralPoint } from './point-observables.ts';
import {
  FLAVOUR_SMEFT_COEFFICIENTS,
  FLAVOUR_WET_COEFFICIENTS,
  type AlphaEChoice,
  type TopYukawaChoice,
  smeftToWet,
} from './matching.ts';
import { type FlDefinition, defineObservable } from './observables.ts';
import { withBin } from './observable-name.ts';
import { type InputScheme, INPUT_SCHEMES, flavourParameters } from './parameters.ts';

export { FLAVOUR_SMEFT_COEFFICIENTS, FLAVOUR_WET_COEFFICIENTS };

/**
 * The standard observable set: every key of flavour-validation.json that this module computes (R_K, R_K*,
 * B_s → ℓℓ, B → K(*)ℓℓ rates and B0 → K*μμ angular observables) and every clean bin in flavour-data.json.
 */
const ANGULAR_BINS: [number, number][] = [
  [0.1, 0.98],
  [1.1, 2.5],
  [2.5, 4.0],
  [4.0, 6.0],
  [6.0, 8.0],
  [1.1, 6.0],
];
const bin = ([a, b]: [number, number]): string => withBin('', a, b);
export const FLAVOUR_OBSERVABLE_NAMES: readonly string[] = [
  // LFU ratios (validation keys and data bins: LHCb 2017/2019/2022, Belle 2019)
  '<Rmue>(B+->Kll)[1.1,6.0]',
  '<Rmue>(B+->Kll)[0.1,1.1]',
  '<Rmue>(B+->Kll)[0.1,0.98]',
  '<Rmue>(B0->K*ll)[0.045,1.1]',
  '<Rmue>(B0->K*ll)[1.1,6.0]',
  '<Rmue>(B0->K*ll)[0.1,1.1]',
  '<Rmue>(B0->K*ll)[0.1,0.98]',
  '<Rmue>(B0->K*ll)[0.1,8.0]',
  '<Rmue>(B0->K*ll)[15.0,19.0]',
  '<Rmue>(B+->K*ll)[0.1,8.0]',
  '<Rmue>(B+->K*ll)[15.0,19.0]',
  'BR(Bs->mumu)',
  'BR(Bs->ee)',
  '<dBR/dq2>(B+->Kmumu)[1.1,6.0]',
  '<dBR/dq2>(B+->Kee)[1.1,6.0]',
  '<dBR/dq2>(B0->K*ee)[1.1,6.0]',
  ...ANGULAR_BINS.map((b) => `<dBR/dq2>(B0->K*mumu)${bin(b)}`),
  ...['FL', 'AFB', 'S3', 'S4', 'S5', 'S7', 'S8', 'S9', 'P1', 'P2', 'P3', 'P4p', 'P5p', 'P6p', 'P8p'].flatMap((k) =>
    ANGULAR_BINS.map((b) => `<${k}>(B0->K*mumu)${bin(b)}`),
  ),
];

export interface FlavourPredictOptions {
  /** α_e in the matching factor K (default 'alpha0'). */
  alphaE?: AlphaEChoice;
  /** y_t in the matching factor K (default 'tree'). */
  yt?: TopYukawaChoice;
  /** Numerical input scheme (default 'hepfit', the paper's; 'flavio' reproduces flavour-validation.json). */
  scheme?: InputScheme;
  /** Naive factorisation instead of NLO ΔC7/ΔC9 and spectator scattering (cross-checks only). */
  nlo?: boolean;
  /** Hard-spectator scattering in B → K*ℓℓ (default true; false reproduces the form-factor-only NLO result). */
  spectator?: boolean;
  /** The SM's C7′ = (m_s/m_b) C7 (default true; false reproduces the spec's naive cross-check). */
  smC7Prime?: boolean;
  /** F_L definition (default 'lhcb' = −J2c/Γ′ as flavio and LHCb; 'hepfit' = (3J1c − J2c)/(4Γ′)). */
  flDefinition?: FlDefinition;
  dataDir?: string;
}

export interface FlavourPredictRequest {
  observables: string[];
  wet?: Record<string, number>;
  smeft?: Record<string, number>;
  options?: FlavourPredictOptions;
}

export function predictFlavour(request: FlavourPredictRequest): Record<string, number> {
  const options = request.options ?? {};
  const scheme = options.scheme ?? 'hepfit';
  if (!INPUT_SCHEMES.includes(scheme)) throw new InputError(`unknown flavour input scheme '${scheme}'`);
  for (const name of Object.keys(request.wet ?? {})) {
    if (!(FLAVOUR_WET_COEFFICIENTS as readonly string[]).includes(name)) {
      throw new InputError(`unknown WET coefficient '${name}' (expected one of ${FLAVOUR_WET_COEFFICIENTS.join(', ')})`);
    }
  }
  const matched = smeftToWet(request.smeft ?? {}, { alphaE: options.alphaE, yt: options.yt });
  const wet = request.wet ?? {};
  const np = {
    c9mu: matched.C9_bsmumu + (wet.C9_bsmumu ?? 0),
    c10mu: matched.C10_bsmumu + (wet.C10_bsmumu ?? 0),
    c9e: matched.C9_bsee + (wet.C9_bsee ?? 0),
    c10e: matched.C10_bsee + (wet.C10_bsee ?? 0),
  };
  const params = flavourParameters(scheme, options.dataDir);
  const theory = new FlavourTheory(
    params,
    FlavourTheory.centralHadronic(params, options.dataDir),
    {
      nlo: options.nlo ?? true,
      spectator: options.spectator ?? true,
      smC7Prime: options.smC7Prime ?? true,
      flDefinition: options.flDefinition ?? 'lhcb',
      subintervals: 4,
      order: 16,
    },
    options.dataDir,
  );
  // Each observable through the code of the fits that use it: LFU ratios and B_s → ℓℓ through the clean fits'
  // quadratic forms; angular observables, rates and radiative decays through the full fits' float64 code
  // (point-predictions.ts) at the central hadronic point, with their quadrature.
  const clean = request.observables.filter((n) => isCleanObservable(n) && isQuadraticFormObservable(n, options.flDefinition));
  const rest = request.observables.filter((n) => !clean.includes(n));
  const result = new Map<string, number>();
  if (clean.length > 0) {
    const compiled = new CompiledObservables(clean, theory);
    const out = new Float64Array(compiled.size);
    compiled.evaluate(np, out);
    clean.forEach((n, i) => result.set(n, out[i]));
  }
  if (rest.length > 0) {
    const full = fullFitObservables(rest, params, options);
    const out = new Float64Array(rest.length);
    full.evaluate(centralPoint(full.theory, [np.c9mu, np.c10mu, np.c9e, np.c10e], options.dataDir), 0, out, 0);
    rest.forEach((n, i) => result.set(n, out[i]));
  }
  return Object.fromEntries(request.observables.map((n) => [n, result.get(n)!]));
}

/** Whether `predict` computes the flavour observable: the clean fits' code or the full fits' code does. */
export function isFlavourObservable(name: string): boolean {
  if (isQuadraticFormObservable(name)) return true;
  try {
    assertComputable(name);
    return true;
  } catch (e) {
    if (e instanceof InputError) return false;
    throw e;
  }
}

/** Whether the clean fits' quadratic-form code (observables.ts) computes the observable. */
function isQuadraticFormObservable(name: string, flDefinition: FlDefinition = 'lhcb'): boolean {
  try {
    defineObservable(name, flDefinition);
    return true;
  } catch (e) {
    if (e instanceof InputError) return false;
    throw e;
  }
}

/**
 * The observables as the full (nuisance-sampling) fits build them (flavour-hadronic.ts: NLO, spectator
 * scattering, Gauss–Legendre 2 × 8 per bin, PDD treatment), so that predict prints the value those fits use.
 */
export function fullFitObservables(names: readonly string[], params: ReturnType<typeof flavourParameters>, options: FlavourPredictOptions = {}): PointObservables {
  const theory = new FlavourTheory(
    params,
    FlavourTheory.centralHadronic(params, options.dataDir),
    { nlo: options.nlo ?? true, spectator: options.spectator ?? true, smC7Prime: options.smC7Prime ?? true, ...FULL_FIT_QUADRATURE },
    options.dataDir,
  );
  return new PointObservables(names, theory, options.flDefinition ?? 'lhcb', options.dataDir, 'pdd');
}
