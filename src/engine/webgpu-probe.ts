/**
 * Would `--backend webgpu` find an adapter? Asked in a child process that runs the very search a run
 * makes (findWebGpuDevice, same order, same environment), so the answer is the run's. In a child, because
 * Dawn prints its warnings (no Vulkan loader, reduced limits of the OpenGL ES adapter) from native code
 * straight to the process's stderr, where no JavaScript can hold them back: the child's stderr is
 * dropped. The asking process (smeftfit list) also never loads Dawn.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { COMPILED } from '../data-dir.ts';

export type WebGpuProbe = { ok: true; label: string; software: boolean } | { ok: false; detail: string };

export function probeWebGpu(): Promise<WebGpuProbe> {
  const script = fileURLToPath(new URL(COMPILED ? './webgpu-probe-main.js' : './webgpu-probe-main.ts', import.meta.url));
  // From the sources, the child needs tsx's loader (found from this package, not from the working directory).
  const args = COMPILED ? [script] : ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href, script];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => resolve({ ok: false, detail: `the adapter search did not start: ${error.message}` }));
    child.on('close', (status, signal) => {
      try {
        resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as WebGpuProbe);
      } catch {
        const last = stderr.trim().split('\n').filter((line) => line.trim() !== '').pop() ?? '';
        resolve({ ok: false, detail: `the adapter search ended without an answer (${signal ?? `exit ${status}`}${last !== '' ? `: ${last}` : ''})` });
      }
    });
  });
}
