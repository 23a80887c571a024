/**
 * `--quiet` means quiet, but Dawn (the WebGPU implementation of the webgpu backend) writes its warnings
 * (no Vulkan loader; limits reduced on the OpenGL ES adapter) from native code straight to file
 * descriptor 2, which Node cannot redirect inside its own process. A quiet run that will search for a
 * WebGPU adapter therefore runs as a child of this process, with its stderr passed through
 * dropDawnWarnings: smeftfit's own lines (errors, one line each) pass, Dawn's warning blocks do not.
 * stdin and stdout are the child's own; SIGINT, SIGTERM and SIGHUP are passed on, and the child stops
 * (as on SIGTERM: checkpoint, exit 130) if this process is killed outright, since SIGKILL cannot be
 * passed on. Every other command line runs in this process as before.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { resolveConfigArgument } from './config/shipped-configs.ts';
import { gpuDeviceNodePresent } from './engine/webgpu-device.ts';

/** Set in the child's environment: it is the filtered run (and must not start another). */
export const FILTERED_CHILD_ENV = 'SMEFTFIT_QUIET_CHILD';

const SEARCHING_COMMANDS = new Set(['run', 'compare']);

/** Whether the backend named by a flag or config searches for a WebGPU adapter (compile.ts's rules). */
function searchesWebGpu(backend: string): boolean {
  if (backend === 'webgpu') return true;
  // gpu and auto look for a hardware adapter only where the machine has a GPU device node.
  return (backend === 'gpu' || backend === 'auto') && gpuDeviceNodePresent();
}

/**
 * Whether this command line is a quiet run or compare whose backend may search for a WebGPU adapter: the
 * --backend flag, else the config's top-level `backend:` line (default auto). A config that cannot be
 * found or read answers false: the run itself then reports it.
 */
export function quietRunSearchesWebGpu(argv: string[]): boolean {
  if (process.env[FILTERED_CHILD_ENV] !== undefined) return false;
  const args = argv.slice(2);
  const command = args.find((arg) => !arg.startsWith('-'));
  if (command === undefined || !SEARCHING_COMMANDS.has(command) || !args.includes('--quiet')) return false;
  const flagged = args.findIndex((arg) => arg === '--backend' || arg.startsWith('--backend='));
  if (flagged >= 0) return searchesWebGpu(args[flagged].includes('=') ? args[flagged].split('=')[1] : (args[flagged + 1] ?? ''));
  const scenarioAt = args.indexOf('--scenario');
  const candidates = scenarioAt >= 0 ? [undefined] : args.slice(args.indexOf(command) + 1).filter((arg) => !arg.startsWith('-'));
  for (const candidate of candidates) {
    try {
      const file = resolveConfigArgument(candidate, scenarioAt >= 0 ? args[scenarioAt + 1] : undefined);
      const backend = /^backend:\s*['"]?([\w-]+)/m.exec(fs.readFileSync(file, 'utf8'))?.[1] ?? 'auto';
      return searchesWebGpu(backend);
    } catch {
      continue;
    }
  }
  return false;
}

/** Passes stderr through, without Dawn's warning blocks ("Warning: …", "    at … (….cpp:N)", blank line). */
export function dropDawnWarnings(): (chunk: string, end?: boolean) => string {
  let pending = '';
  let inWarning = false;
  return (chunk, end = false) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = end ? '' : lines.pop()!;
    let out = '';
    for (const line of end && lines.at(-1) === '' ? lines.slice(0, -1) : lines) {
      if (line.startsWith('Warning: ')) inWarning = true;
      else if (inWarning && (/^\s+at .*\)\s*$/.test(line) || line.trim() === '')) inWarning = true;
      else inWarning = false;
      if (!inWarning) out += `${line}\n`;
    }
    return out;
  };
}

/** Runs argv in a child process with Dawn's warnings dropped from its stderr; resolves to its exit code. */
export function runWithQuietNativeOutput(argv: string[]): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, ...argv.slice(1)], {
    stdio: ['inherit', 'inherit', 'pipe'],
    env: { ...process.env, [FILTERED_CHILD_ENV]: String(process.pid) },
  });
  const filter = dropDawnWarnings();
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => process.stderr.write(filter(chunk)));
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  for (const signal of signals) process.on(signal, forward);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      for (const s of signals) process.off(s, forward);
      process.stderr.write(filter('', true));
      resolve(code ?? 128 + (signal !== null ? (os.constants.signals[signal] ?? 0) : 0));
    });
  });
}

/** In the filtered child: stop like on SIGTERM once the parent is gone (it was killed outright). */
export function stopWithParent(): void {
  const parent = Number(process.env[FILTERED_CHILD_ENV]);
  if (!Number.isInteger(parent) || parent <= 0) return;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      process.kill(process.pid, 'SIGTERM');
    }
  }, 1000);
  timer.unref();
}
