/**
 * The b → sℓℓ measurements published after arXiv:2007.04400, from flavour-data-post2020.json (copied from
 * flavio's measurements.yml; data/README.md), as the Gaussian blocks of the 'current' era (flavour-spec.md §9:
 * HEPfit symmetrisation, correlated within one experiment's q² bin only), plus the (experiment, observable)
 * pairs they supersede in the 2020 list: the current era keeps the newest measurement of each experiment for
 * each observable.
 *
 * Taken: LHCb B+ → K*+μμ 2020 angular (S basis), LHCb R_KS⁰ and R_K*+ 2021 (numerical likelihoods,
 * summarised as mode and equal-likelihood 68 % interval, then symmetrised), LHCb B_s → φμμ 2021 angular and
 * dB/dq², CMS B0 → K*μμ 2024 angular (P basis). The same cuts as the 2020 list (full-data.ts): bins up to
 * 9 GeV² (large recoil, spec §4.1), and a wide bin that contains finer bins of the same analysis is dropped.
 * Left out by those cuts: LHCb B → K*ee 2020 ([0.0008, 0.26] GeV², the photon-pole endpoint and A_T^Im are
 * not implemented) and LHCb R_K 2025 / R_K* 2026 (q² above 14 GeV²).
 */
import path from 'node:path';
import { flavourDir, readJson } from './data-files.ts';
import type { MeasurementBlock } from './data.ts';

export interface Post2020Value {
  observable: string;
  q2min?: number;
  q2max?: number;
  central_symmetrised: number;
  sigma_total: number;
}
export interface Post2020Measurement {
  flavio_key: string;
  experiment: string;
  arxiv: string;
  inspire?: string;
  source: { repo: string; commit: string };
  values: Post2020Value[];
  correlation?: number[][];
}
interface Post2020File {
  measurements: Post2020Measurement[];
}

/**
 * The file is the project's own transcription (it has no reference copy), so it is always read from the
 * package's data folder, also when a test points the other flavour files at the reference folder.
 */
export const post2020DataPath = (): string => path.join(flavourDir(), 'flavour-data-post2020.json');

export const loadPost2020Measurements = (): Post2020Measurement[] => readJson<Post2020File>(post2020DataPath()).measurements;

const fmt = (x: number): string => (Number.isInteger(x) ? x.toFixed(1) : String(x));
const nameOf = (v: Post2020Value): string => (v.q2min === undefined || v.q2max === undefined ? v.observable : `${v.observable}[${fmt(v.q2min)},${fmt(v.q2max)}]`);

/** 'LHCb (9 fb-1)' → 'LHCb': the experiment as the supersession rule compares it. */
export const experimentOf = (experiment: string | undefined): string => (experiment ?? '').trim().split(/[\s,(]/)[0];

/** Key of "this experiment's measurement of this observable", bins aside. */
export const supersessionKey = (experiment: string | undefined, observable: string): string => `${experimentOf(experiment)}|${observable}`;

const BINNED = /^<(FL|AFB|S\d|P\dp?|dBR\/dq2)>\((B0->K\*|B\+->K\*|Bs->phi)mumu\)$/;
const RATIO = /^<Rmue>\((B0->Kll|B\+->K\*ll)\)$/;

function usable(v: Post2020Value): boolean {
  if (v.q2min === undefined || v.q2max === undefined || v.q2max > 9) return false;
  return BINNED.test(v.observable) || RATIO.test(v.observable);
}

/** Whether w's bin lies inside v's (and differs from it). */
const inside = (w: Post2020Value, v: Post2020Value): boolean =>
  w.q2min! >= v.q2min! && w.q2max! <= v.q2max! && (w.q2min !== v.q2min || w.q2max !== v.q2max);

export interface Post2020Selection {
  blocks: MeasurementBlock[];
  /** supersessionKey(experiment, observable) of every value taken. */
  supersedes: Set<string>;
}

export function post2020Selection(measurements: Post2020Measurement[] = loadPost2020Measurements()): Post2020Selection {
  const candidates = measurements.flatMap((m) => m.values.filter(usable).map((v) => ({ m, v })));
  // one analysis = one arXiv number: its wide bins are dropped where it also gives finer ones
  const kept = candidates.filter(({ m, v }) => !candidates.some((c) => c.m.arxiv === m.arxiv && c.v.observable === v.observable && inside(c.v, v)));
  const blocks: MeasurementBlock[] = [];
  const supersedes = new Set<string>();
  for (const m of measurements) {
    const values = kept.filter((k) => k.m === m).map((k) => k.v);
    if (values.length === 0) continue;
    for (const v of values) supersedes.add(supersessionKey(m.experiment, v.observable));
    const block = (vs: Post2020Value[], correlation?: number[][]): MeasurementBlock => ({
      source: m.flavio_key,
      observables: vs.map(nameOf),
      central: vs.map((v) => v.central_symmetrised),
      sigma: vs.map((v) => v.sigma_total),
      ...(correlation ? { correlation } : {}),
    });
    if (m.correlation) {
      const idx = values.map((v) => m.values.indexOf(v));
      blocks.push(block(values, idx.map((i) => idx.map((j) => m.correlation![i][j]))));
    } else {
      // no correlation given: one block per value (spec §9, as full-data.ts splits the 2020 list)
      for (const v of values) blocks.push(block([v]));
    }
  }
  return { blocks, supersedes };
}
