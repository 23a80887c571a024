/**
 * The float32 re-parametrisations are exact rewrites in float64 (so only float32 rounding separates a
 * kernel from `cpu`): the EW model rotated to its Fisher eigenbasis (rotated-form.ts) gives the same
 * log p as the unrotated form at points spread over many posterior widths, to 1e-9 relative (float64
 * rounding of ~10³-term sums, ≈ 1e-13, with margin); and the rotation is what brings the EW float32
 * bound from 2.1e-2 under 0.01 (the precision guard's probes, README "Backends").
 */
import { describe, expect, it } from 'vitest';
import { cpuDensity } from '../../src/engine/cpu-density.ts';
import { float32ErrorBound } from '../../src/engine/float32-error-bound.ts';
import { float32Plans } from '../../src/engine/float32-plan.ts';
import { probePoints } from '../../src/engine/precision-guard.ts';
import { compileForm } from '../../src/likelihood/compiled-form.ts';
import { rotateResiduals, toRotatedUnits } from '../../src/likelihood/rotated-form.ts';
import type { WhitenedResidualForm } from '../../src/likelihood/whitened-form.ts';
import { RandomStream } from '../../src/sampler/random.ts';
import { resolveScenario } from '../../src/scenarios/registry.ts';

const scenario = resolveScenario({ scenario: 'ew' } as never);
const form = compileForm(scenario.density) as WhitenedResidualForm;

describe('EW model rotated to the Fisher eigenbasis', () => {
  it('equals the unrotated float64 log p to 1e-9 relative', () => {
    const rotated = rotateResiduals(form);
    const n = form.nPar;
    const count = 200;
    const random = RandomStream.fromSeed('rotation');
    const points = Float64Array.from({ length: count * n }, (_, k) => scenario.parameters[k % n].start.center + 30 * scenario.parameters[k % n].start.width * random.normal());
    const v = new Float64Array(count * n);
    const scratch = new Float64Array(n);
    for (let p = 0; p < count; p++) toRotatedUnits(rotated, points, p, v, p, scratch);
    const a = new Float64Array(count);
    const b = new Float64Array(count);
    cpuDensity({ ...form, box: rotated.form.box }).logProbBatch(points, count, a);
    cpuDensity(rotated.form).logProbBatch(v, count, b);
    for (let p = 0; p < count; p++) expect(Math.abs(a[p] - b[p])).toBeLessThan(1e-9 * (1 + Math.abs(a[p])));
  });

  it('brings the float32 bound at the probes from above 0.01 to below 0.005', () => {
    const { points, count } = probePoints(form, Math.sqrt(form.nPar) + 5);
    const [rotatedPlan] = float32Plans(form);
    let plain = 0;
    let rotated = 0;
    for (let p = 0; p < count; p++) {
      plain = Math.max(plain, float32ErrorBound(form, points, p));
      rotated = Math.max(rotated, rotatedPlan.boundAt(points, p));
    }
    expect(plain).toBeGreaterThan(0.01);
    expect(rotated).toBeLessThan(0.005);
  });
});
