/** PEPITA-Hebbian (eqs. 7, 13–14): ΔW1 = h xᵀ − h_err x_errᵀ, ΔW2 = ŷ hᵀ − y h_errᵀ, applied at the end of both passes. */
import { PEPITA_HEBBIAN_DEEP } from './deep.ts';
import { hebbianRule } from './hebbian.ts';
import type { LearningRule } from './rule.ts';
export const PEPITA_HEBBIAN: LearningRule = { ...hebbianRule({
  id: 'pepita-hebbian', label: 'PEPITA-Hebbian', reference: 'eqs. 7, 13–14',
  summary: 'PEPITA-Hebbian: W1^k −= (η/√D)(g(λ^k) x − g(λ_err^k) x_err); W2^k −= (η₂/D)(ŷ g(λ^k) − y g(λ_err^k))',
  cleanUpdateFirst: false, usesDerivative: false, factor: (g) => g,
}), deep: PEPITA_HEBBIAN_DEEP };
