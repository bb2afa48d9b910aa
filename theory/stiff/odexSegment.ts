/**
 * odex (theory/integrateOdex.ts) run as one piece of an `auto` integration: from (t0, y0) until
 * the last output time or until the stiffness monitor stops it, its rows appended to the shared
 * output cursor and its counts to the shared statistics.
 */
import { integrateOdex } from '../integrateOdex.ts';
import type { RhsFunction } from '../state.ts';
import type { SegmentContext, SegmentEnd, StepMonitor } from './segment.ts';

export function odexSegment(ctx: SegmentContext, t0: number, y0: Float64Array, h0: number, monitor?: StepMonitor): SegmentEnd {
  const { stats, cursor } = ctx;
  const tEnd = cursor.tEnd;
  // counted as they happen: the stiffness policy compares evaluations per unit time while odex runs
  const counted: RhsFunction = (t, y, dy) => {
    stats.rhsEvals++;
    ctx.rhs(t, y, dy);
  };
  const yBuf = new Float64Array(y0.length);
  let stoppedAt: number | null = null;
  const r = integrateOdex(counted, y0, cursor.times.subarray(cursor.next), ctx.names, {
    rtol: ctx.rtol, atol: ctx.atol, maxSteps: Math.max(1, ctx.maxSteps - stats.steps), onProgress: ctx.onProgress, watch: ctx.watch,
    t0, initialStep: Math.min(h0, (tEnd - t0) / 2),
    stop: monitor && ((t, y, h) => {
      for (let i = 0; i < yBuf.length; i++) yBuf[i] = y[i];
      stoppedAt = monitor(t, yBuf, h, null);
      return stoppedAt !== null;
    }),
  });
  for (const row of r.rows) cursor.rows.push(row);
  cursor.next += r.rows.length;
  stats.steps += r.stats.steps;
  stats.accepted += r.stats.accepted;
  stats.rejected += r.stats.rejected;
  stats.solver.acceptedBy.odex += r.stats.accepted;
  if (r.failure) return { t: r.failure.t, y: r.rows.at(-1) ?? y0, h: h0, failure: r.failure, stoppedAt: null };
  if (r.stoppedAt) return { t: r.stoppedAt.t, y: r.stoppedAt.y, h: r.stoppedAt.h, failure: null, stoppedAt };
  return { t: tEnd, y: r.rows.at(-1) ?? y0, h: h0, failure: null, stoppedAt: null };
}
