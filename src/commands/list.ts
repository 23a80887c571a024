import { parseRunConfig } from '../config/load-config.ts';
import { shippedConfigDescription, shippedConfigNames, shippedConfigPath } from '../config/shipped-configs.ts';
import { BACKEND_NAMES } from '../engine/compile.ts';
import { gpuContextInfo, loadGpuJs } from '../engine/gpujs-loader.ts';
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

function backendStatus(name: string): ListedBackend {
  switch (name) {
    case 'cpu':
      return { name, available: true, detail: 'float64 loops on the CPU' };
    case 'auto':
      return { name, available: true, detail: 'the fastest available backend, chosen per model' };
    case 'gpujs-cpu':
      try {
        loadGpuJs();
        return { name, available: true, detail: "gpu.js kernels in gpu.js's CPU mode (float32)" };
      } catch (error) {
        return { name, available: false, detail: `gpu.js does not load: ${(error as Error).message.split('\n')[0]}` };
      }
    default: {
      try {
        const info = gpuContextInfo();
        return { name, available: info.available, detail: info.detail };
      } catch (error) {
        return { name, available: false, detail: `gpu.js does not load: ${(error as Error).message.split('\n')[0]}` };
      }
    }
  }
}

/** `smeftfit list`: the shipped scenarios and test targets, the observables, data eras and backends. */
export function listCommand(): Listing {
  const scenarios = shippedConfigNames().map((name): ListedScenario => {
    const file = shippedConfigPath(name)!;
    const config = parseRunConfig(fs.readFileSync(file, 'utf8'), file);
    return { name, kind: config.model.target !== undefined ? 'target' : 'scenario', description: shippedConfigDescription(name), file };
  });
  return {
    scenarios,
    observables: { ew: [...EW_OBSERVABLE_NAMES], flavour: [...FLAVOUR_OBSERVABLE_NAMES] },
    dataEras: [...FLAVOUR_DATA_ERAS],
    backends: BACKEND_NAMES.map(backendStatus),
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
