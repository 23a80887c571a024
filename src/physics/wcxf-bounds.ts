/**
 * Largest |coefficient| accepted: TeV⁻² for SMEFT (an effective scale 1 TeV/√|C| of 10 GeV, far below where
 * an EFT of the weak scale means anything), dimensionless for WET. Past it the predictions overflow.
 * Kept apart from wcxf.ts so that `predict --wc` checks it without loading the YAML reader.
 */
export const MAX_ABS_COEFFICIENT = 1e4;
