import type { ModelDescription, Prior } from '../likelihood/model.ts';

/** One sampled parameter: its name (WCxf name for Wilson coefficients), prior and walker start box. */
export interface ParameterSpec {
  name: string;
  prior: Prior;
  /** Walkers start as start.center + start.width · N(0,1) per coordinate. */
  start: { center: number; width: number };
  /** 'wc' for Wilson coefficients (TeV⁻²), 'uv' for parameters of a UV model, 'nuisance' for SM inputs, 'target' for test targets. */
  role: 'wc' | 'nuisance' | 'target' | 'uv';
}

/** A function of the parameters reported in the summary (δg_Z, C9, δR_K, …), evaluated on the chain. */
export interface DerivedQuantity {
  name: string;
  /** theta is one point in the order of `parameters`. */
  evaluate(theta: Float64Array): number;
  /**
   * Parameters (indices into `parameters`) in which the quantity is affine while the others stay fixed,
   * as δg_Z is in the Wilson coefficients at linear order: the outputs then tabulate it once
   * (output/derived-table.ts) instead of evaluating it draw by draw.
   */
  linearIn?: readonly number[];
}

/** What a scenario builder returns: everything `smeftfit run` needs to sample and report. */
export interface ScenarioModel {
  name: string;
  parameters: ParameterSpec[];
  density: ModelDescription;
  derived: DerivedQuantity[];
  /** Printed in the summary (e.g. the matching factor K, the data era). */
  info: Record<string, unknown>;
  /** Known truth for test targets (means, sds), used by tests and the summary. */
  truth?: { mean: number[]; sd: number[] };
}
