/**
 * The finite-D step of a deeper student (docs/rules.md "Deeper students"; src/core/rules/deep.ts):
 *
 *   W1^k ← W1^k − (η/√D)(a_k x + b_k x_err),   θ_i ← θ_i − (r_i/D) Δ_i,   x_err = x − F e/√D,
 *
 * with the deep rule's per-sample (a, b, Δ) from the clean pass through the head and, for rules that
 * need it, the modulated pass on λ − f e = W1·x_err/√D (exact at any D). The first layer moves by the
 * same fused row update as the generic step (sim/steps/generic.ts), f = W1F/D by its rank-one update.
 */
import { headForward, layerBuffers } from '../../src/core/deep.ts';
import type { LearningSetup } from '../../src/core/learningSetup.ts';
import type { DeepPass } from '../../src/core/rules/deep.ts';
import { applyOrDefer, forward, type StepFunction } from '../state.ts';

/** The step of a deep setup; the closure owns the per-sample buffers of the passes. */
export function deepStep(p: LearningSetup): StepFunction {
  const deep = p.deep;
  if (deep === null) throw new Error('deepStep needs a setup with "hidden"');
  const { net, rule, rates } = deep;
  const K = net.hidden[0];
  const pass: DeepPass = {
    net, head: new Float64Array(0), clean: layerBuffers(net), mod: layerBuffers(net),
    delta: net.hidden.map((w) => new Float64Array(w)), e: 0, yhat: 0, y: 0, g: p.student,
  };
  const lamX = new Float64Array(K);
  const delta = new Float64Array(net.size);
  const usesF = p.rule.usesFeedbackVector;
  return (s, setup, x, xi, ws) => {
    const sd = s.deep;
    if (sd === null) throw new Error('a deep step needs a state with a head');
    const { D, sqrtD } = s;
    const head = sd.head;
    (pass as { head: Float64Array }).head = head;
    // fields and y (ŷ from the head, not from W2)
    forward(s, setup, x, xi, ws, usesF);
    const g = setup.student.g;
    const yhat = headForward(net, head, ws.lam, pass.clean, g);
    const e = yhat - ws.y;
    ws.e = e;
    ws.yhat = yhat;
    pass.e = e;
    pass.yhat = yhat;
    pass.y = ws.y;
    for (let k = 0; k < K; k++) lamX[k] = ws.lam[k] - s.f[k] * e;
    if (rule.modulated) headForward(net, head, lamX, pass.mod, g);
    const { a, b, alpha, beta } = ws;
    rule.coefficients(pass, a, b, delta);
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
