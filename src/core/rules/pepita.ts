/**
 * PEPITA (Algorithm 1, sign x − Fe, scaled): W1^k −= (η/√D)(g(λ^k) − g(λ_err^k)) x_err and
 * W2^k −= (η₂/D) e g(λ_err^k): a = 0, b_k = g(λ^k) − g(λ_err^k), c_k = e g(λ_err^k).
 */
import { PEPITA_DEEP } from './deep.ts';
import type { LearningRule, RulePass } from './rule.ts';

export const PEPITA: LearningRule = {
  id: 'pepita', label: 'PEPITA', reference: 'Algorithm 1',
  summary: 'PEPITA: W1^k −= (η/√D)(g(λ^k) − g(λ_err^k)) x_err with x_err = x − Fe/√D; W2^k −= (η₂/D) e g(λ_err^k)',
  needsFeedbackWeights: false, usesFeedbackVector: true, cleanUpdateFirst: false, alignmentFeedback: null,
  form: { kind: 'modulation' }, approximation: 'afa', deep: PEPITA_DEEP,
  clean(p: RulePass, a: Float64Array, c: Float64Array): void {
    // plain loops: a builtin fill per sample costs more than the K stores (cubature hot loop)
    for (let k = 0; k < p.K; k++) {
      a[k] = 0;
      c[k] = 0;
    }
  },
  modulated(p: RulePass, b: Float64Array, c: Float64Array): void {
    const g = p.g.g;
    for (let k = 0; k < p.K; k++) {
      const hm = g(p.lamMod[k]);
      b[k] = p.h[k] - hm;
      c[k] += hm * p.e;
    }
  },
};
