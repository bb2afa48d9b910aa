/**
 * PEPITA-time-local (Algorithm 2): the Hebbian clean-pass update W1⁺ = W1 − (η/√D) h xᵀ,
 * W2⁺ = W2 − (η₂/D) ŷ h is applied at once; the modulated pass then runs on W1⁺ and applies
 * W1 = W1⁺ + (η/√D) h_err+ x_errᵀ, W2 = W2⁺ + (η₂/D) y h_err+ with h_err+ = g(W1⁺ x_err/√D).
 */
import { hebbianRule } from './hebbian.ts';

export const PEPITA_TIME_LOCAL = hebbianRule({
  id: 'pepita-time-local', label: 'PEPITA-time-local', reference: 'Algorithm 2',
  summary: 'PEPITA-time-local: the Hebbian clean update first, then the anti-Hebbian modulated update on W1⁺ (two sequential updates)',
  cleanUpdateFirst: true, usesDerivative: false, factor: (g) => g,
});
