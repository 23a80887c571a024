/**
 * NLO matrix elements of O1, O2, O8 as shifts of the effective dipole and vector coefficients
 * (flavour-spec.md §4.3, item 1; Asatrian–Greub et al., Greub–Pilipovic–Schüpbach arXiv:0810.4077):
 *
 *   ΔC_k = −α_s(μ_b)/(4π) [C1 F_1^(k) + C2 F_2^(k) + C8 F_8^(k)],   k = 7, 9.
 *
 * F_{1,2}^{(7,9)}(ŝ, z, μ/m_b) are read from the tabulated grid (nlo-grid/f_12_79.dat, trilinear
 * interpolation in (μ/m_b, z, ŝ) as flavio does; its F^(9) columns hold ŝ·F^(9)). F_8^(7,9) are closed forms
 * (eqs. 39–40 of hep-ph/0312063). The λ_u/λ_t-suppressed Seidel pieces (|λ_u/λ_t| ≈ 0.02) are left out.
 */
import { readFileSync } from 'node:fs';
import { type Complex, complex } from './complex.ts';
import type { FlavourParameters } from './parameters.ts';
import { nloGridPath } from './data-files.ts';

const N_MUH = 11;
const N_Z = 11;
const N_SH = 51;
const MUH0 = 0.5;
const Z0 = 0.05;
const DMUH = 0.1;
const DZ = 0.01;
const DSH = 0.03;

/** The grid: 8 real columns (F17 re/im, ŝF19 re/im, F27 re/im, ŝF29 re/im) per (muh, z, ŝ) point. */
export class NloGrid {
  constructor(private readonly values: Float64Array) {}

  static load(dataDir?: string): NloGrid {
    const cached = gridCache.get(dataDir ?? '');
    if (cached) return cached;
    const text = readFileSync(nloGridPath(dataDir), 'utf8');
    const lines = text.split('\n').filter((l) => l.trim().length > 0);
    if (lines.length !== N_MUH * N_Z * N_SH) throw new Error(`NLO grid: expected ${N_MUH * N_Z * N_SH} rows, got ${lines.length}`);
    const values = new Float64Array(lines.length * 8);
    lines.forEach((line, row) => {
      const cols = line.trim().split(/\s+/).map(Number);
      for (let c = 0; c < 8; c++) values[row * 8 + c] = cols[3 + c];
    });
    const grid = new NloGrid(values);
    gridCache.set(dataDir ?? '', grid);
    return grid;
  }

  /** Trilinear interpolation of the 8 columns at (muh, z, ŝ); rows are ordered muh, then z, then ŝ. */
  interpolate(muh: number, z: number, sh: number): Float64Array {
    const locate = (v: number, v0: number, dv: number, n: number): [number, number] => {
      const f = (v - v0) / dv;
      if (f < -1e-9 || f > n - 1 + 1e-9) throw new RangeError(`NLO grid: ${v} outside the tabulated range`);
      const i = Math.min(Math.max(Math.floor(f), 0), n - 2);
      return [i, f - i];
    };
    const [i, fi] = locate(muh, MUH0, DMUH, N_MUH);
    const [j, fj] = locate(z, Z0, DZ, N_Z);
    const [k, fk] = locate(sh, 0, DSH, N_SH);
    const out = new Float64Array(8);
    for (let di = 0; di < 2; di++) {
      for (let dj = 0; dj < 2; dj++) {
        for (let dk = 0; dk < 2; dk++) {
          const w = (di ? fi : 1 - fi) * (dj ? fj : 1 - fj) * (dk ? fk : 1 - fk);
          if (w === 0) continue;
          const row = ((i + di) * N_Z + (j + dj)) * N_SH + (k + dk);
          for (let c = 0; c < 8; c++) out[c] += w * this.values[row * 8 + c];
        }
      }
    }
    return out;
  }
}
const gridCache = new Map<string, NloGrid>();

/** F_8^(7)(ŝ) with L_μ = ln(μ/m_b) (eq. 40 of hep-ph/0312063, spec §4.3). */
export function f87(sh: number, lmu: number): Complex {
  const pi2 = Math.PI * Math.PI;
  const logTerm = sh > 0 ? (-8 / 9) * Math.log(sh) * (sh + sh * sh + sh ** 3) : 0;
  return complex(
    (-32 / 9) * lmu + (8 / 27) * pi2 - 44 / 9 + ((4 / 3) * pi2 - 40 / 3) * sh + ((32 / 9) * pi2 - 316 / 9) * sh * sh +
      ((200 / 27) * pi2 - 658 / 9) * sh ** 3 + logTerm,
    (-8 / 9) * Math.PI,
  );
}

/** F_8^(9)(ŝ) (eq. 39 of hep-ph/0312063, spec §4.3). */
export function f89(sh: number): Complex {
  const pi2 = Math.PI * Math.PI;
  return complex(
    104 / 9 - (32 / 27) * pi2 + (1184 / 27 - (40 / 9) * pi2) * sh + (14212 / 135 - (32 / 3) * pi2) * sh * sh +
      (193444 / 945 - (560 / 27) * pi2) * sh ** 3 + (16 / 9) * Math.log(sh) * (1 + sh + sh * sh + sh ** 3),
    0,
  );
}

export interface NloShifts {
  deltaC7: Complex;
  deltaC9: Complex;
}

/** ΔC7 and ΔC9 at q² (q² > 0) for the SM C1, C2, C8 of `params`. */
export function nloShifts(q2: number, params: FlavourParameters, grid: NloGrid): NloShifts {
  const { mbPole, mcPole, mcDeltaC7, muB, alphaSMuB, wc } = params;
  const sh = q2 / (mbPole * mbPole);
  const z = (mcPole * mcPole) / (mbPole * mbPole);
  const muh = muB / mbPole;
  const g = grid.interpolate(muh, z, sh);
  // F_{1,2}^(7) at z = (m_c^ΔC7/m_b)² (parameters.ts: flavio uses m_c = 1.5 GeV there, the pole mass in ΔC9)
  const g7 = mcDeltaC7 === mcPole ? g : grid.interpolate(muh, (mcDeltaC7 * mcDeltaC7) / (mbPole * mbPole), sh);
  const F87 = f87(sh, Math.log(muh));
  const F89 = f89(sh);
  const pre = -alphaSMuB / (4 * Math.PI);
  const d7Re = wc.C1 * g7[0] + wc.C2 * g7[4] + wc.C8eff * F87.re;
  const d7Im = wc.C1 * g7[1] + wc.C2 * g7[5] + wc.C8eff * F87.im;
  // The grid stores ŝ·F_{1,2}^(9) (nlo-grid/README.md); divide by ŝ.
  const d9Re = (wc.C1 * g[2] + wc.C2 * g[6]) / sh + wc.C8eff * F89.re;
  const d9Im = (wc.C1 * g[3] + wc.C2 * g[7]) / sh + wc.C8eff * F89.im;
  return { deltaC7: complex(pre * d7Re, pre * d7Im), deltaC9: complex(pre * d9Re, pre * d9Im) };
}
