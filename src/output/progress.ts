import cliProgress from 'cli-progress';
import type { ProgressInfo } from '../sampler/run-loop.ts';

export interface ProgressReporter {
  update(info: ProgressInfo): void;
  stop(): void;
}

function describe(info: ProgressInfo): string {
  const tau = info.tau === undefined ? '—' : info.tau.toFixed(1);
  const rhat = info.rhat === undefined ? '—' : Number.isFinite(info.rhat) ? info.rhat.toFixed(4) : '∞';
  const evaluations = info.evaluations === undefined ? '' : `  ${info.evaluations.toExponential(2)} evals`;
  return `acc ${info.acceptance.toFixed(3)}  τ ${tau}  R̂ ${rhat}${evaluations}`;
}

/**
 * Live progress on stderr: a cli-progress bar on a terminal, one line per ~10 % otherwise (CI logs),
 * nothing when `quiet`. Shows step, acceptance, the current τ estimate and R̂.
 */
export function createProgressReporter(quiet: boolean, label: string): ProgressReporter {
  if (quiet) return { update() {}, stop() {} };
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream: process.stderr, format: `${label} [{bar}] {value}/{total} steps  {details}  eta {eta_formatted}`, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(info) {
        if (!started) {
          bar.start(info.maxSteps, info.iteration, { details: describe(info) });
          started = true;
        }
        bar.update(info.iteration, { details: describe(info) });
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let lastDecile = -1;
  return {
    update(info) {
      const decile = Math.floor((10 * info.iteration) / info.maxSteps);
      if (decile === lastDecile) return;
      lastDecile = decile;
      process.stderr.write(`${label}: step ${info.iteration}/${info.maxSteps}  ${describe(info)}\n`);
    },
    stop() {},
  };
}
