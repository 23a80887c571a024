import { z } from 'zod';
import { LIMITS } from '../config/limits.ts';
import { InputError } from '../errors.ts';

/**
 * The QED uncertainty is absolute on ratios R ≈ 1 (default 0.01): past 1 it is no longer an uncertainty on
 * them, and squared near 1e308 it overflowed the covariance into a non-positive-definite one.
 */
const MAX_QED_UNCERTAINTY = 1;
/** Flat-prior half-widths [TeV⁻²]: the coefficients' posteriors are O(0.01–1); 10⁴ is an effective scale of 10 GeV. */
const MAX_PRIOR_HALF_WIDTH = 1e4;
/**
 * Subintervals of each q² bin (default 2 × 8 nodes; 4 × 16 is the converged reference): every node is
 * evaluated at every likelihood call, so 256 × 64 nodes per bin is already far past any use.
 */
const MAX_QUADRATURE_SUBINTERVALS = 256;

/**
 * The `model.options` a physics scenario accepts, checked before anything is built. Each default is the
 * paper-faithful choice (see the physics modules for the reasons); the config only names departures.
 */
export const ewOptionsSchema = z
  .object({
    /** Leading-log top-Yukawa running (eq. 2.7); the variant decides the default. */
    running: z.boolean().optional(),
    /** α(M_Z) defining ŝ²: HEPfit's on-shell value (default) or flavio's MSbar one. */
    shat2Alpha: z.enum(['on-shell', 'msbar-flavio']).optional(),
    leptonMixingAngle: z.enum(['awramik2006', 'dubovyk2019']).optional(),
    phiq1_33Running: z.enum(['all-yt', 'universal-only']).optional(),
    vtbShift: z.enum(['with-universal', 'vertex-only']).optional(),
    zLineshape: z.enum(['hep-ex/0509008', 'janot-jadach-2019']).optional(),
    mzConstraint: z.enum(['lineshape-only', 'prior-and-lineshape']).optional(),
    /** Flat-prior half-widths of the Wilson coefficients [TeV⁻²]. */
    wcHalfWidths: z.record(z.string(), z.number().positive().max(MAX_PRIOR_HALF_WIDTH)).optional(),
  })
  .strict();

export const flavourOptionsSchema = z
  .object({
    /** Which α_e and y_t enter the one-loop matching factor K (eq. 2.6); see physics/flavour/matching.ts. */
    kScheme: z.object({ alphaE: z.enum(['alpha0', 'alphaMZ', 'alphaMb']).optional(), yt: z.enum(['tree', 'msbar']).optional() }).strict().optional(),
    inputScheme: z.enum(['hepfit', 'flavio']).optional(),
    /** Form-factor draws for the theory covariance (0 switches it off). */
    theoryDraws: z.number().int().nonnegative().max(LIMITS.theoryDraws).optional(),
    qedUncertainty: z.number().nonnegative().max(MAX_QED_UNCERTAINTY).optional(),
    priorHalfWidth: z.number().positive().max(MAX_PRIOR_HALF_WIDTH).optional(),
  })
  .strict();

/**
 * Options of the nuisance-sampling flavour fits (flavour-pdd, flavour-lu2233-pdd). Defaults are the
 * paper-faithful choices: HEPfit input scheme, QED ±0.01 on R ratios, C ∈ [−10, 10] TeV⁻², 2 × 8
 * Gauss–Legendre nodes per bin (within 0.005 σ_exp of 4 × 16).
 */
export const hadronicFlavourOptionsSchema = z
  .object({
    kScheme: z.object({ alphaE: z.enum(['alpha0', 'alphaMZ', 'alphaMb']).optional(), yt: z.enum(['tree', 'msbar']).optional() }).strict().optional(),
    inputScheme: z.enum(['hepfit', 'flavio']).optional(),
    qedUncertainty: z.number().nonnegative().max(MAX_QED_UNCERTAINTY).optional(),
    priorHalfWidth: z.number().positive().max(MAX_PRIOR_HALF_WIDTH).optional(),
    quadrature: z.object({ subintervals: z.number().int().positive().max(MAX_QUADRATURE_SUBINTERVALS), order: z.number().int().min(2).max(64) }).strict().optional(),
    /**
     * PMD only: HEPfit's misplaced bracket in g(m_c, q²) above 4m_c² (default false, the KMPW formula), and its
     * B → K term that leaves −(3C1 + C2)_KMPW g(m_c, q²) on C9 (default false: no B → K term).
     */
    pmd: z.object({ gBracketQuirk: z.boolean().optional(), bToKCharmQuirk: z.boolean().optional() }).strict().optional(),
    /** PDD only: sample each h_λ on the unit disc (default) or in HEPfit's polar (|h|, φ) boxes; same prior. */
    pddCoordinates: z.enum(['disc', 'polar']).optional(),
    /** Sample λ_B, the K* and φ Gegenbauer moments, f_Bs/f_Bd and ΔΓ_s/Γ_s (default true, HEPfit's; false: central values). */
    spectatorNuisances: z.boolean().optional(),
    /** HEPfit's Y(q²) without the constant 4/3 C3 + 64/9 C5 + 64/27 C6 (default false: kept, as the source papers). */
    yConstantQuirk: z.boolean().optional(),
  })
  .strict();

/** EW & Flavour with the full b → sℓℓ likelihood: each part's options in its own section. */
export const hadronicCombinedOptionsSchema = z.object({ ew: ewOptionsSchema.optional(), flavour: hadronicFlavourOptionsSchema.optional() }).strict();

/** Combined EW + flavour scenarios take each part's options in its own section. */
export const combinedOptionsSchema = z.object({ ew: ewOptionsSchema.optional(), flavour: flavourOptionsSchema.optional() }).strict();

export type EwScenarioConfigOptions = z.infer<typeof ewOptionsSchema>;
export type FlavourScenarioConfigOptions = z.infer<typeof flavourOptionsSchema>;

/** Validates `model.options` against a scenario's schema; errors name the option. */
export function parseScenarioOptions<T>(schema: z.ZodType<T>, scenario: string, options: unknown): T {
  const parsed = schema.safeParse(options ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const keys = issue.code === 'unrecognized_keys' ? ` ${(issue as { keys: string[] }).keys.map((k) => `'${k}'`).join(', ')}` : '';
  const field = ['model', 'options', ...issue.path].join('.');
  throw new InputError(`${field}: ${issue.message}${keys} (scenario ${scenario})`);
}
