import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../../src/data-dir.ts';

export const BIN = path.join(REPO_ROOT, 'bin/smeftfit.js');

/**
 * Runs the real CLI to completion: exit code, stdout, stderr. Asynchronous, so the test worker keeps
 * answering the runner while a long child run goes on (a blocked worker trips vitest's RPC timeout).
 */
export function runCli(args: string[], cwd = REPO_ROOT): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Starts the real CLI as a child process (for kill/interrupt tests). */
export function startCli(args: string[]): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}
