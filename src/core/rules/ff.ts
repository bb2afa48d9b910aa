/**
 * Forward-Forward with top-down feedback (eq. 9 on the hidden layer, the last layer as
 * PEPITA-Hebbian, eq. 14): a_k = g'(λ^k) g(λ^k), b_k = −g'(λ_err^k) g(λ_err^k). For ReLU units
 * g'(x) g(x) = g(x), so FF is PEPITA-Hebbian exactly (eq. 10); for erf it is not.
 */
import { hebbianRule } from './hebbian.ts';

export const FF = hebbianRule({
  id: 'ff', label: 'FF', reference: 'eqs. 9–10 (hidden), eq. 14 (last layer)',
  summary: 'Forward-Forward with top-down feedback: W1^k −= (η/√D)(g\'(λ^k) g(λ^k) x − g\'(λ_err^k) g(λ_err^k) x_err); W2 as PEPITA-Hebbian',
  cleanUpdateFirst: false, usesDerivative: true, factor: (g, dg) => dg * g,
});
