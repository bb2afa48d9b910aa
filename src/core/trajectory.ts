/**
 * Solution objects shared by the engines (diffrax-style: times, states and statistics travel
 * together). `theory/` produces TheorySolution, `sim/` produces SimSolution; the comparison
 * layer and the writers consume both through Trajectory.
 */
import { deepNet, headNames, type DeepHead } from './deep.ts';
import type { Overlaps } from './overlaps.ts';
import type { RuleId } from './rules/index.ts';

/**
 * What stopped a run early (SciML's retcode, diffrax's RESULTS): callers branch on the code,
 * never on message text.
 *   - `non-finite-state`: a state component or its derivative became NaN or ±∞
 *   - `step-size-underflow`: the integrator's step fell below rounding of t
 *   - `step-budget`: the integrator used up its step budget before the last output time
 *   - `covariance-not-psd`: the covariance of the local fields stopped being positive semi-definite
 *   - `diverged`: a simulated quantity exceeded the divergence limit (or εg became non-finite)
 *   - `not-converged`: Newton's method found no fixed point (theory/fixedPoint.ts)
 */
export const FAILURE_CODES = ['non-finite-state', 'step-size-underflow', 'step-budget', 'covariance-not-psd', 'diverged', 'not-converged'] as const;
/** One of FAILURE_CODES: what stopped a solve or a run. */
export type FailureCode = (typeof FAILURE_CODES)[number];
/** The enumerated result of a solve or run. */
export type ResultCode = 'success' | FailureCode;

/** A numerical failure that stopped a run; rows before `t` are kept. */
export interface Failure {
  code: FailureCode;
  /** time at which it was detected (stated once, here, not repeated in `message`) */
  t: number;
  /** what failed, a state component or derived quantity in CSV spelling: "Q_1_1", "f_2", "eg", "covariance", "step size" */
  quantity: string;
  /** what happened, without the time */
  message: string;
}

/**
 * |Q_kk|, |f_k|, |W2_k| or εg beyond this count as divergence, in the simulation and in the theory
 * alike (failure code `diverged`): a run that far out has left the regime where either means
 * anything, and carrying on only overflows (an exact PEPITA ODE at σ = 0.5 reached εg ≈ 1e152).
 */
export const DIVERGENCE_LIMIT = 1e12;

/** The first of εg, Q_kk, f_k, W2_k (CSV spelling) beyond DIVERGENCE_LIMIT or not finite, or null. */
export function divergedQuantity(o: Overlaps, eg: number): { quantity: string; value: number } | null {
  if (!(Math.abs(eg) <= DIVERGENCE_LIMIT)) return { quantity: 'eg', value: eg };
  for (let k = 0; k < o.K; k++) {
    const q = o.Q[k * o.K + k];
    if (!(Math.abs(q) <= DIVERGENCE_LIMIT)) return { quantity: `Q_${k + 1}_${k + 1}`, value: q };
    if (!(Math.abs(o.f[k]) <= DIVERGENCE_LIMIT)) return { quantity: `f_${k + 1}`, value: o.f[k] };
    if (!(Math.abs(o.W2[k]) <= DIVERGENCE_LIMIT)) return { quantity: `W2_${k + 1}`, value: o.W2[k] };
  }
  return o.deep ? divergedHeadEntry(o.deep) : null;
}

/** The first entry of a deeper student's head (CSV spelling, e.g. "Wmid_1_2") beyond DIVERGENCE_LIMIT or not finite, or null. */
export function divergedHeadEntry(d: DeepHead): { quantity: string; value: number } | null {
  const h = d.head;
  for (let i = 0; i < h.length; i++) if (!(Math.abs(h[i]) <= DIVERGENCE_LIMIT)) return { quantity: headNames(deepNet(d.hidden))[i], value: h[i] };
  return null;
}

/** "message (t=…)": the one place a failure's time is written into text. */
export function describeFailure(f: Failure): string {
  return `${f.message} at t=${f.t}`;
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
  /** the averaging backend: its rule and its own error estimate (absent for closed forms) */
  averager?: { description: string; nodes: number; averages: number; errorEstimate: number; errorEstimateMax?: number; controlVariate?: string };
  /** which integrator ran (and where an automatic choice switched), when the integrator reports it */
  solver?: Record<string, unknown>;
  /** set when the solve stopped at a stable fixed point (theory/steadyState.ts): where, how close, the slowest decay rate */
  steadyState?: { t: number; scaledDistance: number; slowestRate: number; tests: number };
  /** RHS evaluations of the steady-state tests (included in rhsEvals) */
  steadyStateRhsEvals?: number;
  /** a cubature solve's estimate of its εg error (theory.errorEstimate "solve"; theory/solve.ts) */
  egErrorEstimate?: EgErrorEstimate;
  /** threads that shared the cubature averages (theory.threads; absent: one) */
  threads?: number;
}

/**
 * The solve-level error estimate of a cubature solve: the same problem solved again at the next
 * coarser rule; `value` = max over the output times both reached of |εg_coarse − εg| / |εg|.
 */
export interface EgErrorEstimate {
  value: number;
  /** the coarser solve's rule, e.g. "cubature: Smolyak Gauss–Hermite level 5, 6 dimensions" */
  coarser: string;
  /** theory.cubatureNodes of the coarser solve */
  coarserNodes: number;
  /** output times compared */
  times: number;
  /** wall time of the coarser solve (not in the solve's `seconds`) */
  seconds: number;
}

/** What `solveTheory` returns: times, εg and states, solver statistics, the tolerances used and the result code. */
export interface TheorySolution extends Trajectory {
  rule: RuleId;
  /** which averages were used: closed forms, cubature or Monte Carlo */
  averages: string;
  initial: Overlaps;
  stats: TheoryStats;
  /** `success`, or the code of `failure` */
  result: ResultCode;
  failure: Failure | null;
  /** the tolerances the solve used */
  tolerances: { rtol: number; atol: number };
}

/** One simulated data stream: its seed, times, εg and order parameters, and its result code. */
export interface SimRun extends Trajectory {
  /** data-stream seed of this run */
  seed: number;
  /** `success`, or the code of `failure` */
  result: ResultCode;
  failure: Failure | null;
}

export interface SimStats {
  /** wall time of the simulation engine (all runs) */
  seconds: number;
  /** total online steps taken across runs */
  steps: number;
  threads: number;
}

/** What `simulate` returns: one run per seed from the shared initial overlaps, and the engine's statistics. */
export interface SimSolution {
  rule: RuleId;
  D: number;
  /** order parameters of the initial weights actually realised (shared by every run) */
  initial: Overlaps;
  runs: SimRun[];
  stats: SimStats;
}
