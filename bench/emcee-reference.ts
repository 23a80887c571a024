/**
 * emcee 3.1.6's figures on the gauss20 target, measured on a 2-core machine of the kind CI uses
 * (vectorised numpy log-probability, stretch move, one ensemble; ESS = min over parameters of
 * N·walkers/τ with emcee's τ). Fixed reference rows: the benchmark prints smeftfit's ratio to them.
 */
export interface ReferenceRow {
  label: string;
  target: 'gauss20';
  walkers: number;
  burn: number;
  production: number;
  essPerSecond: number;
  essPerEvaluation: number;
  evaluationsPerSecond: number;
}

export const EMCEE_REFERENCE: readonly ReferenceRow[] = [
  { label: 'emcee 3.1.6 (numpy, vectorised)', target: 'gauss20', walkers: 64, burn: 6000, production: 30000, essPerSecond: 689, essPerEvaluation: 0.0027, evaluationsPerSecond: 2.2e5 },
  { label: 'emcee 3.1.6 (numpy, vectorised)', target: 'gauss20', walkers: 1024, burn: 3000, production: 12000, essPerSecond: 2614, essPerEvaluation: 0.0034, evaluationsPerSecond: 6.2e5 },
];
