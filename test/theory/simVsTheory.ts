/** Helpers of the "ODE vs 4-seed simulation" tests (test/theory/pepita.test.ts, test/engines/newRules.test.ts). */

/** median and max of |a/b − 1| over t > 0 */
export function deviations(times: Float64Array, a: Float64Array, b: Float64Array): { median: number; max: number } {
  const d: number[] = [];
  for (let i = 0; i < times.length; i++) if (times[i] > 0) d.push(Math.abs(a[i] / b[i] - 1));
  d.sort((u, v) => u - v);
  const m = d.length >> 1;
  return { median: d.length % 2 ? d[m] : 0.5 * (d[m - 1] + d[m]), max: d[d.length - 1] };
}

/** log-spaced times on the grid 1/D, plus 0 (src/core/times.ts) */
export { gridTimes } from '../../src/core/times.ts';
