/**
 * The application layer's one bridge from a validated `Config` to the engines: build the theory
 * problem and the simulation problem, solve, simulate. Commands, sweeps, the explorer and the
 * notebooks go through here; `theory/` and `sim/` never see a `Config`.
 *
 *   const sol = solveTheoryOf(parseConfig({ rule: 'bp', eta: 0.5 }));
 *   const sim = await simulateOf(parseConfig({ rule: 'pepita' }), { threads: 1 });
 */
import type { Config } from '../core/config.ts';
import { initialOverlaps } from '../core/init.ts';
import type { Overlaps } from '../core/overlaps.ts';
import { outputTimes } from '../core/times.ts';
import type { SimSolution, TheorySolution } from '../core/trajectory.ts';
import { resolveTheoryOptions, type ResolvedTheoryOptions } from '../../theory/options.ts';
import { theoryProblem, type TheoryProblem } from '../../theory/problem.ts';
import { selectRhs } from '../../theory/select.ts';
import { solveTheory } from '../../theory/solve.ts';
import { odeSystem, packState, stateNames, unpackState, type OdeSystem, type RhsFunction } from '../../theory/state.ts';
import { simulate, simulateMany } from '../../sim/run.ts';
import { setupOf, simProblemOf } from './simulationTasks.ts';

export { setupOf, simProblemOf, simulationTasksOf } from './simulationTasks.ts';

/** Where a solve or simulation of a config may differ from the config's own times and initial state. */
export interface FromConfigOptions {
  /** output times (increasing, ≥ 0); default `outputTimes(config)` */
  times?: ArrayLike<number>;
  /** initial order parameters; default `initialOverlaps(config)` (theory only) */
  initial?: Overlaps;
  /** called after every accepted step (theory) */
  onProgress?: (t: number, tmax: number) => void;
}

/**
 * The theory problem of a config (its rule setup, initial overlaps and output times).
 * @example
 * ```ts
 * const problem = theoryProblemOf(parseConfig({ rule: 'ff' }), { times: [0, 1, 10] });
 * ```
 */
export function theoryProblemOf(config: Config, opts: Pick<FromConfigOptions, 'times' | 'initial'> = {}): TheoryProblem {
  return theoryProblem({ setup: setupOf(config), initial: opts.initial ?? initialOverlaps(config), times: opts.times ?? outputTimes(config) });
}

/** The solve options of a config (its `theory` block). */
export function theoryOptionsOf(config: Config): ResolvedTheoryOptions {
  return resolveTheoryOptions(config.theory);
}

/**
 * Solve the D → ∞ ODEs of `config.rule` from the config's initial state (or `opts.initial`), with
 * the config's `theory` options — what `pepita-ode theory` does.
 * @example
 * ```ts
 * const sol = solveTheoryOf(parseConfig({ rule: 'pepita-hebbian', tmax: 1000 }));
 * sol.times; sol.eg; sol.states[0].f; sol.stats.averager?.errorEstimate
 * ```
 */
export function solveTheoryOf(config: Config, opts: FromConfigOptions = {}): TheorySolution {
  return solveTheory(theoryProblemOf(config, opts), { ...theoryOptionsOf(config), onProgress: opts.onProgress });
}

/**
 * Simulate `config.sim.seeds` runs of `config.rule` at dimension `config.D` on `threads` workers
 * (default config.sim.threads), from the same initial weights as `solveTheoryOf` — what
 * `pepita-ode simulate` does.
 * @example
 * ```ts
 * const sim = await simulateOf(parseConfig({ rule: 'pepita', D: 500, tmax: 100 }), { threads: 2 });
 * sim.runs[0].eg
 * ```
 */
export function simulateOf(
  config: Config,
  opts: { times?: ArrayLike<number>; threads?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<SimSolution> {
  return simulate(simProblemOf(config, opts.times), { threads: opts.threads ?? config.sim.threads, onProgress: opts.onProgress });
}

/**
 * Simulate several configs (e.g. the rules of one comparison) on one pool of `threads` workers:
 * every run of every config in one queue. The numbers are those of `simulateOf` on each alone.
 * @example
 * ```ts
 * const [pepita, afa] = await simulateManyOf([{ ...config, rule: 'pepita' }, { ...config, rule: 'afa' }], { threads: 2 });
 * ```
 */
export function simulateManyOf(
  configs: readonly Config[],
  opts: { times?: ArrayLike<number>; threads?: number; onProgress?: (done: number, total: number) => void; onStarted?: () => void } = {},
): Promise<SimSolution[]> {
  return simulateMany(configs.map((c) => simProblemOf(c, opts.times)), { threads: opts.threads ?? configs[0]?.sim.threads ?? 1, onProgress: opts.onProgress, onStarted: opts.onStarted });
}

/** The ODE right-hand side of a config, its initial state vector and the maps to and from order parameters. */
export interface RhsOfConfig {
  problem: TheoryProblem;
  system: OdeSystem;
  rhs: RhsFunction;
  /** state vector at `initial` */
  y0: Float64Array;
  /** names of the state components (CSV column names) */
  names: string[];
  initial: Overlaps;
  /** "analytic", "cubature" or "mc" */
  averages: string;
  toOverlaps(y: ArrayLike<number>): Overlaps;
  toState(o: Overlaps): Float64Array;
}

/**
 * The ODE right-hand side of a config at any state (for fixed points, Jacobians, custom integrators).
 * @example
 * ```ts
 * const { rhs, y0, toOverlaps } = rhsOf(parseConfig({ rule: 'bp' }));
 * const dy = new Float64Array(y0.length);
 * rhs(0, y0, dy);
 * ```
 */
export function rhsOf(config: Config, initial: Overlaps = initialOverlaps(config)): RhsOfConfig {
  const problem = theoryProblemOf(config, { initial });
  const system = odeSystem(problem);
  const { rhs, averages } = selectRhs(system, theoryOptionsOf(config));
  return {
    problem, system, rhs, averages, y0: packState(initial), names: stateNames(config.K, config.M, system.mirror !== null, system.deep?.net ?? null), initial,
    toOverlaps: (y) => unpackState(y, system),
    toState: (o) => packState(o),
  };
}
