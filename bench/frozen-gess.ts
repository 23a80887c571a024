/**
 * The pieces the frozen-fit studies share (frozen-fit-gess.ts, laplace-start-gess.ts): sampled coordinates
 * (flat boxes through a logit) and generalized elliptical slice sampling (Nishihara, Murray & Adams 2014, the
 * update of src/sampler/moves/gess.ts) with a t fit held fixed, one walker after another.
 */
import fs from 'node:fs';
import os from 'node:os';
import type { ParameterSpec } from '../src/scenarios/scenario.ts';
import { boxCoordinates } from '../src/sampler/box-coordinates.ts';
import { gammaVariate } from '../src/sampler/gamma-variate.ts';
import { solveLower } from '../src/sampler/moves/complement-fit.ts';
import type { RandomStream } from '../src/sampler/random.ts';

/**
 * Sampled coordinates. Identity by default; with `unbounded` every bounded parameter except the PDD disc
 * pairs (whose unit-disc constraint lives in the density, not in the box) is sampled in the unbounded
 * coordinates of the pilot fit (src/sampler/box-coordinates.ts: a box through a logit, a half-line through a
 * log), so a parameter whose posterior fills its box (λ_B, the Gegenbauer moments) becomes a smooth,
 * logistic-like density on the real line: the target in z is log p(x(z)) + Σ log dx/dz.
 *
 * With `discs` as well, each PDD unit-disc pair (disc_re_h, disc_im_h) is sampled as u ∈ ℝ² with
 * (a, b) = u tanh(|u|)/|u|: the disc's hard edge goes to infinity, and a posterior that fills the disc
 * (the h the data barely constrain) becomes a smooth bump, p(u) ∝ p(a, b) · tanh(r)/r · sech²(r), r = |u|,
 * whose tails fall as e^(−2r). log |∂(a, b)/∂u| = log(tanh r / r) + log sech² r.
 */
export function sampledCoordinates(parameters: ParameterSpec[], unbounded: boolean, discs = false) {
  // The parameters left as they are get an unbounded prior here, so box-coordinates.ts leaves them alone.
  const free = { kind: 'gaussian', mean: 0, sd: 1 } as const;
  const boxes = boxCoordinates(parameters.map((p) => (unbounded && !p.name.startsWith('disc_') ? p : { ...p, prior: free })));
  const D = parameters.length;
  const index = new Map(parameters.map((p, d) => [p.name, d]));
  const pairs = discs ? parameters.flatMap((p, d) => (p.name.startsWith('disc_re_') ? [[d, index.get(`disc_im_${p.name.slice('disc_re_'.length)}`)!] as const] : [])) : [];
  // tanh(r)/r and its log, with the series near 0 (tanh r / r = 1 − r²/3 + …).
  const tanhOverR = (r: number) => (r < 1e-4 ? 1 - (r * r) / 3 : Math.tanh(r) / r);
  const logSech2 = (r: number) => 2 * (Math.LN2 - r - Math.log1p(Math.exp(-2 * r)));
  return {
    mapped: [...parameters.filter((_, d) => boxes.boxes[d] !== undefined).map((p) => p.name), ...pairs.map(([re]) => parameters[re].name.replace('disc_re_', 'disc_'))],
    /** Model → sampled coordinates of n points, as a new array. */
    toSampled(x: Float64Array, n: number): Float64Array {
      const z = boxes.toUnbounded(x, n);
      for (let k = 0; k < n; k++) {
        for (const [re, im] of pairs) {
          const rho = Math.hypot(x[k * D + re], x[k * D + im]);
          // r = atanh ρ; u = (a, b) r/ρ (→ (a, b) as ρ → 0).
          const factor = rho < 1e-8 ? 1 : Math.atanh(Math.min(rho, 1 - 1e-15)) / rho;
          z[k * D + re] = x[k * D + re] * factor;
          z[k * D + im] = x[k * D + im] * factor;
        }
      }
      return z;
    },
    /** Sampled → model coordinates of n points into x, and each point's Σ log dx/dz into logJacobian. */
    toModel(z: Float64Array, n: number, x: Float64Array, logJacobian: Float64Array): void {
      boxes.toModel(z, n, x, logJacobian);
      for (let k = 0; k < n; k++) {
        for (const [re, im] of pairs) {
          const r = Math.hypot(z[k * D + re], z[k * D + im]);
          const factor = tanhOverR(r);
          x[k * D + re] = z[k * D + re] * factor;
          x[k * D + im] = z[k * D + im] * factor;
          logJacobian[k] += Math.log(factor) + logSech2(r);
        }
      }
    },
  };
}

/** log p in the sampled coordinates of n points (row-major) into out. */
export type SampledLogProb = (z: Float64Array, n: number, out: Float64Array) => void;

