import { afterEach, describe, expect, it, vi } from 'vitest';
import { createProgressReporter, displayWidth, renderProgressLine, type ProgressView } from '../../src/output/progress.ts';

const sampling = (over: Partial<NonNullable<ProgressView['sampling']>> = {}): ProgressView => ({
  label: 'ew-flavour-pmd-current',
  phase: 'sampling',
  elapsedSeconds: 12,
  sampling: { iteration: 123_456, maxSteps: 400_000, acceptance: 0.2875, tau: 1234.5, rhat: 1.0123, evaluations: 98_765_432, etaSeconds: 4000, ...over },
});

describe('renderProgressLine', () => {
  it('fits 80 columns with R̂ and eta on the line (a long run name, six-digit steps)', () => {
    const line = renderProgressLine(sampling(), 80);
    expect(displayWidth(line)).toBeLessThanOrEqual(80);
    expect(line).toContain('R̂ 1.0123');
    expect(line).toContain('eta 1h06m');
    expect(line).toContain('τ 1235');
    expect(line).toContain('123456/400000');
  });

  it('keeps R̂ and eta when narrower, dropping the less important fields first', () => {
    for (const width of [60, 45, 30]) {
      const line = renderProgressLine(sampling(), width);
      expect(displayWidth(line), line).toBeLessThanOrEqual(width);
      expect(line, line).toContain('R̂ 1.0123');
      expect(line, line).toContain('eta 1h06m');
    }
  });

  it('shows τ and R̂ as soon as they are given, "—" only when unknown', () => {
    expect(renderProgressLine(sampling({ tau: 3.21, rhat: 1.5 }), 80)).toMatch(/τ 3\.2 .*R̂ 1\.50/);
    expect(renderProgressLine(sampling({ tau: undefined, rhat: undefined }), 80)).toMatch(/τ — .*R̂ —/);
  });

  it('names a phase outside sampling, with its time', () => {
    expect(renderProgressLine({ label: 'ew', phase: 'choosing the backend', elapsedSeconds: 2.4 }, 80)).toBe('ew: choosing the backend… 2s');
  });

  it('counts the combining hat of R̂ as no column', () => {
    expect(displayWidth('R̂ 1.0000')).toBe(8);
  });
});

describe('createProgressReporter (not a terminal: one line per phase and per ~10 % of the steps)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('names every phase of a run in order and ends with the time of each', () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    Object.defineProperty(process.stderr, 'isTTY', { value: false, configurable: true });
    const progress = createProgressReporter(false, 'run');
    progress.phase('loading');
    progress.rename('ew');
    progress.phase('choosing the backend');
    progress.phase('burn-in');
    for (let step = 100; step <= 1000; step += 100) progress.update({ iteration: step, maxSteps: 1000, acceptance: 0.3, tau: 10, rhat: 1.01, evaluations: step * 96, burnIn: 200 });
    progress.phase('summarising');
    progress.phase('plotting');
    progress.stop(true);
    const text = lines.join('');
    const order = ['run: loading', 'ew: choosing the backend', 'ew: burn-in', 'ew: sampling', 'ew: summarising', 'ew: plotting', 'ew: done in'].map((p) => text.indexOf(p));
    expect(order.every((at) => at >= 0), text).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toMatch(/done in [\d.]+ s \(loading [\d.]+, choosing the backend [\d.]+, burn-in [\d.]+, sampling [\d.]+, summarising [\d.]+, plotting [\d.]+ s\)/);
    expect(text).toContain('96k ev');
  });

  it('leaves nothing of its own when the run fails before its first step (the error stays one line)', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    Object.defineProperty(process.stderr, 'isTTY', { value: false, configurable: true });
    const progress = createProgressReporter(false, 'ew');
    progress.phase('loading');
    progress.phase('choosing the backend');
    progress.stop();
    expect(write).not.toHaveBeenCalled();
  });

  it('prints nothing when quiet', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const progress = createProgressReporter(true, 'ew');
    progress.phase('loading');
    progress.update({ iteration: 1, maxSteps: 2, acceptance: 0 });
    progress.stop(true);
    expect(write).not.toHaveBeenCalled();
  });
});
