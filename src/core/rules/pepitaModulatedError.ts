/**
 * PEPITA as the original 2022 code (numpy and pytorch versions) updates the last layer: with the
 * error of the modulated pass, e_mod = ŷ_err − y, ŷ_err = Σ_j W2^j g(λ_err^j), instead of the clean
 * error e of Algorithm 1 as printed (and of the 2024 code, rule "pepita"):
 *
 *   W1^k −= (η/√D)(g(λ^k) − g(λ_err^k)) x_err,   W2^k −= (η₂/D) e_mod g(λ_err^k):
 *   a = 0, b_k = g(λ^k) − g(λ_err^k), c_k = e_mod g(λ_err^k).
 *
 * The first layer is PEPITA's; e_mod − e = Σ_j W2^j (g(λ_err^j) − g(λ^j)) = O(f), so the two agree
 * to zeroth order in f (docs/findings.md measures the difference).
 */
import { PEPITA } from './pepita.ts';
import type { LearningRule, RulePass } from './rule.ts';

export const PEPITA_MODULATED_ERROR: LearningRule = {
  ...PEPITA,
  id: 'pepita-modulated-error', label: 'PEPITA (e_mod)', reference: 'Algorithm 1 as coded in 2022',
  summary: 'PEPITA with the last layer on the modulated error: W1^k −= (η/√D)(g(λ^k) − g(λ_err^k)) x_err; W2^k −= (η₂/D) e_mod g(λ_err^k), e_mod = Σ_j W2^j g(λ_err^j) − y',
  // not PEPITA's `modulation` form: its c differs, so no fused step and no PEPITA control variate
  form: { kind: 'general' }, approximation: 'pepita',
  // PEPITA's deep form has the clean error at the output; this rule's would not: none
  deep: null,
  // clean pass: PEPITA's (a = 0, c = 0)
  modulated(p: RulePass, b: Float64Array, c: Float64Array): void {
    const g = p.g.g;
    // e_mod first (it needs every g(λ_err^j)); b holds g(λ_err) meanwhile
    let yhatErr = 0;
    for (let k = 0; k < p.K; k++) {
      const hm = g(p.lamMod[k]);
      b[k] = hm;
      yhatErr += p.W2[k] * hm;
    }
    const eMod = yhatErr - p.y;
    for (let k = 0; k < p.K; k++) {
      const hm = b[k];
      b[k] = p.h[k] - hm;
      c[k] += hm * eMod;
    }
  },
};
