/**
 * Synthetic run records (DIR/runs/<id>/artifacts.json) for the report tests: Gaussian posteriors with
 * stated means, sds and correlations, written in the layout reproduce writes, so the report can be drawn
 * in seconds without sampling. The numbers are chosen near the paper's (2020) and near SM (current).
 */
import fs from 'node:fs';
import path from 'node:path';
import { EW_TREE_LEVEL_COEFFICIENTS } from '../../src/physics/ew/wilson-coefficients.ts';
import { gaussianPseudoSample } from '../../src/output/report/pseudo-sample.ts';

interface FixtureParameter {
  name: string;
  mean: number;
  sd: number;
}

const moment = (p: FixtureParameter) => ({ ...p, q05: p.mean - 1.645 * p.sd, q50: p.mean, q95: p.mean + 1.645 * p.sd });

export interface FixtureOptions {
  /** The record's dependencies (default none: every fixture record is stale). */
  dependencies?: unknown;
  converged?: boolean;
  /** R̂ per parameter name (parameters not named get none). */
  rhat?: Record<string, number>;
}

export function writeRecord(dir: string, id: string, parameters: FixtureParameter[], derived: FixtureParameter[], rho = 0, options: FixtureOptions = {}): void {
  const names = parameters.map((p) => p.name);
  const matrix = names.map((_, i) => names.map((__, j) => (i === j ? 1 : rho)));
  const intervals = parameters.map((p) => ({ name: p.name, q025: p.mean - 2 * p.sd, q16: p.mean - p.sd, q50: p.mean, q84: p.mean + p.sd, q975: p.mean + 2 * p.sd }));
  let samples;
  if (parameters.length === 2 || parameters.length === 3) {
    const s = gaussianPseudoSample(parameters[0], parameters[1], rho, 1500, id);
    samples = { names: names.slice(0, 2), columns: [s.x, s.y] };
  }
  const summary = fixtureSummary(id, parameters, derived, options);
  fs.mkdirSync(path.join(dir, 'runs', id), { recursive: true });
  fs.writeFileSync(path.join(dir, 'runs', id, 'artifacts.json'), JSON.stringify({ dependencies: options.dependencies, summary, correlation: { names, matrix }, intervals, samples }));
}

function fixtureSummary(id: string, parameters: FixtureParameter[], derived: FixtureParameter[], options: FixtureOptions) {
  const withRhat = (p: FixtureParameter) => ({ ...moment(p), ...(options.rhat?.[p.name] !== undefined ? { rhat: options.rhat[p.name] } : {}) });
  return { name: id, parameters: parameters.map(withRhat), derived: derived.map(moment), converged: options.converged ?? true, steps: 1000, wall_seconds: 1, info: {} };
}

/** An earlier release's results/<id>/ (summary.json + correlation.json), as load-runs.ts falls back to. */
export function writeEarlierRelease(resultsDir: string, id: string, parameters: FixtureParameter[], derived: FixtureParameter[], options: FixtureOptions = {}): void {
  const names = parameters.map((p) => p.name);
  fs.mkdirSync(path.join(resultsDir, id), { recursive: true });
  fs.writeFileSync(path.join(resultsDir, id, 'summary.json'), JSON.stringify(fixtureSummary(id, parameters, derived, options)));
  fs.writeFileSync(path.join(resultsDir, id, 'correlation.json'), JSON.stringify({ parameters: 'wc', names, matrix: names.map((_, i) => names.map((__, j) => (i === j ? 1 : 0))) }));
}

const ratios = (dRK: number, sd: number): FixtureParameter[] => [
  { name: 'dRK[1.0,6.0]', mean: dRK, sd },
  { name: 'dRKstar[1.0,6.0]', mean: dRK * 0.96, sd },
  { name: '<Rmue>(B+->Kll)[1.1,6.0]', mean: 1 + dRK, sd },
  { name: '<Rmue>(B0->K*ll)[1.1,6.0]', mean: 1 + dRK * 0.96, sd },
];
const couplings = (scale: number): FixtureParameter[] => ['ee_L', 'ee_R', 'mumu_L', 'mumu_R'].map((c) => ({ name: `delta_gZ_${c}`, mean: 0.0002, sd: scale }));

