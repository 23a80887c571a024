/**
 * The b → sℓℓ measurements of a flavour fit as Gaussian blocks (flavour-spec.md §9: HEPfit's symmetrisation of
 * asymmetric errors by default, correlations as the experiments publish them): the era's likelihood list
 * (data/likelihoods/<era>.yaml) over the measurement catalogue, with a physicist's edits (likelihood-list.ts).
 *
 *   flavourMeasurements:      the clean part (R_K, R_K*, B_s → ℓℓ), for the clean-observable fits;
 *   fullFlavourMeasurements:  clean + hadronic (angular, rate, radiative), for the nuisance-sampling fits.
 *
 * The lists and the catalogue are the package's own; `dataDir` (a reference folder in tests) is not read here.
 */
import { type FlavourData, likelihoodBlocks } from './likelihood-list.ts';
import { gaussianOf } from './measurement-file.ts';

export { FLAVOUR_DATA_ERAS, type FlavourData, type FlavourDataEra, type MeasurementBlock } from './likelihood-list.ts';

/** HEPfit symmetrisation of central ± asymmetric ⊕ symmetric errors (spec §9). */
export const symmetrise = (central: number, asym: [number, number][] = [], sym: number[] = []): { central: number; sigma: number } =>
  gaussianOf({ observable: '', raw: '', central, symmetric: sym, asymmetric: asym }, 'hepfit');

export const flavourMeasurements = (data: FlavourData, _dataDir?: string) => likelihoodBlocks(data, 'clean');
export const fullFlavourMeasurements = (data: FlavourData, _dataDir?: string) => likelihoodBlocks(data, 'full');
