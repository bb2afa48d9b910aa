/**
 * Solution objects shared by the engines (diffrax-style: times, states and statistics travel
 * together). `theory/` produces TheorySolution, `sim/` produces SimSolution; the comparison
 * layer and the writers consume both through Trajectory.
 */
import type { Overlaps } from './overlaps.ts';
import type { Rule } from './config.ts';

/** A numerical failure that stopped a run; rows before `t` are kept. */
export interface Failure {
  /** time at which it was detected */
  t: number;
  /** what failed, e.g. "state", "Q[1][1]", "weights", "step size" */
  quantity: string;
  message: string;
}

/** Order parameters and εg at increasing output times. */
export interface Trajectory {
  times: Float64Array;
  eg: Float64Array;
  states: Overlaps[];
}

export interface TheoryStats {
  rhsEvals: number;
  steps: number;
  accepted: number;
  rejected: number;
  /** wall time of the solve alone */
  seconds: number;
}

export interface TheorySolution extends Trajectory {
  rule: Rule;
  /** which averages were used (analytic falls back to mc where no closed form exists) */
  averages: 'analytic' | 'mc';
  initial: Overlaps;
  stats: TheoryStats;
  failure: Failure | null;
}

export interface SimRun extends Trajectory {
  /** data-stream seed of this run */
  seed: number;
  failure: Failure | null;
}

export interface SimStats {
  /** wall time of the simulation engine (all runs) */
  seconds: number;
  /** total online steps taken across runs */
  steps: number;
  threads: number;
}

export interface SimSolution {
  rule: Rule;
  D: number;
  /** order parameters of the initial weights actually realised (shared by every run) */
  initial: Overlaps;
  runs: SimRun[];
  stats: SimStats;
}
