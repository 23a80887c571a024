/**
 * `npm pack` of the checkout for the package tests, one at a time: pack runs the prepare script, which
 * deletes and rebuilds dist/, so two test files packing at once (vitest runs files in parallel) would pack
 * each other's half-built dist/. A lock directory beside the temp files (mkdir is atomic) serialises them
 * across processes; a lock older than LOCK_STALE_MS is taken to be left by a killed run.
 */
import { runProcess } from '../support/run-process.ts';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../src/data-dir.ts';

const LOCK_STALE_MS = 15 * 60_000;

export const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Packs the checkout into `destination`; returns npm's result and the tarball's file list. */
export async function packCheckout(destination: string): Promise<{ status: number | null; stderr: string; filename: string; files: string[] }> {
  const lock = path.join(os.tmpdir(), `smeftfit-pack-${crypto.createHash('sha256').update(REPO_ROOT).digest('hex').slice(0, 12)}.lock`);
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      try {
        if (Date.now() - fs.statSync(lock).mtimeMs > LOCK_STALE_MS) fs.rmSync(lock, { recursive: true, force: true });
      } catch {
        // released meanwhile
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    const packed = await runProcess(NPM, ['pack', '--pack-destination', destination, '--json'], REPO_ROOT);
    if (packed.status !== 0) return { status: packed.status, stderr: packed.stderr, filename: '', files: [] };
    // npm prints the prepare script's output before the JSON
    const [{ filename, files }] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
    return { status: 0, stderr: packed.stderr, filename, files: files.map((f) => f.path) };
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}
