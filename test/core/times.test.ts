/**
 * Output times: the log grid (default), the linear grid, and the count of distinct simulation
 * steps μ = round(t·D) that requested times map to (stepMerges), checked against stepsForTimes,
 * which is what the simulation observes at.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config.ts';
import { linearTimes, logTimes, outputTimes, stepMergeWarning, stepMerges, stepsForTimes } from '../../src/core/times.ts';

describe('output times', () => {
  it('spacing defaults to log; "linear" gives evenly spaced times from 0 to tmax', () => {
    const log = outputTimes(parseConfig({ tmax: 100, points: 6 }));
    expect(Array.from(log)).toEqual(Array.from(logTimes(100, 6)));
    expect(log[1]).toBeCloseTo(100 * 1e-5, 15); // first nonzero time five decades below tmax
    const lin = outputTimes(parseConfig({ tmax: 100, points: 6, spacing: 'linear' }));
    expect(Array.from(lin)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(Array.from(linearTimes(1, 2))).toEqual([0, 1]);
  });

  it('explicit times win over points and spacing', () => {
    expect(Array.from(outputTimes(parseConfig({ times: [0, 0.5, 3], spacing: 'linear' })))).toEqual([0, 0.5, 3]);
  });

  it('stepMerges counts exactly the steps the simulation observes at', () => {
    // the case: points 50, D = 300 on the log grid merges early times
    for (const [D, points, tmax, spacing] of [[300, 50, 5000, 'log'], [300, 50, 100, 'log'], [10, 200, 5, 'linear'], [500, 200, 5000, 'log']] as const) {
      const times = outputTimes(parseConfig({ D, points, tmax, spacing }));
      const m = stepMerges(times, D);
      expect(m.requested).toBe(points);
      expect(m.distinctSteps).toBe(stepsForTimes(times, D).length);
      expect(m.merged).toBe(points - m.distinctSteps);
    }
    const m = stepMerges(outputTimes(parseConfig({ D: 300, points: 50, tmax: 100 })), 300);
    expect(m.merged).toBeGreaterThan(0);
    // the last merged time is below 1/D·(a few steps): merging only happens where the grid is finer than 1/D
    expect(m.lastMergedTime!).toBeLessThan(10 / 300);
  });

  it('linear spacing at Δt ≥ 1/D merges nothing; the warning says how many steps remain', () => {
    const lin = stepMerges(outputTimes(parseConfig({ D: 300, points: 50, tmax: 100, spacing: 'linear' })), 300);
    expect(lin).toMatchObject({ requested: 50, distinctSteps: 50, merged: 0, lastMergedTime: null });
    expect(stepMergeWarning(lin)).toBeNull();
    const log = stepMerges(outputTimes(parseConfig({ D: 300, points: 50, tmax: 100 })), 300);
    const w = stepMergeWarning(log)!;
    expect(w).toContain(`50 requested output times map to ${log.distinctSteps} distinct simulation steps`);
    expect(w).toMatch(/spacing": "linear"/);
  });
});
