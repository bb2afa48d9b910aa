/**
 * The theory engine's entry point: `solveTheory(problem, options) → TheorySolution`. Integrates
 * the ODEs of the problem's rule (closed forms, or the general RHS with cubature or Monte Carlo
 * averages; theory/select.ts) from the problem's initial state and reads the solution at its output
 * times by dense output.
 *
 *   const sol = solveTheory(theoryProblem({ setup, initial, times }), { rtol: 1e-11 });
 *   sol.times, sol.eg, sol.states[i].Q, sol.stats.rhsEvals, sol.result ('success' | failure code)
 *
 * Tolerances: options rtol/atol (defaults 1e-11/1e-14); Monte Carlo solves are floored at
 * MC_RTOL_FLOOR/MC_ATOL_FLOOR. Numerical trouble never throws here: the solution carries
 * `result` and `failure` (code, t, quantity) and the rows computed before it.
 */
import { egEvaluator } from '../src/core/eg.ts';
import { NumericalError } from '../src/core/errors.ts';
import { choleskyPsd } from '../src/core/linalg/cholesky.ts';
import { covarianceOf, type Overlaps } from '../src/core/overlaps.ts';
import { CubatureBackend } from '../src/core/cubature/backend.ts';
import { partsOf, SplitAbort, type NodeSplit } from '../src/core/cubature/nodeSplit.ts';
import { DIVERGENCE_LIMIT, divergedQuantity, type EgErrorEstimate, type Failure, type TheorySolution } from '../src/core/trajectory.ts';
import { resolveTheoryOptions, type ResolvedTheoryOptions, type TheoryOptions } from './options.ts';
import type { TheoryProblem } from './problem.ts';
import { withMirrorTerms } from './mirror.ts';
import { selectRhs } from './select.ts';
import { SteadyStateDetector } from './steadyState.ts';
import { integratorByName } from './stiff/integrators.ts';
import { odeSystem, packState, stateNames, unpackState } from './state.ts';
import { autoThreads, startSolveTeam, type SolveTeam } from './threads/team.ts';

/**
 * Tolerance floors for numerical averages. A Monte Carlo RHS is a smooth surrogate (common random
 * numbers) whose own statistical error is ~1/√samples (≈ 3e-3 at 10⁵ samples); integrating it to
 * the analytic defaults (1e-11) buys nothing and, for activations with kinks (relu), takes unbounded
 * time: MC solves use max(rtol, 1e-7) and max(atol, 1e-9). A cubature RHS is deterministic but has
 * its own quadrature error (≈ 1e-5 relative at the default rule): on the Fig. 2 PEPITA run the εg
 * error against a much finer rule was the same 2.81e-5 (level 8) at rtol 1e-11, 1e-9, 1e-8 and 1e-7,
 * with 3333, 2383, 1887 and 1206 RHS evaluations, and the default level 9 kept its 8.6e-6 from rtol
 * 1e-11 down to 1e-6 (853 RHS) while rtol 1e-5 doubled it (bench/RESULTS.md "Cubature"): cubature
 * solves use max(rtol, 1e-6) and max(atol, 1e-9) (test/core/cubatureSolve.test.ts checks the
 * default's εg at them).
 */
export const MC_RTOL_FLOOR = 1e-7;
export const MC_ATOL_FLOOR = 1e-9;
export const CUBATURE_RTOL_FLOOR = 1e-6;
export const CUBATURE_ATOL_FLOOR = 1e-9;

/** The tolerances a solve uses: the options', floored for numerical averages. */
export function effectiveTolerances(opts: { rtol: number; atol: number }, averages: string): { rtol: number; atol: number } {
  if (averages === 'mc') return { rtol: Math.max(opts.rtol, MC_RTOL_FLOOR), atol: Math.max(opts.atol, MC_ATOL_FLOOR) };
  if (averages === 'cubature') return { rtol: Math.max(opts.rtol, CUBATURE_RTOL_FLOOR), atol: Math.max(opts.atol, CUBATURE_ATOL_FLOOR) };
  return { rtol: opts.rtol, atol: opts.atol };
}

/**
 * Solve the closed ODE system of a problem from t = 0 to its last output time; the solution holds
 * the states and εg at the problem's times, the solver statistics, and `result` ('success' or the
 * failure code, with `failure.t` and the rows before it).
 * @example
 * ```ts
 * const sol = solveTheory(problem, { rtol: 1e-10, averages: 'auto' });
 * if (sol.result === 'success') console.log(sol.eg.at(-1), sol.stats.rhsEvals);
 * ```
 */
export function solveTheory(problem: TheoryProblem, options: TheoryOptions = {}): TheorySolution {
  return solveShared(problem, options, null)!;
}

/**
 * The same solve on a worker thread of a solve team (theory/threads/solveWorker.ts): every cubature
 * average is shared with the team through `split`; it ends with the integration (the output states,
 * εg and the solve-level estimate are the calling thread's).
 */
