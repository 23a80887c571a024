/**
 * The child process of probeWebGpu (webgpu-probe.ts): the adapter search of `--backend webgpu`, answered
 * as one JSON line on stdout.
 */
import { findWebGpuDevice } from './webgpu-device.ts';

const search = await findWebGpuDevice();
const answer = search.ok ? { ok: true, label: search.handle.info.label, software: search.handle.info.software } : { ok: false, detail: search.detail };
process.stdout.write(JSON.stringify(answer) + '\n');
process.exit(0);
