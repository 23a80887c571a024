/**
 * Live progress of a run on stderr, from the first second to the last: the phase (loading, choosing the
 * backend, burn-in, sampling, summarising, plotting) and the time spent, and while sampling the step,
 * acceptance, τ and R̂ (the latest check or cheap estimate), evaluations and the time left.
 *
 * On a terminal one line is redrawn in place (at most 10 times a second, and every second while the
 * event loop is free) and never wider than the terminal; elsewhere (CI logs) one line per phase and one
 * per ~10 % of the steps. Either way a run refused before it samples (bad input) leaves only its one-line
 * error: the terminal line is cleared, and the log lines of the phases before sampling wait for its first
 * step. `quiet` prints nothing. `stop(true)` ends with the time of every phase.
 */
import type { ProgressInfo } from '../sampler/run-loop.ts';

export type RunPhase = 'loading' | 'choosing the backend' | 'burn-in' | 'sampling' | 'summarising' | 'plotting';

export interface SamplingProgress extends ProgressInfo {
  /** Likelihood evaluations so far. */
  evaluations?: number;
  /** Steps counted as burn-in (the run's setting, or its estimate from τ): before it the phase reads burn-in. */
  burnIn?: number;
}

export interface ProgressReporter {
  phase(name: RunPhase): void;
  update(info: SamplingProgress): void;
  /** The label (the run's name) once the config is read. */
  rename(label: string): void;
  /** Ends the display; `finished` adds the time of every phase (a failed run leaves only its last line). */
  stop(finished?: boolean): void;
}

/** What one line shows; `renderProgressLine` draws it. */
export interface ProgressView {
  label: string;
  phase: string;
  elapsedSeconds: number;
  sampling?: SamplingProgress & { etaSeconds?: number };
}

/** Terminal columns a string takes: combining marks (the hat of R̂) take none. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const c of text) if (!/\p{M}/u.test(c)) width++;
  return width;
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.round(seconds)}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
}

function count(n: number): string {
  if (n < 1e4) return String(n);
  if (n < 1e6) return `${(n / 1e3).toFixed(0)}k`;
  if (n < 1e9) return `${(n / 1e6).toFixed(n < 1e7 ? 2 : 1)}M`;
  return `${(n / 1e9).toFixed(2)}G`;
}

function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  const chars = Array.from(text);
  while (chars.length > 0 && displayWidth(chars.join('')) > width - 1) chars.pop();
  return `${chars.join('')}…`;
}

/** Fewest columns the bar keeps before other fields are dropped. */
const MIN_BAR = 6;

/**
 * One progress line no wider than `width` columns. While sampling, the fields are kept in this order of
 * importance: R̂, eta, τ, step count, phase, bar, acceptance, evaluations, label; the bar takes what is left.
 */
export function renderProgressLine(view: ProgressView, width: number): string {
  const s = view.sampling;
  if (s === undefined) return truncate(`${view.label}: ${view.phase}… ${duration(view.elapsedSeconds)}`, width);
  const tau = s.tau === undefined ? 'τ —' : `τ ${s.tau.toFixed(s.tau < 100 ? 1 : 0)}`;
  const rhat = s.rhat === undefined ? 'R̂ —' : Number.isFinite(s.rhat) ? `R̂ ${s.rhat.toFixed(s.rhat < 1.1 ? 4 : 2)}` : 'R̂ ∞';
  const eta = `eta ${s.etaSeconds === undefined ? '?' : duration(s.etaSeconds)}`;
  const fields: { text: string; keep: number }[] = [
    { text: view.label, keep: 1 },
    { text: view.phase, keep: 5 },
    { text: '', keep: 4 }, // the bar
    { text: `${s.iteration}/${s.maxSteps}`, keep: 6 },
    { text: `acc ${s.acceptance.toFixed(3)}`, keep: 3 },
    { text: tau, keep: 7 },
    { text: rhat, keep: 9 },
    ...(s.evaluations === undefined ? [] : [{ text: `${count(s.evaluations)} ev`, keep: 2 }]),
    { text: eta, keep: 8 },
  ];
  const bar = fields[2];
  const widthOf = (list: typeof fields) => list.reduce((sum, f) => sum + (f === bar ? MIN_BAR + 2 : displayWidth(f.text)), 0) + list.length - 1;
  let kept = fields;
  for (let drop = 1; widthOf(kept) > width && drop <= 8; drop++) kept = fields.filter((f) => f.keep > drop);
  const barWidth = Math.max(0, width - widthOf(kept) + MIN_BAR);
  const done = Math.min(barWidth, Math.round((barWidth * s.iteration) / Math.max(1, s.maxSteps)));
  return truncate(kept.map((f) => (f === bar ? `[${'='.repeat(done)}${' '.repeat(barWidth - done)}]` : f.text)).join(' '), width);
}

