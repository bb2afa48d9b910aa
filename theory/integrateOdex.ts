/**
 * Integrate dy/dt = rhs(t, y) with odex (Hairer–Wanner's GBS extrapolation code) and read the
 * solution at the requested times through its dense output — the integrator chooses its own
 * steps, the output times never constrain them. Generic over the RHS (closed forms, cubature or
 * Monte Carlo). Numerical trouble never throws: a non-finite state or derivative, a step size that
 * underflows, or a step budget exhausted ends the run with an enumerated `failure` and the rows
 * computed before it.
 */
import { Solver } from './odex.js';
import { NumericalError } from '../src/core/errors.ts';
import type { Failure, TheoryStats } from '../src/core/trajectory.ts';
import type { RhsFunction } from './state.ts';

/** Step budget of one solve; exhausting it is a failure, not a hang. */
export const MAX_STEPS = 200_000;

export interface IntegrateOptions {
  rtol: number;
  atol: number;
  maxSteps?: number;
  onProgress?: (t: number, tmax: number) => void;
  /** start time (default 0): y(t0) = y0, output times ≤ t0 get y0 (a piece of a longer integration) */
  t0?: number;
  /** first step to try (default min(1e-4, (tEnd − t0)/2)) */
  initialStep?: number;
  /**
   * called after every accepted step with its end time, state and size; returning true ends the
   * integration there without a failure, and the result carries `stoppedAt` (theory/stiff/integrateAuto.ts
   * uses it to switch methods)
   */
  stop?: (t: number, y: ArrayLike<number>, h: number) => boolean;
  /**
   * called after every accepted step with its end time and state; a failure it returns ends the
   * integration there (theory/solve.ts stops a diverging solution at once instead of following it
   * with ever smaller steps)
   */
  watch?: (t: number, y: ArrayLike<number>) => Failure | null;
}

export interface IntegrateResult {
  /** states at times[0..rows.length−1] */
  rows: Float64Array[];
  stats: Omit<TheoryStats, 'seconds'>;
  failure: Failure | null;
  /** set when `opts.stop` ended the integration: where, and the step size last used */
  stoppedAt?: { t: number; y: Float64Array; h: number };
}

/** The signature every integrator of the theory engine has (odex, the stiff method, auto). */
export type Integrator = (rhs: RhsFunction, y0: Float64Array, times: Float64Array, names: string[], opts: IntegrateOptions) => IntegrateResult;

class StopIntegration {
  constructor(readonly failure: Failure) {}
}

/** y at each of `times` (increasing, ≥ 0) from y(0) = y0, by odex with dense output. */
export const integrateOdex: Integrator = (rhs, y0, times, names, opts) => {
  const N = y0.length;
  const rows: Float64Array[] = [];
  const stats = { rhsEvals: 0, steps: 0, accepted: 0, rejected: 0, solver: { method: 'odex' } };
  const nT = times.length;
  if (nT === 0) return { rows, stats, failure: null };
  const tEnd = times[nT - 1];
  const t0 = opts.t0 ?? 0;
  let next = 0;
  // times at t = t0 are the initial state itself
  while (next < nT && times[next] <= t0) {
    rows.push(y0.slice());
    next++;
  }
  if (next === nT) return { rows, stats, failure: null };

  // odex hands over number[]; wrap the Float64Array RHS once with preallocated buffers
  const yBuf = new Float64Array(N);
  const dyBuf = new Float64Array(N);
  const out: number[] = new Array<number>(N).fill(0);
  let lastX = t0;
  const derivative = (t: number, y: number[]): number[] => {
    for (let i = 0; i < N; i++) yBuf[i] = y[i];
    rhs(t, yBuf, dyBuf);
    stats.rhsEvals++;
    for (let i = 0; i < N; i++) {
      const d = dyBuf[i];
      const yi = yBuf[i];
      if (d - d !== 0 || yi - yi !== 0) {
        const badState = yi - yi !== 0;
        const what = badState ? names[i] : `d${names[i]}/dt`;
        // once the state has overflowed odex's step size can itself be NaN: report the last time reached
        const tf = Number.isFinite(t) ? t : lastX;
        throw new StopIntegration({ code: 'non-finite-state', t: tf, quantity: names[i], message: `non-finite ${what} (${badState ? yi : d})` });
      }
      out[i] = d;
    }
    return out;
  };

  const solver = new Solver(N);
  solver.denseOutput = true;
  solver.relativeTolerance = opts.rtol;
  solver.absoluteTolerance = opts.atol;
  solver.maxSteps = opts.maxSteps ?? MAX_STEPS;
  solver.initialStepSize = opts.initialStep ?? Math.min(1e-4, (tEnd - t0) / 2);
  let stoppedAt: IntegrateResult['stoppedAt'];

  const observer = (_nr: number, xOld: number, x: number, y: number[], dense?: (c: number, x: number) => number): boolean | void => {
    lastX = x;
    if (!dense) return; // the call at t = 0
    if (!(x - xOld > 4 * Number.EPSILON * Math.max(Math.abs(x), Number.MIN_VALUE))) {
      throw new StopIntegration({ code: 'step-size-underflow', t: x, quantity: 'step size', message: `step size underflow (h = ${x - xOld})` });
    }
    while (next < nT && (times[next] <= x || next === nT - 1 && x >= tEnd * (1 - 1e-14))) {
      const tt = times[next];
      const row = new Float64Array(N);
      if (tt === x || tt >= x) for (let i = 0; i < N; i++) row[i] = y[i];
      else for (let i = 0; i < N; i++) row[i] = dense(i, tt);
      for (let i = 0; i < N; i++) {
        if (!Number.isFinite(row[i])) throw new StopIntegration({ code: 'non-finite-state', t: tt, quantity: names[i], message: `non-finite ${names[i]}` });
      }
      rows.push(row);
      next++;
    }
    opts.onProgress?.(x, tEnd);
    const watched = opts.watch?.(x, y);
    if (watched) throw new StopIntegration(watched);
    if (opts.stop?.(x, y, x - xOld)) {
      stoppedAt = { t: x, y: Float64Array.from(y), h: x - xOld };
      return false; // odex returns early (outcome 2)
    }
  };

  let failure: Failure | null = null;
  try {
    const r = solver.solve(derivative, t0, Array.from(y0), tEnd, observer);
    stats.steps = r.nStep;
    stats.accepted = r.nAccept;
    stats.rejected = r.nReject;
    if (r.outcome === 1) {
      failure = { code: 'step-budget', t: lastX, quantity: 'step count', message: `the solver used up its ${solver.maxSteps} steps before t=${tEnd}` };
    } else if (!stoppedAt && (r.outcome !== 0 || next < nT)) {
      // odex returns early only through the observer, which throws instead: unreachable in practice
      failure = { code: 'step-size-underflow', t: lastX, quantity: 'solver', message: `the solver stopped before the last output time ${times[next]}` };
    }
  } catch (e) {
    if (e instanceof StopIntegration) failure = e.failure;
    else if (e instanceof NumericalError) failure = e.failure; // e.g. an averaging backend meeting an indefinite covariance
    else throw e;
  }
  return { rows, stats, failure, ...(stoppedAt ? { stoppedAt } : {}) };
};
