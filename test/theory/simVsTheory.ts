/** Helpers of the "ODE vs 4-seed simulation" tests (test/theory/pepita.test.ts, test/engines/newRules.test.ts, test/engines/mirror.test.ts). */
import { expect } from 'vitest';
import type { Config } from '../../src/core/config.ts';
import type { SimSolution, TheorySolution } from '../../src/core/trajectory.ts';
import { simulateOf, solveTheoryOf } from '../../src/app/fromConfig.ts';
import { gridTimes } from '../../src/core/times.ts';

/**
 * The ODE and a simulation of a config on 24 log-spaced grid times from t = 0.5 to tmax (threads 2),
 * the seed mean of εg, and its median and max relative deviation from the ODE (logged as `label`).
 * The ODE must have succeeded.
 */
export async function odeVsSeedMean(config: Config, label: string): Promise<{ ode: TheorySolution; mean: Float64Array; median: number; max: number }> {
  const times = gridTimes(0.5, config.tmax, 24, config.D);
  const ode = solveTheoryOf(config, { times });
  const sim = await simulateOf(config, { times, threads: 2 });
  expect(ode.result).toBe('success');
  const mean = seedMeanEg(sim, times.length);
  const { median, max } = deviations(times, ode.eg, mean);
  console.log(`${label}: median ${(100 * median).toFixed(2)} %, max ${(100 * max).toFixed(2)} %, εg ${mean[0].toFixed(4)} → ${mean[times.length - 1].toFixed(4)}`);
  return { ode, mean, median, max };
}

/** The seed mean of εg at the first n output times; every run must have succeeded. */
export function seedMeanEg(sim: SimSolution, n: number): Float64Array {
  const mean = new Float64Array(n);
  for (const r of sim.runs) {
    expect(r.result).toBe('success');
    for (let i = 0; i < n; i++) mean[i] += r.eg[i] / sim.runs.length;
  }
  return mean;
}

/** median and max of |a/b − 1| over t > 0 */
export function deviations(times: Float64Array, a: Float64Array, b: Float64Array): { median: number; max: number } {
  const d: number[] = [];
  for (let i = 0; i < times.length; i++) if (times[i] > 0) d.push(Math.abs(a[i] / b[i] - 1));
  d.sort((u, v) => u - v);
  const m = d.length >> 1;
  return { median: d.length % 2 ? d[m] : 0.5 * (d[m - 1] + d[m]), max: d[d.length - 1] };
}

/** log-spaced times on the grid 1/D, plus 0 (src/core/times.ts) */
export { gridTimes };
