import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { diagnoseCommand } from './commands/diagnose.ts';
import { predictCommand } from './commands/predict.ts';
import { reproduceCommand } from './commands/reproduce.ts';
import { InterruptedRun, runCommand } from './commands/run.ts';
import { InputError } from './errors.ts';
import { formatSummary } from './output/format-summary.ts';

/**
 * Every command and option of `smeftfit`, and nothing else: commands compute and return data
 * (src/commands/), this file prints it and turns errors into exit codes in one place
 * (input errors: one line, exit 2; interrupted run: exit 130; bugs: stack trace, exit 1).
 */

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

function nonNegativeInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

function print(json: boolean, data: unknown, human: () => string): void {
  process.stdout.write(json ? JSON.stringify(data, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2) + '\n' : human() + '\n');
}

export function buildProgram(): Command {
  const program = new Command('smeftfit')
    .description('Bayesian SMEFT fits to EW precision and b → sℓℓ data with an affine-invariant ensemble sampler')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  program
    .command('run')
    .description('sample the target or physics scenario of a YAML config; writes summary.json, the chain and checkpoints to --out')
    .argument('<config>', 'run configuration (YAML), e.g. configs/gauss20.yaml')
    .option('--walkers <n>', 'walkers per ensemble', positiveInteger)
    .option('--ensembles <k>', 'independent ensembles (R̂ compares them)', positiveInteger)
    .option('--steps <n>', 'step cap (the run stops earlier once converged)', positiveInteger)
    .option('--seed <seed>', 'random seed')
    .option('--moves <list>', 'moves and weights, e.g. stretch or de:0.8,desnooker:0.2')
    .addOption(new Option('--backend <name>', 'likelihood backend').choices(['auto', 'cpu', 'gpujs-cpu', 'gpu']))
    .addOption(new Option('--data <era>', 'flavour data era of physics scenarios').choices(['2020', 'current']))
    .option('--out <dir>', 'output directory (default runs/<config name>)')
    .option('--resume', 'continue the run saved in --out')
    .option('--quiet', 'no progress output')
    .option('--json', 'print the summary as JSON')
    .action(async (config: string, options) => {
      const summary = await runCommand(config, options);
      print(options.json ?? false, summary, () => formatSummary(summary));
    });

  program
    .command('diagnose')
    .description('recompute the diagnostics (τ, R̂, ESS, posterior summaries) of a stored run')
    .argument('<dir>', 'run directory written by smeftfit run')
    .option('--burn <steps>', 'burn-in in steps (default: the run setting)', nonNegativeInteger)
    .option('--json', 'print as JSON')
    .action((dir: string, options) => {
      const summary = diagnoseCommand(dir, options);
      print(options.json ?? false, summary, () => formatSummary(summary));
    });

  program
    .command('predict')
    .description('EW and b → sℓℓ observables at a point in SMEFT (WCxf Warsaw, TeV⁻², Λ = 1 TeV) / WET coefficient space')
    .requiredOption('--obs <names>', 'observables, comma-separated, e.g. GammaZ,A_e,MW or <Rmue>(B+->Kll)[1.1,6.0]')
    .option('--wc <assignments>', 'Wilson coefficients, e.g. phil1_11=0.1,lu_2233=-1 or C9_bsmumu=-1')
    .option('--nuisance <assignments>', 'SM inputs (MH, mt, als, dalhad, MZ), e.g. mt=173')
    .option('--tree', 'EW at tree level (no leading-log running)')
    .addOption(new Option('--scheme <name>', 'flavour numerical inputs').choices(['hepfit', 'flavio']))
    .addOption(new Option('--alpha-e <choice>', 'α_e in the matching factor K').choices(['alpha0', 'alphaMZ', 'alphaMb']))
    .addOption(new Option('--yt <choice>', 'y_t in the matching factor K').choices(['tree', 'msbar']))
    .option('--json', 'print as JSON')
    .action((options) => {
      const values = predictCommand(options);
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
    .option('--json', 'print the result as JSON')
    .action(async (options) => {
      const result = await reproduceCommand({ ...options, log: (line: string) => process.stderr.write(line + '\n') });
      print(options.json ?? false, result, () => `${result.out}/index.html (${result.runs.filter((r) => r.status === 'ran').length} ran, ${result.runs.filter((r) => r.status === 'cached').length} cached, ${result.runs.filter((r) => r.status === 'absent').length} not run, ${result.runs.filter((r) => r.status === 'failed').length} failed; ${result.wallSeconds.toFixed(0)} s)`);
    });

  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = exitCodeFor(error);
  }
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // commander already printed its message; help and version are not errors.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof InputError) {
    process.stderr.write(`smeftfit: ${error.message}\n`);
    return 2;
  }
  if (error instanceof InterruptedRun) {
    process.stderr.write(`smeftfit: ${error.message}\n`);
    return 130;
  }
  process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  return 1;
}
