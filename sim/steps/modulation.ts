/**
 * The fused step of the modulation form (src/core/rules/rule.ts `RuleForm`; PEPITA, Algorithm 1 with
 * the sign x − Fe, scaled convention): x_err = x − F e/√D, λ_err = λ − f e, h_err = g(λ_err),
 *
 *   W1^k ← W1^k − (η/√D)(h_k − h_err,k) x_err,   W2^k ← W2^k − (η₂/D) e h_err,k.
 *
 * The modulated pass needs no second K·D product: λ_err = W1·x_err/√D = λ − f e exactly. The update
 * W1^k −= c_k x_err with c_k = (η/√D)(h_k − h_err,k) is one pass W1^k += −c_k x + (c_k e/√D) F, and
 * f^k ← f^k − c_k (ρ − e q_f)/√D. Kept bit-identical to the outputs before the rule objects existed,
 * and checked against the plain step on every shape (test/engines/fastPaths.test.ts).
 */
import type { LearningSetup } from '../../src/core/learningSetup.ts';
import { applyOrDefer, forward, type SimState, type StepWorkspace } from '../state.ts';

export function modulationStep(s: SimState, p: LearningSetup, x: Float64Array, xi: number, ws: StepWorkspace): number {
  const { K, D } = s;
  const e = forward(s, p, x, xi, ws, true);
  const g = p.student.g;
  const a = p.eta / s.sqrtD;
  const a2 = (p.eta2 / D) * e;
  const eOverSqrtD = e / s.sqrtD;
  const dfCoef = (ws.rho - e * s.qf) / s.sqrtD;
  for (let k = 0; k < K; k++) {
    const hErr = g(ws.lam[k] - s.f[k] * e);
    const ck = a * (ws.h[k] - hErr);
    ws.c[k] = ck;
    ws.alpha[k] = -ck;
    ws.beta[k] = ck * eOverSqrtD;
    s.f[k] -= ck * dfCoef;
    s.W2[k] -= a2 * hErr;
  }
  applyOrDefer(s, ws, x, ws.alpha, ws.beta);
  return e;
}
