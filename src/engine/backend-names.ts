/** The likelihood backends a run may name (compile.ts says what each one is). */
export type BackendName = 'auto' | 'cpu' | 'gpujs-cpu' | 'gpu' | 'webgpu';
export const BACKEND_NAMES: readonly BackendName[] = ['auto', 'cpu', 'gpujs-cpu', 'gpu', 'webgpu'];
