/**
 * compileModel's contract: backends by name, refusals with one-line InputErrors naming the field or
 * backend, `auto` never silently picking a float32 path it cannot justify, and throughput accounting.
 */
import { describe, expect, it } from 'vitest';
import { compileModel, type BackendName } from '../../src/engine/compile.ts';
import { CountingDensity } from '../../src/engine/density.ts';
import { gpuContextInfo } from '../../src/engine/gpujs-loader.ts';
import { measureThroughput } from '../../src/engine/throughput.ts';
import { InputError } from '../../src/errors.ts';
import type { CpuFunctionModel, LinearisedGaussianModel, ModelDescription } from '../../src/likelihood/model.ts';
import { baselineTarget, standardNormalTarget } from '../../src/likelihood/targets.ts';
import { linearisedCase, inputDir } from './parity-cases.ts';

const cpuFunction: CpuFunctionModel = {
  kind: 'cpu-function',
  parameterNames: ['a'],
  logProbBatch: (points, count, out) => {
    for (let i = 0; i < count; i++) out[i] = -points[i] * points[i];
  },
};

function expectInputError(run: () => unknown, message: RegExp): void {
  expect(run).toThrow(InputError);
  expect(run).toThrow(message);
}

describe('compileModel: backend selection and refusals', () => {
  const { model: gauss20 } = baselineTarget('gauss20', inputDir);

  it('names the backend that evaluates', () => {
    expect(compileModel(gauss20, { backend: 'cpu', maxBatch: 16 }).backend).toBe('cpu');
    const f32 = compileModel(gauss20, { backend: 'gpujs-cpu', maxBatch: 16 });
    expect(f32.backend).toBe('gpujs-cpu');
    expect(f32.density.backend).toBe('gpujs-cpu');
    // The compile-time bound is reported; for gauss20 it is ≈ 2e-4, below the 0.01 default.
    expect(f32.precision!.worstBound).toBeLessThan(f32.precision!.maxLogDensityError);
  });

  it('rejects unknown backends and bad maxBatch, naming the field', () => {
    expectInputError(() => compileModel(gauss20, { backend: 'webgl' as BackendName, maxBatch: 16 }), /^backend: unknown backend 'webgl'/);
    expectInputError(() => compileModel(gauss20, { backend: 'cpu', maxBatch: 0 }), /^maxBatch:/);
    expectInputError(() => compileModel(gauss20, { backend: 'cpu', maxBatch: 2.5 }), /^maxBatch:/);
  });

  it('cpu-function models compile only for cpu; other backends refuse naming themselves', () => {
    expect(compileModel(cpuFunction, { backend: 'cpu', maxBatch: 4 }).backend).toBe('cpu');
    expectInputError(() => compileModel(cpuFunction, { backend: 'gpujs-cpu', maxBatch: 4 }), /^backend gpujs-cpu: cpu-function models run only on backend cpu/);
    if (gpuContextInfo().available) {
      expectInputError(() => compileModel(cpuFunction, { backend: 'gpu', maxBatch: 4 }), /^backend gpu: cpu-function/);
    } else {
      expectInputError(() => compileModel(cpuFunction, { backend: 'gpu', maxBatch: 4 }), /^backend gpu: gpu\.js found no WebGL\/WebGPU context/);
    }
    const auto = compileModel(cpuFunction, { backend: 'auto', maxBatch: 4 });
    expect(auto.backend).toBe('cpu');
    expect(auto.reason).toMatch(/cpu-function/);
  });

  it('auto chooses cpu or a hardware gpu, never gpujs-cpu, and says why', () => {
    const auto = compileModel(gauss20, { backend: 'auto', maxBatch: 64 });
    expect(['cpu', 'gpu']).toContain(auto.backend);
    expect(auto.reason).toMatch(/^auto: /);
    const info = gpuContextInfo();
    if (!info.available) expect(auto.reason).toBe(`auto: ${info.detail}`);
    if (info.available && info.software) expect(auto.backend).toBe('cpu');
    auto.density.dispose?.();
  });

  it('rejects malformed models with the offending field', () => {
    const good = linearisedCase({ quadratic: true, seed: 'compile' });
    const broken = (patch: Partial<LinearisedGaussianModel>): LinearisedGaussianModel => ({ ...good, ...patch });
    expectInputError(() => compileModel(broken({ y0: new Float64Array(3) }), { backend: 'cpu', maxBatch: 4 }), /^y0: expected length 7/);
    const notPd = Float64Array.from(good.covariance);
    notPd[0] = -1;
    expectInputError(() => compileModel(broken({ covariance: notPd }), { backend: 'cpu', maxBatch: 4 }), /^covariance: not symmetric positive definite/);
    expectInputError(() => compileModel(broken({ priors: good.priors.slice(1) }), { backend: 'cpu', maxBatch: 4 }), /^priors: expected 4 priors/);
    expectInputError(
      () => compileModel(broken({ priors: [{ kind: 'flat', lower: 1, upper: -1 }, ...good.priors.slice(1)] }), { backend: 'cpu', maxBatch: 4 }),
      /^prior of lq1_2223: flat prior needs lower < upper/,
    );
    expectInputError(
      () => compileModel(broken({ quadratic: [{ observable: 0, i: 2, j: 1, value: 1 }] }), { backend: 'cpu', maxBatch: 4 }),
      /^quadratic\[0\]:/,
    );
    expectInputError(
      () => compileModel(gauss20, { backend: 'cpu', maxBatch: 4, centre: new Float64Array(3) }),
      /^centre: expected length 20/,
    );
  });
});

