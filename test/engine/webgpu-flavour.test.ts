/**
 * The full flavour likelihood (flavour-point model: PDD/PMD, every hadronic input free) on the `webgpu`
 * backend's WGSL kernel (kernels/flavour-point-wgsl.ts), in CI on Mesa's llvmpipe through EGL.
 *
 * (a) Per point, against the float64 cpu backend, at ~200 points: the model's probe points (prior draws
 *     and draws around the walkers' start) and draws near the posterior of the committed 2020 run
 *     (results/<scenario>-2020/summary.json: mean ± 0.3 sd per parameter). Stated float32 bound (the
 *     measured one, README "Backends"): |Δ log p| ≤ 2e-6 (1 + |log p|) per point, largest seen 6.9e-7 over
 *     all five hadronic scenarios; and ≤ 0.01 (the precision guard's limit) wherever log p > −10⁴, which
 *     covers the posterior and the start region. The guard's own measurement must be below 0.01 too.
 * (b) The same seed on cpu and webgpu gives the same posterior for flavour-pdd and ew-flavour-pdd (the EW
 *     and the flavour kernel summed) at a small step count:
 *     means within 0.05 σ and sds within 3 % (the rule of webgpu.test.ts). Float32 errors of ~1e-4 in a
 *     log ratio can flip an accept decision only when the uniform draw falls that close to the threshold,
 *     so at 48 steps the two chains stay step-for-step the same and the rule holds with a wide margin.
 *
 * Skipped where Dawn finds no adapter, unless SMEFTFIT_REQUIRE_WEBGPU=1 (set by .ci/run).
 */
import { dataDir } from '../../src/data-dir.ts';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileModel, compileModelAsync } from '../../src/engine/compile.ts';
import { findWebGpuDevice } from '../../src/engine/webgpu-device.ts';
import type { FlavourPointModel } from '../../src/likelihood/model.ts';
import { pddPrior, pddRadii } from '../../src/physics/flavour/pdd.ts';
import { H_ORDER } from '../../src/physics/flavour/vll-point-kernel.ts';
import { RandomStream } from '../../src/sampler/random.ts';
import { backendMoments } from '../support/backend-moments.ts';
import { resolveScenario } from '../../src/scenarios/registry.ts';
import type { ScenarioModel } from '../../src/scenarios/scenario.ts';

const search = await findWebGpuDevice();
const suiteName = search.ok ? `webgpu full flavour kernel on ${search.handle.info.label}` : `webgpu full flavour kernel (skipped: ${search.detail})`;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');


/** The flavour-point part of a scenario (the whole model, or the flavour part of an EW & Flavour sum). */
function flavourPart(s: ScenarioModel): FlavourPointModel {
  const d = s.density;
  const model = d.kind === 'sum' ? d.parts.find((p) => p.name === 'flavour')!.model : d;
  if (model.kind !== 'flavour-point') throw new Error(`${s.name}: expected a flavour-point model, got ${model.kind}`);
  return model;
}

/**
 * mean + 0.3 sd · N(0, 1) per parameter, from a committed run's summary. A run sampled in polar PDD
 * coordinates (abs_h, arg_h) gives the disc coordinates of the same h: (a, b) = √(|h|/R) (cos φ, sin φ).
 */
function posteriorDraws(model: FlavourPointModel, summaryFile: string, count: number): Float64Array {
  const summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as { parameters: { name: string; mean: number; sd: number }[] };
  const byName = new Map(summary.parameters.map((p) => [p.name, p]));
  const random = RandomStream.fromSeed(`posterior-draws:${summaryFile}`);
  const radii = pddRadii(pddPrior(dataDir()));
  const n = model.parameterNames.length;
  const draw = (name: string): number => {
    const p = byName.get(name)!;
    return p.mean + 0.3 * p.sd * random.normal();
  };
  const points = new Float64Array(count * n);
  for (let k = 0; k < count; k++) {
    for (let i = 0; i < n; i++) {
      const name = model.parameterNames[i];
      const disc = /^disc_re_(.+)$/.exec(name);
      if (byName.has(name)) points[k * n + i] = draw(name);
      else if (disc) {
        const rho = Math.sqrt(Math.max(draw(`abs_${disc[1]}`), 0) / radii[(H_ORDER as readonly string[]).indexOf(disc[1])]);
        const phi = draw(`arg_${disc[1]}`);
        points[k * n + i] = rho * Math.cos(phi);
        points[k * n + i + 1] = rho * Math.sin(phi);
        i++;
      } else throw new Error(`${summaryFile}: no posterior for ${name}`);
    }
  }
  return points;
}

