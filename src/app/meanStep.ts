/**
 * D × the mean one-step change of the ODE state (Q, R, W2, f) over fresh samples x (and ξ) from a
 * frozen state, with standard errors: the finite-D side of `pepita-ode check-rule`
 * (src/app/checkRule.ts) and of the "RHS = expected step" tests (test/sim/consistency.test.ts,
 * test/engines/newRules.test.ts). Every sample restarts from the same weights (W1, W2, f; with a
 * mirror also F1, F2, F, q_f, and the vector covers P, P̃, G, F2 too: theory/state.ts's layout).
 * A deeper student's vector has its head (W_mid, W3) in place of W2.
 * `part: "mirror"` applies the mirror step alone (sim/steps/mirror.ts), to check the mirror terms by themselves.
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
import { mirrorStep } from '../../sim/steps/mirror.ts';

/** D·Δ(Q, R, W2, f) averaged over `samples` fresh steps from the config's initial weights, and its standard errors. */
export function meanOneStepChange(config: Config, samples: number, seed = 77, part: 'step' | 'mirror' = 'step'): { mean: Float64Array; se: Float64Array } {
  const { K, M, D } = config;
  const w0 = initialWeights(config);
  const s = createState(w0, seed + 1);
  const p = resolveLearningSetup(setupOf(config), K);
  const mirror = p.mirror;
  if (part === 'mirror' && mirror === null) throw new Error('meanOneStepChange: part "mirror" needs a config with a mirror');
  const step = part === 'mirror' ? () => (mirrorStep(s, mirror!, p.student.g), 0) : stepOf(p);
  const ws = createWorkspace(s, p);
  const head0 = s.deep?.head.slice() ?? null;
  const L = stateLayout(K, M, mirror !== null, head0?.length ?? 0);
  const ms = s.mirror;
  const F0 = s.F.slice(), qf0 = s.qf;
  const F10 = ms?.F1.slice(), F20 = ms?.F2.slice();
  const p0 = new Float64Array(K * K), pt0 = new Float64Array(M * K), g0 = new Float64Array(K * K);
  if (ms) {
    for (let j = 0; j < K; j++) {
      for (let k = 0; k < K; k++) p0[k * K + j] = dot(D, s.W1, k * D, ms.F1, j * D) / D;
      for (let m = 0; m < M; m++) pt0[m * K + j] = dot(D, s.W1t, m * D, ms.F1, j * D) / D;
      for (let i = 0; i < K; i++) g0[i * K + j] = dot(D, ms.F1, i * D, ms.F1, j * D) / D;
    }
  }
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
    if (head0) s.deep!.head.set(head0);
    if (ms) {
      ms.F1.set(F10!);
      ms.F2.set(F20!);
      s.F.set(F0);
      s.qf = qf0;
    }
    rng.fillNormal(x, 0, D);
    step(s, p, x, config.noise > 0 ? rng.normal() : 0, ws);
    // rules that do not read F leave the running f stale: recompute it (as applyStep does)
    if (!p.rule.usesFeedbackVector) refreshFeedback(s);
    for (let k = 0; k < K; k++) {
      for (let l = k; l < K; l++) d[qIndex(K, k, l)] = dot(D, s.W1, k * D, s.W1, l * D) - D * q0[k * K + l];
      for (let m = 0; m < M; m++) d[L.offR + k * M + m] = dot(D, s.W1, k * D, s.W1t, m * D) - D * r0[k * M + m];
      if (!head0) d[L.offW2 + k] = D * (s.W2[k] - w0.W2[k]);
      d[L.offF + k] = D * (s.f[k] - f0[k]);
    }
    if (head0) for (let i = 0; i < head0.length; i++) d[L.offHead + i] = D * (s.deep!.head[i] - head0[i]);
    if (ms) {
      for (let j = 0; j < K; j++) {
        for (let k = 0; k < K; k++) d[L.offP + k * K + j] = dot(D, s.W1, k * D, ms.F1, j * D) - D * p0[k * K + j];
        for (let m = 0; m < M; m++) d[L.offPt + m * K + j] = dot(D, s.W1t, m * D, ms.F1, j * D) - D * pt0[m * K + j];
        for (let i = 0; i <= j; i++) d[L.offG + qIndex(K, i, j)] = dot(D, ms.F1, i * D, ms.F1, j * D) - D * g0[i * K + j];
        d[L.offF2 + j] = D * (ms.F2[j] - F20![j]);
      }
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
