/**
 * The simulation step of a rule, chosen by its form (src/core/rules/rule.ts `RuleForm`) and nothing
 * else: the fused alignment or modulation kernel, or the generic coefficient step. Every choice is
 * checked against a plain literal step on every shape (test/engines/fastPaths.test.ts).
 */
import type { LearningSetup } from '../../src/core/learningSetup.ts';
import type { Weights } from '../../src/core/overlaps.ts';
import type { LearningRule } from '../../src/core/rules/index.ts';
import { createState, createWorkspace, refreshFeedback, type StepFunction } from '../state.ts';
import { alignmentStep } from './alignment.ts';
import { coefficientStep } from './generic.ts';
import { deepStep } from './deep.ts';
import { modulationStep } from './modulation.ts';
import { withMirror } from './mirror.ts';
import { withWeightDecay } from './weightDecay.ts';

export { alignmentStep, coefficientStep, deepStep, modulationStep };

/** The step of a setup: its rule's step (`stepFor`), followed by the setup's weight decay and its mirror step when it has them. */
export function stepOf(p: LearningSetup): StepFunction {
  // a deeper student (no weight decay or mirror: refused with "hidden")
  if (p.deep !== null) return deepStep(p);
  return withMirror(withWeightDecay(stepFor(p.rule), p), p);
}

/** The step of a rule: the fused kernel of its form, or the generic coefficient step. */
export function stepFor(rule: LearningRule): StepFunction {
  const form = rule.form;
  // Algorithm 2's literal two-pass step has no fused form
  if (rule.cleanUpdateFirst) return coefficientStep;
  if (form.kind === 'alignment') return alignmentStep(form.feedback, rule.usesFeedbackVector);
  if (form.kind === 'modulation') return modulationStep;
  return coefficientStep;
}

/** Number of field rows a rule's step projects x on: K + M (+1 for ρ when it uses the feedback vector). */
export function fieldRowCount(rule: LearningRule, K: number, M: number): number {
  return rule.usesFeedbackVector ? K + M + 1 : K + M;
}

/**
 * Apply one step of a setup's rule to the given weights in place for a given input x (length D)
 * and label noise ξ, and return e together with the new f. A convenience for tests and notebooks
 * (allocates a state and a workspace): W1 and W2 of `w` are updated in place; f is returned
 * exactly as the engine keeps it (rank-one updated when the rule uses F, else from a fresh product).
 * `step` overrides the rule's own step (e.g. the generic coefficientStep for a fused rule).
 */
export function applyStep(w: Weights, p: LearningSetup, x: Float64Array, xi = 0, step: StepFunction = stepOf(p)): { e: number; f: Float64Array } {
  const s = createState(w);
  const ws = createWorkspace(s, p);
  const e = step(s, p, x, xi, ws);
  if (!p.rule.usesFeedbackVector) refreshFeedback(s);
  w.W1.set(s.W1);
  w.W2.set(s.W2);
  if (w.deep && s.deep) w.deep.head.set(s.deep.head);
  return { e, f: s.f };
}
