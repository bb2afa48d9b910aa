/** Adaptive feedback alignment (eq. 17): φ = f = W1F/D, recomputed from the current W1. */
import { alignmentRule } from './alignment.ts';

export const AFA = alignmentRule({
  id: 'afa', label: 'AFA', reference: 'eq. 17; ODE eqs. 22–23',
  summary: 'adaptive feedback alignment: W1^k −= (η/√D) f^k g\'(λ^k) e x with f = W1F/D',
  needsFeedbackWeights: false, usesFeedbackVector: true,
  feedback: 'f',
});
