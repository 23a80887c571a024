/**
 * Leptoquark models (paper §5.2, table 1, fig. 7): one leptoquark state of mass M coupling the
 * right-handed top to the leptons of one generation with strength λ, matched through eq. 5.12 onto
 * C_lu(ℓℓ33) or C_eu(ℓℓ33) and fitted in (M, λ) to EW + clean b → sℓℓ data. As for the Z′, the Z-coupling
 * coefficient that fig. 5 needs (C_Hl(1)(ℓℓ) beside C_lu, C_He(ℓℓ) beside C_eu, §5.1 end) floats freely:
 * a leptoquark alone generates it only at one loop (§5.2, last paragraph).
 */
import { z } from 'zod';
import { InputError } from '../errors.ts';
import type { FlavourData } from '../physics/flavour/data.ts';
import { buildCombinedScenario } from '../scenarios/combined.ts';
import { combinedOptionsSchema, parseScenarioOptions } from '../scenarios/scenario-options.ts';
import type { ScenarioModel } from '../scenarios/scenario.ts';
import { LEPTOQUARK_STATES, leptoquarkCoefficient, leptoquarkCoefficientName, type LeptoquarkStateId } from './leptoquark-states.ts';
import { buildUvModel } from './uv-model.ts';

export const leptoquarkOptionsSchema = combinedOptionsSchema
  .extend({
    /** Table-1 state; default: fig. 7's scalar (3,2,−7/6) for muons, vector (3,2,−1/6) for electrons. */
    state: z.enum(Object.keys(LEPTOQUARK_STATES) as [LeptoquarkStateId, ...LeptoquarkStateId[]]).optional(),
    lepton: z.enum(['mu', 'e']).optional(),
    massRangeTeV: z.tuple([z.number().positive(), z.number().positive()]).optional(),
    couplingMax: z.number().positive().optional(),
  })
  .strict();

export type LeptoquarkOptions = z.infer<typeof leptoquarkOptionsSchema>;

export function buildLeptoquarkModel(options: LeptoquarkOptions, data: FlavourData, dataDir: string): ScenarioModel {
  const lepton = options.lepton ?? 'mu';
  const g = lepton === 'mu' ? 2 : 1;
  const state = LEPTOQUARK_STATES[options.state ?? (lepton === 'mu' ? 'S_3_2_-7/6' : 'V_3_2_-1/6')];
  const [mLow, mHigh] = options.massRangeTeV ?? [1, 3];
  if (!(mLow < mHigh)) throw new InputError(`model.options.massRangeTeV: expected [low, high] with low < high, got [${mLow}, ${mHigh}]`);
  const couplingMax = options.couplingMax ?? 5;
  const coefficient = leptoquarkCoefficientName(state, g as 1 | 2);
  const companion = state.operator === 'lu' ? `phil1_${g}${g}` : `phie_${g}${g}`;
  const mStart = Math.min(mHigh, Math.max(mLow, 1.5));
  // Start where |C| = 1 TeV⁻²: λ = M/√|factor|.
  const lambdaStart = Math.min(couplingMax * 0.8, mStart / Math.sqrt(Math.abs(state.factor)));
  const inner = buildCombinedScenario({ variant: 'minimal-mu', coefficients: [coefficient, companion], data, dataDir, ew: options.ew, flavour: options.flavour });
  return buildUvModel(
    {
      name: 'leptoquark',
      parameters: [
        { name: 'M_LQ', lower: mLow, upper: mHigh, start: { center: mStart, width: 0.05 } },
        { name: 'lambda', lower: 0, upper: couplingMax, start: { center: lambdaStart, width: 0.05 } },
      ],
      generated: [coefficient],
      matching: (x) => [leptoquarkCoefficient(state, x[1], x[0])],
      info: { model: `leptoquark ${state.spin} ${state.representation} (table 1)`, state: state.id, interaction: state.interaction, lepton, matching: `${coefficient} = ${state.factor} λ²/M²` },
    },
    inner,
  );
}

export function parseLeptoquarkOptions(options: unknown): LeptoquarkOptions {
  return parseScenarioOptions(leptoquarkOptionsSchema, 'leptoquark', options);
}
