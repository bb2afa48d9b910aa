/**
 * Direct random target projection (DRTP; Frenkel et al. 2021, a baseline of the paper's Tables 1–3):
 * the first layer moves along the label projected by fixed random feedback, not the error,
 *
 *   W1^k += (η/√D) B^k g'(λ^k) y x,   W2^k −= (η₂/D) e g(λ^k):   a_k = −B^k g'(λ^k) y, b = 0, c_k = e g(λ^k),
 *
 * with B = `feedbackWeights` (K numbers, as for DFA) and y the (noisy) label. The first-layer update
 * does not vanish at the teacher solution: DRTP's fixed points are not the teacher's (docs/rules.md).
 */
import type { LearningRule, RulePass } from './rule.ts';

export const DRTP: LearningRule = {
  id: 'drtp', label: 'DRTP', reference: 'Frenkel et al. 2021; Tables 1–3',
  summary: 'direct random target projection: W1^k += (η/√D) B^k g\'(λ^k) y x with fixed B = feedbackWeights; W2^k −= (η₂/D) e g(λ^k)',
  needsFeedbackWeights: true, usesFeedbackVector: false, cleanUpdateFirst: false, alignmentFeedback: null,
  form: { kind: 'general' }, approximation: null,
  clean(p: RulePass, a: Float64Array, c: Float64Array): void {
    const dg = p.g.dg;
    const y = p.y;
    for (let k = 0; k < p.K; k++) {
      a[k] = -p.feedbackWeights[k] * dg(p.lam[k]) * y;
      c[k] = p.h[k] * p.e;
    }
  },
  modulated(p: RulePass, b: Float64Array): void {
    for (let k = 0; k < p.K; k++) b[k] = 0;
  },
};
