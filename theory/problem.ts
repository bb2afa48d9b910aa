/**
 * The theory engine's problem (SciML's ODEProblem): a learning setup, an initial state of the
 * order parameters and the output times, built and validated once.
 *
 *   const problem = theoryProblem({
 *     setup: { rule: 'bp', eta: 0.5, eta2: 0.5, noise: 0, activation: 'erf', teacherActivation: 'erf', feedbackWeights: null },
 *     initial,                       // Overlaps, e.g. overlapsFromJson({...})
 *     times: Float64Array.of(0, 1, 10, 100),
 *   });
 *   const sol = solveTheory(problem, { rtol: 1e-11 });
 *
 * The solver's own settings (tolerances, averaging backend, integrator) are options of the solve,
 * not part of the problem.
 */
import { checkCovariancePsd, checkTimes } from '../src/core/checks.ts';
import { ConfigError } from '../src/core/errors.ts';
import { checkHeadShape, resolveLearningSetup, type LearningSetupSpec } from '../src/core/learningSetup.ts';
import type { Overlaps } from '../src/core/overlaps.ts';

/** A validated theory problem: the learning setup, the initial overlaps and the output times (build it with `theoryProblem`). */
export interface TheoryProblem {
  readonly K: number;
  readonly M: number;
  readonly setup: LearningSetupSpec;
  /** the order parameters at t = 0 (T, W̃2, f̃, q_f stay constant) */
  readonly initial: Overlaps;
  /** increasing output times ≥ 0 (the solution is evaluated exactly there, by dense output) */
  readonly times: Float64Array;
}

/**
 * Build a theory problem; throws ConfigError naming the field when it is not well-formed (unknown
 * rule, rates, feedback weights for DFA, shapes, times not increasing, initial covariance not PSD).
 * @example
 * ```ts
 * const problem = theoryProblem({
 *   setup: { rule: 'pepita', eta: 0.05, eta2: 0.05, noise: 0, activation: 'erf', teacherActivation: 'erf', feedbackWeights: null },
 *   initial: initialOverlaps(parseConfig({})),
 *   times: [0, 10, 100, 1000],
 * });
 * ```
 */
export function theoryProblem(args: { setup: LearningSetupSpec; initial: Overlaps; times: ArrayLike<number> }): TheoryProblem {
  const { setup, initial } = args;
  const { K, M } = initial;
  const sizes: [string, number, number][] = [
    ['init.Q', initial.Q.length, K * K], ['init.R', initial.R.length, K * M], ['init.T', initial.T.length, M * M],
    ['init.W2', initial.W2.length, K], ['init.W2t', initial.W2t.length, M], ['init.f', initial.f.length, K], ['init.ft', initial.ft.length, M],
  ];
  for (const [field, got, want] of sizes) if (got !== want) throw new ConfigError(field, `must have ${want} entries for K = ${K}, M = ${M} (got ${got})`);
  const resolved = resolveLearningSetup(setup, K);
  checkHeadShape(resolved.deep?.net.size ?? null, initial.deep?.head.length ?? null, 'init');
  checkTimes(args.times);
  checkCovariancePsd(initial);
  return { K, M, setup, initial, times: Float64Array.from(args.times) };
}
