/**
 * The generic finite-D step of any rule (the `general` form, and the reference every fused step is
 * checked against), straight from its coefficients (src/core/rules/rule.ts):
 *
 *   W1^k ← W1^k − (η/√D)(a_k x + b_k x_err),   W2^k ← W2^k − (η₂/D) c_k,   x_err = x − F e/√D.
 *
 * One fused row pass W1^k += −(η/√D)(a_k + b_k) x + (η/√D) b_k (e/√D) F, with the modulated field
 * λ_mod = W1·x_err/√D = λ − f e exact at any D. For a rule that applies the clean update first
 * (Algorithm 2) the step is done literally: W1⁺ = W1 − (η/√D) a xᵀ and W2⁺ = W2 − (η₂/D) c_clean,
 * then the modulated pass on W1⁺ — a fresh product λ_mod = W1⁺·x_err/√D — and
 * W1 = W1⁺ − (η/√D) b x_errᵀ, W2 = W2⁺ − (η₂/D) c_mod.
 * f = W1F/D is kept by the rank-one updates: a row step W1^k += α_k x + β_k F changes f^k by
 * α_k ρ/√D + β_k q_f (x·F/D = ρ/√D, F·F/D = q_f), and a step along x_err by α_k (ρ − e q_f)/√D.
 */
import type { LearningSetup } from '../../src/core/learningSetup.ts';
import { gemv, rowsAxpy } from '../kernels.ts';
import { applyOrDefer, forward, type SimState, type StepWorkspace } from '../state.ts';

export function coefficientStep(s: SimState, p: LearningSetup, x: Float64Array, xi: number, ws: StepWorkspace): number {
  const { K, D, sqrtD } = s;
  const rule = p.rule;
  const usesF = rule.usesFeedbackVector;
  const e = forward(s, p, x, xi, ws, usesF);
  const { pass, a, b, cc, alpha, beta } = ws;
  pass.e = e;
  pass.yhat = ws.yhat;
  pass.y = ws.y;
  rule.clean(pass, a, cc);
  const k1 = p.eta / sqrtD;
  const k2 = p.eta2 / D;
  const rho = ws.rho;
  if (rule.cleanUpdateFirst) {
    // Algorithm 2: the clean update first …
    for (let k = 0; k < K; k++) {
      alpha[k] = -k1 * a[k];
      if (usesF) s.f[k] += alpha[k] * (rho / sqrtD);
      s.W2[k] -= k2 * cc[k];
    }
    rowsAxpy(K, D, alpha, x, 0, s.W1, 0);
    // … then the modulated pass on W1⁺ with x_err = x − F e/√D
    const xErr = ws.xErr;
    const eF = e / sqrtD;
    for (let i = 0; i < D; i++) xErr[i] = x[i] - eF * s.F[i];
    gemv(K, D, 1 / sqrtD, s.W1, 0, xErr, 0, pass.lamMod, 0);
    cc.fill(0);
    rule.modulated(pass, b, cc);
    const fAlongXErr = (rho - e * s.qf) / sqrtD;
    for (let k = 0; k < K; k++) {
      alpha[k] = -k1 * b[k];
      if (usesF) s.f[k] += alpha[k] * fAlongXErr;
      s.W2[k] -= k2 * cc[k];
    }
    rowsAxpy(K, D, alpha, xErr, 0, s.W1, 0);
    return e;
  }
  for (let k = 0; k < K; k++) pass.lamMod[k] = ws.lam[k] - s.f[k] * e;
  rule.modulated(pass, b, cc);
  const eOverSqrtD = e / sqrtD;
  for (let k = 0; k < K; k++) {
    alpha[k] = -k1 * (a[k] + b[k]);
    beta[k] = k1 * b[k] * eOverSqrtD;
    if (usesF) s.f[k] += alpha[k] * (rho / sqrtD) + beta[k] * s.qf;
    s.W2[k] -= k2 * cc[k];
  }
  applyOrDefer(s, ws, x, alpha, beta);
  return e;
}
