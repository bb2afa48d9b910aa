/** Backpropagation: φ = W2, the second-layer weights themselves (eqs. 22–23 with f → W2). */
import { alignmentRule } from './alignment.ts';

export const BP = alignmentRule({
  id: 'bp', label: 'BP', reference: 'eqs. 22–23 with φ = W2',
  summary: 'backpropagation: W1^k −= (η/√D) W2^k g\'(λ^k) e x; W2 by the delta rule',
  needsFeedbackWeights: false, usesFeedbackVector: false,
  feedback: 'W2',
});
