/**
 * The simulation engine's problem: a learning setup, the initial weights at dimension D (shared by
 * every run), the data-stream seeds (one run each) and the output steps μ (t = μ/D). Plain data,
 * structured-cloneable, so a run can be posted to a worker.
 *
 *   const problem = simProblem({ setup, weights, seeds: [1, 2, 3, 4], times: Float64Array.of(0, 1, 10) });
 *   const sol = await simulate(problem, { threads: 2 });
 */
import { checkTimes } from '../src/core/checks.ts';
import { ConfigError } from '../src/core/errors.ts';
import { checkMirror } from '../src/core/mirror.ts';
import { checkHeadShape, checkWeightDecay, resolveLearningSetup, type LearningSetupSpec } from '../src/core/learningSetup.ts';
import type { Weights } from '../src/core/overlaps.ts';
import { checkRange, SEED_RANGE } from '../src/core/ranges.ts';
import { stepsForTimes } from '../src/core/times.ts';

/** A validated simulation problem: the learning setup, the initial weights, the data-stream seeds, the output steps (build it with `simProblem`). */
export interface SimProblem {
  readonly K: number;
  readonly M: number;
  readonly D: number;
  readonly setup: LearningSetupSpec;
  /** the initial weights every run starts from */
  readonly weights: Weights;
  /** data-stream seeds, one run each */
  readonly seeds: readonly number[];
  /** increasing output steps μ ≥ 0 (the realised output times are μ/D) */
  readonly steps: readonly number[];
}

/**
 * Build a simulation problem; output times are realised on the step grid, μ = round(t·D), and
 * times that round to the same step are merged. Throws ConfigError naming the field.
 * @example
 * ```ts
 * const problem = simProblem({ setup, weights: initialWeights(parseConfig({ D: 500 })), seeds: [1, 2], times: [0, 1, 10] });
 * ```
 */
export function simProblem(args: { setup: LearningSetupSpec; weights: Weights; seeds: readonly number[]; times: ArrayLike<number> }): SimProblem {
  const { setup, weights } = args;
  const { K, M, D } = weights;
  const sizes: [string, number, number][] = [
    ['W1', weights.W1.length, K * D], ['W1t', weights.W1t.length, M * D], ['W2', weights.W2.length, K], ['W2t', weights.W2t.length, M], ['F', weights.F.length, D],
  ];
  for (const [field, got, want] of sizes) if (got !== want) throw new ConfigError(`weights.${field}`, `must have ${want} entries for K = ${K}, M = ${M}, D = ${D} (got ${got})`);
  const resolved = resolveLearningSetup(setup, K);
  checkHeadShape(resolved.deep?.net.size ?? null, weights.deep?.head.length ?? null, 'weights');
  checkWeightDecay(resolved.weightDecay, resolved.eta, resolved.eta2, D);
  if (resolved.mirror !== null) {
    checkMirror(resolved.mirror, resolved.rule, D);
    if (!weights.F1 || !weights.F2 || weights.F1.length !== K * D || weights.F2.length !== K) {
      throw new ConfigError('weights.F1', `with a mirror the weights must carry the factors F1 (${K}×${D}) and F2 (${K}); sample them with initialWeights of a config whose "mirror" is set`);
    }
  }
  checkTimes(args.times);
  if (args.seeds.length === 0) throw new ConfigError('sim.seeds', 'must be ≥ 1');
  for (const s of args.seeds) checkRange('sim.seed', s, SEED_RANGE);
  return { K, M, D, setup, weights, seeds: [...args.seeds], steps: stepsForTimes(Float64Array.from(args.times), D) };
}
