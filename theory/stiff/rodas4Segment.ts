/**
 * The RODAS4 driver: step-size control, Jacobian per accepted step, dense output into the
 * cursor, from (t0, y0) until the last output time or until the monitor asks to stop.
 *
 * Step control as in Hairer & Wanner's rodas.f: h_new = h / clamp(err^{1/4}/0.9, 1/5, 6), with
 * Gustafsson's predictive factor after an accepted step and no growth right after a rejection.
 * A step whose stages go non-finite, whose RHS refuses a stage state (NumericalError, e.g. a
 * covariance a too-large step left indefinite) or whose matrix I/(γh) − J is singular is rejected
 * with h ← h/4 (a too-large step, not yet a failure); the run fails when h underflows, when f(t, y)
 * or its Jacobian fails at an accepted state, or when the step budget is spent.
 */
import { NumericalError } from '../../src/core/errors.ts';
import { jacobianForward } from './jacobian.ts';
import { Rodas4 } from './rodas4.ts';
import type { SegmentContext, SegmentEnd, StepMonitor } from './segment.ts';

const SAFE = 0.9;
const FAC_MIN = 1 / 6; // h_new/h ≥ 1/6 …
const FAC_MAX = 5; // … and ≤ 5

export function rodas4Segment(ctx: SegmentContext, t0: number, y0: Float64Array, h0: number, monitor?: StepMonitor): SegmentEnd {
  const { rhs, names, rtol, atol, stats, cursor } = ctx;
  const n = y0.length;
  const tEnd = cursor.tEnd;
  const m = new Rodas4(n);
  const J = new Float64Array(n * n);
  const dfdt = new Float64Array(n);
  const f0 = new Float64Array(n);
  const ytmp = new Float64Array(n);
  const ftmp = new Float64Array(n);
  const y = y0.slice();
  let t = t0;
  let h = Math.min(Math.abs(h0) || 1e-6, tEnd - t0);
  let needJacobian = true;
  let first = true;
  let rejectedLast = false;
  let hAcc = h;
  let errAcc = 1e-2;
  const end = (failure: SegmentEnd['failure'], stoppedAt: number | null = null): SegmentEnd => ({ t, y, h, failure, stoppedAt });

  try {
    while (!cursor.done && t < tEnd) {
      if (stats.steps >= ctx.maxSteps) {
        return end({ code: 'step-budget', t, quantity: 'step count', message: `the solver used up its ${ctx.maxSteps} steps before t=${tEnd}` });
      }
      if (needJacobian) {
        rhs(t, y, f0);
        stats.rhsEvals++;
        for (let i = 0; i < n; i++) {
          if (f0[i] - f0[i] !== 0) return end({ code: 'non-finite-state', t, quantity: names[i], message: `non-finite d${names[i]}/dt (${f0[i]})` });
        }
        if (ctx.jacobian) ctx.jacobian(t, y, J, dfdt);
        else stats.rhsEvals += jacobianForward(rhs, t, y, f0, J, dfdt, ytmp, ftmp, atol / rtol);
        stats.solver.jacobians++;
        needJacobian = false;
      }
      const last = t + h >= tEnd * (1 - 1e-15) ;
      if (last) h = tEnd - t;
      if (!(h > 4 * Number.EPSILON * Math.max(Math.abs(t), Number.MIN_VALUE))) {
        return end({ code: 'step-size-underflow', t, quantity: 'step size', message: `step size underflow (h = ${h})` });
      }
      stats.steps++;
      const evals0 = m.rhsEvals;
      let ok: boolean;
      try {
        ok = m.factor(J, h) && m.step(rhs, t, y, f0, dfdt, h);
      } catch (e) {
        if (!(e instanceof NumericalError)) throw e;
        ok = false; // a trial state the RHS refuses: a rejected step
      }
      stats.rhsEvals += m.rhsEvals - evals0;
      const err = ok ? m.errorNorm(y, rtol, atol) : Number.NaN;
      if (!(err <= 1)) {
        stats.rejected++;
        rejectedLast = true;
        h = Number.isFinite(err) ? h / Math.min(1 / FAC_MIN, Math.max(1 / FAC_MAX, Math.pow(err, 0.25) / SAFE)) : h / 4;
        continue;
      }
      stats.accepted++;
      stats.solver.acceptedBy.rodas4++;
      let fac = Math.min(1 / FAC_MIN, Math.max(1 / FAC_MAX, Math.pow(err, 0.25) / SAFE));
      if (!first) {
        // Gustafsson's predictive controller (rodas.f)
        const facGus = Math.min(1 / FAC_MIN, Math.max(1 / FAC_MAX, (hAcc / h) * Math.pow((err * err) / errAcc, 0.25) / SAFE));
        fac = Math.max(fac, facGus);
      }
      first = false;
      hAcc = h;
      errAcc = Math.max(1e-2, err);
      let hNew = h / fac;
      if (rejectedLast) hNew = Math.min(hNew, h);
      rejectedLast = false;
      m.prepareDense(t, y, h);
      const tNew = last ? tEnd : t + h;
      const failure = cursor.emit(tNew, m.yNew, (i, tt) => m.dense(i, tt), names);
      if (failure) return end(failure);
      y.set(m.yNew);
      t = tNew;
      needJacobian = true;
      ctx.onProgress?.(t, tEnd);
      const watched = ctx.watch?.(t, y);
      if (watched) return end(watched);
      const hUsed = h;
      h = hNew;
      if (monitor) {
        const stop = monitor(t, y, hUsed, J);
        if (stop !== null) return end(null, stop);
      }
    }
  } catch (e) {
    // e.g. a Monte Carlo RHS meeting an indefinite covariance
    if (e instanceof NumericalError) return end(e.failure);
    throw e;
  }
  return end(null);
}
