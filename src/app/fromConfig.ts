/**
 * The application layer's one bridge from a validated `Config` to the engines: build the theory
 * problem and the simulation problem, solve, simulate. Commands, sweeps, the explorer and the
 * notebooks go through here; `theory/` and `sim/` never see a `Config`.
 *
 *   const sol = solveTheoryOf(parseConfig({ rule: 'bp', eta: 0.5 }));
 *   const sim = await simulateOf(parseConfig({ rule: 'pepita' }), { threads: 1 });
 */
import type { Config } from '../core/config.ts';
import type { Overlaps } from '../core/overlaps.ts';
import type { SimSolution } from '../core/trajectory.ts';
import { solveTheory, type SolveOptions, type TheorySolutionWithTolerances } from '../../theory/solve.ts';
import { simulate, type SimulateOptions } from '../../sim/run.ts';
import { initialOverlaps } from '../core/init.ts';
import { buildRhs } from '../../theory/select.ts';
import { packState, problemFromConfig, unpackState, type RhsFunction, type TheoryProblem } from '../../theory/state.ts';
import { stateNames } from '../../theory/solve.ts';

/** Solve the D → ∞ ODEs of `config.rule` from the config's initial state (or `opts.initial`). */
export function solveTheoryOf(config: Config, opts: SolveOptions = {}): TheorySolutionWithTolerances {
  return solveTheory(config, opts);
}

/** Simulate `config.sim.seeds` runs of `config.rule` at dimension `config.D`. */
export function simulateOf(config: Config, opts: SimulateOptions = {}): Promise<SimSolution> {
  return simulate(config, opts);
}

/** The ODE right-hand side of a config, its initial state vector and the maps to and from order parameters. */
export interface RhsOfConfig {
  problem: TheoryProblem;
  rhs: RhsFunction;
  /** state vector at `initial` */
  y0: Float64Array;
  /** names of the state components (CSV column names) */
  names: string[];
  initial: Overlaps;
  toOverlaps(y: ArrayLike<number>): Overlaps;
  toState(o: Overlaps): Float64Array;
}

export function rhsOf(config: Config, initial: Overlaps = initialOverlaps(config)): RhsOfConfig {
  const problem = problemFromConfig(config, initial);
  const { rhs } = buildRhs(problem, config.theory);
  return {
    problem, rhs, y0: packState(initial), names: stateNames(config.K, config.M), initial,
    toOverlaps: (y) => unpackState(y, problem),
    toState: (o) => packState(o),
  };
}