export function createProgressReporter(quiet: boolean, label: string): ProgressReporter {
  if (quiet) return { phase() {}, update() {}, rename() {}, stop() {} };
  const tty = process.stderr.isTTY === true;
  const started = performance.now();
  const phaseTimes: [string, number][] = [];
  let phaseName = '';
  let phaseStarted = started;
  let sampling: SamplingProgress | undefined;
  let samplingStart: { at: number; iteration: number } | undefined;
  let lastDrawn = 0;
  let lastDecile = -1;
  let stopped = false;
  // Log lines of the phases before the first step, printed once sampling starts.
  const pending: string[] = [];
  const seconds = (from: number) => (performance.now() - from) / 1000;

  const enter = (name: string) => {
    if (name === phaseName) return;
    if (phaseName !== '') phaseTimes.push([phaseName, seconds(phaseStarted)]);
    phaseName = name;
    phaseStarted = performance.now();
    if (tty) return;
    const line = `${label}: ${name} (at ${duration(seconds(started))})\n`;
    if (sampling === undefined) pending.push(line);
    else process.stderr.write(line);
  };
  const view = (): ProgressView => {
    if (sampling === undefined || (phaseName !== 'burn-in' && phaseName !== 'sampling')) return { label, phase: phaseName, elapsedSeconds: seconds(phaseStarted) };
    const rate = samplingStart && sampling.iteration > samplingStart.iteration ? (sampling.iteration - samplingStart.iteration) / seconds(samplingStart.at) : undefined;
    return { label, phase: phaseName, elapsedSeconds: seconds(phaseStarted), sampling: { ...sampling, etaSeconds: rate ? (sampling.maxSteps - sampling.iteration) / rate : undefined } };
  };
  const draw = (force: boolean) => {
    if (!tty || stopped) return;
    const now = performance.now();
    if (!force && now - lastDrawn < 100) return;
    lastDrawn = now;
    const width = Math.max(20, (process.stderr.columns ?? 80) - 1);
    process.stderr.write(`\r\x1b[2K${renderProgressLine(view(), width)}`);
  };
  const ticker = tty ? setInterval(() => draw(true), 1000) : undefined;
  ticker?.unref();

  return {
    phase(name) {
      enter(name);
      draw(true);
    },
    rename(name) {
      label = name;
    },
    update(info) {
      if (sampling === undefined && pending.length > 0) process.stderr.write(pending.splice(0).join(''));
      sampling = info;
      samplingStart ??= { at: performance.now(), iteration: info.iteration };
      enter(info.burnIn !== undefined && info.iteration < info.burnIn ? 'burn-in' : 'sampling');
      draw(false);
      if (!tty) {
        const decile = Math.floor((10 * info.iteration) / info.maxSteps);
        if (decile === lastDecile) return;
        lastDecile = decile;
        const line = renderProgressLine(view(), 80);
        process.stderr.write(`${line}\n`);
      }
    },
    stop(finished = false) {
      if (stopped) return;
      stopped = true;
      if (ticker !== undefined) clearInterval(ticker);
      if (!finished) {
        if (tty && lastDrawn > 0) process.stderr.write(sampling === undefined ? '\r\x1b[2K' : '\n');
        return;
      }
      process.stderr.write(pending.splice(0).join(''));
      if (phaseName !== '') phaseTimes.push([phaseName, seconds(phaseStarted)]);
      const times = phaseTimes.map(([name, t]) => `${name} ${t.toFixed(1)}`).join(', ');
      process.stderr.write(`${tty ? '\r\x1b[2K' : ''}${label}: done in ${seconds(started).toFixed(1)} s${times ? ` (${times} s)` : ''}\n`);
    },
  };
}
