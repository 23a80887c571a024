import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { LIMITS, parseIntegerFlag } from './config/limits.ts';
import { resolveConfigArgument } from './config/shipped-configs.ts';
import { describeSystemError, EnvironmentError, InputError, InterruptedRun } from './errors.ts';
import type { RunSummary } from './output/summary.ts';
import { provenance } from './provenance.ts';
import { FILTERED_CHILD_ENV, quietRunSearchesWebGpu, runWithQuietNativeOutput, stopWithParent } from './quiet-native-output.ts';

/**
 * Every command and option of `smeftfit`, and nothing else: commands compute and return data
 * (src/commands/), this file prints it and turns errors into exit codes in one place
 * (input errors: one line, exit 2; interrupted run: exit 130; bugs: stack trace, exit 1).
 * Each command's module is imported when that command runs, so `--help`, `--version` and the light
 * commands do not load the sampler, the plots (vega, resvg), HDF5 (h5wasm) or the GPU bindings.
 */

/** An integer flag in [min, max]; commander prefixes the message with the flag. */
function integerIn(min: number, max: number) {
  return (value: string): number => {
    try {
      return parseIntegerFlag('', value, min, max);
    } catch {
      throw new InvalidArgumentError(min === 1 ? `expected a positive integer up to ${max}` : `expected an integer from ${min} to ${max}`);
    }
  };
}

function ensembleIndex(value: string): number | 'auto' {
  return value === 'auto' ? 'auto' : integerIn(0, LIMITS.ensembles - 1)(value);
}

async function printSummary(json: boolean, summary: RunSummary): Promise<void> {
  const { formatSummary } = await import('./output/format-summary.ts');
  print(json, summary, () => formatSummary(summary));
}

function print(json: boolean, data: unknown, human: () => string): void {
  process.stdout.write(json ? JSON.stringify(data, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2) + '\n' : human() + '\n');
}

