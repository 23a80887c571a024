/**
 * EW measurements and their covariance, read from the project's EW data file (ew-data.json: LEP/SLD
 * Z pole, hep-ex/0509008; LEP2 W branching ratios, arXiv:1302.3415; PDG 2020 W mass, width, R_Wc;
 * LHC single-top |V_tb|), mapped to the theory observables of predict.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../errors.ts';

/** Which LEP Z-lineshape table: hep-ex/0509008 Table 2.13 (paper era, default) or the 2019 luminosity re-analysis. */
export type ZLineshapeDataSet = 'hep-ex/0509008' | 'janot-jadach-2019';

export interface EwMeasurement {
  /** Measurement id from the data file (`Ae_SLD`, `sigma_had`, …). */
  id: string;
  /** The predicted observable it measures (EW_OBSERVABLE_NAMES). */
  observable: string;
  value: number;
  error: number;
}

export interface SmInputConstraint {
  name: string;
  value: number;
  error: number;
}

export interface EwDataSet {
  measurements: EwMeasurement[];
  /** Row-major covariance V_ij = ρ_ij σ_i σ_j, block diagonal over the correlated sets. */
  covariance: Float64Array;
  smInputs: SmInputConstraint[];
}

/** Measurement id → predicted observable; A_e(SLD) and A_e(P_τ) are the same theory quantity (ew-data.md §8). */
const OBSERVABLE_OF_MEASUREMENT: Record<string, string> = {
  sigma_had: 'sigma_had_nb',
  Ae_SLD: 'A_e',
  Amu_SLD: 'A_mu',
  Atau_SLD: 'A_tau',
  Ae_Ptau: 'A_e',
  Atau_Ptau: 'A_tau',
};

/** Data-file ids of the SM inputs → nuisance names of predict.ts. */
const NUISANCE_OF_INPUT: Record<string, string> = { MH: 'MH', mt: 'mt', alphas: 'als', dalhad: 'dalhad', MZ: 'MZ' };

interface RawObservable {
  id: string;
  value: number;
  error: number;
}
interface RawSet {
  id: string;
  observables: RawObservable[];
  correlation: number[][];
}

export function ewDataPath(dataDir: string): string {
  return path.resolve(dataDir, 'physics/ew/ew-data.json');
}

export function loadEwData(dataDir: string, lineshape: ZLineshapeDataSet = 'hep-ex/0509008'): EwDataSet {
  const file = ewDataPath(dataDir);
  let raw: { sm_inputs: (RawObservable & { error: number })[]; correlated_sets: RawSet[]; uncorrelated: RawObservable[] };
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError(`cannot read EW data file ${file}: ${(e as Error).message}`);
  }
  const primary = raw.correlated_sets.find((s) => s.id === 'LEP_Zlineshape_nonLFU');
  const alternative = raw.correlated_sets.find((s) => s.id === 'LEP_Zlineshape_nonLFU_2019lumi_ALTERNATIVE');
  if (!primary || !alternative) throw new InputError(`EW data file ${file} lacks the LEP Z-lineshape sets`);
  const blocks: RawSet[] = [];
  if (lineshape === 'hep-ex/0509008') {
    blocks.push(primary);
  } else {
    // The re-analysis table has no M_Z row: M_Z keeps its hep-ex/0509008 value, uncorrelated.
    const mz = primary.observables.find((o) => o.id === 'MZ')!;
    blocks.push({ id: 'MZ', observables: [mz], correlation: [[1]] }, alternative);
  }
  for (const s of raw.correlated_sets) if (!s.id.startsWith('LEP_Zlineshape')) blocks.push(s);
  for (const o of raw.uncorrelated) blocks.push({ id: o.id, observables: [o], correlation: [[1]] });

  const measurements: EwMeasurement[] = [];
  for (const b of blocks) {
    for (const o of b.observables) {
      measurements.push({ id: o.id, observable: OBSERVABLE_OF_MEASUREMENT[o.id] ?? o.id, value: o.value, error: o.error });
    }
  }
  const n = measurements.length;
  const covariance = new Float64Array(n * n);
  let offset = 0;
  for (const b of blocks) {
    const m = b.observables.length;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        covariance[(offset + i) * n + offset + j] = b.correlation[i][j] * b.observables[i].error * b.observables[j].error;
      }
    }
    offset += m;
  }
  const smInputs: SmInputConstraint[] = [];
  for (const s of raw.sm_inputs) {
    const name = NUISANCE_OF_INPUT[s.id];
    if (name) smInputs.push({ name, value: s.value, error: s.error });
  }
  return { measurements, covariance, smInputs };
}
