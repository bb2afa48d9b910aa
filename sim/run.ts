/**
 * The simulation engine's entry point: `simulate(problem, options) → SimSolution`.
 *
 * Every run starts from the problem's initial weights; run i sees the data stream
 * `new Rng(problem.seeds[i])`. A run is a pure function of (problem, seed) (`simulateRun`,
 * sim/runOne.ts), so results are bit-identical whatever the number of worker threads. Outputs at
 * the problem's steps μ, reporting the times μ/D.
 */
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
  const t0 = performance.now();
  const tasks = runTasks(problem);
  const threads = Math.max(1, Math.min(opts.threads ?? 1, tasks.length));
  const steps = problem.steps;
  const perRun = steps.length ? steps[steps.length - 1] : 0;
  const total = perRun * tasks.length;
  let runs: SimRun[];
  if (threads === 1) {
    runs = [];
    for (let i = 0; i < tasks.length; i++) {
      const base = i * perRun;
      runs.push(simulateRun(tasks[i], opts.onProgress ? (d) => opts.onProgress!(base + d, total) : undefined));
    }
  } else {
    const { runPool } = await import('./pool.ts');
    runs = await runPool(tasks, threads, opts.onProgress ? (d) => opts.onProgress!(d, total) : undefined);
  }
  let stepsTaken = 0;
  for (const r of runs) stepsTaken += r.times.length ? Math.round(r.times[r.times.length - 1] * problem.D) : 0;
  return {
    rule: problem.setup.rule, D: problem.D, initial: overlapsFromWeights(problem.weights), runs,
    stats: { seconds: (performance.now() - t0) / 1000, steps: stepsTaken, threads },
  };
}
