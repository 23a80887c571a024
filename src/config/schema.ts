import { z } from 'zod';

/**
 * The run configuration (`smeftfit run <config.yaml>`): what to sample (a test target or a physics
 * scenario) and how. Every field has a default except the model, so a config can be three lines.
 */

const moveSpec = z.discriminatedUnion('move', [
  z.object({ move: z.literal('stretch'), weight: z.number().positive().optional(), a: z.number().gt(1).optional(), nsplits: z.number().int().min(2).optional(), randomizeSplit: z.boolean().optional() }).strict(),
  z.object({ move: z.literal('de'), weight: z.number().positive().optional(), sigma: z.number().nonnegative().optional(), gamma0: z.number().positive().optional(), nsplits: z.number().int().min(2).optional(), randomizeSplit: z.boolean().optional() }).strict(),
  z.object({ move: z.literal('desnooker'), weight: z.number().positive().optional(), gamma: z.number().positive().optional() }).strict(),
  z.object({ move: z.literal('walk'), weight: z.number().positive().optional(), s: z.number().int().min(2).optional(), nsplits: z.number().int().min(2).optional(), randomizeSplit: z.boolean().optional() }).strict(),
  z.object({ move: z.literal('gaussian'), weight: z.number().positive().optional(), cov: z.union([z.number().positive(), z.array(z.number()), z.array(z.array(z.number()))]), mode: z.enum(['vector', 'random', 'sequential']).optional(), factor: z.number().min(1).optional() }).strict(),
]);

export const TARGET_NAMES = ['gauss20', 'gauss50', 'rosen2', 'normal'] as const;

/**
 * What to sample: a test target (`target: gauss20`) or a physics scenario (`scenario: ew`, with its data era
 * and options). One object with both kinds of keys, so that a typo is reported against the right field.
 */
const modelSection = z
  .object({
    target: z.enum(TARGET_NAMES).optional(),
    /** Dimension of the `normal` target. */
    ndim: z.number().int().positive().optional(),
    scenario: z.string().min(1).optional(),
    /** Flavour data era: the paper's 2020 set or current data. */
    data: z.enum(['2020', 'current']).optional(),
    /** Scenario-specific options (LL running, matching-factor scheme, …), checked by the scenario. */
    options: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .refine((m) => (m.target === undefined) !== (m.scenario === undefined), { message: "give exactly one of 'target' or 'scenario'" });

const autoStop = z
  .object({
    /** Stop once the (thinned-steps) chain is longer than tauFactor · τ_max … */
    tauFactor: z.number().positive().default(50),
    /** … and τ changed by less than this fraction since the previous check (emcee's monitor rule). */
    tauDrift: z.number().positive().default(0.01),
    /** Steps between convergence checks. */
    checkEvery: z.number().int().positive().default(1000),
    /** Also require the multi-ensemble R̂ below this. */
    rhatBelow: z.number().gt(1).default(1.01),
  })
  .strict();

export const runConfigSchema = z
  .object({
    name: z.string().optional(),
    model: modelSection,
    seed: z.union([z.number().int(), z.string()]).default(1),
    backend: z.enum(['auto', 'cpu', 'gpujs-cpu', 'gpu']).default('auto'),
    /** Threads scoring each batch on the cpu backend (default: the machine's available parallelism); the chain does not depend on it. */
    threads: z.number().int().positive().optional(),
    sampler: z
      .object({
        /** Walkers per ensemble. */
        walkers: z.number().int().positive().default(64),
        /** Independent ensembles (their R̂ is the legitimate multi-chain R̂). */
        ensembles: z.number().int().positive().default(4),
        /** Step cap (total steps, thinned or not). */
        steps: z.number().int().positive().default(20000),
        thin: z.number().int().positive().default(1),
        /** Steps discarded as burn-in for the summary: a number, or 'auto' = max(2·τ_max, 10 % of the run). */
        burn: z.union([z.number().int().nonnegative(), z.literal('auto')]).default('auto'),
        moves: z.array(moveSpec).min(1).default([{ move: 'stretch' }]),
        autoStop: z.union([autoStop, z.literal(false)]).default(() => autoStop.parse({})),
        checkpointEvery: z.number().int().positive().default(1000),
        allowFewWalkers: z.boolean().default(false),
        skipInitialStateCheck: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type RunConfig = z.infer<typeof runConfigSchema>;
export type ModelConfig = z.infer<typeof modelSection>;
