import { z } from 'zod';
import { defaultMoves } from '../sampler/moves/from-spec.ts';
import { firstGap } from '../sampler/moves/move.ts';
import { LIMITS, MOVE_BOUNDS } from './limits.ts';

/**
 * The run configuration (`smeftfit run <config.yaml>`): what to sample (a test target or a physics
 * scenario) and how. Every field has a default except the model, so a config can be three lines.
 */

/**
 * Move settings are bounded so that every proposal from finite walkers is finite: past these a stretch
 * factor, a DE scale or a Gaussian step overflows and every walker dies at step 0 (see MOVE_BOUNDS).
 */
const weight = z.number().positive().max(MOVE_BOUNDS.weight);
const moveScale = z.number().positive().max(MOVE_BOUNDS.scale);
const covarianceEntry = z.number().refine((v) => Math.abs(v) <= MOVE_BOUNDS.variance, `expected |entry| ≤ ${MOVE_BOUNDS.variance}`);
/** Steps [from, until) in which a move may be drawn (sampler/moves/move.ts WeightedMove). */
const inUse = { from: z.number().int().nonnegative().max(LIMITS.steps).optional(), until: z.number().int().positive().max(LIMITS.steps).optional() };
const moveSpec = z.discriminatedUnion('move', [
  z.object({ move: z.literal('stretch'), weight: weight.optional(), ...inUse, a: z.number().gt(1).max(MOVE_BOUNDS.scale).optional(), nsplits: z.number().int().min(2).max(LIMITS.nsplits).optional(), randomizeSplit: z.boolean().optional() }).strict(),
  z.object({ move: z.literal('de'), weight: weight.optional(), ...inUse, sigma: z.number().nonnegative().max(MOVE_BOUNDS.scale).optional(), gamma0: moveScale.optional(), nsplits: z.number().int().min(2).max(LIMITS.nsplits).optional(), randomizeSplit: z.boolean().optional() }).strict(),
  z.object({ move: z.literal('desnooker'), weight: weight.optional(), ...inUse, gamma: moveScale.optional() }).strict(),
  z.object({ move: z.literal('walk'), weight: weight.optional(), ...inUse, s: z.number().int().min(2).max(LIMITS.walkers).optional(), nsplits: z.number().int().min(2).max(LIMITS.nsplits).optional(), randomizeSplit: z.boolean().optional() }).strict(),
  z.object({ move: z.literal('slice'), weight: weight.optional(), ...inUse, directions: z.enum(['differential', 'gaussian']).optional(), mu: moveScale.optional(), tune: z.boolean().optional(), tolerance: z.number().positive().optional(), patience: z.number().int().nonnegative().optional(), maxSteps: z.number().int().min(1).max(1e6).optional(), nsplits: z.number().int().min(2).max(LIMITS.nsplits).optional(), randomizeSplit: z.boolean().optional() }).strict(),
  z
    .object({
      move: z.literal('gess'),
      weight: weight.optional(), ...inUse,
      nu: moveScale.optional(),
      fitIterations: z.number().int().nonnegative().max(100).optional(),
      shrinkage: z.boolean().optional(),
      fit: z.enum(['complement', 'history', 'laplace']).optional(),
      start: z.enum(['complement', 'laplace']).optional(),
      firstRefit: z.number().int().positive().max(LIMITS.steps).optional(),
      freezeAfter: z.number().int().positive().max(LIMITS.steps).optional(),
      expansion: z.number().min(1).max(100).optional(),
      nsplits: z.number().int().min(2).max(LIMITS.nsplits).optional(),
      randomizeSplit: z.boolean().optional(),
    })
    .strict()
    .refine((m) => m.fit === 'history' || (m.firstRefit === undefined && m.freezeAfter === undefined && m.expansion === undefined && m.start === undefined), { message: 'start, firstRefit, freezeAfter and expansion belong to fit: history', path: ['fit'] })
    .refine((m) => (m.freezeAfter ?? 3200) >= (m.firstRefit ?? 100), { message: 'freezeAfter must be at least firstRefit', path: ['freezeAfter'] }),
  z.object({
    move: z.literal('gaussian'),
    weight: weight.optional(), ...inUse,
    // A variance, a vector of variances (each > 0) or a symmetric positive-definite matrix (checked against ndim in bounds.ts).
    cov: z.union([z.number().positive().max(MOVE_BOUNDS.variance), z.array(z.number().positive().max(MOVE_BOUNDS.variance)).min(1).max(LIMITS.ndim), z.array(z.array(covarianceEntry).max(LIMITS.ndim)).min(1).max(LIMITS.ndim)]),
    mode: z.enum(['vector', 'random', 'sequential']).optional(),
    factor: z.number().min(1).max(MOVE_BOUNDS.scale).optional(),
  }).strict(),
]);

