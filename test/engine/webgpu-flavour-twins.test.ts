/**
 * The float32 twins of the flavour physics (kernels/flavour-point-wgsl.ts, kernels/flavour-formulas-wgsl.ts)
 * against their float64 originals, piece by piece, on the `webgpu` device (Mesa llvmpipe in CI):
 *
 * (a) Ei (ei-series.ts, one algorithm on both sides) over every x = (q²/m_B)/λ_B the kernels form: the q²/m_B
 *     of every B → V node with a spectator term, λ_B across the flat prior box 0.35 ± 0.15 GeV
 *     (spectator-nuisances.ts). Bound (the model of float32-error-bound.ts, u = 2⁻²⁴, γ_k = ku/(1 − ku)):
 *     term k of the series carries v's rounding and 2k + 1 more (the k products v/j and the ÷k), the 40
 *     additions 40 more, so |ΔS| ≤ γ_161 S; ln v is off by u (v rounded) plus WGSL's log accuracy (2⁻²¹ absolute
 *     on [0.5, 2], 3 ULP ≤ 6u|ln v| elsewhere); γ_E by u γ_E; the two final additions γ_2 (γ_E + |ln v| + S).
 * (b) Every prediction of the full flavour likelihood, observable by observable, at the start centre and at
 *     probe points across the prior box (FlavourPointModel.probePoints: prior draws and start-region
 *     draws), for PDD and PMD: the kernel's 'predictions' output against point-predictions.ts in float64 at
 *     the same θ. Tolerance |Δy| ≤ ε (|y| + s), ε = 2e-6: the relative allowance per nat of the kernel's
 *     stated log p bound (webgpu-flavour.test.ts, README "Backends": 2e-6 (1 + |log p|), ≈ γ_34); s = 1 for the
 *     angular observables (bounded ratios of the J's, near 0 for S3, S7–S9 where a relative error means
 *     nothing), 0 for rates, ratios of rates and branching fractions. Through w = W(y/σ − y_exp/σ) this
 *     keeps |Δ log p| within ε Σ_k |w_k| Σ_o |W_ko| (|y_o| + s_o)/σ_o of the per-point bound.
 *
 * Skipped where Dawn finds no adapter, unless SMEFTFIT_REQUIRE_WEBGPU=1 (set by .ci/run).
 */
import { describe, expect, it } from 'vitest';
import { eiWgsl } from '../../kernels/flavour-formulas-wgsl.ts';
import { flavourPointKernel } from '../../kernels/flavour-point-wgsl.ts';
import { ENTRY, HEADER } from '../../kernels/wgsl-common.ts';
import { findWebGpuDevice } from '../../src/engine/webgpu-device.ts';
import { FLOAT32_UNIT_ROUNDOFF as u, gamma } from '../../src/engine/float32-error-bound.ts';
import { SPECTATOR_NODE, VLL_NODE } from '../../src/likelihood/flavour-point-layout.ts';
import { scratchSize } from '../../src/likelihood/flavour-point-tables.ts';
import { stageTheta, thetaTerms } from '../../src/likelihood/flavour-point-theta.ts';
import type { FlavourPointModel } from '../../src/likelihood/model.ts';
import { ANGULAR } from '../../src/physics/flavour/angular-table.ts';
import { EI_SERIES_TERMS, EULER_GAMMA, ei } from '../../src/physics/flavour/ei-series.ts';
import { PLAN } from '../../src/likelihood/flavour-point-layout.ts';
import { resolveScenario } from '../../src/scenarios/registry.ts';
import type { ScenarioModel } from '../../src/scenarios/scenario.ts';
import { wgslOutputs } from '../support/wgsl-outputs.ts';

const search = await findWebGpuDevice();
const suiteName = search.ok ? `float32 flavour twins on ${search.handle.info.label}` : `float32 flavour twins (skipped: ${search.detail})`;

function flavourPart(s: ScenarioModel): FlavourPointModel {
  const d = s.density;
  const model = d.kind === 'sum' ? d.parts.find((p) => p.name === 'flavour')!.model : d;
  if (model.kind !== 'flavour-point') throw new Error(`${s.name}: expected a flavour-point model, got ${model.kind}`);
  return model;
}

/** λ_B prior box of the hadronic scenarios (flat 0.35 ± 0.15 GeV). */
function lambdaBBox(s: ScenarioModel): [number, number] {
  const p = s.parameters.find((q) => q.name === 'lambdaB');
  if (!p || p.prior.kind !== 'flat') throw new Error(`${s.name}: no flat λ_B prior`);
  return [p.prior.lower, p.prior.upper];
}

