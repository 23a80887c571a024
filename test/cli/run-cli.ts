import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../../src/data-dir.ts';
import { runProcess } from '../support/run-process.ts';

export const BIN = path.join(REPO_ROOT, 'bin/smeftfit.js');

/** Runs the real CLI to completion: exit code, stdout, stderr (asynchronously: see run-process.ts). */
export function runCli(args: string[], cwd = REPO_ROOT): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return runProcess(process.execPath, [BIN, ...args], cwd);
}

/** Starts the real CLI as a child process (for kill/interrupt tests). */
export function startCli(args: string[]): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}
