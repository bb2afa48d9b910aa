/**
 * The baselines DRTP and weight decay, and PEPITA as first coded (pepita-modulated-error), in both
 * engines (docs/rules.md "DRTP and PEPITA as first coded", "Weight decay"), against independent routes:
 *   1. one finite-D step vs the algorithm written out here with plain arrays (1e-12), weight decay
 *      included (W' = (1 − ηλ/D)(W − ΔW));
 *   2. D × the mean one-step change over fresh samples = the ODE RHS (z-scores), decay included, and
 *      the decay's ODE terms exactly dQ −= 2ηλ1 Q, dR −= ηλ1 R, df −= ηλ1 f, dW2 −= η₂λ2 W2 on every
 *      route (closed form, cubature), zero decay = no decay bit for bit;
 *   3. 4-seed simulations at D = 500 with weight decay follow the ODE (median |Δεg/εg| < 3 %), with a
 *      power check: the ODE without decay is rejected by the same runs.
 */
import { describe, expect, it } from 'vitest';
import { activation } from '../../src/core/activations.ts';
import { parseConfig } from '../../src/core/config.ts';
import { resolveLearningSetup, type LearningSetupSpec } from '../../src/core/learningSetup.ts';
import type { Weights } from '../../src/core/overlaps.ts';
import { Rng } from '../../src/core/rng.ts';
import { rhsOf, simulateOf, solveTheoryOf } from '../../src/app/fromConfig.ts';
import { meanOneStepChange } from '../../src/app/meanStep.ts';
import { stateLayout } from '../../theory/state.ts';
import { dot } from '../../sim/kernels.ts';
import { applyStep } from '../../sim/steps/index.ts';
import { deviations, gridTimes } from '../theory/simVsTheory.ts';
import { maxRel, randomWeights } from './stepHelpers.ts';

/** DRTP, PEPITA (either last-layer error) and BP written out with plain arrays, then the decay factors. */
function literalStep(w: Weights, p: LearningSetupSpec, x: Float64Array, xi: number) {
  const { K, M, D } = w;
  const g = activation(p.activation), gt = activation(p.teacherActivation);
  const s = Math.sqrt(D);
  const row = (A: Float64Array, k: number) => Array.from(A.subarray(k * D, (k + 1) * D));
  const W1 = Array.from({ length: K }, (_, k) => row(w.W1, k));
  const W1t = Array.from({ length: M }, (_, m) => row(w.W1t, m));
  const W2 = Array.from(w.W2), F = Array.from(w.F), X = Array.from(x);
  const field = (r: number[], v: number[]) => r.reduce((acc, a, i) => acc + a * v[i], 0) / s;
  const lam = W1.map((r) => field(r, X));
  const h = lam.map((l) => g.g(l));
  const yhat = h.reduce((acc, hk, k) => acc + W2[k] * hk, 0);
  const y = W1t.reduce((acc, r, m) => acc + w.W2t[m] * gt.g(field(r, X)), 0) + p.noise * xi;
  const e = yhat - y;
  let W1n: number[][], W2n: number[];
  if (p.rule === 'drtp') {
    // the label through the fixed feedback B, not the error
    const B = p.feedbackWeights!;
    W1n = W1.map((r, k) => r.map((a, i) => a + (p.eta / s) * B[k] * g.dg(lam[k]) * y * X[i]));
    W2n = W2.map((a, k) => a - (p.eta2 / D) * e * h[k]);
  } else if (p.rule === 'bp') {
    W1n = W1.map((r, k) => r.map((a, i) => a - (p.eta / s) * W2[k] * g.dg(lam[k]) * e * X[i]));
    W2n = W2.map((a, k) => a - (p.eta2 / D) * e * h[k]);
  } else {
    const xErr = X.map((v, i) => v - (F[i] * e) / s);
    const hErr = W1.map((r) => g.g(field(r, xErr)));
    const eMod = hErr.reduce((acc, hk, k) => acc + W2[k] * hk, 0) - y;
    const eLast = p.rule === 'pepita-modulated-error' ? eMod : e;
    W1n = W1.map((r, k) => r.map((a, i) => a - (p.eta / s) * (h[k] - hErr[k]) * xErr[i]));
    W2n = W2.map((a, k) => a - (p.eta2 / D) * eLast * hErr[k]);
  }
  const l1 = p.weightDecay?.W1 ?? 0, l2 = p.weightDecay?.W2 ?? 0;
  W1n = W1n.map((r) => r.map((a) => (1 - (p.eta * l1) / D) * a));
  W2n = W2n.map((a) => (1 - (p.eta2 * l2) / D) * a);
  return { W1: W1n.flat(), W2: W2n, e };
}

