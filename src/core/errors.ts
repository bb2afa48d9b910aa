/** Invalid user input (config key, CLI flag, initial state). CLI exit code 2. */
export class ConfigError extends Error {
  /** dotted path of the offending field, e.g. `init.Q` or `theory.rtol` */
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'ConfigError';
    this.field = field;
  }
}

/**
 * Numerical trouble (divergence, non-finite state, failed step, non-PSD covariance during a run).
 * CLI exit code 1. `t` is the time at which it was detected; `quantity` what failed.
 */
export class NumericalError extends Error {
  readonly t: number;
  readonly quantity: string;
  constructor(quantity: string, t: number, detail: string) {
    super(`${quantity} at t=${t}: ${detail}`);
    this.name = 'NumericalError';
    this.t = t;
    this.quantity = quantity;
  }
}
