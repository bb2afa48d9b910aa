/**
 * The feedback-alignment family (docs/rules.md): the first layer moves
 * along φ^k g'(λ^k) e x, the second by the delta rule. a_k = φ^k g'(λ^k) e, b = 0, c_k = e g(λ^k);
 * the rules differ only in the feedback φ (eqs. 22–23 with f replaced by φ).
 */
import type { LearningRule, RuleId, RulePass } from './rule.ts';

type FeedbackSource = 'W2' | 'fixed' | 'f';

/** φ^k as a function of (W2, f, fixed feedback weights), for each source. */
const FEEDBACK: Record<FeedbackSource, NonNullable<LearningRule['alignmentFeedback']>> = {
  W2: (W2, _f, _fixed, k) => W2[k],
  fixed: (_W2, _f, fixed, k) => fixed[k],
  f: (_W2, f, _fixed, k) => f[k],
};

/** A rule of the alignment family whose feedback φ is read from `feedback`: W2 (BP), the fixed weights (DFA) or f (AFA). */
export function alignmentRule(def: {
  id: RuleId; label: string; reference: string; summary: string; feedback: FeedbackSource;
  needsFeedbackWeights: boolean; usesFeedbackVector: boolean;
}): LearningRule {
  const phi = FEEDBACK[def.feedback];
  return {
    id: def.id, label: def.label, reference: def.reference, summary: def.summary,
    needsFeedbackWeights: def.needsFeedbackWeights, usesFeedbackVector: def.usesFeedbackVector,
    cleanUpdateFirst: false,
    form: { kind: 'alignment', feedback: def.feedback }, approximation: null,
    alignmentFeedback: phi,
    clean(p: RulePass, a: Float64Array, c: Float64Array): void {
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
