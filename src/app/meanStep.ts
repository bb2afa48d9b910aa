/**
 * D × the mean one-step change of the ODE state (Q, R, W2, f) over fresh samples x (and ξ) from a
 * frozen state, with standard errors: the finite-D side of `pepita-ode check-rule`
 * (src/app/checkRule.ts) and of the "RHS = expected step" tests (test/sim/consistency.test.ts,
 * test/engines/newRules.test.ts). Every sample restarts from the same weights (W1, W2, f).
 */
import type { Config } from '../core/config.ts';
import { initialWeights } from '../core/init.ts';
import { resolveLearningSetup } from '../core/learningSetup.ts';
import { Rng } from '../core/rng.ts';
import { setupOf } from './simulationTasks.ts';
import { qIndex, stateLayout } from '../../theory/state.ts';
import { dot } from '../../sim/kernels.ts';
import { createState, createWorkspace, refreshFeedback } from '../../sim/state.ts';
import { stepOf } from '../../sim/steps/index.ts';

/** D·Δ(Q, R, W2, f) averaged over `samples` fresh steps from the config's initial weights, and its standard errors. */
export function meanOneStepChange(config: Config, samples: number, seed = 77): { mean: Float64Array; se: Float64Array } {
  const { K, M, D } = config;
  const w0 = initialWeights(config);
  const s = createState(w0);
  const p = resolveLearningSetup(setupOf(config), K);
  const step = stepOf(p);
  const ws = createWorkspace(s, p);
  const L = stateLayout(K, M);
  const x = new Float64Array(D);
  const rng = new Rng(seed);
  const q0 = new Float64Array(K * K), r0 = new Float64Array(K * M);
  for (let k = 0; k < K; k++) {
    for (let l = 0; l < K; l++) q0[k * K + l] = dot(D, s.W1, k * D, s.W1, l * D) / D;
    for (let m = 0; m < M; m++) r0[k * M + m] = dot(D, s.W1, k * D, s.W1t, m * D) / D;
  }
  const f0 = s.f.slice();
  const sum = new Float64Array(L.size), sum2 = new Float64Array(L.size), d = new Float64Array(L.size);
  for (let n = 0; n < samples; n++) {
    s.W1.set(w0.W1);
    s.W2.set(w0.W2);
    s.f.set(f0);
    rng.fillNormal(x, 0, D);
    step(s, p, x, config.noise > 0 ? rng.normal() : 0, ws);
    // rules that do not read F leave the running f stale: recompute it (as applyStep does)
    if (!p.rule.usesFeedbackVector) refreshFeedback(s);
    for (let k = 0; k < K; k++) {
      for (let l = k; l < K; l++) d[qIndex(K, k, l)] = dot(D, s.W1, k * D, s.W1, l * D) - D * q0[k * K + l];
      for (let m = 0; m < M; m++) d[L.offR + k * M + m] = dot(D, s.W1, k * D, s.W1t, m * D) - D * r0[k * M + m];
      d[L.offW2 + k] = D * (s.W2[k] - w0.W2[k]);
      d[L.offF + k] = D * (s.f[k] - f0[k]);
    }
    for (let i = 0; i < L.size; i++) {
      sum[i] += d[i];
      sum2[i] += d[i] * d[i];
    }
  }
  const mean = sum.map((v) => v / samples);
  const se = sum2.map((v, i) => Math.sqrt(Math.max(0, v / samples - mean[i] * mean[i]) / (samples - 1)));
  return { mean, se };
}
