/**
 * data/physics/flavour/flavour-data-post2020.json has no reference copy (the flavio snapshot it was taken
 * from is not beside the checkout), so it is checked against its own structure: every entry cited, every
 * parsed number the parse of its own raw string (flavio's regular expressions, flavio/_parse_errors.py),
 * every symmetrised Gaussian HEPfit's rule applied to those numbers (flavour-spec.md §9), correlation
 * matrices proper, numerical likelihoods summarised as flavio's NumericalDistribution does.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { choleskyLower } from '../../src/numerics/linear-algebra.ts';
import { post2020DataPath } from '../../src/physics/flavour/data-files.ts';
import { symmetrise } from '../../src/physics/flavour/data.ts';

interface Value {
  observable: string;
  q2min?: number;
  q2max?: number;
  raw?: string;
  central?: number;
  errors_sym?: number[];
  errors_asym_plus_minus?: [number, number][];
  numerical?: { x: number[]; y: number[] };
  flavio_summary?: { central: number; error_left: number; error_right: number };
  central_symmetrised: number;
  sigma_total: number;
}
interface Measurement {
  flavio_key: string;
  experiment: string;
  inspire?: string;
  arxiv: string;
  source: { repo: string; commit: string };
  values: Value[];
  correlation?: number[][];
}
const file = JSON.parse(readFileSync(post2020DataPath(), 'utf8')) as { meta: { sources: { repo: string; commit: string }[] }; measurements: Measurement[] };

// flavio/_parse_errors.py at 2591f8c: _pattern_plusminus and the symmetric/asymmetric error patterns
const PLUSMINUS = /^\s*\(?\s*(-?\d+\.?\d*)\s*((?:[+\-±]+\s*\d+\.?\d*\s*)+)\)?\s*\*?\s*(?:(?:e|E|1e|1E|10\^)\(?([+-]?\d+)\)?)?$/;
const SYM = /(?:±|\+-)(\s*\d+\.?\d*)/g;
const ASYM = /\+\s*(\d+\.?\d*)\s*-\s*(\d+\.?\d*)/g;
function parse(raw: string): { central: number; sym: number[]; asym: [number, number][] } {
  const m = PLUSMINUS.exec(raw);
  if (!m) throw new Error(`not understood: ${raw}`);
  const f = m[3] === undefined ? 1 : 10 ** Number(m[3]);
  return {
    central: Number(m[1]) * f,
    sym: [...m[2].matchAll(SYM)].map((s) => Number(s[1]) * f),
    asym: [...m[2].matchAll(ASYM)].map((s) => [Number(s[1]) * f, Number(s[2]) * f] as [number, number]),
  };
}

/**
 * flavio's NumericalDistribution (flavio/statistics/probability.py): pdf normalised by the trapezoid rule,
 * CDF by left sums, linear interpolation; mode = x at the largest y; errors of method 'hpd': the 68.27 %
 * interval whose ends have equal density (bisection for the root flavio finds with brentq).
 */
function hpdSummary(x: number[], y: number[]): { central: number; left: number; right: number } {
  const n = x.length;
  let area = 0;
  for (let i = 1; i < n; i++) area += ((y[i] + y[i - 1]) / 2) * (x[i] - x[i - 1]);
  const pdfAt = y.map((v) => Math.max(0, v / area));
  const cdf = new Float64Array(n);
  for (let i = 1; i < n; i++) cdf[i] = cdf[i - 1] + pdfAt[i - 1] * (x[i] - x[i - 1]);
  for (let i = 0; i < n; i++) cdf[i] /= cdf[n - 1];
  const interp = (t: number, xs: ArrayLike<number>, ys: ArrayLike<number>): number => {
    if (t <= xs[0]) return ys[0];
    if (t >= xs[n - 1]) return ys[n - 1];
    let lo = 0;
    let hi = n - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (xs[mid] <= t) lo = mid;
      else hi = mid;
    }
    return ys[lo] + ((ys[hi] - ys[lo]) * (t - xs[lo])) / (xs[hi] - xs[lo]);
  };
  const cl = 0.682689492137086;
  const pdf = (t: number): number => interp(t, x, pdfAt);
  const ppf = (c: number): number => interp(c, cdf, x);
  let lo = 0;
  let hi = 1 - cl;
  for (let k = 0; k < 200; k++) {
    const a = (lo + hi) / 2;
    if (pdf(ppf(a)) < pdf(ppf(a + cl))) lo = a;
    else hi = a;
  }
  const a = (lo + hi) / 2;
  const mode = x[y.indexOf(Math.max(...y))];
  return { central: mode, left: mode - ppf(a), right: ppf(a + cl) - mode };
}

