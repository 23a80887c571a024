/**
 * (c) emcee's longdouble case (tests/unit/test_longdouble.py::test_longdouble_actually_needed,
 * peer-tests.md §1) moved to our float32/float64 boundary: a 1-D Gaussian of width
 * σ = 100·ε32·|μ| around μ = 58000 (ε32 = 2⁻²³, so σ ≈ 0.69 and float32 resolves x only to
 * ulp(58000) = 2⁻⁸ ≈ 0.0056σ). Sampler state and the accept test are float64; the question is whether
 * the float32 kernels still give log p(x) − log p(μ) correctly. They do because the CPU subtracts the
 * centre in float64 before anything is rounded to float32; and a configuration that defeats the
 * centring is refused at compile time, never evaluated silently wrong.
 */
import { describe, expect, it } from 'vitest';
import { compileModel, type BackendName } from '../../src/engine/compile.ts';
import { float32ErrorBound } from '../../src/engine/float32-error-bound.ts';
import { gpuContextInfo } from '../../src/engine/gpujs-loader.ts';
import { InputError } from '../../src/errors.ts';
import { compileForm } from '../../src/likelihood/compiled-form.ts';
import type { GaussianTargetModel } from '../../src/likelihood/model.ts';
import { gaussianStream } from './parity-cases.ts';

const MU = 58000;
const EPS32 = 2 ** -23;
const SIGMA = 100 * EPS32 * MU;

const model: GaussianTargetModel = {
  kind: 'gaussian-target',
  parameterNames: ['mjd'],
  mean: Float64Array.from([MU]),
  precision: Float64Array.from([1 / (SIGMA * SIGMA)]),
};

/** Point 0 is μ itself; then a grid t ∈ [−6, 6] step 0.05 and 200 draws of σ·N(0,1) (seeded). */
function batch(seed: string): Float64Array {
  const gauss = gaussianStream(seed);
  const values = [MU];
  for (let t = -6; t <= 6 + 1e-9; t += 0.05) values.push(MU + t * SIGMA);
  for (let k = 0; k < 200; k++) values.push(MU + SIGMA * gauss());
  return Float64Array.from(values);
}

/** Exact float64 reference: −½((x − μ)/σ)² (x − μ is exact here: Sterbenz, both near 58000). */
function referenceDifference(x: number): number {
  const t = (x - MU) / SIGMA;
  return -0.5 * t * t;
}

function differences(backend: BackendName, points: Float64Array, options: { centre?: Float64Array; maxLogDensityError?: number } = {}) {
  const compiled = compileModel(model, { backend, maxBatch: 512, ...options });
  const out = new Float64Array(points.length);
  compiled.density.logProbBatch(points, points.length, out);
  compiled.density.dispose?.();
  return Array.from(out, (v) => v - out[0]);
}

const float32Backends: BackendName[] = gpuContextInfo().available ? ['gpujs-cpu', 'gpu'] : ['gpujs-cpu'];

describe('longdouble case in float32: σ = 100·ε32·μ, μ = 58000', () => {
  it('float32 alone cannot resolve the target (why centring is needed)', () => {
    // Rounding x to float32 moves it by up to ulp(58000)/2 = 2⁻⁹ ≈ 0.0028σ; at t = 6 that shifts
    // log p by ≈ 6 × 0.0028 ≈ 0.017 > the 0.01 tolerance: an uncentred float32 kernel is wrong.
    expect(Math.fround(MU + 0.5 * 2 ** -9)).not.toBe(MU + 0.5 * 2 ** -9);
    const worst = Math.max(...Array.from(batch('ld-0'), (x) => Math.abs(referenceDifference(Math.fround(x)) - referenceDifference(x))));
    expect(worst).toBeGreaterThan(0.01);
  });

  for (const backend of float32Backends) {
    it(`${backend}: log p(x) − log p(μ) matches float64 within the float32 bound thanks to CPU centring`, () => {
      const form = compileForm(model);
      for (const seed of ['ld-1', 'ld-2', 'ld-3']) {
        const points = batch(seed);
        const got = differences(backend, points);
        for (let p = 1; p < points.length; p++) {
          // Bound on a difference = bound at x + bound at μ (float32-error-bound.ts, Higham §3.1); at
          // |t| ≤ 6 it is ≈ 3e-5, three orders below anything an accept test could notice.
          const bound = float32ErrorBound(form, points, p) + float32ErrorBound(form, points, 0);
          expect(bound).toBeLessThan(1e-4);
          expect(Math.abs(got[p] - referenceDifference(points[p]))).toBeLessThanOrEqual(bound);
        }
      }
    });

    it(`${backend}: a centre that defeats the centring (c = 0) is refused with the reason`, () => {
      const centre = Float64Array.from([0]);
      expect(() => compileModel(model, { backend, maxBatch: 64, centre })).toThrow(InputError);
      expect(() => compileModel(model, { backend, maxBatch: 64, centre })).toThrow(
        new RegExp(`^backend ${backend}: float32 kernel cannot evaluate this model accurately`),
      );
    });
  }

  it('the refusal is warranted: forced through, c = 0 gives errors > 0.01 (and still within the bound)', () => {
    const centre = Float64Array.from([0]);
    const form = compileForm(model, centre);
    const points = batch('ld-4');
    const got = differences('gpujs-cpu', points, { centre, maxLogDensityError: Infinity });
    let worst = 0;
    for (let p = 1; p < points.length; p++) {
      const err = Math.abs(got[p] - referenceDifference(points[p]));
      worst = Math.max(worst, err);
      expect(err).toBeLessThanOrEqual(float32ErrorBound(form, points, p) + float32ErrorBound(form, points, 0));
    }
    expect(worst).toBeGreaterThan(0.01);
  });

  it('the cpu backend (float64) needs no centring: exact to 1e-9 at any centre', () => {
    const points = batch('ld-5');
    const got = differences('cpu', points, { centre: Float64Array.from([0]) });
    // float64: (x − μ) exact, t² and ×½ to a few ulp of ≤ 18 ⇒ ≤ 1e-14; 1e-9 is generous.
    for (let p = 1; p < points.length; p++) expect(Math.abs(got[p] - referenceDifference(points[p]))).toBeLessThan(1e-9);
  });
});
