/**
 * Every fit the paper's figures and claims need, by config (configs/<config>.yaml), with the data eras it
 * runs on: 'none' for EW-only fits (one run; the EW data are the same in both eras), 'both' where
 * flavour data enter. Optional runs (the full PDD/PMD flavour fits) are picked up when their config
 * exists and are reported as not run otherwise. The order is the order of running: quick and new fits
 * first, the long 17- and 21-operator fits last.
 */
export type EraPolicy = 'none' | 'both';

export interface PaperRun {
  config: string;
  eras: EraPolicy;
  /** Where the paper uses it. */
  use: string;
  optional?: boolean;
}

export const PAPER_RUNS: PaperRun[] = [
  { config: 'ew-lu-2233', eras: 'none', use: 'fig. 5 left, vertical grey band' },
  { config: 'ew-phil1-22', eras: 'none', use: 'fig. 5 left, horizontal grey band' },
  { config: 'ew-lu-1133', eras: 'none', use: 'fig. 5 right, vertical grey band' },
  { config: 'ew-phil1-11', eras: 'none', use: 'fig. 5 right, horizontal grey band' },
  { config: 'flavour-clean-lu-2233', eras: 'both', use: 'fig. 5 left, flavour-only band (clean observables)' },
  { config: 'flavour-clean-lu-1133', eras: 'both', use: 'fig. 5 right, flavour-only band (clean observables)' },
  { config: 'minimal-mu', eras: 'both', use: 'fig. 5 left (magenta)' },
  { config: 'minimal-e', eras: 'both', use: 'fig. 5 right (magenta)' },
  { config: 'zprime-eta250', eras: 'both', use: 'fig. 6 left (η = m_Z′/4)' },
  { config: 'zprime-eta500', eras: 'both', use: 'fig. 6 right (η = m_Z′/2)' },
  { config: 'lq-scalar-mu', eras: 'both', use: 'fig. 7 left (S ∼ (3,2,−7/6), muons)' },
  { config: 'lq-vector-e', eras: 'both', use: 'fig. 7 right (V ∼ (3,2,−1/6), electrons)' },
  { config: 'ew-sl4f', eras: 'none', use: '§4.1 EW (SL-4F only); R_K(*) tension' },
  { config: 'flavour-clean', eras: 'both', use: 'clean b → sℓℓ observables; figs. 1, 3, 4' },
  { config: 'zprime-vll', eras: 'both', use: 'eqs. 5.9–5.10: C_Hl(1,3) from a vector-like lepton pair' },
  { config: 'ew', eras: 'none', use: '§3 EW; figs. 1, 2, 3, 4, 9' },
  { config: 'ew-tree', eras: 'none', use: 'appendix: EW at tree level; figs. 8, 9' },
  { config: 'ew-flavour-clean', eras: 'both', use: '§3 EW & Flavour (clean observables); figs. 1, 3, 4' },
  { config: 'flavour-pdd', eras: 'both', use: '§3 Flavour (PDD); figs. 1, 3, 4', optional: true },
  { config: 'flavour-pmd', eras: 'both', use: '§3 Flavour (PMD); figs. 1, 3, 4', optional: true },
  { config: 'ew-flavour-pdd', eras: 'both', use: '§3 EW & Flavour (PDD); figs. 1, 3, 4', optional: true },
  { config: 'ew-flavour-pmd', eras: 'both', use: '§3 EW & Flavour (PMD); figs. 1, 3, 4', optional: true },
  { config: 'flavour-lu2233-pdd', eras: 'both', use: 'fig. 5 left, orange flavour-only PDD band; claim 2', optional: true },
];

export type DataChoice = '2020' | 'current' | 'both';

/** Run id: the config name, with the data era where flavour data enter (e.g. minimal-mu-2020). */
export function runId(config: string, era: '2020' | 'current' | undefined): string {
  return era === undefined ? config : `${config}-${era}`;
}

/** The (config, era) pairs a choice of data needs. */
export function plannedRuns(data: DataChoice, runs: PaperRun[] = PAPER_RUNS): { run: PaperRun; era?: '2020' | 'current'; id: string }[] {
  const eras: ('2020' | 'current')[] = data === 'both' ? ['2020', 'current'] : [data];
  return runs.flatMap((run) => (run.eras === 'none' ? [{ run, id: runId(run.config, undefined) }] : eras.map((era) => ({ run, era, id: runId(run.config, era) }))));
}
