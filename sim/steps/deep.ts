/**
 * The finite-D step of a deeper student (docs/rules.md "Deeper students"; src/core/rules/deep.ts):
 *
 *   W1^k ← W1^k − (η/√D)(a_k x + b_k x_err),   θ_i ← θ_i − (r_i/D) Δ_i,   x_err = x − F e/√D,
 *
 * with the deep rule's per-sample (a, b, Δ) from the clean pass through the head and, for rules that
 * need it, the modulated pass on λ − f e = W1·x_err/√D (exact at any D). The first layer moves by the
 * same fused row update as the generic step (sim/steps/generic.ts), f = W1F/D by its rank-one update.
 */
import type { LearningSetup } from '../../src/core/learningSetup.ts';
import { deepSample, runDeepSample } from '../../src/core/rules/deep.ts';
import { applyOrDefer, forward, type StepFunction } from '../state.ts';

/** The step of a deep setup; the closure owns the per-sample buffers of the passes. */
export function deepStep(p: LearningSetup): StepFunction {
  const deep = p.deep;
  if (deep === null) throw new Error('deepStep needs a setup with "hidden"');
  const { net, rule, rates } = deep;
  const K = net.hidden[0];
  const sample = deepSample(net, p.student);
  const { a, b, delta } = sample;
  const usesF = p.rule.usesFeedbackVector;
  return (s, setup, x, xi, ws) => {
    const sd = s.deep;
    if (sd === null) throw new Error('a deep step needs a state with a head');
    const { D, sqrtD } = s;
    const head = sd.head;
    // fields and y (ŷ from the head, not from W2)
    forward(s, setup, x, xi, ws, usesF);
    const e = runDeepSample(rule, sample, head, ws.lam, s.f, ws.y);
    ws.e = e;
    ws.yhat = sample.pass.yhat;
    const { alpha, beta } = ws;
    const k1 = setup.eta / sqrtD;
    const eOverSqrtD = e / sqrtD;
    const rho = ws.rho;
    for (let k = 0; k < K; k++) {
      alpha[k] = -k1 * (a[k] + b[k]);
      beta[k] = k1 * b[k] * eOverSqrtD;
      if (usesF) s.f[k] += alpha[k] * (rho / sqrtD) + beta[k] * s.qf;
    }
    for (let i = 0; i < net.size; i++) head[i] -= (rates[i] / D) * delta[i];
    applyOrDefer(s, ws, x, alpha, beta);
    return e;
  };
}
