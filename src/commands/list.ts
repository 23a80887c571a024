import { parseRunConfig } from '../config/load-config.ts';
import { shippedConfigDescription, shippedConfigNames, shippedConfigPath } from '../config/shipped-configs.ts';
import { BACKEND_NAMES } from '../engine/backend-names.ts';
import { gpuContextInfo, loadGpuJs } from '../engine/gpujs-loader.ts';
import { gpuDeviceNodePresent } from '../engine/webgpu-device.ts';
import { probeWebGpu, type WebGpuProbe } from '../engine/webgpu-probe.ts';
import { EW_OBSERVABLE_NAMES } from '../physics/ew/predict.ts';
import { FLAVOUR_DATA_ERAS } from '../physics/flavour/data.ts';
import { FLAVOUR_OBSERVABLE_NAMES } from '../physics/flavour/predict.ts';
import fs from 'node:fs';

export interface ListedScenario {
  /** What `smeftfit run <name>` and `base: <name>` take. */
  name: string;
  kind: 'scenario' | 'target';
  description: string;
  file: string;
}

export interface ListedBackend {
  name: string;
  available: boolean;
  detail: string;
}

export interface Listing {
  scenarios: ListedScenario[];
  observables: { ew: string[]; flavour: string[] };
  dataEras: string[];
  backends: ListedBackend[];
}

/**
 * Every backend's availability as a run would find it: webgpu by the run's own adapter search (in a child
 * process, webgpu-probe.ts), gpu by compile's rule (WebGPU on a hardware adapter where the machine has a
 * GPU device node, else a headless-gl context), gpujs-cpu by loading gpu.js.
 */
async function backendStatuses(webgpuProbe: Promise<WebGpuProbe>): Promise<ListedBackend[]> {
  const webgpu = await webgpuProbe;
  let gpujs: ListedBackend;
  let gl: { available: boolean; software: boolean; detail: string };
  try {
    loadGpuJs();
    gpujs = { name: 'gpujs-cpu', available: true, detail: "gpu.js kernels in gpu.js's CPU mode (float32)" };
    gl = gpuContextInfo();
  } catch (error) {
    const detail = `gpu.js does not load: ${(error as Error).message.split('\n')[0]}`;
    gpujs = { name: 'gpujs-cpu', available: false, detail };
    gl = { available: false, software: false, detail };
  }
  const deviceNode = gpuDeviceNodePresent();
  const hardwareWebGpu = deviceNode && webgpu.ok && !webgpu.software ? webgpu.label : undefined;
  const whyNoHardwareWebGpu = !deviceNode
    ? 'no GPU device node (/dev/nvidia*, /dev/dri/renderD*)'
    : webgpu.ok
      ? `the WebGPU adapter is ${webgpu.label}`
      : webgpu.detail;
  const gpu: ListedBackend =
    hardwareWebGpu !== undefined
      ? { name: 'gpu', available: true, detail: `WebGPU on ${hardwareWebGpu}` }
      : gl.available
        ? { name: 'gpu', available: true, detail: `gpu.js on a ${gl.detail}${gl.software ? ' (software rasteriser)' : ''}` }
        : { name: 'gpu', available: false, detail: `no hardware WebGPU adapter (${whyNoHardwareWebGpu}) and ${gl.detail}` };
  const autoCandidates = ['cpu', ...(hardwareWebGpu !== undefined ? [`webgpu on ${hardwareWebGpu}`] : []), ...(gl.available && !gl.software ? ['gpu (headless-gl)'] : [])];
  return [
    {
      name: 'auto',
      available: true,
      detail: autoCandidates.length > 1 ? `the fastest per model of ${autoCandidates.join(', ')}` : 'cpu here (auto times hardware GPU paths only, and this machine has none)',
    },
    { name: 'cpu', available: true, detail: 'float64 loops on the CPU' },
    gpujs,
    gpu,
    webgpu.ok ? { name: 'webgpu', available: true, detail: `WGSL kernels on ${webgpu.label}` } : { name: 'webgpu', available: false, detail: webgpu.detail },
  ];
}

/** `smeftfit list`: the shipped scenarios and test targets, the observables, data eras and backends. */
export async function listCommand(): Promise<Listing> {
  // The adapter search runs in its child process while the configs are read.
  const webgpu = probeWebGpu();
  const scenarios = shippedConfigNames().map((name): ListedScenario => {
    const file = shippedConfigPath(name)!;
    const config = parseRunConfig(fs.readFileSync(file, 'utf8'), file);
    return { name, kind: config.model.target !== undefined ? 'target' : 'scenario', description: shippedConfigDescription(name), file };
  });
  const backends = await backendStatuses(webgpu);
  if (backends.map((b) => b.name).join() !== BACKEND_NAMES.join()) throw new Error(`list: backends ${backends.map((b) => b.name).join(', ')} differ from ${BACKEND_NAMES.join(', ')}`);
  return {
    scenarios,
    observables: { ew: [...EW_OBSERVABLE_NAMES], flavour: [...FLAVOUR_OBSERVABLE_NAMES] },
    dataEras: [...FLAVOUR_DATA_ERAS],
    backends,
  };
}

export function formatListing(listing: Listing): string {
  const width = Math.max(...listing.scenarios.map((s) => s.name.length));
  const lines = ['scenarios (smeftfit run <name>):'];
  for (const s of listing.scenarios.filter((x) => x.kind === 'scenario')) lines.push(`  ${s.name.padEnd(width)}  ${s.description}`);
  lines.push('test targets (smeftfit run <name>):');
  for (const s of listing.scenarios.filter((x) => x.kind === 'target')) lines.push(`  ${s.name.padEnd(width)}  ${s.description}`);
  lines.push(`observables, EW (${listing.observables.ew.length}): ${listing.observables.ew.join(', ')}`);
  lines.push(`observables, b → sℓℓ (${listing.observables.flavour.length}): ${listing.observables.flavour.join(', ')}`);
  lines.push(`flavour data eras (--data): ${listing.dataEras.join(', ')}`);
  lines.push('backends (--backend):');
  for (const b of listing.backends) lines.push(`  ${b.name.padEnd(9)}  ${b.available ? 'available  ' : 'unavailable'}  ${b.detail}`);
  return lines.join('\n');
}
