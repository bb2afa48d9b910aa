/**
 * The theory engine's entry point: integrate the ODEs of theory/rhs.ts (or the Monte Carlo RHS)
 * with odex (Hairer–Wanner's GBS extrapolation code) and read the solution at the requested
 * times through its dense output — the integrator chooses its own steps, the output times never
 * constrain them.
 *
 *   const sol = solveTheory(parseConfig({ rule: 'bp', eta: 0.5 }));
 *   sol.times, sol.eg, sol.states[i].Q, sol.stats.rhsEvals, sol.failure
 *
 * Tolerances: config.theory.rtol/atol (defaults 1e-11/1e-14, chosen so εg is right to 1e-6
 * relative down to εg ≈ 1e-6); Monte Carlo solves are floored at MC_RTOL_FLOOR/MC_ATOL_FLOOR.
 *
 * Numerical trouble never throws here: a non-finite state or derivative, a step size that
 * underflows, or a step budget exhausted ends the run with `failure = { t, quantity, message }`
 * and the rows computed before it.
 */
import { Solver } from './odex.js';
import type { Config } from '../src/core/config.ts';
import { NumericalError } from '../src/core/errors.ts';
import { generalisationError } from '../src/core/eg.ts';
import { initialOverlaps } from '../src/core/init.ts';
import type { Overlaps } from '../src/core/overlaps.ts';
import { outputTimes } from '../src/core/times.ts';
import type { Failure, TheorySolution, TheoryStats } from '../src/core/trajectory.ts';
import { assertPsdState } from './rhsMc.ts';
import { buildRhs } from './select.ts';
import { packState, problemFromConfig, stateLayout, unpackState, type RhsFunction, type TheoryProblem } from './state.ts';

/** Step budget of one solve; exhausting it is a failure, not a hang. */
export const MAX_STEPS = 200_000;

/**
 * Tolerance floors for Monte Carlo right-hand sides. A Monte Carlo RHS is a smooth surrogate
 * (common random numbers) whose own statistical error is ~1/√samples (≈ 3e-3 at 10⁵ samples);
 * integrating it to the analytic defaults (1e-11) buys nothing and, for activations with kinks
 * (relu), takes unbounded time. MC solves use max(rtol, 1e-7) and max(atol, 1e-9).
 */
export const MC_RTOL_FLOOR = 1e-7;
export const MC_ATOL_FLOOR = 1e-9;

/** The tolerances a solve actually uses (the config's, floored for Monte Carlo averages). */
export function effectiveTolerances(theory: Config['theory'], averages: 'analytic' | 'mc'): { rtol: number; atol: number } {
  if (averages === 'analytic') return { rtol: theory.rtol, atol: theory.atol };
  return { rtol: Math.max(theory.rtol, MC_RTOL_FLOOR), atol: Math.max(theory.atol, MC_ATOL_FLOOR) };
}

/** A TheorySolution that also says which tolerances were used. */
export interface TheorySolutionWithTolerances extends TheorySolution {
  tolerances: { rtol: number; atol: number };
}

export interface SolveOptions {
  /** output times (increasing, ≥ 0); default `outputTimes(config)` */
  times?: Float64Array;
  /** initial order parameters; default `initialOverlaps(config)` */
  initial?: Overlaps;
  /** called after every accepted step */
  onProgress?: (t: number, tmax: number) => void;
}

export interface IntegrateOptions {
  rtol: number;
  atol: number;
  maxSteps?: number;
  onProgress?: (t: number, tmax: number) => void;
}

export interface IntegrateResult {
  /** states at times[0..rows.length−1] */
  rows: Float64Array[];
  stats: Omit<TheoryStats, 'seconds'>;
  failure: Failure | null;
}

/** Names of the state components, as in the CSV columns (1-based). */
export function stateNames(K: number, M: number): string[] {
  const names: string[] = [];
  for (let k = 1; k <= K; k++) for (let l = k; l <= K; l++) names.push(`Q_${k}_${l}`);
  for (let k = 1; k <= K; k++) for (let m = 1; m <= M; m++) names.push(`R_${k}_${m}`);
  for (let k = 1; k <= K; k++) names.push(`W2_${k}`);
  for (let k = 1; k <= K; k++) names.push(`f_${k}`);
  return names;
}

class StopIntegration {
  constructor(readonly failure: Failure) {}
}

/**
 * Integrate dy/dt = rhs(t, y) from t = 0, y(0) = y0 with odex and dense output, returning y at
 * each of `times` (increasing, ≥ 0). Generic over the RHS (analytic or Monte Carlo).
 */