export function solveOnThread(problem: TheoryProblem, options: TheoryOptions, split: NodeSplit): void {
  solveShared(problem, options, split);
}

/**
 * The threads of a cubature solve (options.threads; "auto": the machine's cores): a team when more
 * than one and the rule's point set is cut into parts (nodeSplit.ts SPLIT_MIN_POINTS), else null.
 */
function teamFor(problem: TheoryProblem, options: TheoryOptions, threads: number | 'auto', backend: CubatureBackend): SolveTeam | null {
  const n = threads === 'auto' ? autoThreads() : threads;
  if (n <= 1 || partsOf(backend.pointsPerAverage) === 1) return null;
  return startSolveTeam(problem, options, n);
}

function solveShared(problem: TheoryProblem, options: TheoryOptions, split: NodeSplit | null): TheorySolution | null {
  const opts = resolveTheoryOptions(options);
  const start = performance.now();
  const sys = odeSystem(problem);
  const { rhs, averages, backend, controlVariate } = selectRhs(sys, opts);
  let team: SolveTeam | null = null;
  if (backend instanceof CubatureBackend) {
    if (split !== null) backend.shareAverages(split);
    else {
      team = teamFor(problem, options, opts.threads, backend);
      if (team !== null) backend.shareAverages(team.split);
    }
  }
  try {
    return solveWith(problem, options, opts, sys, { rhs, averages, backend, controlVariate }, start, team, split !== null);
  } catch (e) {
    if (e instanceof SplitAbort && team !== null) throw new Error(`a theory thread failed: ${team.workerError() ?? e.message}`);
    throw e;
  } finally {
    team?.close();
  }
}

/** The solve itself; a team member (`member`) stops after the integration and returns null. */
function solveWith(problem: TheoryProblem, options: TheoryOptions, opts: ResolvedTheoryOptions, sys: ReturnType<typeof odeSystem>, selected: ReturnType<typeof selectRhs>, start: number, team: SolveTeam | null, member: boolean): TheorySolution | null {
  const { rhs, averages, backend, controlVariate } = selected;
  const { initial, times } = problem;
  const tolerances = effectiveTolerances(opts, averages);
  const names = stateNames(sys.K, sys.M, sys.mirror !== null, sys.deep?.net ?? null);
  const integrate = integratorByName(opts.solver);
  let y0 = packState(initial);
  // pre-mirroring: the mirror terms alone over [0, pre] (learning off); t = 0 is the state after it
  if (sys.mirror !== null && sys.mirror.pre > 0) {
    const pre = integrate(withMirrorTerms(null, { ...sys, mirror: sys.mirror }), y0, Float64Array.of(0, sys.mirror.pre), names, { rtol: opts.rtol, atol: opts.atol });
    if (pre.failure !== null || pre.rows.length < 2) {
      const failure: Failure = pre.failure ?? { code: 'non-finite-state', t: 0, quantity: 'pre-mirroring', message: 'the pre-mirroring phase did not reach t = 0' };
      return { rule: sys.rule.id, averages, initial, times: new Float64Array(0), eg: new Float64Array(0), states: [], stats: { ...pre.stats, seconds: (performance.now() - start) / 1000 }, result: failure.code, failure, tolerances };
    }
    y0 = Float64Array.from(pre.rows[pre.rows.length - 1]);
  }
  const diverged = divergenceWatch(y0, names);
  const steady = opts.steadyState ? new SteadyStateDetector(rhs, y0.length, tolerances.rtol, tolerances.atol) : null;
  const watch = steady === null ? diverged : (t: number, y: ArrayLike<number>) => diverged(t, y) ?? (steady.watch(t, y) ? STEADY_STOP : null);
  const r = integrate(rhs, y0, times, names, { ...tolerances, onProgress: opts.onProgress, watch });
  if (member) return null;
  if (r.failure === STEADY_STOP) {
    // at a stable fixed point: the remaining output times are that point
    const ss = steady!.found!;
    r.failure = null;
    while (r.rows.length < times.length) r.rows.push(ss.y.slice());
    r.stats = { ...r.stats, rhsEvals: r.stats.rhsEvals + steady!.rhsEvals, steadyState: { t: ss.t, scaledDistance: ss.scaledDistance, slowestRate: ss.slowestRate, tests: ss.tests }, steadyStateRhsEvals: steady!.rhsEvals };
  } else if (steady !== null && steady.rhsEvals > 0) r.stats = { ...r.stats, rhsEvals: r.stats.rhsEvals + steady.rhsEvals, steadyStateRhsEvals: steady.rhsEvals };
  // the other threads are needed for the integration only (the output states are this thread's)
  if (team !== null) {
    team.close();
    (backend as CubatureBackend).shareAverages(null);
  }
  // output states: strictly PSD (trial stages inside steps may have been clamped); εg by the one
  // route of src/core/eg.ts with this solve's averaging settings (what generalisationError gives)
  const egOf = egEvaluator(sys.K, sys.M, sys.student, sys.teacher, opts, sys.deep?.net ?? null);
  const n = sys.K + sys.M + 1;
  const L = new Float64Array(n * n);
  const states: Overlaps[] = [];
  const eg: number[] = [];
  let failure: Failure | null = r.failure;
  for (let i = 0; i < r.rows.length; i++) {
    const o = unpackState(r.rows[i], sys);
    let e: number;
    try {
      if (backend) choleskyPsd(covarianceOf(o), n, L, times[i]);
      e = egOf(o, times[i]);
    } catch (err) {
      if (!(err instanceof NumericalError)) throw err;
      failure = err.failure;
      break;
    }
    // a finite state with a non-finite εg is a failure too (e.g. a covariance gone indefinite)
    if (!Number.isFinite(e)) {
      failure = { code: 'non-finite-state', t: times[i], quantity: 'eg', message: `non-finite εg (${e})` };
      break;
    }
    // divergence is growth: the initial state is the caller's, whatever its size
    const big = times[i] > 0 ? divergedQuantity(o, e) : null;
    if (big) {
      failure = divergedFailure(times[i], big.quantity, big.value);
      break;
    }
    states.push(o);
    eg.push(e);
  }
  const kept = states.length;
  const stats = { ...r.stats, seconds: (performance.now() - start) / 1000, ...(team !== null ? { threads: team.split.threads } : {}), ...(backend ? { averager: { ...backend.stats, ...(controlVariate ? { controlVariate } : {}) } } : {}) };
  const solution: TheorySolution = {
    rule: sys.rule.id,
    averages,
    initial,
    times: times.slice(0, kept),
    eg: Float64Array.from(eg),
    states,
    stats,
    result: failure ? failure.code : 'success',
    failure,
    tolerances,
  };
  if (opts.errorEstimate === 'solve' && backend instanceof CubatureBackend && kept > 0) {
    const estimate = coarserSolveEstimate(problem, options, backend, solution.eg);
    if (estimate !== null) solution.stats.egErrorEstimate = estimate;
  }
  return solution;
}

