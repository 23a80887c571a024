/** Raised when the log-density returns NaN: names the ensemble, the walker and the point. */
export class NaNLogProbError extends Error {
  override readonly name = 'NaNLogProbError';
}