export const TARGET_NAMES = ['gauss20', 'gauss50', 'gauss100', 'rosen2', 'funnel10', 'normal'] as const;

/**
 * What to sample: a test target (`target: gauss20`) or a physics scenario (`scenario: ew`, with its data era
 * and options). One object with both kinds of keys, so that a typo is reported against the right field.
 */
const modelSection = z
  .object({
    target: z.enum(TARGET_NAMES).optional(),
    /** Dimension of the `normal` target. */
    ndim: z.number().int().positive().max(LIMITS.ndim).optional(),
    scenario: z.string().min(1).optional(),
    /** Flavour data era: the paper's 2020 set or current data. */
    data: z.enum(['2020', 'current']).optional(),
    /** Scenario-specific options (LL running, matching-factor scheme, …), checked by the scenario. */
    options: z.record(z.string(), z.unknown()).optional(),
    /**
     * Start the walkers at a point given as a WCxf file (SMEFT, Warsaw, 1000 GeV): `use: centre` centres the
     * start ball of every sampled coefficient on the file's value. The path is relative to the config file.
     */
    wcxf: z.object({ file: z.string().min(1), use: z.literal('centre') }).strict().optional(),
    /**
     * A physicist's flavour data (data/README.md): measurement files in flavio's measurements.yml format
     * (relative to the config; `--measurements` adds one) that add measurements or replace one by name, inline
     * measurements in the same format (`add`), names to `drop`, the era list's named `alternatives`, and the
     * rule for asymmetric errors. The resolved config carries the files' measurements inline in `add`.
     */
    measurements: z
      .object({
        files: z.array(z.string().min(1)).optional(),
        add: z.record(z.string(), z.unknown()).optional(),
        drop: z.array(z.string().min(1)).optional(),
        alternatives: z.record(z.string(), z.string()).optional(),
        asymmetricErrors: z.enum(['hepfit', 'flavio']).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((m) => (m.target === undefined) !== (m.scenario === undefined), { message: "give exactly one of 'target' or 'scenario'" })
  // Fields that the chosen kind of model would ignore are refused, never dropped.
  .refine((m) => m.ndim === undefined || m.target === 'normal', { message: "only target 'normal' takes a dimension", path: ['ndim'] })
  .refine((m) => m.target === undefined || m.options === undefined, { message: 'test targets take no options (physics scenarios do)', path: ['options'] })
  .refine((m) => m.target === undefined || m.data === undefined, { message: 'test targets have no data era (physics scenarios do)', path: ['data'] })
  .refine((m) => m.target === undefined || m.wcxf === undefined, { message: 'test targets have no Wilson coefficients to start from', path: ['wcxf'] });

const autoStop = z
  .object({
    /** Stop once the (thinned-steps) chain is longer than tauFactor · τ_max … */
    tauFactor: z.number().positive().max(1e6).default(50),
    /** … and τ changed by less than this fraction since the previous check (emcee's monitor rule). */
    tauDrift: z.number().positive().max(1e3).default(0.01),
    /** Steps between convergence checks. */
    checkEvery: z.number().int().positive().max(LIMITS.steps).default(1000),
    /** Also require the multi-ensemble R̂ below this. */
    rhatBelow: z.number().gt(1).max(1e3).default(1.01),
    /**
     * Stop once every parameter's bulk-ESS (over the draws the summary keeps) is at least this, with R̂ and
     * the tauFactor length, instead of waiting for τ to stop drifting (diagnostics/convergence-monitor.ts).
     */
    essBulkAbove: z.number().positive().max(1e12).optional(),
  })
  .strict();

/** Adaptive Metropolis settings (`sampler.kind: metropolis`); defaults are BAT 1.x's as HEPfit runs them (anchors §3.1–3.2). */
const metropolisSection = z
  .object({
    /** Independent chains (HEPfit: "a minimum of 5 is suggested"). */
    chains: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).default(5),
    /** BAT's multivariate Student-t proposal (dof 1) or a Gaussian one. */
    proposal: z.enum(['student-t', 'gaussian']).default('student-t'),
    dof: z.number().positive().max(1e6).default(1),
    /** Iterations per pre-run block (BAT NIterationsPreRunCheck; HEPfit NIterationsUpdateMax, default 1000). */
    preRunCheck: z.number().int().positive().max(LIMITS.steps).default(1000),
    /** BAT kMedium: pre-run at least 1500 iterations … */
    preRunMin: z.number().int().nonnegative().max(LIMITS.steps).default(1500),
    /** … and at most 1e5 (HEPfit PrerunMaxIter). */
    preRunMax: z.number().int().positive().max(LIMITS.steps).default(100000),
    /** Main-run iterations per chain (HEPfit Iterations, default 1e5) … */
    iterations: z.number().int().positive().max(LIMITS.steps).default(100000),
    /** … or, when given, as many as a total budget of log-density evaluations (pre-run included) allows. */
    evaluationBudget: z.number().int().positive().max(LIMITS.evaluations).optional(),
    efficiencyMin: z.number().gt(0).lt(1).default(0.15),
    efficiencyMax: z.number().gt(0).lt(1).default(0.35),
    scaleMultiplier: z.number().gt(1).max(1e3).default(1.5),
    covarianceLambda: z.number().positive().max(1e3).default(0.5),
    /** Pre-run convergence: Brooks–Gelman R of every parameter below this (HEPfit RValueForConvergence). */
    rValue: z.number().gt(1).max(1e3).default(1.1),
  })
  .strict()
  .refine((m) => m.preRunMin <= m.preRunMax, { message: 'preRunMin is above preRunMax', path: ['preRunMin'] })
  .refine((m) => m.efficiencyMin < m.efficiencyMax, { message: 'efficiencyMin is not below efficiencyMax', path: ['efficiencyMin'] });

export const runConfigSchema = z
  .object({
    name: z.string().min(1).max(200).optional(),
    model: modelSection,
    /** An integer within ±2^53 (larger ones have already lost digits when YAML reads them: quote them) or a string. */
    seed: z.union([z.number().refine(Number.isInteger, 'expected an integer or a string').refine(Number.isSafeInteger, 'integer seeds beyond ±2^53 lose digits as numbers; write the seed in quotes to keep it exact'), z.string().min(1).max(LIMITS.seedLength)]).default(1),
    backend: z.enum(['auto', 'cpu', 'gpujs-cpu', 'gpu', 'webgpu']).default('auto'),
    /** Threads scoring each batch on the cpu backend (default: the machine's available parallelism); the chain does not depend on it. */
    threads: z.number().int().positive().max(1024).optional(),
    sampler: z
      .object({
        /** 'ensemble' (affine-invariant, emcee) or 'metropolis' (BAT/HEPfit adaptive Metropolis, settings below). */
        kind: z.enum(['ensemble', 'metropolis']).default('ensemble'),
        metropolis: metropolisSection.prefault({}),
        /** Walkers per ensemble. */
        walkers: z.number().int().positive().max(LIMITS.walkers).default(64),
        /** Independent ensembles (their R̂ is the legitimate multi-chain R̂). */
        ensembles: z.number().int().positive().max(LIMITS.ensembles).default(4),
        /** Step cap (total steps, thinned or not). */
        steps: z.number().int().positive().max(LIMITS.steps).default(20000),
        thin: z.number().int().positive().max(LIMITS.steps).default(1),
        /** Steps discarded as burn-in for the summary: a number, or 'auto' = max(2·τ_max, 10 % of the run). */
        burn: z.union([z.number().int().nonnegative().max(LIMITS.steps), z.literal('auto')]).default('auto'),
        /** Default: emcee's differential-evolution mixture (moves/from-spec.ts defaultMoves). */
        moves: z
          .array(moveSpec)
          .min(1)
          .default(defaultMoves)
          .superRefine((moves, ctx) => {
            moves.forEach((m, i) => {
              if (m.until !== undefined && m.until <= (m.from ?? 0)) ctx.addIssue({ code: 'custom', message: `until (${m.until}) must be after from (${m.from ?? 0})`, path: [i, 'until'] });
            });
            const gap = firstGap(moves);
            if (gap !== undefined) ctx.addIssue({ code: 'custom', message: `no move is in use at step ${gap}: their from/until leave a gap`, path: [] });
          }),
        autoStop: z.union([autoStop, z.literal(false)]).default(() => autoStop.parse({})),
        checkpointEvery: z.number().int().positive().max(LIMITS.steps).default(1000),
        /**
         * Cap (MB) on the chain rows kept in memory for the diagnostics and outputs; past it they use every
         * 2nd, 4th, … stored row (stated in summary.diagnostics_draws). chain.h5 always holds every row.
         */
        memoryCapMB: z.number().positive().max(1e6).default(512), // = DEFAULT_MEMORY_CAP_MB (chain-store.ts)
        /** Cap (MB) on chain.h5: a longer chain is stored at a raised thin, stated at the start (output/disk-budget.ts). */
        diskCapMB: z.number().positive().max(1e9).optional(),
        allowFewWalkers: z.boolean().default(false),
        skipInitialStateCheck: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type RunConfig = z.infer<typeof runConfigSchema>;
export type MetropolisConfig = z.infer<typeof metropolisSection>;
export type ModelConfig = z.infer<typeof modelSection>;
