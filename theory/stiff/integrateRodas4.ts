/**
 * `integrateRodas4`: the stiff integrator with integrateOdex's signature and result — RODAS4 with
 * error control, dense output at the output times and a finite-difference Jacobian per step.
 *
 *   const r = integrateRodas4(rhs, y0, times, names, { rtol: 1e-8, atol: 1e-12 });
 *   r.rows[i], r.stats.solver.jacobians, r.failure
 */
import { MAX_STEPS, type IntegrateOptions, type IntegrateResult } from '../integrateOdex.ts';
import type { RhsFunction } from '../state.ts';
import { OutputCursor } from './outputCursor.ts';
import { rodas4Segment } from './rodas4Segment.ts';
import { emptyLongTimeStats, type LongTimeStats } from './solverStats.ts';

export interface LongTimeResult extends IntegrateResult {
  stats: LongTimeStats;
}

/** First step: small against the interval, large enough not to waste steps on a smooth start. */
export function initialStep(tEnd: number): number {
  return Math.min(1e-4, tEnd / 2);
}

export function integrateRodas4(rhs: RhsFunction, y0: Float64Array, times: Float64Array, names: string[], opts: IntegrateOptions): LongTimeResult {
  const stats = emptyLongTimeStats('rodas4', 'rodas4');
  const cursor = new OutputCursor(times, y0);
  if (cursor.done) return { rows: cursor.rows, stats, failure: null };
  const ctx = { rhs, names, rtol: opts.rtol, atol: opts.atol, maxSteps: opts.maxSteps ?? MAX_STEPS, stats, cursor, onProgress: opts.onProgress, watch: opts.watch };
  const end = rodas4Segment(ctx, 0, y0, initialStep(cursor.tEnd));
  return { rows: cursor.rows, stats, failure: end.failure };
}
