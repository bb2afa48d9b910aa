/**
 * Allowed values as data: numeric ranges (with the one wording of their messages, shared by the zod
 * config schema and the API's own checks) and the message of a choice among names.
 *
 *   rangeViolation(0, { above: 0 })            // "must be > 0"
 *   rangeViolation(3, SEED_RANGE)              // null
 *   choiceMessage(['odex', 'rodas4'], 'rk4')   // 'must be one of "odex", "rodas4" (got "rk4")'
 */
import { ConfigError } from './errors.ts';

/** Seeds of every random stream (weights, data, Monte Carlo bank): integers in [0, 2^32). */
export const SEED_RANGE = { integer: true, min: 0, max: 2 ** 32 - 1 } as const;

/** "must be one of "a", "b" (got "c")" — the message of every choice, config or API. */
export function choiceMessage(allowed: readonly string[], got: unknown): string {
  return `must be one of ${allowed.map((n) => `"${n}"`).join(', ')} (got ${JSON.stringify(got)})`;
}

/** A numeric range: bounds inclusive (min/max) or strict (above/below), integers when `integer`. */
export interface NumberRange {
  readonly integer?: boolean;
  readonly min?: number;
  readonly max?: number;
  readonly above?: number;
  readonly below?: number;
}

/**
 * What is wrong with v for the range, in the words the config schema uses too ("must be an
 * integer", "must be ≥ 100", "must be < 1", …); null when v is in it.
 */
export function rangeViolation(v: unknown, r: NumberRange): string | null {
  if (typeof v !== 'number' || !Number.isFinite(v)) return 'must be a finite number';
  if (r.integer && !Number.isInteger(v)) return 'must be an integer';
  if (r.above !== undefined && !(v > r.above)) return `must be > ${r.above}`;
  if (r.below !== undefined && !(v < r.below)) return `must be < ${r.below}`;
  if (r.min !== undefined && !(v >= r.min)) return `must be ≥ ${r.min}`;
  if (r.max !== undefined && !(v <= r.max)) return `must be ≤ ${r.max}`;
  return null;
}

/** Learning rates η, η₂ (and a weight-decay rate's product with them stays finite): finite, > 0. */
export const RATE_RANGE = { above: 0 } as const;
/** Weight-decay rates λ1, λ2 (per unit time): finite, ≥ 0. */
export const DECAY_RANGE = { min: 0 } as const;
/** Label-noise std σ: finite, ≥ 0. */
export const NOISE_RANGE = { min: 0 } as const;

/** Throw ConfigError(field, message) when v is outside r. */
export function checkRange(field: string, v: unknown, r: NumberRange): void {
  const bad = rangeViolation(v, r);
  if (bad) throw new ConfigError(field, `${bad} (got ${String(v)})`);
}