describe.skipIf(!search.ok)(suiteName, () => {
  for (const name of ['flavour-pdd', 'flavour-pmd', 'ew-flavour-pdd']) {
    it(`${name}: kernel vs float64 at prior, start and posterior draws within the stated bound`, async () => {
      const model = flavourPart(resolveScenario({ scenario: name } as never));
      const n = model.parameterNames.length;
      const probes = model.probePoints();
      const posteriorCount = 136;
      const posterior = posteriorDraws(model, path.join(repoRoot, 'results', `${name}-2020`, 'summary.json'), posteriorCount);
      const count = probes.count + posteriorCount;
      const points = new Float64Array(count * n);
      points.set(probes.points);
      points.set(posterior, probes.count * n);
      const cpu = compileModel(model, { backend: 'cpu', maxBatch: count });
      // maxBatch 96: the batch goes in launches of 96, 96, 8 (buffers reused)
      const gpu = await compileModelAsync(model, { backend: 'webgpu', maxBatch: 96 });
      expect(gpu.backend).toBe('webgpu');
      expect(gpu.precision!.worstBound).toBeLessThan(0.01);
      const a = new Float64Array(count);
      const b = new Float64Array(count);
      void cpu.density.logProbBatch(points, count, a);
      await gpu.density.logProbBatch(points, count, b);
      let finitePosterior = 0;
      for (let p = 0; p < count; p++) {
        if (!Number.isFinite(a[p])) {
          expect(b[p]).toBe(-Infinity);
          continue;
        }
        if (p >= probes.count) finitePosterior++;
        const error = Math.abs(a[p] - b[p]);
        expect(error, `point ${p}, log p ${a[p]}`).toBeLessThanOrEqual(2e-6 * (1 + Math.abs(a[p])));
        if (a[p] > -1e4) expect(error, `point ${p}, log p ${a[p]}`).toBeLessThanOrEqual(0.01);
      }
      expect(finitePosterior).toBeGreaterThan(posteriorCount / 2);
      gpu.density.dispose?.();
    });
  }

  // ew-flavour-pdd: the sum of the EW kernel and the full flavour kernel (joinEwAndFlavour), both on webgpu
  for (const name of ['flavour-pdd', 'ew-flavour-pdd']) {
    it(`${name}: same seed on cpu and webgpu, means within 0.05 σ, sds within 3 %`, async () => {
      const s = resolveScenario({ scenario: name } as never);
      const n = s.parameters.length;
      const walkers = 2 * n + 4;
      const steps = 48;
      const start = RandomStream.fromSeed(`posterior:${name}`);
      const initial = Float64Array.from({ length: walkers * n }, (_, k) => s.parameters[k % n].start.center + s.parameters[k % n].start.width * start.normal());
      const cpu = await backendMoments(s.density, 'cpu', initial, walkers, steps, `posterior:${name}`);
      const gpu = await backendMoments(s.density, 'webgpu', initial, walkers, steps, `posterior:${name}`);
      for (let i = 0; i < n; i++) {
        expect(Math.abs(cpu.mean[i] - gpu.mean[i]) / cpu.sd[i], s.parameters[i].name).toBeLessThan(0.05);
        expect(Math.abs(gpu.sd[i] / cpu.sd[i] - 1), s.parameters[i].name).toBeLessThan(0.03);
      }
    });
  }
});
