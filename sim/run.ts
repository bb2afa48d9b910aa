/**
 * The finite-D online simulation: `simulate(config) → SimSolution`.
 *
 * Every run starts from the same initial weights (`initialWeights(config)`: sampled, or the exact
 * realisation of given overlaps); run i sees the data stream `new Rng(sim.seed + i)`. A run is a
 * pure function of (config, seed) (`simulateRun`, sim/runOne.ts), so results are bit-identical
 * whatever the number of worker threads. Outputs at the steps μ = round(t·D) of the requested
 * times, reporting the actual times μ/D.
 */
import type { Config } from '../src/core/config.ts';
import { initialWeights } from '../src/core/init.ts';
import { overlapsFromWeights, type Weights } from '../src/core/overlaps.ts';
import { outputTimes, stepsForTimes } from '../src/core/times.ts';
import type { SimRun, SimSolution } from '../src/core/trajectory.ts';
import { simulateRun, type RunTask } from './runOne.ts';

export { simulateRun, DIVERGENCE_LIMIT, type RunTask } from './runOne.ts';

export interface SimulateOptions {
  /** called with (steps done, total steps) across all runs, at most every ~1 % of a run */
  onProgress?: (done: number, total: number) => void;
  /** worker threads; default config.sim.threads (1 runs inline) */
  threads?: number;
  /** output times; default outputTimes(config) */
  times?: Float64Array;
}

/** The tasks of a config: same initial weights, data seeds sim.seed + i. */
export function runTasks(config: Config, weights: Weights, steps: number[]): RunTask[] {
  const tasks: RunTask[] = [];
  for (let i = 0; i < config.sim.seeds; i++) tasks.push({ config, weights, seed: config.sim.seed + i, steps });
  return tasks;
}

/**
 * Simulate `config.sim.seeds` runs of `config.rule` at dimension `config.D` on a pool of
 * `threads` workers (1 runs inline). Failed runs carry `failure` and the rows before it.
 */
export async function simulate(config: Config, opts: SimulateOptions = {}): Promise<SimSolution> {
  const t0 = performance.now();
  const times = opts.times ?? outputTimes(config);
  for (let i = 0; i < times.length; i++) {
    if (!(times[i] >= 0) || (i > 0 && !(times[i] > times[i - 1]))) throw new Error(`simulate: times must be increasing and ≥ 0 (times[${i}] = ${times[i]})`);
  }
  const steps = stepsForTimes(times, config.D);
  const weights = initialWeights(config);
  const initial = overlapsFromWeights(weights);
  const tasks = runTasks(config, weights, steps);
  const threads = Math.max(1, Math.min(opts.threads ?? config.sim.threads, tasks.length));
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
  for (const r of runs) stepsTaken += r.times.length ? Math.round(r.times[r.times.length - 1] * config.D) : 0;
  return {
    rule: config.rule, D: config.D, initial, runs,
    stats: { seconds: (performance.now() - t0) / 1000, steps: stepsTaken, threads },
  };
}