export function buildProgram(): Command {
  const program = new Command('smeftfit')
    .description('Bayesian SMEFT fits to EW precision and b → sℓℓ data with an affine-invariant ensemble sampler')
    .exitOverride()
    // Subcommands inherit this: an argument no command takes is an error, never dropped.
    .allowExcessArguments(false)
    .configureOutput({
      writeErr: (text) => process.stderr.write(text),
      // One line per error, also when commander adds a suggestion on a line of its own.
      outputError: (text, write) => write(`smeftfit: ${text.trim().replace(/\s*\n\s*/g, ' ')}\n`),
    });

  // Not commander's .version(string): the code hash is read only when asked for.
  program.option('-V, --version', 'print the version and the code hash').on('option:version', () => {
    const { version, code } = provenance();
    process.stdout.write(`smeftfit ${version} (code ${code})\n`);
    throw new CommanderError(0, 'smeftfit.version', version);
  });

  program
    .command('run')
    .description('sample the target or physics scenario of a YAML config; writes summary.json, the chain and checkpoints to --out')
    .argument('[config]', 'run configuration (YAML), e.g. configs/gauss20.yaml, or the name of a shipped one (smeftfit list), e.g. ew')
    .option('--scenario <name>', 'a shipped scenario or test target by name, e.g. ew or gauss20 (instead of a config file)')
    .option('--walkers <n>', 'walkers per ensemble', integerIn(1, LIMITS.walkers))
    .option('--ensembles <k>', 'independent ensembles (R̂ compares them)', integerIn(1, LIMITS.ensembles))
    .option(
      '--ensemble-index <i>',
      'sample only ensemble i of the --ensembles k (0 … k−1; auto = $SLURM_ARRAY_TASK_ID), for smeftfit merge; runs the full --steps (no auto-stop)',
      ensembleIndex,
    )
    .option('--steps <n>', 'step cap (the run stops earlier once converged)', integerIn(1, LIMITS.steps))
    .option('--seed <seed>', 'random seed')
    .option('--moves <list>', 'moves and weights, e.g. stretch, de:0.8,desnooker:0.2 or gess:0.8,de:0.2 (stretch, de, desnooker, walk, slice, gess)')
    .addOption(new Option('--sampler <kind>', 'ensemble (affine-invariant) or metropolis (BAT/HEPfit adaptive Metropolis)').choices(['ensemble', 'metropolis']))
    .option('--chains <k>', 'Metropolis chains', integerIn(1, LIMITS.walkers))
    .addOption(new Option('--backend <name>', 'likelihood backend').choices(['auto', 'cpu', 'gpujs-cpu', 'gpu', 'webgpu']))
    .option('--threads <n>', 'threads scoring each batch on the cpu backend (default: available parallelism; 1 = no worker threads); the chain is the same for any n', integerIn(1, 1024))
    .addOption(new Option('--data <era>', 'flavour data era of physics scenarios').choices(['2020', 'current']))
    .option('--measurements <file>', "flavour measurements in flavio's measurements.yml format that add to or replace (by name) the era's (repeatable)", (v: string, prev: string[] = []) => [...prev, v])
    .option('--out <dir>', 'output directory (default runs/<config name>)')
    .option('--resume', 'continue the run saved in --out')
    .option('--force', 'move an existing non-empty --out aside (renamed <dir>.old-<time>) instead of refusing')
    .option('--quiet', 'no progress output')
    .option('--json', 'print the summary as JSON')
    .option('--dry-run', 'check the config and flags and print what would run; nothing is sampled or written')
    .action(async (config: string | undefined, options) => {
      if (options.dryRun) {
        const { planRunCommand } = await import('./commands/run.ts');
        const { formatPlan } = await import('./commands/run-plan.ts');
        const plan = planRunCommand(resolveConfigArgument(config, options.scenario), options);
        print(options.json ?? false, plan, () => formatPlan(plan));
        return;
      }
      const { runCommand } = await import('./commands/run.ts');
      await printSummary(options.json ?? false, await runCommand(resolveConfigArgument(config, options.scenario), options));
    });

  program
    .command('list')
    .description('the shipped scenarios and test targets (runnable by name), observables, flavour data eras and backends')
    .option('--json', 'print as JSON')
    .action(async (options) => {
      const { formatListing, listCommand } = await import('./commands/list.ts');
      const listing = await listCommand();
      print(options.json ?? false, listing, () => formatListing(listing));
    });

  program
    .command('merge')
    .description('merge the runs of ensembles 0 … k−1 (run --ensembles k --ensemble-index i) into the run one process would have made')
    .argument('<out>', 'output run directory (must not exist yet)')
    .argument('<dirs...>', 'run directories of the k single-ensemble runs')
    .option('--json', 'print the summary as JSON')
    .action(async (out: string, dirs: string[], options) => {
      const { mergeCommand } = await import('./commands/merge.ts');
      await printSummary(options.json ?? false, await mergeCommand(out, dirs));
    });

  program
    .command('export')
    .description('write a run\'s chain (burn-in removed) for other tools: --to arviz gives an ArviZ InferenceData netCDF-4 file (arviz.from_netcdf)')
    .argument('<dir>', 'run directory written by smeftfit run')
    .addOption(new Option('--to <format>', 'output format').choices(['arviz']).makeOptionMandatory())
    .option('--out <file>', 'output file (default DIR/arviz.nc)')
    .addOption(new Option('--chain <unit>', 'what an ArviZ chain is: an ensemble (R̂ as smeftfit) or a walker (ESS as smeftfit)').choices(['ensemble', 'walker']).default('ensemble'))
    .option('--json', 'print the result as JSON')
    .action(async (dir: string, options) => {
      const { exportCommand } = await import('./commands/export.ts');
      const result = await exportCommand(dir, options);
      print(options.json ?? false, result, () => `${result.file}: ${result.chains} chains (${result.chain_is}s) × ${result.draws} draws of ${result.variables.length} parameters, burn-in of ${result.burn_in_steps} steps removed`);
    });

  program
    .command('diagnose')
    .description('recompute the diagnostics (τ, R̂, ESS, posterior summaries) of a stored run')
    .argument('<dir>', 'run directory written by smeftfit run')
    .option('--burn <steps>', 'burn-in in steps (default: the run setting)', integerIn(0, LIMITS.steps))
    .option('--json', 'print as JSON')
    .action(async (dir: string, options) => {
      const { diagnoseCommand } = await import('./commands/diagnose.ts');
      await printSummary(options.json ?? false, await diagnoseCommand(dir, options));
    });

  program
    .command('compare')
    .description('compare two posteriors (exit 0 agree, 1 disagree): a config runs the ensemble and Metropolis samplers on one evaluation budget; or two run directories / .h5 / .csv / .npy chains / HEPfit summaries')
    .argument('<inputs...>', 'one run config (YAML), or two posteriors')
    .option('--out <dir>', 'where compare.json, compare.md and the plots go (config: runs/compare/<name>; two inputs: .)')
    .option('--runs <dir>', 'config mode: directory of the two runs (default runs/compare/<name>)')
    .option('--map <file>', 'parameter-name mapping, one "external_name name" pair per line')
    .option('--names <file>', 'parameter names of .npy chains')
    .option('--discard <draws>', 'draws dropped from the start of every external chain', integerIn(0, LIMITS.steps))
    .option('--seed <seed>', 'random seed (config mode)')
    .addOption(new Option('--backend <name>', 'likelihood backend (config mode)').choices(['auto', 'cpu', 'gpujs-cpu', 'gpu', 'webgpu']))
    .option('--quiet', 'no progress output')
    .option('--json', 'print compare.json')
    .action(async (inputs: string[], options) => {
      const { compareCommand } = await import('./commands/compare.ts');
      const { comparison, outDir } = await compareCommand(inputs, options);
      print(options.json ?? false, comparison, () => {
        const c = comparison;
        const ratio = c.ess_per_evaluation_ratio === undefined ? '' : `; ESS/eval ${c.a.label}/${c.b.label} = ${c.ess_per_evaluation_ratio.toFixed(3)}`;
        return `${c.agree ? 'agree' : 'DISAGREE'}: ${c.flagged.length} of ${c.parameters.length} parameters flagged${c.flagged.length ? ` (${c.flagged.join(', ')})` : ''}${ratio}; written to ${outDir}`;
      });
      if (!comparison.agree) commandStatus = 1;
    });

  program
    .command('predict')
    .description('EW and b → sℓℓ observables at a point in SMEFT (WCxf Warsaw, TeV⁻², Λ = 1 TeV) / WET coefficient space')
    .requiredOption('--obs <names>', 'observables, comma-separated, e.g. GammaZ,A_e,MW or <Rmue>(B+->Kll)[1.1,6.0]')
    .option('--wc <assignments>', 'Wilson coefficients, e.g. phil1_11=0.1,lu_2233=-1 or C9_bsmumu=-1')
    .option('--wc-file <file>', 'the point as a WCxf file: SMEFT/Warsaw at 1000 GeV (GeV⁻²) or WET/flavio at 4.8 GeV')
    .option('--nuisance <assignments>', 'SM inputs (MH, mt, als, dalhad, MZ), e.g. mt=173')
    .option('--tree', 'EW at tree level (no leading-log running)')
    .addOption(new Option('--scheme <name>', 'flavour numerical inputs').choices(['hepfit', 'flavio']))
    .addOption(new Option('--alpha-e <choice>', 'α_e in the matching factor K').choices(['alpha0', 'alphaMZ', 'alphaMb']))
    .addOption(new Option('--yt <choice>', 'y_t in the matching factor K').choices(['tree', 'msbar']))
    .option('--json', 'print as JSON')
    .action(async (options) => {
      const { predictCommand } = await import('./commands/predict.ts');
      const values = await predictCommand(options);
      print(options.json ?? false, values, () => Object.entries(values).map(([k, v]) => `${k} = ${v.toPrecision(8)}`).join('\n'));
    });

  program
    .command('reproduce')
    .description('run every fit of the paper (skipping unchanged ones) and write the report: DIR/index.html, figures as SVG and PNG, claims table')
    .addOption(new Option('--data <era>', 'data eras').choices(['2020', 'current', 'both']).default('both'))
    .option('--out <dir>', 'report directory (default results/report)')
    .option('--chains <dir>', 'where the chains go (default runs/reproduce)')
    .option('--only <configs>', 'only these runs, comma-separated config names', (v: string) => v.split(',').filter(Boolean))
    .option('--report-only', 'draw the report from the existing run records without sampling')
    .option('--quiet', 'no progress of the fits while they sample')
    .option('--json', 'print the result as JSON')
    .action(async (options) => {
      const { reproduceCommand } = await import('./commands/reproduce.ts');
      const result = await reproduceCommand({ ...options, log: (line: string) => process.stderr.write(line + '\n') });
      print(options.json ?? false, result, () => `${result.out}/index.html (${result.runs.filter((r) => r.status === 'ran').length} ran, ${result.runs.filter((r) => r.status === 'cached').length} cached, ${result.runs.filter((r) => r.status === 'stale').length} stale records, ${result.runs.filter((r) => r.status === 'absent' || r.status === 'skipped').length} without a record, ${result.runs.filter((r) => r.status === 'failed').length} failed; ${result.wallSeconds.toFixed(0)} s)`);
    });

  return program;
}

