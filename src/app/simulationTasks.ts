/**
 * The simulation problem of a config and its runs, without the worker pool: safe to bundle for a
 * browser Web Worker (no Node builtins, no sim/run.ts or sim/pool.ts). The explorer runs each task
 * with `simulateRun`; `simulate` (sim/run.ts) does the same on worker threads.
 *
 *   for (const task of simulationTasksOf(config)) simulateRun(task)   // = simulate(simProblemOf(config))
 */
import type { Config } from '../core/config.ts';
import { initialWeights } from '../core/init.ts';
import type { LearningSetupSpec } from '../core/learningSetup.ts';
import { outputTimes } from '../core/times.ts';
import { simProblem, type SimProblem } from '../../sim/problem.ts';
import type { RunTask } from '../../sim/runOne.ts';

export { simulateRun, type RunTask } from '../../sim/runOne.ts';

/** The learning setup of a config (its rule, rates, noise, activations, fixed feedback). */
export function setupOf(config: Config): LearningSetupSpec {
  return {
    rule: config.rule, eta: config.eta, eta2: config.eta2, noise: config.noise,
    activation: config.activation, teacherActivation: config.teacherActivation, feedbackWeights: config.feedbackWeights,
    weightDecay: config.weightDecay, mirror: config.mirror, ...(config.hidden !== null ? { hidden: config.hidden } : {}),
  };
}

/**
 * The simulation problem of a config: its initial weights, seeds sim.seed + i, its output times (or `times`).
 * @example
 * ```ts
 * const sim = await simulate(simProblemOf(parseConfig({ rule: 'afa' })), { threads: 2 });
 * ```
 */
export function simProblemOf(config: Config, times: ArrayLike<number> = outputTimes(config)): SimProblem {
  const seeds = Array.from({ length: config.sim.seeds }, (_, i) => config.sim.seed + i);
  return simProblem({ setup: setupOf(config), weights: initialWeights(config), seeds, times });
}

/** One task per run of the config's simulation. */
export function simulationTasksOf(config: Config, times?: ArrayLike<number>): RunTask[] {
  const problem = simProblemOf(config, times);
  return problem.seeds.map((seed) => ({ problem, seed }));
}
