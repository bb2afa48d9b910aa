/**
 * Finite-D consistency of the simulation with the D → ∞ theory: at a frozen state, D × the mean
 * one-step change of Q, R, W2 and f over many fresh samples x (and ξ) equals the ODE right-hand
 * side at that state (theory/rhs.ts, eqs. 22–23 with b), within statistical error.
 *
 * Why this is exact up to O(1/D): with W1' = W1 − c x, D·ΔR, D·ΔW2 and D·Δf are linear in the step
 * and their expectations equal the RHS at any D (the fields are exactly Gaussian with covariance C).
 * Only the η² term of D·ΔQ carries |x|²/D instead of 1, a relative bias of O((K+M+1)/D) on that term
 * alone: at D = 500 about 1 % of an η² term of ≈ 0.02, i.e. ≈ 2e-4, below a third of the standard
 * error (≈ 7e-4 with 40 000 samples). The tolerance is 4.5 standard errors per component (≈ 20
 * components: a false alarm has probability ~1e-4). Power check: dropping the η² term of dQ/dt (an
 * error of ≈ 0.02) must be rejected at the same threshold, so the test can fail.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../src/core/config.ts';
import { initialOverlaps, initialWeights } from '../../src/core/init.ts';
import { setupOf, theoryProblemOf } from '../../src/app/fromConfig.ts';
import { resolveLearningSetup } from '../../src/core/learningSetup.ts';
import { Rng } from '../../src/core/rng.ts';
import { buildAnalyticRhs } from '../../theory/rhs.ts';
import { odeSystem, packState, qIndex, stateLayout } from '../../theory/state.ts';
import { dot } from '../../sim/kernels.ts';
import { createState, createWorkspace, refreshFeedback, stepFor } from '../../sim/rules.ts';

const K = 2, M = 2, D = Number(process.env.CONSISTENCY_D ?? 500), SAMPLES = Number(process.env.CONSISTENCY_SAMPLES ?? 40_000), Z = 4.5;
const state = {
  kind: 'overlaps', seed: 4,
  Q: [[1, 0.2], [0.2, 0.8]], R: [[0.5, 0.1], [0.2, 0.4]], T: [[1, 0], [0, 1]],
  W2: [0.6, 0.3], W2t: [1, 1], f: [0.4, -0.3], ft: [0.2, 0.1], qf: 1,
};

function rhsAt(config: Config): Float64Array {
  const o = initialOverlaps(config);
  const rhs = buildAnalyticRhs(odeSystem(theoryProblemOf(config, { initial: o })));
  const y = packState(o);
  const dy = new Float64Array(y.length);
  rhs(0, y, dy);
  return dy;
}

/** Mean and standard error of D × the one-step change of the ODE state, over fresh samples. */
function meanStep(config: Config): { mean: Float64Array; se: Float64Array } {
  const w0 = initialWeights(config);
  const s = createState(w0);
  const p = resolveLearningSetup(setupOf(config), K);
  const step = stepFor(p.rule);
  const ws = createWorkspace(s, p);
  const L = stateLayout(K, M);
  const x = new Float64Array(D);
  const rng = new Rng(77);
  const q0 = new Float64Array(K * K), r0 = new Float64Array(K * M);
  for (let k = 0; k < K; k++) {
    for (let l = 0; l < K; l++) q0[k * K + l] = dot(D, s.W1, k * D, s.W1, l * D) / D;
    for (let m = 0; m < M; m++) r0[k * M + m] = dot(D, s.W1, k * D, s.W1t, m * D) / D;
  }
  const f0 = s.f.slice();
  const sum = new Float64Array(L.size), sum2 = new Float64Array(L.size), d = new Float64Array(L.size);
  for (let n = 0; n < SAMPLES; n++) {
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
  const mean = sum.map((v) => v / SAMPLES);
  const se = sum2.map((v, i) => Math.sqrt(Math.max(0, v / SAMPLES - mean[i] * mean[i]) / (SAMPLES - 1)));
  return { mean, se };
}

describe('D × mean one-step change = theory RHS at a frozen state', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['afa, σ = 0.5', { rule: 'afa', eta: 1, eta2: 0.7, noise: 0.5 }],
    ['dfa, σ = 0', { rule: 'dfa', eta: 1, eta2: 0.7, noise: 0, feedbackWeights: [0.8, -0.5] }],
    ['bp, σ = 0.3', { rule: 'bp', eta: 1, eta2: 0.7, noise: 0.3 }],
  ];
  for (const [name, over] of cases) {
    it(name, () => {
      const config = parseConfig({ K, M, D, init: state, ...over });
      const rhs = rhsAt(config);
      const { mean, se } = meanStep(config);
      if (process.env.SHOW_Z) console.log(name, Array.from(rhs, (r, i) => ((mean[i] - r) / se[i]).toFixed(2)).join(" "), "se/|rhs|", Array.from(rhs, (r, i) => (se[i] / Math.abs(r)).toFixed(3)).join(" "));
      for (let i = 0; i < rhs.length; i++) {
        expect(Math.abs(mean[i] - rhs[i]), `component ${i}: sim ${mean[i]} ± ${se[i]}, theory ${rhs[i]}`).toBeLessThan(Z * se[i]);
      }
      // power: the first-order part of dQ/dt alone (η·A = η²·RHS(η=1)... i.e. without the η² term) is rejected
      const eta = config.eta;
      const half = rhsAt(parseConfig({ K, M, D, init: state, ...over, eta: eta / 2 }));
      // dQ/dt = η A + η² B  ⇒  η A = 2·RHS(η/2) − ... solve: RHS(η) = ηA + η²B, RHS(η/2) = ηA/2 + η²B/4 ⇒ ηA = 4·RHS(η/2) − RHS(η)
      for (let k = 0; k < K; k++) {
        const i = qIndex(K, k, k);
        const firstOrder = 4 * half[i] - rhs[i];
        expect(Math.abs(mean[i] - firstOrder)).toBeGreaterThan(Z * se[i]);
      }
    });
  }
});
