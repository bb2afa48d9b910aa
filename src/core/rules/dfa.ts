/** Direct feedback alignment: φ = b, fixed feedback weights given in the config (`feedbackWeights`). */
import { alignmentRule } from './alignment.ts';

export const DFA = alignmentRule({
  id: 'dfa', label: 'DFA', reference: 'eqs. 22–23 with φ = fixed b',
  summary: 'direct feedback alignment: W1^k −= (η/√D) b^k g\'(λ^k) e x with fixed b = feedbackWeights',
  needsFeedbackWeights: true, usesFeedbackVector: false,
  feedback: 'fixed',
});
