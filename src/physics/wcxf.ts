/**
 * Wilson coefficients in the field's exchange format, WCxf (Aebischer et al., arXiv:1712.05298;
 * github.com/wcxf/wcxf-python): a YAML/JSON document with `eft`, `basis`, `scale` (GeV), `values`
 * (name → number, or {Re, Im} for a complex coefficient) and optional `metadata`.
 *
 *  - SMEFT, basis Warsaw: L = L_SM + Σ C_i O_i with C_i in GeV⁻² at `scale`. smeftfit's coefficients are
 *    C_i/Λ² in TeV⁻² with Λ = 1 TeV (smeft-ew.md §0), i.e. the same numbers times 10⁶ at scale 1000 GeV;
 *    names are the WCxf names already (ll_1221 in the WCxf normalisation, operator counted once).
 *    The quark coefficients carry the U(2) identification of paper §2: phiq1_11 = phiq1_22 (likewise
 *    phiq3, phiu, phid), so a file must give equal 11 and 22 entries.
 *  - WET, basis flavio: the b → sℓℓ coefficients C9_bsmumu, C10_bsmumu, C9_bsee, C10_bsee (new-physics
 *    parts, dimensionless) at μ_b = 4.8 GeV, the scale at which the project adds them (HEPfit WCscale).
 *
 * No renormalisation-group running is done here: a file at another scale is refused with the reason.
 */
import fs from 'node:fs';
import { stringify } from 'yaml';
import { z } from 'zod';
import { InputError } from '../errors.ts';
import { parseYamlLinear } from '../yaml-document.ts';
import { MAX_ABS_COEFFICIENT } from './wcxf-bounds.ts';
import { EW_WILSON_COEFFICIENTS } from './ew/wilson-coefficients.ts';
import { FLAVOUR_SMEFT_COEFFICIENTS, FLAVOUR_WET_COEFFICIENTS } from './flavour/matching.ts';

/** Scale of smeftfit's SMEFT coefficients: Λ = 1 TeV. */
export const SMEFT_SCALE_GEV = 1000;
/** Scale of smeftfit's WET b → sℓℓ coefficients: μ_b = 4.8 GeV. */
export const WET_SCALE_GEV = 4.8;
export { MAX_ABS_COEFFICIENT } from './wcxf-bounds.ts';

/** A real WCxf point (all of SMEFT/Warsaw) has about 2 500 entries, some 100–200 KB; this is well past it. */
const MAX_WCXF_BYTES = 1 << 20;
/** C [GeV⁻²] = C [TeV⁻²] · 10⁻⁶. */
export const GEV2_PER_TEV2 = 1e-6;

/** Warsaw entries that smeftfit's single U(2) parameter `X_11` stands for (X_11 = X_22). */
const U2_PARTNERS: Record<string, string> = { phiq1_11: 'phiq1_22', phiq3_11: 'phiq3_22', phiu_11: 'phiu_22', phid_11: 'phid_22' };

/** smeftfit's SMEFT parameters (WCxf Warsaw names, TeV⁻²). */
export const SMEFT_PARAMETERS: readonly string[] = [...new Set([...EW_WILSON_COEFFICIENTS, ...FLAVOUR_SMEFT_COEFFICIENTS])];

const finite = z.number().refine(Number.isFinite, 'expected a finite number');
const wcxfSchema = z
  .object({
    eft: z.string(),
    basis: z.string(),
    scale: finite.refine((s) => s > 0, 'expected a positive scale in GeV'),
    values: z.record(z.string(), z.union([finite, z.object({ Re: finite.optional(), Im: finite.optional() }).strict()])),
    metadata: z.unknown().optional(),
  })
  .strict();

/** A point in smeftfit's own parameters: SMEFT in TeV⁻² at Λ = 1 TeV, or WET at μ_b. */
export interface WcxfPoint {
  eft: 'SMEFT' | 'WET';
  coefficients: Record<string, number>;
}

const sameScale = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * b;

/** Parses a WCxf document (YAML or JSON text) into smeftfit's parameters; every problem is one InputError line. */
export function parseWcxf(text: string, file: string): WcxfPoint {
  const point = parseWcxfUnbounded(text, file);
  for (const [name, value] of Object.entries(point.coefficients)) {
    if (!(Math.abs(value) <= MAX_ABS_COEFFICIENT)) {
      throw new InputError(`${file}: WCxf values.${name}: ${value} ${point.eft === 'SMEFT' ? 'TeV⁻² ' : ''}is beyond ±${MAX_ABS_COEFFICIENT}, where no prediction is meaningful`);
    }
  }
  return point;
}