const close = (a: number, b: number, rel = 1e-12): boolean => Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b), 1e-300);

describe('flavour-data-post2020.json', () => {
  const ms = file.measurements;

  it('every entry is cited: flavio key, experiment, arXiv number, and a source snapshot the file names', () => {
    expect(ms.length).toBeGreaterThan(20);
    const commits = new Set(file.meta.sources.map((s) => `${s.repo}@${s.commit}`));
    for (const m of ms) {
      expect(m.flavio_key.length, JSON.stringify(m.values[0])).toBeGreaterThan(0);
      expect(m.experiment.length, m.flavio_key).toBeGreaterThan(0);
      expect(m.arxiv, m.flavio_key).toMatch(/^\d{4}\.\d{4,5}$/);
      expect(m.source.commit, m.flavio_key).toMatch(/^[0-9a-f]{40}$/);
      expect(commits.has(`${m.source.repo}@${m.source.commit}`), m.flavio_key).toBe(true);
      expect(m.values.length, m.flavio_key).toBeGreaterThan(0);
    }
    expect(new Set(ms.map((m) => m.flavio_key)).size).toBe(ms.length);
  });

  it('parsed numbers are the raw strings, and the Gaussians HEPfit’s symmetrisation of them', () => {
    let checked = 0;
    for (const m of ms) {
      for (const v of m.values) {
        const what = `${m.flavio_key} ${v.observable}`;
        // every value is either a flavio value string or a numerical likelihood (checked below)
        expect(v.raw !== undefined || v.numerical !== undefined, what).toBe(true);
        if (v.raw === undefined) continue;
        const p = parse(v.raw);
        // 1e-12 relative: the JSON holds the doubles Python computed for the same products with 10^k
        expect(close(p.central, v.central!), what).toBe(true);
        expect(p.sym.length, what).toBe(v.errors_sym!.length);
        p.sym.forEach((s, i) => expect(close(s, v.errors_sym![i]), what).toBe(true));
        expect(p.asym.length, what).toBe(v.errors_asym_plus_minus!.length);
        p.asym.forEach(([u, d], i) => expect(close(u, v.errors_asym_plus_minus![i][0]) && close(d, v.errors_asym_plus_minus![i][1]), what).toBe(true));
        const s = symmetrise(p.central, p.asym, p.sym);
        expect(close(s.central, v.central_symmetrised, 1e-10), what).toBe(true);
        expect(close(s.sigma, v.sigma_total, 1e-10), what).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('correlation matrices are square, symmetric, unit-diagonal, within [−1, 1] and positive definite', () => {
    let checked = 0;
    for (const m of ms) {
      const c = m.correlation;
      if (!c) continue;
      const n = m.values.length;
      expect(c.length, m.flavio_key).toBe(n);
      const flat = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        expect(c[i].length, m.flavio_key).toBe(n);
        expect(c[i][i], m.flavio_key).toBe(1);
        for (let j = 0; j < n; j++) {
          expect(c[i][j], m.flavio_key).toBe(c[j][i]);
          expect(Math.abs(c[i][j]), m.flavio_key).toBeLessThanOrEqual(1);
          flat[i * n + j] = c[i][j];
        }
      }
      expect(choleskyLower(flat, n), m.flavio_key).not.toBeNull();
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('numerical likelihoods: increasing x, non-negative y, summarised as flavio’s NumericalDistribution (mode, HPD 68 %)', () => {
    const numerical = ms.flatMap((m) => m.values.filter((v) => v.numerical).map((v) => ({ key: m.flavio_key, v })));
    expect(numerical.map((n) => n.key)).toEqual(['LHCb RKS 2021', 'LHCb RKstplus 2021']);
    for (const { key, v } of numerical) {
      const { x, y } = v.numerical!;
      expect(x.length, key).toBe(y.length);
      for (let i = 1; i < x.length; i++) expect(x[i], key).toBeGreaterThan(x[i - 1]);
      for (const t of y) expect(t, key).toBeGreaterThanOrEqual(0);
      const s = hpdSummary(x, y);
      const f = v.flavio_summary!;
      // 1e-9: the stored numbers come from numpy running the same algorithm; the bisection ends below 1e-15
      expect(s.central).toBe(f.central);
      expect(Math.abs(s.left - f.error_left), key).toBeLessThan(1e-9);
      expect(Math.abs(s.right - f.error_right), key).toBeLessThan(1e-9);
      const g = symmetrise(f.central, [[f.error_right, f.error_left]]);
      expect(close(g.central, v.central_symmetrised, 1e-12) && close(g.sigma, v.sigma_total, 1e-12), key).toBe(true);
    }
  });
});
