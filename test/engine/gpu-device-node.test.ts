/**
 * `auto` and `gpu` look for a hardware WebGPU adapter only where the machine exposes a GPU device node;
 * the check reads a /dev-like folder, so it is tested on fake ones.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gpuDeviceNodePresent } from '../../src/engine/webgpu-device.ts';

function fakeDev(entries: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-dev-'));
  for (const entry of entries) {
    fs.mkdirSync(path.dirname(path.join(dir, entry)), { recursive: true });
    fs.writeFileSync(path.join(dir, entry), '');
  }
  return dir;
}

describe('GPU device nodes', () => {
  it('an NVIDIA device node or a DRM render node counts; control nodes, card nodes and nothing do not', () => {
    expect(gpuDeviceNodePresent(fakeDev(['nvidia0', 'nvidiactl']))).toBe(true);
    expect(gpuDeviceNodePresent(fakeDev(['dri/renderD128', 'dri/card0']))).toBe(true);
    expect(gpuDeviceNodePresent(fakeDev(['nvidiactl', 'nvidia-uvm', 'dri/card0']))).toBe(false);
    expect(gpuDeviceNodePresent(fakeDev(['null', 'zero']))).toBe(false);
    expect(gpuDeviceNodePresent(path.join(os.tmpdir(), 'no-such-dev-folder'))).toBe(false);
  });
});