/**
 * The solve-level error estimate (theory.errorEstimate "solve", docs/averages.md "Error estimate and
 * warning"): the problem solved again at the next coarser rule, the largest relative εg difference
 * over the output times both solves reached. It estimates the coarser solve's error, so it bounds
 * this one's from above by the rule's gain per level (measured 3–7× at K = M = 2–8, test/core/egErrorEstimate.test.ts, bench/scale.ts).
 */
function coarserSolveEstimate(problem: TheoryProblem, options: TheoryOptions, backend: CubatureBackend, eg: Float64Array): EgErrorEstimate | null {
  const nodes = backend.coarserBudget();
  if (nodes === null) return null;
  const coarse = solveTheory(problem, { ...options, cubatureNodes: nodes, errorEstimate: 'averages', onProgress: undefined });
  const n = Math.min(coarse.eg.length, eg.length);
  let value = 0;
  for (let i = 0; i < n; i++) if (eg[i] !== 0) value = Math.max(value, Math.abs(coarse.eg[i] - eg[i]) / Math.abs(eg[i]));
  return { value, coarser: coarse.stats.averager?.description ?? '', coarserNodes: nodes, times: n, seconds: coarse.stats.seconds };
}

/** The watch's signal that a steady state was found (never reported: solveTheory turns it into filled rows). */
const STEADY_STOP: Failure = { code: 'step-budget', t: NaN, quantity: 'steady state', message: 'stopped at a stable fixed point' };

function divergedFailure(t: number, quantity: string, value: number): Failure {
  return { code: 'diverged', t, quantity, message: `the ODE solution diverged: |${quantity}| = ${value.toExponential(3)} exceeds ${DIVERGENCE_LIMIT.toExponential(0)} (try a smaller learning rate)` };
}

/**
 * Stops the integration at the first accepted step with a state component beyond DIVERGENCE_LIMIT
 * (components that start beyond it are the caller's and are not watched), instead of at the next
 * output time after it (test/reliability/divergence.test.ts). It does not help a solution whose
 * steps shrink while it is still below the limit (weakly mirrored PEPITA near t ≈ 390 crawls so).
 * The output rows before it are kept.
 */
function divergenceWatch(y0: Float64Array, names: string[]): (t: number, y: ArrayLike<number>) => Failure | null {
  return (t, y) => {
    for (let i = 0; i < y.length; i++) {
      // non-finite values are the integrators' own failure (non-finite-state)
      if (Math.abs(y[i]) > DIVERGENCE_LIMIT && Number.isFinite(y[i]) && Math.abs(y0[i]) <= DIVERGENCE_LIMIT) return divergedFailure(t, names[i], y[i]);
    }
    return null;
  };
}
