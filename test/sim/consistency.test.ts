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
import { initialOverlaps } from '../../src/core/init.ts';
import { theoryProblemOf } from '../../src/app/fromConfig.ts';
import { buildAnalyticRhs } from '../../theory/rhs.ts';
import { odeSystem, packState, qIndex } from '../../theory/state.ts';
import { meanOneStepChange } from '../../src/app/meanStep.ts';

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

function meanStep(config: Config): { mean: Float64Array; se: Float64Array } {
  return meanOneStepChange(config, SAMPLES);
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