describe('compileModel: sum models', () => {
  it('adds the parts over overlapping parameters on cpu and gpujs-cpu', () => {
    // log p = −½(x0² + x1²) (standard normal on x0, x1) + rosen2 on (x1, x2): a hand-checkable sum.
    const model: ModelDescription = {
      kind: 'sum',
      parameterNames: ['x0', 'x1', 'x2'],
      parts: [
        { name: 'normal', model: standardNormalTarget(2).model, parameterIndex: [0, 1] },
        { name: 'banana', model: baselineTarget('rosen2', inputDir).model, parameterIndex: [1, 2] },
      ],
    };
    const points = Float64Array.from([0, 1, 1, 1, 2, 3, -1, 0, 0]);
    // (0,1,1): −½ + 0; (1,2,3): −5/2 − (100 + 1)/20; (−1,0,0): −½ − 1/20.
    const expected = [-0.5, -2.5 - 5.05, -0.5 - 0.05];
    for (const backend of ['cpu', 'gpujs-cpu'] as const) {
      const compiled = compileModel(model, { backend, maxBatch: 2, centre: Float64Array.from([0, 0, 0]) });
      expect(compiled.backend).toBe(backend);
      expect(compiled.reason).toMatch(/^normal: .*; banana: /);
      const out = new Float64Array(3);
      compiled.density.logProbBatch(points, 3, out);
      // Terms ≤ 8 in size: float32 bound (γ_k·|term|, k ≤ 8) < 1e-5; cpu is exact to rounding.
      for (let i = 0; i < 3; i++) expect(Math.abs(out[i] - expected[i])).toBeLessThanOrEqual(backend === 'cpu' ? 1e-15 : 1e-5);
    }
    expectInputError(
      () => compileModel({ ...model, parts: [{ ...model.parts[0], parameterIndex: [0, 3] }] } as ModelDescription, { backend: 'cpu', maxBatch: 2 }),
      /^parts\.normal\.parameterIndex:/,
    );
  });
});

describe('measureThroughput', () => {
  it('times every batch size and evaluates exactly (calls + 1 warm-up) × batch points', () => {
    const counting = new CountingDensity(compileModel(baselineTarget('gauss20', inputDir).model, { backend: 'cpu', maxBatch: 1024 }).density);
    const samples = measureThroughput(counting, { batchSizes: [32, 256, 1024], minSeconds: 0.01 });
    expect(samples.map((s) => s.batch)).toEqual([32, 256, 1024]);
    // Evaluation accounting must be exact (zeus test_ncall): Σ (calls + 1)·batch.
    expect(counting.evaluations).toBe(samples.reduce((n, s) => n + (s.calls + 1) * s.batch, 0));
    for (const s of samples) {
      expect(s.calls).toBeGreaterThan(0);
      expect(s.evaluationsPerSecond).toBeCloseTo((s.calls * s.batch) / s.seconds, 6);
    }
  });
});