describe('one step = the algorithm written out (1e-12)', () => {
  const K = 3, M = 2, D = 64;
  const cases: [string, Partial<LearningSetupSpec>][] = [
    ['drtp, erf, σ = 0', { rule: 'drtp', feedbackWeights: [0.8, -0.5, 0.3] }],
    ['drtp, tanh, σ = 0.3', { rule: 'drtp', feedbackWeights: [0.8, -0.5, 0.3], activation: 'tanh', noise: 0.3 }],
    ['pepita-modulated-error, erf', { rule: 'pepita-modulated-error' }],
    ['pepita-modulated-error, relu, σ = 0.2', { rule: 'pepita-modulated-error', activation: 'relu', noise: 0.2 }],
    ['pepita (clean error), for contrast', { rule: 'pepita' }],
    ['bp with weight decay (fused step + decay)', { rule: 'bp', weightDecay: { W1: 3, W2: 5 } }],
    ['pepita with weight decay (pending update flushed first)', { rule: 'pepita', weightDecay: { W1: 2, W2: 0.5 }, noise: 0.2 }],
    ['drtp with weight decay on W1 only', { rule: 'drtp', feedbackWeights: [0.8, -0.5, 0.3], weightDecay: { W1: 4, W2: 0 } }],
  ];
  for (const [name, over] of cases) {
    it(name, () => {
      const spec: LearningSetupSpec = { rule: 'bp', eta: 0.7, eta2: 0.4, noise: 0, activation: 'erf', teacherActivation: 'erf', feedbackWeights: null, ...over };
      const w = randomWeights(K, M, D, 3);
      const x = Float64Array.from({ length: D }, (_, i) => Math.sin(1.3 * i + 0.2) * 1.4);
      const want = literalStep(w, spec, x, 0.9);
      const got = { ...w, W1: w.W1.slice(), W2: w.W2.slice() };
      const r = applyStep(got, resolveLearningSetup(spec, K), x, 0.9);
      expect(Math.abs(r.e - want.e)).toBeLessThan(1e-12 * Math.max(1, Math.abs(want.e)));
      expect(maxRel(got.W1, want.W1)).toBeLessThan(1e-12);
      expect(maxRel(got.W2, want.W2)).toBeLessThan(1e-12);
      // f (rank-one updated, then decayed) = W1F/D of the new weights
      const fFresh = Array.from({ length: K }, (_, k) => dot(D, got.W1, k * D, w.F, 0) / D);
      expect(maxRel(r.f, fFresh)).toBeLessThan(1e-12);
    });
  }

  it('the last-layer error matters: pepita-modulated-error ≠ pepita in W2, = in W1', () => {
    const w = randomWeights(K, M, D, 5);
    const x = Float64Array.from({ length: D }, (_, i) => Math.cos(0.7 * i));
    const base: LearningSetupSpec = { rule: 'pepita', eta: 0.7, eta2: 0.4, noise: 0, activation: 'erf', teacherActivation: 'erf', feedbackWeights: null };
    const a = { ...w, W1: w.W1.slice(), W2: w.W2.slice() }, b = { ...w, W1: w.W1.slice(), W2: w.W2.slice() };
    applyStep(a, resolveLearningSetup(base, K), x);
    applyStep(b, resolveLearningSetup({ ...base, rule: 'pepita-modulated-error' }, K), x);
    expect(maxRel(a.W1, b.W1)).toBe(0);
    expect(maxRel(a.W2, b.W2)).toBeGreaterThan(1e-6);
  });
});

describe('weight decay in the ODE: exactly the linear terms, on every route', () => {
  const init = { kind: 'overlaps', Q: [[1, 0.2], [0.2, 0.8]], R: [[0.5, 0.1], [0.2, 0.4]], T: [[1, 0], [0, 1]], W2: [0.6, 0.3], W2t: [1, 1], f: [0.4, -0.3], ft: [0.2, 0.1], qf: 1 };
  const routes: [string, Record<string, unknown>][] = [
    ['bp, closed form', { rule: 'bp' }],
    ['afa, closed form', { rule: 'afa' }],
    ['pepita, controlled cubature', { rule: 'pepita' }],
    ['pepita, first-order model', { rule: 'pepita', theory: { model: 'pepita-first-order' } }],
    ['drtp, cubature', { rule: 'drtp', feedbackWeights: [1, -0.5] }],
  ];
  for (const [name, over] of routes) {
    it(name, () => {
      const l1 = 0.3, l2 = 0.7, eta = 0.5, eta2 = 0.2;
      const plain = rhsOf(parseConfig({ eta, eta2, init, ...over }));
      const zero = rhsOf(parseConfig({ eta, eta2, init, weightDecay: { W1: 0, W2: 0 }, ...over }));
      const decayed = rhsOf(parseConfig({ eta, eta2, init, weightDecay: { W1: l1, W2: l2 }, ...over }));
      const y = plain.toState(plain.initial);
      const [a, z, b] = [plain, zero, decayed].map((r) => { const dy = new Float64Array(y.length); r.rhs(0, y, dy); return dy; });
      expect(Array.from(z)).toEqual(Array.from(a));
      const L = stateLayout(2, 2);
      for (let i = 0; i < y.length; i++) {
        const c = i < L.offR ? 2 * eta * l1 : i < L.offW2 ? eta * l1 : i < L.offF ? eta2 * l2 : eta * l1;
        expect(Math.abs(a[i] - c * y[i] - b[i])).toBeLessThanOrEqual(1e-15 * Math.max(1, Math.abs(b[i])));
      }
    });
  }
});

