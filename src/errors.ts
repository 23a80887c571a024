/**
 * Errors caused by the user's input (config, flags, names). The CLI boundary turns them into one line
 * on stderr and exit code 2; every other error is a bug and keeps its stack.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(message: string) {
    super(message);
  }
}

/** A run stopped by SIGINT/SIGTERM after saving its state (exit code 130). */
export class InterruptedRun extends Error {
  override readonly name = 'InterruptedRun';
}
