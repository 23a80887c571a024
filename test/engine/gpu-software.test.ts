/**
 * The `gpu` backend on a real WebGL context: headless-gl, in CI on Mesa's software rasteriser under
 * `xvfb-run -a` (set up by .ci/gl.sh). Same parity check and bound as kernel-parity.test.ts
 * (parity-check.ts: rigorous float32 bound, Higham 2002 §3.1), now with float32 arithmetic in the
 * shader. Skipped, with the reason in the suite name, where no GL context exists.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/engine/compile.ts';
import { gpuContextInfo } from '../../src/engine/gpujs-loader.ts';
import { InputError } from '../../src/errors.ts';
import { checkParity } from './parity-check.ts';
import { parityCases, inputDir } from './parity-cases.ts';
import { baselineTarget } from '../../src/likelihood/targets.ts';

const info = gpuContextInfo();
const suiteName = info.available ? `gpu backend on ${info.detail}` : `gpu backend (skipped: ${info.detail})`;

describe.skipIf(!info.available)(suiteName, () => {
  for (const testCase of parityCases()) {
    it(`cpu vs gpu: ${testCase.name} (${testCase.kernel} kernel)`, () => {
      // 2 seeds × 600 points, maxBatch 256: chunking and a changing output size (256, 256, 88).
      const result = checkParity(testCase, 'gpu', ['gl-1', 'gl-2'], 600, 256);
      expect(result.points).toBe(1200);
      expect(result.worstRatio).toBeLessThanOrEqual(1);
      expect(result.maxAbsDiff).toBeGreaterThan(0);
    });
  }
});

describe.skipIf(info.available)('gpu backend without a GL context', () => {
  it('is refused with the reason, never silently run on the CPU', () => {
    const { model } = baselineTarget('gauss20', inputDir);
    expect(() => compileModel(model, { backend: 'gpu', maxBatch: 64 })).toThrow(InputError);
    expect(() => compileModel(model, { backend: 'gpu', maxBatch: 64 })).toThrow(/^backend gpu: gpu\.js found no WebGL\/WebGPU context/);
  });
});
