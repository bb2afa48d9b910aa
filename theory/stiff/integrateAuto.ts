/**
 * `integrateAuto`: odex while the problem is not stiff, RODAS4 once stiffness is detected, and
 * back (theory/stiff/stiffness.ts has the test). The same signature and result as integrateOdex;
 * `stats.solver` records the method at t = 0 and every switch (time, direction, h·ρ, reason)
 * for run.json.
 *
 *   const r = integrateAuto(rhs, y0, times, names, { rtol: 1e-11, atol: 1e-14 });
 *   r.stats.solver.switches  // [{ t: 812.4, to: 'rodas4', hRho: 3.1, reason: 'stiff: …' }]
 */
import { MAX_STEPS, type IntegrateOptions } from '../integrateOdex.ts';
import type { RhsFunction } from '../state.ts';
import { initialStep, type LongTimeResult } from './integrateRodas4.ts';
import { odexSegment } from './odexSegment.ts';
import { OutputCursor } from './outputCursor.ts';
import { rodas4Segment } from './rodas4Segment.ts';
import type { SegmentContext } from './segment.ts';
import { emptyLongTimeStats, type SolverId } from './solverStats.ts';
import { StiffnessPolicy } from './stiffness.ts';

export function integrateAuto(rhs: RhsFunction, y0: Float64Array, times: Float64Array, names: string[], opts: IntegrateOptions): LongTimeResult {
  const stats = emptyLongTimeStats('auto', 'odex');
  const cursor = new OutputCursor(times, y0);
  if (cursor.done) return { rows: cursor.rows, stats, failure: null };
  const ctx: SegmentContext = {
    rhs, names, rtol: opts.rtol, atol: opts.atol, maxSteps: opts.maxSteps ?? MAX_STEPS, stats, cursor, onProgress: opts.onProgress, watch: opts.watch,
  };
  const policy = new StiffnessPolicy(rhs, y0.length, stats);
  let method: SolverId = 'odex';
  let t = 0;
  let y = y0;
  let h = initialStep(cursor.tEnd);
  for (;;) {
    policy.reason = null;
    const end = method === 'odex'
      ? odexSegment(ctx, t, y, h, policy.odexMonitor())
      : rodas4Segment(ctx, t, y, h, policy.rodasMonitor());
    if (end.failure || end.stoppedAt === null || cursor.done) return { rows: cursor.rows, stats, failure: end.failure };
    method = method === 'odex' ? 'rodas4' : 'odex';
    stats.solver.switches.push({ t: end.t, to: method, hRho: end.stoppedAt, reason: policy.reason ?? '' });
    t = end.t;
    y = end.y;
    h = end.h;
  }
}
