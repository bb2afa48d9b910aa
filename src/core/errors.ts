import { describeFailure, type Failure } from './trajectory.ts';

/**
 * Invalid user input (config key, CLI flag, initial state, problem field). CLI exit code 2.
 * @example
 * ```ts
 * try { parseConfig({ rule: 'dfa' }); } catch (e) { if (e instanceof ConfigError) e.field; }   // "feedbackWeights"
 * ```
 */
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
 * Numerical trouble (divergence, non-finite state, failed step, non-PSD covariance during a run),
 * carrying the enumerated `Failure` (code, time, quantity). CLI exit code 1. The engines do not
 * throw it for trouble during a solve (the solution carries `result` and `failure`); the CLI does,
 * after writing the rows computed before it.
 * @example
 * ```ts
 * if (sol.failure) throw new NumericalError(sol.failure);   // "non-finite Q_1_1 (NaN) at t=47.1"
 * ```
 */
export class NumericalError extends Error {
  readonly failure: Failure;
  constructor(failure: Failure) {
    super(describeFailure(failure));
    this.name = 'NumericalError';
    this.failure = failure;
  }
  get t(): number {
    return this.failure.t;
  }
  get quantity(): string {
    return this.failure.quantity;
  }
}

/**
 * A command that ends with a finding rather than an error (e.g. `check-rule` on a rule that fails
 * its certification): the CLI prints `message` (when given) and exits with `code`, no "error:".
 */
export class CommandExit extends Error {
  readonly code: number;
  constructor(code: number, message = '') {
    super(message);
    this.name = 'CommandExit';
    this.code = code;
  }
}
