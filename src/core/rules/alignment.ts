/**
 * The feedback-alignment family (DESIGN.md "Learning rules at finite D"): the first layer moves
 * along φ^k g'(λ^k) e x, the second by the delta rule. a_k = φ^k g'(λ^k) e, b = 0, c_k = e g(λ^k);
 * the rules differ only in the feedback φ (eqs. 22–23 with f replaced by φ).
 */
import type { LearningRule, RuleId, RulePass } from './rule.ts';

type Feedback = NonNullable<LearningRule['alignmentFeedback']>;

/** A rule of the alignment family with feedback φ = `feedback(W2, f, fixed)`. */
export function alignmentRule(def: {
  id: RuleId; label: string; reference: string; summary: string; feedback: Feedback;
  needsFeedbackWeights: boolean; usesFeedbackVector: boolean;
}): LearningRule {
  return {
    id: def.id, label: def.label, reference: def.reference, summary: def.summary,
    needsFeedbackWeights: def.needsFeedbackWeights, usesFeedbackVector: def.usesFeedbackVector,
    cleanUpdateFirst: false,
    alignmentFeedback: def.feedback,
    clean(p: RulePass, a: Float64Array, c: Float64Array): void {
      const phi = def.feedback;
      const dg = p.g.dg;
      const e = p.e;
      for (let k = 0; k < p.K; k++) {
        a[k] = phi(p.W2, p.f, p.feedbackWeights, k) * dg(p.lam[k]) * e;
        c[k] = p.h[k] * e;
      }
    },
    modulated(p: RulePass, b: Float64Array): void {
      for (let k = 0; k < p.K; k++) b[k] = 0; // a loop, not a builtin call per sample
    },
  };
}