function parseWcxfUnbounded(text: string, file: string): WcxfPoint {
  const { doc, error } = parseYamlLinear(text);
  if (error !== undefined) throw new InputError(`${file}: not a WCxf file (YAML, line ${error.line}: ${error.message})`);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new InputError(`${file}: not a WCxf file (${(error as Error).message.split('\n')[0]})`);
  }
  const parsed = wcxfSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const keys = issue.code === 'unrecognized_keys' ? ` ${(issue as { keys: string[] }).keys.map((k) => `'${k}'`).join(', ')}` : '';
    throw new InputError(`${file}: WCxf ${issue.path.join('.') || '(top level)'}: ${issue.message}${keys}`);
  }
  const { eft, basis, scale, values } = parsed.data;
  const real: Record<string, number> = {};
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'number') real[name] = value;
    else if ((value.Im ?? 0) !== 0) throw new InputError(`${file}: WCxf values.${name}: imaginary part ${value.Im}; smeftfit's coefficients are real (CP-conserving)`);
    else real[name] = value.Re ?? 0;
  }
  if (eft === 'SMEFT' && basis === 'Warsaw') {
    if (!sameScale(scale, SMEFT_SCALE_GEV)) {
      throw new InputError(`${file}: WCxf scale: smeftfit's SMEFT coefficients are defined at Λ = 1 TeV (scale ${SMEFT_SCALE_GEV} GeV), got ${scale} GeV; run them to ${SMEFT_SCALE_GEV} GeV first (e.g. with the wilson package)`);
    }
    return { eft: 'SMEFT', coefficients: warsawToParameters(real, file) };
  }
  if (eft === 'WET' && basis === 'flavio') {
    if (!sameScale(scale, WET_SCALE_GEV)) {
      throw new InputError(`${file}: WCxf scale: smeftfit's WET coefficients are defined at μ_b = ${WET_SCALE_GEV} GeV, got ${scale} GeV; run them to ${WET_SCALE_GEV} GeV first (e.g. with the wilson package)`);
    }
    const coefficients: Record<string, number> = {};
    for (const [name, value] of Object.entries(real)) {
      if ((FLAVOUR_WET_COEFFICIENTS as readonly string[]).includes(name)) coefficients[name] = value;
      else if (value !== 0) throw new InputError(`${file}: WCxf values.${name}: not a coefficient smeftfit predicts with (WET: ${FLAVOUR_WET_COEFFICIENTS.join(', ')})`);
    }
    return { eft: 'WET', coefficients };
  }
  throw new InputError(`${file}: WCxf eft/basis ${eft}/${basis}: smeftfit reads SMEFT/Warsaw (scale ${SMEFT_SCALE_GEV} GeV) and WET/flavio (scale ${WET_SCALE_GEV} GeV)`);
}

function warsawToParameters(values: Record<string, number>, file: string): Record<string, number> {
  const partners = new Set(Object.values(U2_PARTNERS));
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(values)) {
    if (SMEFT_PARAMETERS.includes(name)) out[name] = value / GEV2_PER_TEV2;
    else if (!partners.has(name) && value !== 0) {
      throw new InputError(`${file}: WCxf values.${name}: not in smeftfit's model (Warsaw coefficients it knows: ${SMEFT_PARAMETERS.join(', ')})`);
    }
  }
  for (const [first, second] of Object.entries(U2_PARTNERS)) {
    const a = values[first] ?? 0;
    const b = values[second] ?? 0;
    if (Math.abs(a - b) > 1e-9 * Math.max(Math.abs(a), Math.abs(b))) {
      throw new InputError(`${file}: WCxf values.${second}: smeftfit's quark coefficients are U(2)-symmetric (${first} = ${second}, paper §2), got ${a} and ${b}`);
    }
  }
  return out;
}

export function readWcxfFile(file: string): WcxfPoint {
  let text: string;
  try {
    if (fs.statSync(file).size > MAX_WCXF_BYTES) throw new InputError(`${file}: not a WCxf file (larger than ${MAX_WCXF_BYTES >> 20} MiB)`);
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${file}: cannot read the WCxf file`);
  }
  return parseWcxf(text, file);
}

/**
 * smeftfit's SMEFT parameters (TeV⁻², Λ = 1 TeV) as a WCxf SMEFT/Warsaw document at 1000 GeV, values in
 * GeV⁻²; a U(2) parameter X_11 is written as both Warsaw entries X_11 and X_22. Other parameters
 * (SM-input nuisances) are not Wilson coefficients and are left out.
 */
export function smeftToWcxf(parameters: Record<string, number>, metadata?: Record<string, unknown>): string {
  const values: Record<string, number> = {};
  for (const [name, value] of Object.entries(parameters)) {
    if (!SMEFT_PARAMETERS.includes(name)) continue;
    values[name] = value * GEV2_PER_TEV2;
    if (name in U2_PARTNERS) values[U2_PARTNERS[name]] = value * GEV2_PER_TEV2;
  }
  return stringify({ eft: 'SMEFT', basis: 'Warsaw', scale: SMEFT_SCALE_GEV, values, ...(metadata ? { metadata } : {}) });
}
