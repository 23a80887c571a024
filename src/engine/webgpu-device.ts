/**
 * Finds a WebGPU device through Dawn's Node bindings (the `webgpu` package, ≥ 0.6.2: the version gpu.js
 * pins, 0.2.9, ships a dawn.node that needs GLIBC 2.38).
 *
 * Search order: Vulkan first (on an NVIDIA server Dawn reaches the GPU through the driver's Vulkan ICD,
 * no display needed), then OpenGL ES through EGL, which on a machine without a GPU is Mesa's llvmpipe
 * software rasteriser and needs WebGPU's compatibility feature level (without it Dawn returns no
 * adapter). A hardware adapter always wins over a software one; a software adapter is labelled as such.
 * The environment the EGL search needs (EGL_PLATFORM=surfaceless: no X or Wayland display;
 * XDG_RUNTIME_DIR: Mesa warns and may fail without it) is set here, so a user types only
 * `--backend webgpu`.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

export interface WebGpuDeviceInfo {
  /** Dawn backend that gave the adapter: 'vulkan' or 'opengles'. */
  backend: string;
  /** Adapter vendor / device / description as Dawn reports them. */
  vendor: string;
  description: string;
  /** True for CPU implementations (llvmpipe, lavapipe, SwiftShader): a correctness path, not a GPU. */
  software: boolean;
  /** One line for messages: "NVIDIA H100 (vulkan)" or "llvmpipe … (opengles, software adapter)". */
  label: string;
}

export interface WebGpuHandle {
  device: GPUDevice;
  info: WebGpuDeviceInfo;
}

export type WebGpuSearch = { ok: true; handle: WebGpuHandle } | { ok: false; detail: string };

const SOFTWARE = /llvmpipe|lavapipe|softpipe|swiftshader|software|cpu/i;

let search: Promise<WebGpuSearch> | null = null;
const instances: GPU[] = [];

/** The process's one WebGPU device (found once, then shared by every compiled model). */
export function findWebGpuDevice(): Promise<WebGpuSearch> {
  search ??= searchAdapters();
  return search;
}

/**
 * Whether the machine exposes a GPU to this process at all (an NVIDIA device node, or a DRM render node
 * of another vendor's driver). `auto` and `gpu` look for a hardware WebGPU adapter only then: on a
 * machine without one, Dawn would find only a software adapter, after printing its Vulkan and limit
 * warnings straight to stderr, and a CI or laptop run would pay for the search and the noise.
 * `--backend webgpu` always searches (the software adapter is a legitimate, labelled choice there).
 */
export function gpuDeviceNodePresent(devDir = '/dev'): boolean {
  try {
    const entries = fs.readdirSync(devDir);
    if (entries.some((name) => /^nvidia\d+$/.test(name))) return true;
    return fs.existsSync(path.join(devDir, 'dri')) && fs.readdirSync(path.join(devDir, 'dri')).some((name) => name.startsWith('renderD'));
  } catch {
    return false;
  }
}

/**
 * Whether the dynamic linker would find Vulkan's loader, libvulkan.so.1, which Dawn's Vulkan backend
 * opens (in LD_LIBRARY_PATH, in /etc/ld.so.cache or in /lib, /usr/lib). Where it would not, Dawn fails
 * that backend after printing "Couldn't load Vulkan" from native code to stderr, which even --quiet
 * could not hold back; not asking spares the line. Other systems: assumed present (Dawn decides).
 */
export function vulkanLoaderPresent(): boolean {
  if (process.platform !== 'linux') return true;
  const loader = 'libvulkan.so.1';
  const dirs = [...(process.env.LD_LIBRARY_PATH ?? '').split(':').filter((d) => d !== ''), '/lib', '/usr/lib'];
  if (dirs.some((dir) => fs.existsSync(path.join(dir, loader)))) return true;
  try {
    return fs.readFileSync('/etc/ld.so.cache').includes(loader);
  } catch {
    return true;
  }
}

/** Environment the EGL software path needs; never overrides what the user set. */
export function prepareAdapterEnvironment(): void {
  process.env.EGL_PLATFORM ??= 'surfaceless';
  if (process.env.XDG_RUNTIME_DIR === undefined || !fs.existsSync(process.env.XDG_RUNTIME_DIR)) {
    const dir = path.join(os.tmpdir(), `smeftfit-runtime-${process.getuid?.() ?? 'user'}`);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    process.env.XDG_RUNTIME_DIR = dir;
  }
}

interface DawnModule {
  create(flags: string[]): GPU;
  globals: Record<string, unknown>;
}

async function searchAdapters(): Promise<WebGpuSearch> {
  let dawn: DawnModule;
  try {
    dawn = createRequire(import.meta.url)('webgpu') as DawnModule;
  } catch (error) {
    return { ok: false, detail: `Dawn's Node bindings (package webgpu) did not load: ${(error as Error).message.split('\n')[0]}` };
  }
  prepareAdapterEnvironment();
  // GPUBufferUsage, GPUMapMode, … are globals in a browser; kernels and buffers use them by name.
  for (const [name, value] of Object.entries(dawn.globals)) (globalThis as Record<string, unknown>)[name] ??= value;
  const tried: string[] = [];
  let fallback: WebGpuHandle | null = null;
  const attempts: { backend: string; options: GPURequestAdapterOptions }[] = [
    { backend: 'vulkan', options: { powerPreference: 'high-performance' } },
    { backend: 'opengles', options: { featureLevel: 'compatibility', powerPreference: 'high-performance' } as GPURequestAdapterOptions },
  ];
  for (const { backend, options } of attempts) {
    if (backend === 'vulkan' && !vulkanLoaderPresent()) {
      tried.push('vulkan: no Vulkan loader (libvulkan.so.1) on this system');
      continue;
    }
    try {
      const gpu = dawn.create([`backend=${backend}`]);
      // The GPU object owns Dawn's instance: if it were garbage-collected, every device made from it
      // would die with it (the process aborts in Dawn). Keep each one for the life of the process.
      instances.push(gpu);
      const adapter = await gpu.requestAdapter(options);
      if (adapter === null) {
        tried.push(`${backend}: no adapter`);
        continue;
      }
      const handle = await openDevice(adapter, backend);
      if (!handle.info.software) return { ok: true, handle };
      tried.push(`${backend}: ${handle.info.label}`);
      if (fallback === null) fallback = handle;
      else handle.device.destroy();
    } catch (error) {
      tried.push(`${backend}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  if (fallback !== null) return { ok: true, handle: fallback };
  return { ok: false, detail: `no WebGPU adapter (${tried.join('; ')})` };
}

async function openDevice(adapter: GPUAdapter, backend: string): Promise<WebGpuHandle> {
  const raw = adapter.info;
  const vendor = raw?.vendor ?? '';
  const description = [raw?.description, raw?.device, raw?.architecture].filter((s) => s).join(' ') || 'unknown adapter';
  const software = SOFTWARE.test(description) || (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
  // Large batches: ask for the adapter's own storage-buffer limits instead of the 128 MiB default.
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize,
    },
  });
  // Dawn's worker threads must stop before Node tears the process down (otherwise the process aborts
  // with std::system_error at exit): release the device on every way out.
  process.once('exit', () => device.destroy());
  const label = `${description}${vendor !== '' && !description.includes(vendor) ? ` [${vendor}]` : ''} (${backend}${software ? ', software adapter' : ''})`;
  return { device, info: { backend, vendor, description, software, label } };
}
