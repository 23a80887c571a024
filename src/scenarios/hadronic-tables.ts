/**
 * Pieces of the full flavour likelihood's tables that are plain linear algebra on the measurements and the
 * priors (flavour-hadronic.ts builds the rest): the measurement list with its covariance, the pre-whitened
 * measurement χ² (y/σ against y_exp/σ, W = L⁻¹ diag(σ)) and the Gaussian prior blocks as L⁻¹.
 */
import { fullFlavourMeasurements } from '../physics/flavour/data.ts';
import type { FlavourData } from '../physics/flavour/data.ts';
import { invertLowerTriangular } from '../numerics/linear-algebra.ts';

/**
 * The measured observables, their values and covariance: the full list of data.ts, with the QED
 * uncertainty fully correlated among the R ratios of one mode (as the clean likelihood, spec §7).
 */
export function hadronicMeasurements(
  data: FlavourData,
  dataDir: string,
  qed: number,
): { names: string[]; measured: Float64Array; covariance: Float64Array; sources: string[]; sourceOf: string[] } {
  const blocks = fullFlavourMeasurements(data, dataDir);
  const names = blocks.flatMap((b) => b.observables);
  const nobs = names.length;
  const measured = Float64Array.from(blocks.flatMap((b) => b.central));
  const cov = new Float64Array(nobs * nobs);
  let first = 0;
  for (const b of blocks) {
    const n = b.observables.length;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) cov[(first + i) * nobs + first + j] = (b.correlation ? b.correlation[i][j] : i === j ? 1 : 0) * b.sigma[i] * b.sigma[j];
    }
    first += n;
  }
  const mode = (n: string): string => n.slice(n.indexOf('(') + 1, n.indexOf(')'));
  for (let i = 0; i < nobs; i++) {
    for (let j = 0; j < nobs; j++) if (names[i].startsWith('<Rmue>') && names[j].startsWith('<Rmue>') && mode(names[i]) === mode(names[j])) cov[i * nobs + j] += qed * qed;
  }
  return { names, measured, covariance: cov, sources: [...new Set(blocks.map((b) => b.source))], sourceOf: blocks.flatMap((b) => b.observables.map(() => b.source)) };
}

/**
 * gain = 1/σ, target = y_exp/σ and W = L⁻¹ diag(σ) (lower triangular; rowStart[k] = its first non-zero column in
 * row k), so that −½|W (gain ∘ y − target)|² = −½ (y − y_exp)ᵀ C⁻¹ (y − y_exp) with C = L Lᵀ.
 */
export function whitenedMeasurements(
  covariance: Float64Array,
  measured: Float64Array,
  L: Float64Array,
): { gain: Float64Array; target: Float64Array; whitening: Float64Array; rowStart: Int32Array } {
  const n = measured.length;
  const sigma = Float64Array.from({ length: n }, (_, i) => Math.sqrt(covariance[i * n + i]));
  const inverseL = invertLowerTriangular(L, n);
  const whitening = new Float64Array(n * n);
  const rowStart = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    rowStart[k] = k;
    for (let o = 0; o <= k; o++) {
      whitening[k * n + o] = inverseL[k * n + o] * sigma[o];
      if (whitening[k * n + o] !== 0 && o < rowStart[k]) rowStart[k] = o;
    }
  }
  return { gain: sigma.map((s) => 1 / s), target: measured.map((m, i) => m / sigma[i]), whitening, rowStart };
}

/** Gaussian prior blocks (θ offset, lower Cholesky factor of the covariance) → (offset, size, start in inverse) and the L⁻¹'s. */
export function gaussianPriorTables(blocks: [number, Float64Array][]): { blocks: Int32Array; inverse: Float64Array } {
  const index: number[] = [];
  const inverse: number[] = [];
  for (const [offset, chol] of blocks) {
    const n = Math.round(Math.sqrt(chol.length));
    index.push(offset, n, inverse.length);
    inverse.push(...invertLowerTriangular(chol, n));
  }
  return { blocks: Int32Array.from(index), inverse: Float64Array.from(inverse) };
}
