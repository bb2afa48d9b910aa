/**
 * Output times. Default: `points` times, t = 0 followed by points−1 log-spaced times from
 * tmax·1e-5 to tmax. Explicit `times` are used as given (theory evaluates exactly there by dense
 * output; the simulation observes at the nearest step μ = round(t·D) and reports that time).
 */
import type { Config } from './config.ts';

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

/** The output times a config asks for. */
export function outputTimes(config: Pick<Config, 'times' | 'tmax' | 'points'>): Float64Array {
  return config.times ? Float64Array.from(config.times) : logTimes(config.tmax, config.points);
}

/** Step indices μ = round(t·D) of output times at input dimension D, deduplicated, increasing. */
export function stepsForTimes(times: Float64Array, D: number): number[] {
  const steps: number[] = [];
  for (const t of times) {
    const mu = Math.round(t * D);
    if (steps.length === 0 || mu > steps[steps.length - 1]) steps.push(mu);
  }
  return steps;
}
