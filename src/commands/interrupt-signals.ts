/**
 * Ctrl-C and SIGTERM during sampling: noted, not acted on at once, so the run loop can stop between
 * steps and write a final checkpoint (exit 130; `--resume` continues bit for bit). Shared by the ensemble
 * and the Metropolis runs.
 */
export interface InterruptWatch {
  /** True once SIGINT or SIGTERM arrived. */
  requested(): boolean;
  /** Removes the handlers (the default signal behaviour returns). */
  stop(): void;
}

export function watchInterrupts(): InterruptWatch {
  let requested = false;
  const onSignal = () => {
    requested = true;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    requested: () => requested,
    stop() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
