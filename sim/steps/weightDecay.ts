/**
 * Weight decay at finite D (docs/rules.md "Weight decay"): after the rule's update, each step
 *
 *   W1 ← (1 − ηλ1/D) W1,   W2 ← (1 − η₂λ2/D) W2,
 *
 * so the maintained f = W1F/D shrinks by the same factor. λ1, λ2 are rates per unit time t = μ/D;
 * the ODE side (theory/weightDecay.ts) adds dQ −= 2ηλ1 Q, dR −= ηλ1 R, df −= ηλ1 f, dW2 −= η₂λ2 W2.
 * The step's pending first-layer update (sim/state.ts) is applied first, so the decay multiplies the
 * updated weights: W1' = (1 − ηλ1/D)(W1 + ΔW1).
 */
import type { LearningSetup } from '../../src/core/learningSetup.ts';
import { flushPending, type StepFunction } from '../state.ts';

/** True when the setup decays any weights. */
export function hasWeightDecay(p: Pick<LearningSetup, 'weightDecay'>): boolean {
  return p.weightDecay.W1 > 0 || p.weightDecay.W2 > 0;
}

/** The step followed by the decay of W1, f and W2 (the step itself when there is no decay). */
export function withWeightDecay(step: StepFunction, p: Pick<LearningSetup, 'weightDecay' | 'eta' | 'eta2'>): StepFunction {
  if (!hasWeightDecay(p)) return step;
  const lambda1 = p.weightDecay.W1, lambda2 = p.weightDecay.W2;
  return (s, setup, x, xi, ws) => {
    const e = step(s, setup, x, xi, ws);
    flushPending(s, ws);
    const { K, D } = s;
    const g1 = 1 - (setup.eta * lambda1) / D;
    const g2 = 1 - (setup.eta2 * lambda2) / D;
    if (lambda1 > 0) {
      const W1 = s.W1;
      for (let i = 0, n = K * D; i < n; i++) W1[i] *= g1;
      for (let k = 0; k < K; k++) s.f[k] *= g1;
    }
    if (lambda2 > 0) for (let k = 0; k < K; k++) s.W2[k] *= g2;
    return e;
  };
}