/** Every non-optional run of the paper on 2020 data (the optional PDD/PMD runs stay absent). */
export function writeFixtureRuns(dir: string): void {
  const ew17 = EW_TREE_LEVEL_COEFFICIENTS.map((name, k) => ({ name, mean: 0.01 * (k - 8), sd: 0.1 }));
  const sl4f = ['lu_1133', 'lu_2233', 'eu_1133', 'eu_2233'].map((name) => ({ name, mean: 0.2, sd: 1.5 }));
  writeRecord(dir, 'ew', ew17, couplings(0.001), 0.1);
  writeRecord(dir, 'ew-tree', ew17.map((p) => ({ ...p, sd: 0.05 })), couplings(0.0008), 0.1);
  writeRecord(dir, 'ew-sl4f', sl4f.map((p) => ({ ...p, sd: 0.5 })), [...couplings(0.001), ...ratios(-0.01, 0.08)]);
  writeRecord(dir, 'flavour-clean-2020', sl4f, [...couplings(0.03), ...ratios(-0.17, 0.05)], 0.5);
  writeRecord(dir, 'ew-flavour-clean-2020', [...ew17, ...sl4f], [...couplings(0.001), ...ratios(-0.16, 0.06)], 0.05);
  writeRecord(dir, 'minimal-mu-2020', [{ name: 'lu_2233', mean: -1.37, sd: 0.36 }, { name: 'phil1_22', mean: 0.076, sd: 0.026 }], [...couplings(0.001), ...ratios(-0.19, 0.05)], -0.88);
  writeRecord(dir, 'minimal-e-2020', [{ name: 'lu_1133', mean: 1.5, sd: 0.5 }, { name: 'phil1_11', mean: -0.09, sd: 0.03 }], [...couplings(0.001), ...ratios(-0.19, 0.05)], -0.85);
  writeRecord(dir, 'ew-lu-2233', [{ name: 'lu_2233', mean: -0.23, sd: 0.19 }], couplings(0.001));
  writeRecord(dir, 'ew-phil1-22', [{ name: 'phil1_22', mean: -0.01, sd: 0.01 }], couplings(0.001));
  writeRecord(dir, 'ew-lu-1133', [{ name: 'lu_1133', mean: 0.1, sd: 0.3 }], couplings(0.001));
  writeRecord(dir, 'ew-phil1-11', [{ name: 'phil1_11', mean: 0.01, sd: 0.02 }], couplings(0.001));
  writeRecord(dir, 'flavour-clean-lu-2233-2020', [{ name: 'lu_2233', mean: -1.45, sd: 0.38 }], ratios(-0.19, 0.05));
  writeRecord(dir, 'flavour-clean-lu-1133-2020', [{ name: 'lu_1133', mean: 1.6, sd: 0.5 }], ratios(-0.19, 0.05));
  const zprime = (eta: string, centre: number) => writeRecord(dir, `zprime-${eta}-2020`, [{ name: 'xi_T', mean: centre, sd: 0.6 }, { name: 'xi_M', mean: centre, sd: 0.6 }, { name: 'phil1_22', mean: 0.07, sd: 0.03 }], [{ name: 'lu_2233', mean: -1.2, sd: 0.37 }, ...couplings(0.001), ...ratios(-0.16, 0.05)], -0.6);
  zprime('eta250', 1.8);
  zprime('eta500', 1);
  writeRecord(dir, 'zprime-vll-2020', [{ name: 'xi_T', mean: 1.8, sd: 0.6 }, { name: 'xi_M', mean: 1.8, sd: 0.6 }, { name: 'yS_over_MS', mean: 0.3, sd: 0.07 }, { name: 'yT_over_MT', mean: 0.2, sd: 0.07 }], [...couplings(0.001), ...ratios(-0.15, 0.05)]);
  writeRecord(dir, 'lq-scalar-mu-2020', [{ name: 'M_LQ', mean: 2.1, sd: 0.5 }, { name: 'lambda', mean: 3.3, sd: 0.9 }, { name: 'phil1_22', mean: 0.07, sd: 0.03 }], [{ name: 'lu_2233', mean: -1.2, sd: 0.4 }, ...couplings(0.001), ...ratios(-0.17, 0.05)], 0.8);
  writeRecord(dir, 'lq-vector-e-2020', [{ name: 'M_LQ', mean: 2.2, sd: 0.5 }, { name: 'lambda', mean: 2.7, sd: 0.8 }, { name: 'phil1_11', mean: -0.09, sd: 0.03 }], [{ name: 'lu_1133', mean: 1.5, sd: 0.5 }, ...couplings(0.001), ...ratios(-0.19, 0.05)], 0.8);
}
