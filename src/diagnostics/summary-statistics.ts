/**
 * Per-parameter summary of a flat sample (rows = draws, row-major nSamples × nDims): mean, standard
 * deviation (ddof 1) and the 5 %, 50 %, 95 % type-7 quantiles (numpy default / R type 7), the
 * quantities the fit reports quote as central value and 90 % interval.
 */
import { InputError } from '../errors.ts';
import { quantilesOfUnsorted } from '../numerics/select-quantiles.ts';

export interface ParameterSummary {
  mean: number;
  sd: number;
  q05: number;
  q50: number;
  q95: number;
}

export function summariseSamples(samples: Float64Array, nSamples: number, nDims: number): ParameterSummary[] {
  if (!Number.isInteger(nSamples) || nSamples < 1) throw new InputError(`nSamples must be a positive integer, got ${nSamples}`);
  if (!Number.isInteger(nDims) || nDims < 1) throw new InputError(`nDims must be a positive integer, got ${nDims}`);
  if (samples.length !== nSamples * nDims) {
    throw new InputError(`samples has ${samples.length} values, expected nSamples×nDims = ${nSamples * nDims}`);
  }
  const column = new Float64Array(nSamples);
  const summaries: ParameterSummary[] = [];
  for (let d = 0; d < nDims; d++) {
    let sum = 0;
    for (let i = 0; i < nSamples; i++) {
      column[i] = samples[i * nDims + d];
      sum += column[i];
    }
    const mean = sum / nSamples;
    let sumSq = 0;
    for (let i = 0; i < nSamples; i++) sumSq += (column[i] - mean) ** 2;
    const [q05, q50, q95] = quantilesOfUnsorted(column, [0.05, 0.5, 0.95]);
    summaries.push({ mean, sd: Math.sqrt(sumSq / (nSamples - 1)), q05, q50, q95 });
  }
  return summaries;
}
