/**
 * `smeftfit reproduce` shows each fit's own progress while it samples (a full flavour fit samples for tens of
 * minutes), and `--quiet` turns it off. reproduce hands the fit to `runCommand`; here that seam is replaced by
 * a recorder, so the test sees the flags reproduce passes without sampling (the recorded fit then has no
 * outputs and is reported as failed, which is not what is under test).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const calls: { config: string; quiet: boolean | undefined }[] = [];
vi.mock('../../src/commands/run.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/commands/run.ts')>();
  return {
    ...original,
    runCommand: async (configFile: string, flags: { quiet?: boolean }) => {
      calls.push({ config: path.basename(configFile), quiet: flags.quiet });
      throw new Error('not sampled in this test');
    },
  };
});

const { reproduceCommand } = await import('../../src/commands/reproduce.ts');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-reproduce-progress-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('reproduce: progress of the fits', () => {
  it('is shown by default and hidden with quiet', async () => {
    const common = { data: '2020' as const, only: ['ew-tree'], resultsDir: path.join(work, 'no-earlier-release') };
    const shown = await reproduceCommand({ ...common, out: path.join(work, 'a'), chains: path.join(work, 'chains-a') });
    const hidden = await reproduceCommand({ ...common, out: path.join(work, 'b'), chains: path.join(work, 'chains-b'), quiet: true });
    expect(calls).toEqual([
      { config: 'ew-tree.yaml', quiet: false },
      { config: 'ew-tree.yaml', quiet: true },
    ]);
    // Nothing was sampled, so both report the fit as failed with the recorder's reason.
    for (const result of [shown, hidden]) expect(result.runs).toEqual([expect.objectContaining({ id: 'ew-tree', status: 'failed', detail: 'not sampled in this test' })]);
  });
});
