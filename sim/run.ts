/**
 * The simulation engine's entry point: `simulate(problem, options) → SimSolution`.
 *
 * Every run starts from the problem's initial weights; run i sees the data stream
 * `new Rng(problem.seeds[i])`. A run is a pure function of (problem, seed) (`simulateRun`,
 * sim/runOne.ts), so results are bit-identical whatever the number of worker threads. Outputs at
 * the problem's steps μ, reporting the times μ/D.
 */
import { isBuiltinRule, isRuleModulePath, ruleById } from '../src/core/rules/index.ts';
import { overlapsFromWeights } from '../src/core/overlaps.ts';
import type { SimRun, SimSolution } from '../src/core/trajectory.ts';
import type { SimProblem } from './problem.ts';
import { simulateRun, type RunTask } from './runOne.ts';

/** Settings of a simulation that do not change its numbers: worker threads and a progress callback. */
export interface SimulateOptions {
  /** called with (steps done, total steps) across all runs, at most every ~1 % of a run */
  onProgress?: (done: number, total: number) => void;
  /** worker threads; default 1 (runs inline) */
  threads?: number;
  /**
   * called once the runs are handed to the worker pool (the workers start meanwhile), so a caller
   * can do other work on this thread while they run; not called when the runs go inline
   */
  onStarted?: () => void;
}

/** The runs of a problem: one task per seed. */
export function runTasks(problem: SimProblem): RunTask[] {
  return problem.seeds.map((seed) => ({ problem, seed }));
}

/**
 * Simulate one run per seed of the problem on a pool of `threads` workers (1 runs inline); the
 * numbers do not depend on `threads`. Failed runs carry `result`, `failure` and the rows before it.
 * @example
 * ```ts
 * const sim = await simulate(problem, { threads: 2 });
 * sim.runs.map((r) => r.eg.at(-1));
 * ```
 */
export async function simulate(problem: SimProblem, opts: SimulateOptions = {}): Promise<SimSolution> {
  return (await simulateMany([problem], opts))[0];
}

/**
 * Several problems' runs on one pool of `threads` workers (every task of every problem in one
 * queue: no pool start-up per problem, no idle worker between problems). The numbers are those of
 * `simulate` on each problem alone. `onProgress(done, total)` counts steps over all problems.
 */
/** A built-in rule id, or a rule module's path: something a worker thread can resolve by itself. */
function workersCanLoad(rule: string): boolean {
  const r = ruleById(rule);
  return r === undefined || isBuiltinRule(r) || isRuleModulePath(rule);
}

export async function simulateMany(problems: readonly SimProblem[], opts: SimulateOptions = {}): Promise<SimSolution[]> {
  const t0 = performance.now();
  const tasks = problems.flatMap((p) => runTasks(p));
  const perRun = tasks.map((t) => (t.problem.steps.length ? t.problem.steps[t.problem.steps.length - 1] : 0));
  const total = perRun.reduce((a, b) => a + b, 0);
  // a rule object registered from code (no module for the workers to load) runs in this thread
  const inProcessOnly = problems.some((p) => !workersCanLoad(p.setup.rule));
  const threads = inProcessOnly ? 1 : Math.max(1, Math.min(opts.threads ?? 1, tasks.length));
  let runs: SimRun[];
  if (threads === 1) {
    runs = [];
    let base = 0;
    for (let i = 0; i < tasks.length; i++) {
      const b = base;
      runs.push(simulateRun(tasks[i], opts.onProgress ? (d) => opts.onProgress!(b + d, total) : undefined));
      base += perRun[i];
    }
  } else {
    const { runPool } = await import('./pool.ts');
    const pool = runPool(tasks, threads, opts.onProgress ? (d) => opts.onProgress!(d, total) : undefined);
    opts.onStarted?.();
    runs = await pool;
  }
  const seconds = (performance.now() - t0) / 1000;
  let next = 0;
  return problems.map((problem) => {
    const own = runs.slice(next, (next += problem.seeds.length));
    let stepsTaken = 0;
    for (const r of own) stepsTaken += r.times.length ? Math.round(r.times[r.times.length - 1] * problem.D) : 0;
    return {
      rule: problem.setup.rule, D: problem.D, initial: overlapsFromWeights(problem.weights), runs: own,
      // the wall time of the shared pool (problems run interleaved)
      stats: { seconds, steps: stepsTaken, threads },
    };
  });
}
