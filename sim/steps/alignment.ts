/**
 * The fused step of the alignment form (src/core/rules/rule.ts `RuleForm`; BP, DFA, AFA):
 *
 *   W1^k ← W1^k − (η/√D) φ^k g'(λ^k) e x,   W2^k ← W2^k − (η₂/D) e g(λ^k),
 *
 * φ = W2 (BP), the fixed feedbackWeights (DFA) or f = W1F/D (AFA, eq. 17), all read before the step.
 * The coefficient form specialised: one row pass along x, no zero coefficients. Kept bit-identical
 * to the outputs before the rule objects existed, and checked against the plain step on every shape
 * (test/engines/fastPaths.test.ts). When the rule uses F, f is kept by its rank-one update
 * f^k ← f^k − c_k ρ/√D; else the step skips ρ and leaves f stale (sim/state.ts).
 */
import type { LearningSetup } from '../../src/core/learningSetup.ts';
import type { RuleForm } from '../../src/core/rules/index.ts';
import { applyOrDefer, forward, type SimState, type StepFunction, type StepWorkspace } from '../state.ts';

type Feedback = Extract<RuleForm, { kind: 'alignment' }>['feedback'];

/** The feedback vector φ of a step (read live: W2 and f change every step). */
function feedbackOf(source: Feedback, s: SimState, p: LearningSetup): Float64Array {
  return source === 'W2' ? s.W2 : source === 'f' ? s.f : p.feedbackWeights;
}

/** The fused step of an alignment rule reading its feedback from `source`; `withRho` keeps f (rules that use F). */
export function alignmentStep(source: Feedback, withRho: boolean): StepFunction {
  return (s: SimState, p: LearningSetup, x: Float64Array, xi: number, ws: StepWorkspace): number => {
    const { K, D } = s;
    const b = feedbackOf(source, s, p);
    const e = forward(s, p, x, xi, ws, withRho);
    const a = (p.eta / s.sqrtD) * e;
    const dg = p.student.dg;
    for (let k = 0; k < K; k++) ws.c[k] = a * b[k] * dg(ws.lam[k]);
    const a2 = (p.eta2 / D) * e;
    const rhoOverSqrtD = ws.rho / s.sqrtD;
    for (let k = 0; k < K; k++) {
      const ck = ws.c[k];
      ws.alpha[k] = -ck;
      if (withRho) s.f[k] -= ck * rhoOverSqrtD;
      s.W2[k] -= a2 * ws.h[k];
    }
    applyOrDefer(s, ws, x, ws.alpha, null);
    return e;
  };
}
