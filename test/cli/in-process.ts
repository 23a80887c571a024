import { runCli } from '../../src/cli.ts';

/**
 * Runs one command line through the same boundary as bin/smeftfit.js (src/cli.ts runCli), in this
 * process, capturing stdout, stderr and the exit code: fast enough to try thousands of inputs.
 */
export async function runInProcess(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const writeOut = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  try {
    const status = await runCli(['node', 'smeftfit', ...args]);
    return { status, stdout, stderr };
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
  }
}
