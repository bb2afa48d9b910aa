/**
 * Statistics across the runs (data-stream seeds) of a simulation at each output time:
 * mean, sample standard deviation and standard error of any scalar of the state.
 * Runs that stopped early (a `failure`) contribute only the rows they have.
 */
import { mean, sampleStandardDeviation } from 'simple-statistics';
import type { Overlaps } from '../core/overlaps.ts';
import type { SimSolution } from '../core/trajectory.ts';

export interface SeedStats {
  times: Float64Array;
  mean: Float64Array;
  /** sample standard deviation across runs (NaN with fewer than 2 runs) */
  sd: Float64Array;
  /** standard error of the mean, sd/√n (NaN with fewer than 2 runs) */
  se: Float64Array;
  /** runs contributing at each time */
  n: Int32Array;
}

/** A scalar of one row: the state and its εg. */
export type RowScalar = (o: Overlaps, eg: number) => number;

export const egOf: RowScalar = (_o, eg) => eg;
export const feedbackNormOf: RowScalar = (o) => Math.hypot(...o.f);

/** Per-time statistics of `scalar` across the runs of `sim` (times of the longest run). */
export function seedStats(sim: SimSolution, scalar: RowScalar): SeedStats {
  const longest = sim.runs.reduce((a, r) => (r.times.length > a.times.length ? r : a), sim.runs[0]);
  const T = longest ? longest.times.length : 0;
  const out: SeedStats = {
    times: longest ? longest.times.slice() : new Float64Array(0),
    mean: new Float64Array(T),
    sd: new Float64Array(T),
    se: new Float64Array(T),
    n: new Int32Array(T),
  };
  for (let i = 0; i < T; i++) {
    const vals: number[] = [];
    for (const r of sim.runs) {
      if (i < r.times.length) {
        const v = scalar(r.states[i], r.eg[i]);
        if (Number.isFinite(v)) vals.push(v);
      }
    }
    out.n[i] = vals.length;
    out.mean[i] = vals.length ? mean(vals) : NaN;
    out.sd[i] = vals.length >= 2 ? sampleStandardDeviation(vals) : NaN;
    out.se[i] = vals.length >= 2 ? out.sd[i] / Math.sqrt(vals.length) : NaN;
  }
  return out;
}
