/** Backpropagation: φ = W2, the second-layer weights themselves (eqs. 22–23 with f → W2). */
import { alignmentRule } from './alignment.ts';
import { BP_DEEP } from './deep.ts';

import type { LearningRule } from './rule.ts';
export const BP: LearningRule = { ...alignmentRule({
  id: 'bp', label: 'BP', reference: 'eqs. 22–23 with φ = W2',
  summary: 'backpropagation: W1^k −= (η/√D) W2^k g\'(λ^k) e x; W2 by the delta rule',
  needsFeedbackWeights: false, usesFeedbackVector: false,
  feedback: 'W2',
}), deep: BP_DEEP };
