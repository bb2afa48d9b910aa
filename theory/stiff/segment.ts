/**
 * What a piece of an integration shares whichever method runs it: the RHS, tolerances, the step
 * budget, the statistics and the output cursor; and what a piece hands to the next one.
 */
import type { Failure } from '../../src/core/trajectory.ts';
import type { RhsFunction } from '../state.ts';
import type { OutputCursor } from './outputCursor.ts';
import type { LongTimeStats } from './solverStats.ts';

export interface SegmentContext {
  rhs: RhsFunction;
  names: string[];
  rtol: number;
  atol: number;
  maxSteps: number;
  stats: LongTimeStats;
  cursor: OutputCursor;
  onProgress?: (t: number, tmax: number) => void;
  /** a failure check after every accepted step (IntegrateOptions.watch) */
  watch?: (t: number, y: ArrayLike<number>) => Failure | null;
  /** analytic ∂f/∂y (row-major) and ∂f/∂t at (t, y), instead of finite differences (tests, cheap closed forms) */
  jacobian?: (t: number, y: Float64Array, J: Float64Array, dfdt: Float64Array) => void;
}

/**
 * Called after every accepted step with its end (t, y), its size h and, for the Rosenbrock
 * method, the Jacobian it used. Returns h·ρ to stop the piece here (switch methods), else null.
 */
export type StepMonitor = (t: number, y: Float64Array, h: number, J: Float64Array | null) => number | null;

export interface SegmentEnd {
  t: number;
  y: Float64Array;
  /** the step size to try next */
  h: number;
  failure: Failure | null;
  /** set when the monitor stopped the piece: the h·ρ that decided it */
  stoppedAt: number | null;
}
