/**
 * The run's posterior in WCxf (src/physics/wcxf.ts), for the programs the field already uses (flavio,
 * smelli, wilson): `wcxf-posterior-mean.yaml` (the posterior mean of every Wilson coefficient, after
 * burn-in, as in summary.json) and `wcxf-max-posterior.yaml` (the stored point of highest log-posterior).
 * Written for physics scenarios with SMEFT coefficients only; other parameters (SM-input nuisances) are
 * not Wilson coefficients and stay in summary.json.
 */
import path from 'node:path';
import { writeFileAtomic } from '../atomic-write.ts';
import { SMEFT_PARAMETERS, smeftToWcxf } from '../physics/wcxf.ts';
import type { ChainStore } from '../sampler/chain-store.ts';
import type { ScenarioModel } from '../scenarios/scenario.ts';
import { maxPosteriorPoint } from './max-posterior-point.ts';
import type { RunSummary } from './summary.ts';

export const WCXF_MEAN_FILE = 'wcxf-posterior-mean.yaml';
export const WCXF_MAX_FILE = 'wcxf-max-posterior.yaml';

/** Writes both files into `dir` when the scenario has SMEFT coefficients; returns the names written. */
export function writeWcxfPoints(dir: string, store: ChainStore, scenario: ScenarioModel, summary: RunSummary): string[] {
  const smeft = scenario.parameters.flatMap((p, d) => (p.role === 'wc' && SMEFT_PARAMETERS.includes(p.name) ? [[p.name, d] as const] : []));
  if (smeft.length === 0 || store.nStored === 0) return [];
  const means = new Map(summary.parameters.map((p) => [p.name, p.mean]));
  const common = { generator: 'smeftfit', scenario: scenario.name, units: 'WCxf: GeV^-2 at scale 1000 GeV (smeftfit: TeV^-2, Lambda = 1 TeV)' };
  writeFileAtomic(
    path.join(dir, WCXF_MEAN_FILE),
    smeftToWcxf(Object.fromEntries(smeft.map(([name]) => [name, means.get(name)!])), { ...common, description: `posterior mean after a burn-in of ${summary.burn_in_steps} steps` }),
  );
  const best = maxPosteriorPoint(store);
  writeFileAtomic(
    path.join(dir, WCXF_MAX_FILE),
    smeftToWcxf(Object.fromEntries(smeft.map(([name, d]) => [name, best.point[d]])), { ...common, description: 'stored chain point of highest log-posterior', log_posterior: best.logProb }),
  );
  return [WCXF_MEAN_FILE, WCXF_MAX_FILE];
}
