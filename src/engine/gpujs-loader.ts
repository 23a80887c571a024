/**
 * Loads gpu.js lazily (the `cpu` backend never pays for it) and answers whether a real GPU context
 * exists. In Node the only synchronous GPU path of gpu.js is headless-gl (the optional `gl` package,
 * which needs a display: `xvfb-run -a` on a server). gpu.js WebGPU kernels exist only under its async
 * contract (`mode: 'async'`/`'webgpu'`, README "v3 Will Be Async by Default"), which the synchronous
 * BatchLogDensity seam cannot use, so they are not offered here.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

type GpuJsModule = typeof import('gpu.js');

const require = createRequire(import.meta.url);
let gpuJs: GpuJsModule | null = null;

export function loadGpuJs(): GpuJsModule {
  gpuJs ??= require('gpu.js') as GpuJsModule;
  return gpuJs;
}

export interface GpuContextInfo {
  available: boolean;
  /** Why it is (not) available, for error messages and `auto`'s reason. */
  detail: string;
  /** GL renderer string, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)"; empty when unavailable. */
  renderer: string;
  /** True for Mesa/ANGLE software rasterisers (a CPU pretending to be a GPU). */
  software: boolean;
}

let cached: GpuContextInfo | null = null;

export function gpuContextInfo(): GpuContextInfo {
  if (cached !== null) return cached;
  const { GPU } = loadGpuJs();
  if (!GPU.isHeadlessGLSupported) {
    let glInstalled = true;
    try {
      require.resolve('gl');
    } catch {
      glInstalled = false;
    }
    const detail = !glInstalled
      ? 'gpu.js found no WebGL/WebGPU context (the optional package gl is not installed: npm install gl, which builds against the OpenGL and X11 development headers)'
      : process.platform === 'linux' && !process.env.DISPLAY
        ? 'gpu.js found no WebGL/WebGPU context (headless-gl needs a display: run under xvfb-run -a)'
        : 'gpu.js found no WebGL/WebGPU context (the gl package is installed but headless-gl did not load: npm rebuild gl)';
    cached = { available: false, detail, renderer: '', software: false };
    return cached;
  }
  const glName = glRenderer(); // creates a context, so the driver is loaded before we look for it
  const driver = loadedSoftwareDriver();
  const renderer = glName + (driver !== null ? ` on Mesa ${driver}` : '');
  const software = driver !== null || /llvmpipe|softpipe|swiftshader|software/i.test(renderer);
  cached = {
    available: true,
    detail: `headless-gl context, renderer ${renderer || 'unknown'}`,
    renderer,
    software,
  };
  return cached;
}

/** Unmasked renderer string of a throw-away 1×1 headless-gl context. */
function glRenderer(): string {
  try {
    const createContext = require('gl') as (w: number, h: number) => WebGLRenderingContextLike | null;
    const gl = createContext(1, 1);
    if (gl === null) return '';
    const info = gl.getExtension('WEBGL_debug_renderer_info') as { UNMASKED_RENDERER_WEBGL: number } | null;
    const renderer = String(gl.getParameter(info !== null ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('STACKGL_destroy_context')?.destroy();
    return renderer;
  } catch {
    return '';
  }
}

/**
 * headless-gl reports its renderer as just "ANGLE" (no WEBGL_debug_renderer_info), so on Linux look at
 * the driver the context loaded: Mesa's software rasterisers (llvmpipe, softpipe) live in swrast_dri.so
 * / kms_swrast_dri.so. Call after a context exists.
 */
function loadedSoftwareDriver(): string | null {
  if (process.platform !== 'linux') return null;
  try {
    const maps = readFileSync('/proc/self/maps', 'utf8');
    const match = /\b(kms_swrast|swrast)_dri\.so\b/.exec(maps);
    return match !== null ? `${match[1]}_dri (software rasteriser)` : null;
  } catch {
    return null;
  }
}

interface WebGLRenderingContextLike {
  RENDERER: number;
  getParameter(name: number): unknown;
  getExtension(name: string): any;
}
