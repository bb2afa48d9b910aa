/**
 * Output times. Default: `points` times from t = 0 to tmax, spaced by `spacing`: "log" (the
 * default) is t = 0 followed by points−1 log-spaced times from tmax·1e-5 to tmax; "linear" is
 * evenly spaced from 0 to tmax. Explicit `times` are used as given (theory evaluates exactly there
 * by dense output; the simulation observes at the nearest step μ = round(t·D) and reports that
 * time, so requested times closer than 1/D share a step: `stepMerges` counts them).
 */
import type { Config, Spacing } from './config.ts';

export const LOG_GRID_DECADES = 5;

export function logTimes(tmax: number, points: number, decades = LOG_GRID_DECADES): Float64Array {
  const out = new Float64Array(points);
  out[0] = 0;
  const n = points - 1;
  const lo = Math.log10(tmax) - decades;
  for (let i = 0; i < n; i++) out[i + 1] = n === 1 ? tmax : 10 ** (lo + (decades * i) / (n - 1));
  out[points - 1] = tmax;
  return out;
}

/** `points` evenly spaced times from 0 to tmax (both included). */
export function linearTimes(tmax: number, points: number): Float64Array {
  const out = new Float64Array(points);
  for (let i = 0; i < points; i++) out[i] = (tmax * i) / (points - 1);
  out[points - 1] = tmax;
  return out;
}

/**
 * The output times a config asks for (`spacing` absent means "log"): `times` as given, or `points`
 * times from 0 to `tmax`.
 * @example
 * ```ts
 * outputTimes({ tmax: 100, points: 5, times: null, spacing: 'linear' })   // 0, 25, 50, 75, 100
 * ```
 */
export function outputTimes(config: Pick<Config, 'times' | 'tmax' | 'points'> & { spacing?: Spacing }): Float64Array {
  if (config.times) return Float64Array.from(config.times);
  return config.spacing === 'linear' ? linearTimes(config.tmax, config.points) : logTimes(config.tmax, config.points);
}

/** Step indices μ = round(t·D) of output times at input dimension D, deduplicated, increasing. */
/**
 * `count` log-spaced times in [t0, tmax] rounded to the grid 1/D (where a simulation observes
 * exactly), duplicates dropped, plus t = 0: the comparison grid of sim-vs-ODE checks.
 * @example gridTimes(0.5, 200, 24, 500)   // [0, 0.5, 0.646, …, 200]
 */
export function gridTimes(t0: number, tmax: number, count: number, D: number): Float64Array {
  const out = [0];
  for (let i = 0; i < count; i++) {
    const t = Math.round(t0 * (tmax / t0) ** (i / (count - 1)) * D) / D;
    if (t > out[out.length - 1]) out.push(t);
  }
  return Float64Array.from(out);
}

export function stepsForTimes(times: Float64Array, D: number): number[] {
  const steps: number[] = [];
  for (const t of times) {
    const mu = Math.round(t * D);
    if (steps.length === 0 || mu > steps[steps.length - 1]) steps.push(mu);
  }
  return steps;
}

/** How the requested output times map to simulation steps μ = round(t·D) (see `stepMerges`). */
export interface StepMerges {
  /** number of requested output times */
  requested: number;
  /** number of distinct steps they map to (the rows of a simulation run) */
  distinctSteps: number;
  /** requested − distinctSteps */
  merged: number;
  /** the largest requested time that shares its step with an earlier one (null when none does) */
  lastMergedTime: number | null;
  /** input dimension D; times closer than 1/D can share a step */
  D: number;
}

/**
 * Which requested times a simulation at dimension D can honour separately: pure, counted exactly
 * as `stepsForTimes` deduplicates (a later time whose step is not past the previous one is merged).
 */
export function stepMerges(times: Float64Array, D: number): StepMerges {
  let distinct = 0;
  let last = -1;
  let lastMergedTime: number | null = null;
  for (const t of times) {
    const mu = Math.round(t * D);
    if (distinct === 0 || mu > last) {
      distinct++;
      last = mu;
    } else lastMergedTime = t;
  }
  return { requested: times.length, distinctSteps: distinct, merged: times.length - distinct, lastMergedTime, D };
}

/** A one-line warning for merged times, or null when every requested time has its own step. */
export function stepMergeWarning(m: StepMerges): string | null {
  if (m.merged === 0) return null;
  return `the ${m.requested} requested output times map to ${m.distinctSteps} distinct simulation steps μ = round(t·D) at D = ${m.D}: ` +
    `${m.merged} times closer than 1/D = ${1 / m.D} to a neighbour were merged (up to t = ${m.lastMergedTime}); ` +
    `the simulation writes ${m.distinctSteps} rows per run. For one row per time, use "spacing": "linear", fewer points, or a larger D`;
}