export interface FrozenGessRun {
  logProbSampled: SampledLogProb;
  /** The t's location and lower Cholesky factor of its scale, in sampled coordinates. */
  fit: { mean: Float64Array; cholesky: Float64Array };
  /** Walkers × nDim start positions (sampled coordinates); updated in place. */
  x: Float64Array;
  /** The start's log p, when the caller has scored it (else it is scored here). */
  logProb?: Float64Array;
  walkers: number;
  nDim: number;
  steps: number;
  nu: number;
  random: RandomStream;
  /** Called after every step with the walkers' positions (sampled coordinates). */
  record(step: number, x: Float64Array): void;
}

/** Runs the walkers `steps` steps; returns the log-density evaluations of the steps and those that fell outside the support. */
export function frozenGess(run: FrozenGessRun): { evaluations: number; outsideSupport: number } {
  const { logProbSampled, fit, x, walkers: W, nDim: D, steps: S, nu, random } = run;
  let logProb = run.logProb;
  if (logProb === undefined) logProbSampled(x, W, (logProb = new Float64Array(W)));
  // Whitened position a = L⁻¹(x − μ), whitened partner b, partner ν_s = L b (gess.ts's update, fit fixed).
  const a = new Float64Array(W * D);
  const b = new Float64Array(W * D);
  const partner = new Float64Array(W * D);
  const height = new Float64Array(W);
  const theta = new Float64Array(W);
  const thetaMin = new Float64Array(W);
  const thetaMax = new Float64Array(W);
  const done = new Uint8Array(W);
  const asked = new Int32Array(W);
  const points = new Float64Array(W * D);
  const scores = new Float64Array(W);
  const centred = new Float64Array(D);
  const tPenalty = (q: number) => 0.5 * (nu + D) * Math.log1p(q / nu);
  // The start's scoring is the caller's to count (the studies start from given points).
  let evaluations = 0;
  let outsideSupport = 0;
  for (let s = 0; s < S; s++) {
    for (let w = 0; w < W; w++) {
      const base = w * D;
      for (let d = 0; d < D; d++) centred[d] = x[base + d] - fit.mean[d];
      const aw = a.subarray(base, base + D);
      solveLower(fit.cholesky, centred, aw, D);
      let q = 0;
      for (let d = 0; d < D; d++) q += aw[d] * aw[d];
      const root = Math.sqrt((0.5 * (nu + q)) / gammaVariate(random, 0.5 * (nu + D)));
      for (let r = 0; r < D; r++) b[base + r] = root * random.normal();
      for (let r = 0; r < D; r++) {
        let v = 0;
        for (let c = 0; c <= r; c++) v += fit.cholesky[r * D + c] * b[base + c];
        partner[base + r] = v;
      }
      height[w] = logProb[w] + tPenalty(q) + Math.log(random.uniform());
      theta[w] = 2 * Math.PI * random.uniform();
      thetaMin[w] = theta[w] - 2 * Math.PI;
      thetaMax[w] = theta[w];
      done[w] = 0;
    }
    for (let remaining = W; remaining > 0; ) {
      let n = 0;
      for (let w = 0; w < W; w++) {
        if (done[w]) continue;
        const cos = Math.cos(theta[w]);
        const sin = Math.sin(theta[w]);
        for (let d = 0; d < D; d++) points[n * D + d] = fit.mean[d] + (x[w * D + d] - fit.mean[d]) * cos + partner[w * D + d] * sin;
        asked[n++] = w;
      }
      logProbSampled(points.subarray(0, n * D), n, scores);
      evaluations += n;
      for (let i = 0; i < n; i++) {
        const w = asked[i];
        if (scores[i] === -Infinity) outsideSupport += 1;
        const cos = Math.cos(theta[w]);
        const sin = Math.sin(theta[w]);
        let q = 0;
        for (let d = 0; d < D; d++) {
          const v = a[w * D + d] * cos + b[w * D + d] * sin;
          q += v * v;
        }
        if (scores[i] + tPenalty(q) > height[w]) {
          x.set(points.subarray(i * D, (i + 1) * D), w * D);
          logProb[w] = scores[i];
          done[w] = 1;
          remaining -= 1;
        } else {
          if (theta[w] < 0) thetaMin[w] = theta[w];
          else thetaMax[w] = theta[w];
          theta[w] = thetaMin[w] + random.uniform() * (thetaMax[w] - thetaMin[w]);
        }
      }
    }
    run.record(s, x);
  }
  return { evaluations, outsideSupport };
}

/** The machine a study ran on, as its files state it. */
export function studyMachine(): { host: string; cpus: number; cpuModel: string; node: string; loadAverage: number[] } {
  return { host: os.hostname(), cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version, loadAverage: os.loadavg().map((v) => Number(v.toFixed(2))) };
}

/** Writes `<stem>.json` (date, machine and the result) and `<stem>.md`, and prints the markdown. */
export function writeStudy(stem: string, record: object, markdown: string): void {
  fs.writeFileSync(`${stem}.json`, `${JSON.stringify(record, null, 2)}\n`);
  fs.writeFileSync(`${stem}.md`, markdown);
  process.stdout.write(markdown);
}