describe.skipIf(!search.ok)(suiteName, () => {
  const device = search.ok ? search.handle.device : (undefined as never);

  it('Ei in WGSL matches the float64 series over the λ_B box within the stated bound', async () => {
    const s = resolveScenario({ scenario: 'flavour-pdd' } as never);
    const t = flavourPart(s).tables;
    const [lambdaMin, lambdaMax] = lambdaBBox(s);
    const q2OverMB: number[] = [];
    for (let o = 0; o < t.vllNodes.length; o += VLL_NODE.stride) {
      const v = t.vllNodes[o + VLL_NODE.spectator + SPECTATOR_NODE.q2OverMB];
      if (v !== 0) q2OverMB.push(v);
    }
    expect(q2OverMB.length).toBeGreaterThan(100);
    const steps = 8;
    const xs = Float32Array.from(q2OverMB.flatMap((q) => Array.from({ length: steps + 1 }, (_, k) => q / (lambdaMin + ((lambdaMax - lambdaMin) * k) / steps))));
    // params[0] = 0 is added so that the kernel uses every binding of the layout
    const source = `${HEADER}\n${eiWgsl()}\nfn logDensity(p: u32) -> f32 { return ei(points[p]) + params[0]; }\n${ENTRY}`;
    const got = await wgslOutputs(device, { source, params: new Float32Array(1) }, xs, xs.length, 1);
    let worst = 0;
    let worstAt = 0;
    for (let i = 0; i < xs.length; i++) {
      const v = xs[i];
      let term = 1;
      let series = 0;
      for (let k = 1; k <= EI_SERIES_TERMS; k++) series += (term *= v / k) / k;
      const lnv = Math.abs(Math.log(v));
      const logError = v >= 0.5 && v <= 2 ? 2 ** -21 : 6 * u * lnv;
      const bound = gamma(3 * EI_SERIES_TERMS + 1 + EI_SERIES_TERMS) * series + u + logError + u * EULER_GAMMA + gamma(2) * (EULER_GAMMA + lnv + series);
      const ratio = Math.abs(got[i] - ei(v)) / bound;
      if (!(ratio <= worst)) [worst, worstAt] = [ratio, v];
    }
    expect(worst, `largest error/bound, at Ei(${worstAt})`).toBeLessThanOrEqual(1);
    console.log(`Ei: ${xs.length} x in [${Math.min(...xs)}, ${Math.max(...xs)}], largest error/bound ${worst.toPrecision(3)}`);
  });

  for (const name of ['flavour-pdd', 'flavour-pmd']) {
    it(`${name}: every prediction of the kernel within ε (|y| + s) of float64 at the start centre and probe points`, async () => {
      const s = resolveScenario({ scenario: name } as never);
      const model = flavourPart(s);
      const t = model.tables;
      const n = model.parameterNames.length;
      const nObs = t.code.length;
      // the start centre, then 4 prior draws and 4 start-region draws (probePoints: the first half are prior draws)
      const probes = model.probePoints();
      const half = probes.count / 2;
      const rows = [0, 1, 2, 3, half, half + 1, half + 2, half + 3];
      const theta = new Float64Array((rows.length + 1) * n);
      const byName = new Map(s.parameters.map((p) => [p.name, p.start.center]));
      model.parameterNames.forEach((p, i) => (theta[i] = byName.get(p)!));
      rows.forEach((r, k) => theta.set(probes.points.subarray(r * n, (r + 1) * n), (k + 1) * n));
      const count = rows.length + 1;
      const delta = new Float64Array(count * t.theta.nPar);
      const x = new Float64Array(t.pointSize);
      const scratch = new Float64Array(scratchSize(t));
      const expected = new Float64Array(count * nObs);
      for (let p = 0; p < count; p++) {
        expect(stageTheta(t.theta, theta, p, delta, p), `point ${p} inside the prior`).toBe(true);
        thetaTerms(t.theta, t.hOffset, delta, p * t.theta.nPar, x, 0, t.pointSize);
        model.predict(t, x, 0, scratch, expected.subarray(p * nObs, (p + 1) * nObs));
      }
      const got = await wgslOutputs(device, flavourPointKernel(t, 'predictions'), Float32Array.from(delta), count, nObs);
      const eps = 2e-6;
      let worst = 0;
      let worstAt = '';
      for (let p = 0; p < count; p++) {
        for (let o = 0; o < nObs; o++) {
          const y = expected[p * nObs + o];
          const scale = t.code[o] === PLAN.angular ? 1 : 0;
          const label = `point ${p}, observable ${o} (plan ${t.code[o]}${t.code[o] === PLAN.angular ? ` ${ANGULAR[t.kind[o]]}` : ''}), y ${y}`;
          const error = Math.abs(got[p * nObs + o] - y);
          const ratio = error / (eps * (Math.abs(y) + scale));
          if (!(ratio <= worst)) [worst, worstAt] = [ratio, label];
        }
      }
      console.log(`${name}: ${count} points × ${nObs} observables, largest error/tolerance ${worst.toPrecision(3)} at ${worstAt}`);
      expect(worst, `largest error/tolerance, at ${worstAt}`).toBeLessThanOrEqual(1);
    });
  }
});
