/**
 * odex (the explicit GBS extrapolation code integrateRhs uses) run as one piece of an `auto`
 * integration: from (t0, y0) until the last output time or until the stiffness monitor stops it,
 * filling the shared output cursor through odex's dense output.
 *
 * Why not integrateRhs itself: it always starts at t = 0 and cannot be stopped at a state from
 * outside; this driver needs both (see /work/coord/REQUESTS.md — to merge once integrateOdex
 * takes a start time and a stop hook).
 */
import { Solver } from '../odex.js';
import { NumericalError } from '../../src/core/errors.ts';
import { StopSegment, type SegmentContext, type SegmentEnd, type StepMonitor } from './segment.ts';

export function odexSegment(ctx: SegmentContext, t0: number, y0: Float64Array, h0: number, monitor?: StepMonitor): SegmentEnd {
  const { rhs, names, stats, cursor } = ctx;
  const n = y0.length;
  const tEnd = cursor.tEnd;
  const yBuf = new Float64Array(n);
  const dyBuf = new Float64Array(n);
  const out: number[] = new Array<number>(n).fill(0);
  let lastX = t0;
  const derivative = (t: number, yy: number[]): number[] => {
    for (let i = 0; i < n; i++) yBuf[i] = yy[i];
    rhs(t, yBuf, dyBuf);
    stats.rhsEvals++;
    for (let i = 0; i < n; i++) {
      const d = dyBuf[i];
      const yi = yBuf[i];
      if (d - d !== 0 || yi - yi !== 0) {
        const what = yi - yi !== 0 ? names[i] : `d${names[i]}/dt`;
        const tf = Number.isFinite(t) ? t : lastX;
        throw new StopSegment({ code: 'non-finite-state', t: tf, quantity: names[i], message: `non-finite ${what} (${yi - yi !== 0 ? yi : d})` });
      }
      out[i] = d;
    }
    return out;
  };

  const solver = new Solver(n);
  solver.denseOutput = true;
  solver.relativeTolerance = ctx.rtol;
  solver.absoluteTolerance = ctx.atol;
  solver.maxSteps = Math.max(1, ctx.maxSteps - stats.steps);
  solver.initialStepSize = Math.min(h0, (tEnd - t0) / 2);

  const yEnd = y0.slice();
  let hLast = h0;
  let stoppedAt: number | null = null;
  const observer = (_nr: number, xOld: number, x: number, yy: number[], dense?: (c: number, x: number) => number): boolean | void => {
    lastX = x;
    if (!dense) return; // the call at t0
    if (!(x - xOld > 4 * Number.EPSILON * Math.max(Math.abs(x), Number.MIN_VALUE))) {
      throw new StopSegment({ code: 'step-size-underflow', t: x, quantity: 'step size', message: `step size underflow (h = ${x - xOld})` });
    }
    stats.solver.acceptedBy.odex++;
    const f = cursor.emit(x, yy, dense, names);
    if (f) throw new StopSegment(f);
    hLast = x - xOld;
    for (let i = 0; i < n; i++) yEnd[i] = yy[i];
    ctx.onProgress?.(x, tEnd);
    if (monitor) {
      const stop = monitor(x, yEnd, hLast, null);
      if (stop !== null) {
        stoppedAt = stop;
        return false;
      }
    }
  };

  let failure: SegmentEnd['failure'] = null;
  try {
    const r = solver.solve(derivative, t0, Array.from(y0), tEnd, observer);
    stats.steps += r.nStep;
    stats.accepted += r.nAccept;
    stats.rejected += r.nReject;
    if (r.outcome === 1) {
      failure = { code: 'step-budget', t: lastX, quantity: 'step count', message: `the solver used up its ${ctx.maxSteps} steps before t=${tEnd}` };
    } else if (r.outcome === 0 && !cursor.done) {
      failure = { code: 'step-size-underflow', t: lastX, quantity: 'solver', message: `the solver ended before the last output time ${cursor.times[cursor.next]}` };
    } else if (r.outcome !== 0 && stoppedAt === null) {
      failure = { code: 'step-size-underflow', t: lastX, quantity: 'solver', message: `the solver stopped early (outcome ${r.outcome})` };
    }
  } catch (e) {
    if (e instanceof StopSegment) failure = e.failure;
    else if (e instanceof NumericalError) failure = e.failure;
    else throw e;
  }
  return { t: lastX, y: yEnd, h: hLast, failure, stoppedAt };
}