describe('D × mean one-step change = the ODE RHS (z-scores), decay and the new rules', () => {
  // As test/engines/newRules.test.ts: 30 000 samples at D = 500 against the RHS the theory uses
  // (cubature, error ≪ the sampling SE); 4.5 SE per component, ~14 components per case.
  const K = 2, M = 2, D = 500, SAMPLES = 30_000, Z = 4.5;
  const init = { kind: 'overlaps', seed: 4, Q: [[1, 0.2], [0.2, 0.8]], R: [[0.5, 0.1], [0.2, 0.4]], T: [[1, 0], [0, 1]], W2: [0.6, 0.3], W2t: [1, 1], f: [0.4, -0.3], ft: [0.2, 0.1], qf: 1 };
  const cases: [string, Record<string, unknown>][] = [
    ['drtp, σ = 0.3', { rule: 'drtp', feedbackWeights: [1, -0.5], noise: 0.3 }],
    ['pepita-modulated-error', { rule: 'pepita-modulated-error' }],
    // a decay large enough to be seen above the SE: ηλ1 = 0.6 shifts D·ΔQ by 1.2 Q
    ['bp, weight decay λ = (0.6, 2)', { rule: 'bp', weightDecay: { W1: 0.6, W2: 2 } }],
    ['pepita, weight decay λ = (0.6, 2)', { rule: 'pepita', weightDecay: { W1: 0.6, W2: 2 } }],
  ];
  for (const [name, over] of cases) {
    it(name, () => {
      const config = parseConfig({ K, M, D, eta: 1, eta2: 0.4, init, ...over });
      const { rhs, initial, toState } = rhsOf(config);
      const y = toState(initial);
      const dy = new Float64Array(y.length);
      rhs(0, y, dy);
      const { mean, se } = meanOneStepChange(config, SAMPLES);
      for (let i = 0; i < mean.length; i++) expect(Math.abs(mean[i] - dy[i]), `component ${i}: step ${mean[i]} ± ${se[i]}, RHS ${dy[i]}`).toBeLessThan(Z * se[i] + 1e-9);
      if (config.weightDecay.W1 > 0) {
        // power: the RHS without decay is rejected by the same samples
        const plain = rhsOf({ ...config, weightDecay: { W1: 0, W2: 0 } });
        const d0 = new Float64Array(y.length);
        plain.rhs(0, y, d0);
        let zMax = 0;
        for (let i = 0; i < mean.length; i++) zMax = Math.max(zMax, Math.abs(mean[i] - d0[i]) / se[i]);
        expect(zMax).toBeGreaterThan(2 * Z);
      }
    });
  }
});

describe('weight decay: 4-seed simulations at D = 500 follow the ODE (median |Δεg/εg| < 3 %)', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['bp, λ = (0.02, 0.02)', { rule: 'bp', eta: 0.5, weightDecay: { W1: 0.02, W2: 0.02 } }],
    ['pepita, λ = (0.01, 0.01), σ = 0.1', { rule: 'pepita', eta: 0.2, noise: 0.1, weightDecay: { W1: 0.01, W2: 0.01 } }],
  ];
  for (const [name, over] of cases) {
    it(name, async () => {
      const config = parseConfig({ tmax: 300, init: { kind: 'weights', teacher: { W2: [1, -0.6] } }, sim: { seeds: 4 }, ...over });
      const times = gridTimes(0.5, config.tmax, 24, config.D);
      const ode = solveTheoryOf(config, { times });
      const odePlain = solveTheoryOf({ ...config, weightDecay: { W1: 0, W2: 0 } }, { times });
      const sim = await simulateOf(config, { times, threads: 2 });
      expect(ode.result).toBe('success');
      const mean = new Float64Array(times.length);
      for (const r of sim.runs) for (let i = 0; i < times.length; i++) mean[i] += r.eg[i] / sim.runs.length;
      const dev = deviations(times, ode.eg, mean);
      const devPlain = deviations(times, odePlain.eg, mean);
      console.log(`${name}: median ${(100 * dev.median).toFixed(2)} %, max ${(100 * dev.max).toFixed(2)} %; vs the ODE without decay: max ${(100 * devPlain.max).toFixed(2)} %; εg(tmax) ${mean[times.length - 1].toFixed(5)} (decay) vs ${odePlain.eg[times.length - 1].toFixed(5)} (ODE, no decay)`);
      expect(dev.median).toBeLessThan(0.03);
      // the decay is visible: the no-decay ODE misses the runs at late times by more than the decayed one does
      expect(devPlain.max).toBeGreaterThan(2 * dev.max);
    });
  }
});
