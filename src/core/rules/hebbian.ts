/**
 * The Hebbian forms of Sec. 3: a Hebbian term from the clean pass and an anti-Hebbian one from the
 * modulated pass, in both layers (eqs. 7, 13–14). With a presynaptic-activity map s(·):
 *   a_k = s(λ^k),  b_k = −s(λ_mod^k),  c_k = ŷ g(λ^k) − y g(λ_mod^k),
 * s = g for PEPITA-Hebbian and PEPITA-time-local, s = g'·g for FF (eq. 9). Time-local
 * (Algorithm 2) applies the clean half first, so its modulated pass sees W1⁺ (rule.ts).
 */
import type { LearningRule, RuleId, RulePass } from './rule.ts';

/** s(λ) given g and g' at λ */
export type HebbianFactor = (g: number, dg: number) => number;

export function hebbianRule(def: {
  id: RuleId; label: string; reference: string; summary: string; cleanUpdateFirst: boolean;
  /** true when s needs g'(λ) (FF) */
  usesDerivative: boolean; factor: HebbianFactor;
}): LearningRule {
  const { factor, usesDerivative } = def;
  return {
    id: def.id, label: def.label, reference: def.reference, summary: def.summary,
    needsFeedbackWeights: false, usesFeedbackVector: true, cleanUpdateFirst: def.cleanUpdateFirst, alignmentFeedback: null,
    form: { kind: 'general' }, approximation: null,
    clean(p: RulePass, a: Float64Array, c: Float64Array): void {
      const dg = p.g.dg;
      for (let k = 0; k < p.K; k++) {
        const hk = p.h[k];
        a[k] = factor(hk, usesDerivative ? dg(p.lam[k]) : 1);
        c[k] = p.yhat * hk;
      }
    },
    modulated(p: RulePass, b: Float64Array, c: Float64Array): void {
      const g = p.g.g;
      const dg = p.g.dg;
      for (let k = 0; k < p.K; k++) {
        const lm = p.lamMod[k];
        const hm = g(lm);
        b[k] = -factor(hm, usesDerivative ? dg(lm) : 1);
        c[k] -= p.y * hm;
      }
    },
  };
}