export function integrateRhs(rhs: RhsFunction, y0: Float64Array, times: Float64Array, names: string[], opts: IntegrateOptions): IntegrateResult {
  const N = y0.length;
  const rows: Float64Array[] = [];
  const stats = { rhsEvals: 0, steps: 0, accepted: 0, rejected: 0 };
  const nT = times.length;
  if (nT === 0) return { rows, stats, failure: null };
  const tEnd = times[nT - 1];
  let next = 0;
  // times at t = 0 are the initial state itself
  while (next < nT && times[next] <= 0) {
    rows.push(y0.slice());
    next++;
  }
  if (next === nT) return { rows, stats, failure: null };

  // odex hands over number[]; wrap the Float64Array RHS once with preallocated buffers
  const yBuf = new Float64Array(N);
  const dyBuf = new Float64Array(N);
  const out: number[] = new Array<number>(N).fill(0);
  const derivative = (t: number, y: number[]): number[] => {
    for (let i = 0; i < N; i++) yBuf[i] = y[i];
    rhs(t, yBuf, dyBuf);
    stats.rhsEvals++;
    for (let i = 0; i < N; i++) {
      const d = dyBuf[i];
      const yi = yBuf[i];
      if (d - d !== 0 || yi - yi !== 0) {
        const what = yi - yi !== 0 ? names[i] : `d${names[i]}/dt`;
        // once the state has overflowed odex's step size can itself be NaN: report the last time reached
        const tf = Number.isFinite(t) ? t : lastX;
        throw new StopIntegration({ t: tf, quantity: what, message: `non-finite ${what} (${yi - yi !== 0 ? yi : d}) at t=${tf}` });
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
  solver.initialStepSize = Math.min(1e-4, tEnd / 2);

  let lastX = 0;
  const observer = (_nr: number, xOld: number, x: number, y: number[], dense?: (c: number, x: number) => number): boolean | void => {
    lastX = x;
    if (!dense) return; // the call at t = 0
    if (!(x - xOld > 4 * Number.EPSILON * Math.max(Math.abs(x), Number.MIN_VALUE))) {
      throw new StopIntegration({ t: x, quantity: 'step size', message: `step size underflow (h = ${x - xOld}) at t=${x}` });
    }
    while (next < nT && (times[next] <= x || next === nT - 1 && x >= tEnd * (1 - 1e-14))) {
      const tt = times[next];
      const row = new Float64Array(N);
      if (tt === x || tt >= x) for (let i = 0; i < N; i++) row[i] = y[i];
      else for (let i = 0; i < N; i++) row[i] = dense(i, tt);
      for (let i = 0; i < N; i++) {
        if (!Number.isFinite(row[i])) throw new StopIntegration({ t: tt, quantity: names[i], message: `non-finite ${names[i]} at t=${tt}` });
      }
      rows.push(row);
      next++;
    }
    opts.onProgress?.(x, tEnd);
  };

  let failure: Failure | null = null;
  try {
    const r = solver.solve(derivative, 0, Array.from(y0), tEnd, observer);
    stats.steps = r.nStep;
    stats.accepted = r.nAccept;
    stats.rejected = r.nReject;
    if (r.outcome === 1) {
      failure = { t: lastX, quantity: 'step count', message: `the solver exceeded ${solver.maxSteps} steps before t=${tEnd} (stopped at t=${lastX})` };
    } else if (r.outcome !== 0) {
      failure = { t: lastX, quantity: 'solver', message: `the solver stopped early at t=${lastX} (outcome ${r.outcome})` };
    } else if (next < nT) {
      failure = { t: lastX, quantity: 'solver', message: `the solver ended at t=${lastX} before the last output time ${times[next]}` };
    }
  } catch (e) {
    if (e instanceof StopIntegration) failure = e.failure;
    else if (e instanceof NumericalError) failure = { t: e.t, quantity: e.quantity, message: e.message }; // e.g. a Monte Carlo RHS meeting an indefinite covariance
    else throw e;
  }
  return { rows, stats, failure };
}

/** Solve the theory of a config: the closed ODE system from t = 0 to the last output time. */
export function solveTheory(config: Config, opts: SolveOptions = {}): TheorySolutionWithTolerances {
  const initial = opts.initial ?? initialOverlaps(config);
  const times = opts.times ?? outputTimes(config);
  for (let i = 0; i < times.length; i++) {
    if (!(times[i] >= 0) || (i > 0 && !(times[i] > times[i - 1]))) throw new Error(`solveTheory: times must be increasing and ≥ 0 (times[${i}] = ${times[i]})`);
  }
  const start = performance.now();
  const p: TheoryProblem = problemFromConfig(config, initial);
  const { rhs, averages } = buildRhs(p, config.theory);
  const y0 = packState(initial);
  const L = stateLayout(p.K, p.M);
  if (y0.length !== L.size) throw new Error('solveTheory: initial state does not match K, M');
  const tolerances = effectiveTolerances(config.theory, averages);
  const r = integrateRhs(rhs, y0, times, stateNames(p.K, p.M), { ...tolerances, onProgress: opts.onProgress });
  const states: Overlaps[] = [];
  const eg = new Float64Array(r.rows.length);
  let failure = r.failure;
  const mc = { samples: config.theory.mcSamples, seed: config.theory.mcSeed };
  for (let i = 0; i < r.rows.length; i++) {
    const o = unpackState(r.rows[i], p);
    try {
      if (averages === 'mc') assertPsdState(r.rows[i], p, times[i]); // MC stages are clamped; output states must be PSD
      eg[i] = generalisationError(o, p.student, p.teacher, mc);
    } catch (e) {
      if (!(e instanceof NumericalError)) throw e;
      failure = { t: times[i], quantity: e.quantity, message: e.message };
      break;
    }
    states.push(o);
  }
  // a finite state with a non-finite εg is a failure too (e.g. a covariance gone indefinite)
  for (let i = 0; i < states.length; i++) {
    if (!Number.isFinite(eg[i])) {
      failure = { t: times[i], quantity: 'eg', message: `non-finite εg at t=${times[i]}` };
      states.length = i;
      break;
    }
  }
  const kept = states.length;
  const seconds = (performance.now() - start) / 1000;
  return {
    rule: config.rule,
    averages,
    initial,
    times: times.slice(0, kept),
    eg: eg.slice(0, kept),
    states,
    stats: { ...r.stats, seconds },
    failure,
    tolerances,
  };
}