/**
 * Runs one command line (argv as process.argv: node, script, arguments…) and returns its exit code;
 * output goes to process.stdout / process.stderr. The tests call it in-process.
 */
/** Exit status a command that succeeded may set (compare: 1 when the posteriors disagree). */
let commandStatus = 0;

export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  if (argv.length <= 2) {
    process.stderr.write('smeftfit: name a command: run, list, diagnose or predict (smeftfit --help)\n');
    return 2;
  }
  commandStatus = 0;
  try {
    await program.parseAsync(argv);
    return commandStatus;
  } catch (error) {
    return exitCodeFor(error);
  }
}

export async function main(argv: string[]): Promise<void> {
  if (process.env[FILTERED_CHILD_ENV] !== undefined) stopWithParent();
  // A quiet run that may search for a WebGPU adapter runs in a child whose stderr is filtered (Dawn's
  // native warnings), see quiet-native-output.ts.
  process.exitCode = quietRunSearchesWebGpu(argv) ? await runWithQuietNativeOutput(argv) : await runCli(argv);
}

/** Control characters (a newline in a file name, binary junk echoed back) would break the one-line contract. */
function oneLine(message: string): string {
  return message.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // commander already printed its message; help and version are not errors.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof InputError) {
    process.stderr.write(`smeftfit: ${oneLine(error.message)}\n`);
    return 2;
  }
  if (error instanceof EnvironmentError) {
    process.stderr.write(`smeftfit: ${oneLine(error.message)}\n`);
    return 1;
  }
  const system = describeSystemError(error);
  if (system !== undefined) {
    process.stderr.write(`smeftfit: ${oneLine(system.line)}\n`);
    return system.exitCode;
  }
  if (error instanceof InterruptedRun) {
    process.stderr.write(`smeftfit: ${error.message}\n`);
    return 130;
  }
  process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  return 1;
}
