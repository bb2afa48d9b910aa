/**
 * The three rules of Sec. 3 (PEPITA-Hebbian, PEPITA-time-local, FF) in both engines, against
 * independent routes:
 *   1. one finite-D step vs the paper's algorithm written out here with plain arrays (1e-12):
 *      eqs. 13–14 (Hebbian), eq. 9 + eq. 14 (FF), Algorithm 2 with its two sequential updates;
 *   2. the fused kernels of BP, DFA, AFA, PEPITA = the generic coefficient step (1e-12);
 *   3. FF ≡ PEPITA-Hebbian for ReLU units (eq. 10), step and RHS, and not for erf;
 *   4. D × the mean one-step change over fresh samples = the general ODE RHS (z-scores O(1)), with a
 *      power check (time-local's data reject the Hebbian RHS);
 *   5. 4-seed simulations at D = 500 follow their own ODE (the PEPITA sim-vs-theory criterion of
 *      test/theory/pepita.test.ts: median relative εg deviation < 3 %), with label noise σ = 0.2 and
 *      with tanh students.
 */
import { describe, expect, it } from 'vitest';
import { activation, type Activation, type ActivationId } from '../../src/core/activations.ts';
import { parseConfig, type Config } from '../../src/core/config.ts';
import { initialOverlaps } from '../../src/core/init.ts';
import { resolveLearningSetup, type LearningSetupSpec } from '../../src/core/learningSetup.ts';
import type { Weights } from '../../src/core/overlaps.ts';
import { Rng } from '../../src/core/rng.ts';
import { RULE_IDS, ruleById, type RuleId } from '../../src/core/rules/index.ts';
import { simulateOf, solveTheoryOf, theoryProblemOf } from '../../src/app/fromConfig.ts';
import { odeSystem, packState } from '../../theory/state.ts';
import { mcRhsWithStdErr } from '../theory/systems.ts';
import { dot } from '../../sim/kernels.ts';
import { applyStep, coefficientStep, stepFor } from '../../sim/steps/index.ts';
import { meanOneStepChange } from '../../src/app/meanStep.ts';
import { odeVsSeedMean } from '../theory/simVsTheory.ts';
import { maxRel, randomWeights } from './stepHelpers.ts';

const NEW_RULES = ['pepita-hebbian', 'pepita-time-local', 'ff'] as const;

function setup(rule: RuleId, act: ActivationId, noise: number, extra: Partial<LearningSetupSpec> = {}): LearningSetupSpec {
  return { rule, eta: 0.7, eta2: 0.4, noise, activation: act, teacherActivation: 'erf', feedbackWeights: rule === 'dfa' ? [0.8, -0.5] : null, ...extra };
}

/** The paper's algorithms written out with plain arrays, scaled convention (docs/rules.md). */
function literalStep(rule: RuleId, w: Weights, p: LearningSetupSpec, x: Float64Array, xi: number) {
  const { K, M, D } = w;
  const g: Activation = activation(p.activation);
  const gt = activation(p.teacherActivation);
  const s = Math.sqrt(D);
  const W1 = Array.from({ length: K }, (_, k) => Array.from(w.W1.subarray(k * D, (k + 1) * D)));
  const W1t = Array.from({ length: M }, (_, m) => Array.from(w.W1t.subarray(m * D, (m + 1) * D)));
  const W2 = Array.from(w.W2);
  const F = Array.from(w.F);
  const X = Array.from(x);
  const field = (row: number[], v: number[]) => row.reduce((acc, a, i) => acc + a * v[i], 0) / s;
  const h = W1.map((row) => g.g(field(row, X)));
  const lam = W1.map((row) => field(row, X));
  const yhat = h.reduce((acc, hk, k) => acc + W2[k] * hk, 0);
  const y = W1t.reduce((acc, row, m) => acc + w.W2t[m] * gt.g(field(row, X)), 0) + p.noise * xi;
  const e = yhat - y;
  const xErr = X.map((xi_, i) => xi_ - (F[i] * e) / s);
  if (rule === 'pepita-time-local') {
    // Algorithm 2: clean update applied at once …
    const W1p = W1.map((row, k) => row.map((a, i) => a - (p.eta / s) * h[k] * X[i]));
    const W2p = W2.map((a, k) => a - (p.eta2 / D) * yhat * h[k]);
    // … then the modulated pass on W1⁺
    const hErr = W1p.map((row) => g.g(field(row, xErr)));
    const W1n = W1p.map((row, k) => row.map((a, i) => a + (p.eta / s) * hErr[k] * xErr[i]));
    const W2n = W2p.map((a, k) => a + (p.eta2 / D) * y * hErr[k]);
    return { W1: W1n, W2: W2n, e };
  }
  const lamErr = W1.map((row) => field(row, xErr));
  const hErr = lamErr.map((l) => g.g(l));
  // eq. 14 (Hebbian) or eq. 9 on the hidden layer (FF: presynaptic activity weighted by g')
  const pre = rule === 'ff' ? (k: number) => g.dg(lam[k]) * h[k] : (k: number) => h[k];
  const preErr = rule === 'ff' ? (k: number) => g.dg(lamErr[k]) * hErr[k] : (k: number) => hErr[k];
  const W1n = W1.map((row, k) => row.map((a, i) => a - (p.eta / s) * (pre(k) * X[i] - preErr(k) * xErr[i])));
  const W2n = W2.map((a, k) => a - (p.eta2 / D) * (yhat * h[k] - y * hErr[k]));
  return { W1: W1n, W2: W2n, e };
}

describe('new rules: one step = the paper\'s algorithm written out (1e-12)', () => {
  const K = 3, M = 2, D = 64;
  for (const rule of NEW_RULES) {
    for (const [act, noise] of [['erf', 0], ['tanh', 0.2], ['relu', 0.2]] as const) {
      it(`${rule}, ${act} students, σ = ${noise}`, () => {
        const w = randomWeights(K, M, D, 3);
        const x = Float64Array.from({ length: D }, (_, i) => Math.sin(1.3 * i + 0.2) * 1.4);
        const spec = setup(rule, act, noise);
        const want = literalStep(rule, w, spec, x, 0.9);
        const got = { ...w, W1: w.W1.slice(), W2: w.W2.slice() };
        const r = applyStep(got, resolveLearningSetup(spec, K), x, 0.9);
        expect(Math.abs(r.e - want.e)).toBeLessThan(1e-12 * Math.max(1, Math.abs(want.e)));
        expect(maxRel(got.W1, want.W1.flat())).toBeLessThan(1e-12);
        expect(maxRel(got.W2, want.W2)).toBeLessThan(1e-12);
        // f kept by its rank-one updates = W1F/D of the new weights
        const fFresh = Array.from({ length: K }, (_, k) => dot(D, got.W1, k * D, w.F, 0) / D);
        expect(maxRel(r.f, fFresh)).toBeLessThan(1e-12);
      });
    }
  }

  it('time-local is not the Hebbian step (the modulated pass sees W1⁺)', () => {
    const w = randomWeights(K, M, D, 5);
    const x = Float64Array.from({ length: D }, (_, i) => Math.cos(0.7 * i));
    const a = { ...w, W1: w.W1.slice(), W2: w.W2.slice() };
    const b = { ...w, W1: w.W1.slice(), W2: w.W2.slice() };
    applyStep(a, resolveLearningSetup(setup('pepita-time-local', 'erf', 0), K), x);
    applyStep(b, resolveLearningSetup(setup('pepita-hebbian', 'erf', 0), K), x);
    expect(maxRel(a.W1, b.W1)).toBeGreaterThan(1e-6);
  });
});

describe('fused kernels = the generic coefficient step (1e-12)', () => {
  const K = 3, M = 2, D = 64;
  for (const rule of ['bp', 'dfa', 'afa', 'pepita'] as const) {
    it(rule, () => {
      const w = randomWeights(K, M, D, 9);
      const x = Float64Array.from({ length: D }, (_, i) => Math.sin(0.37 * i) * 1.2);
      const spec = resolveLearningSetup(setup(rule, 'erf', 0.3, { feedbackWeights: rule === 'dfa' ? [0.8, -0.5, 0.3] : null }), K);
      expect(stepFor(spec.rule)).not.toBe(coefficientStep);
      const a = { ...w, W1: w.W1.slice(), W2: w.W2.slice() };
      const b = { ...w, W1: w.W1.slice(), W2: w.W2.slice() };
      const ra = applyStep(a, spec, x, 0.4);
      const rb = applyStep(b, spec, x, 0.4, coefficientStep);
      expect(maxRel(a.W1, b.W1)).toBeLessThan(1e-12);
      expect(maxRel(a.W2, b.W2)).toBeLessThan(1e-12);
      expect(maxRel(ra.f, rb.f)).toBeLessThan(1e-12);
    });
  }
});

/** The general RHS at the initial state of a config by Monte Carlo, with its standard errors. */
function rhsWithErrors(config: Config, samples: number) {
  const sys = odeSystem(theoryProblemOf(config));
  const r = mcRhsWithStdErr(sys, { samples, seed: 99 }, packState(initialOverlaps(config)));
  return { dy: r.dy, se: r.stdErr };
}

describe('FF ≡ PEPITA-Hebbian for ReLU units (eq. 10), not for erf', () => {
  const K = 2, M = 2, D = 64;
  it('one step: identical for ReLU, different for erf', () => {
    for (const act of ['relu', 'erf'] as const) {
      const w = randomWeights(K, M, D, 11);
      const x = Float64Array.from({ length: D }, (_, i) => Math.sin(0.9 * i + 1));
      const a = { ...w, W1: w.W1.slice(), W2: w.W2.slice() };
      const b = { ...w, W1: w.W1.slice(), W2: w.W2.slice() };
      applyStep(a, resolveLearningSetup(setup('ff', act, 0), K), x);
      applyStep(b, resolveLearningSetup(setup('pepita-hebbian', act, 0), K), x);
      if (act === 'relu') expect(maxRel(a.W1, b.W1)).toBeLessThanOrEqual(1e-15);
      else expect(maxRel(a.W1, b.W1)).toBeGreaterThan(1e-6);
    }
  });
  it('ODE right-hand side: identical for ReLU (same bank), different for erf', () => {
    const base = { K, M, D: 200, eta: 0.3, init: { kind: 'overlaps', Q: [[1, 0.2], [0.2, 0.8]], R: [[0.5, 0.1], [0.2, 0.4]], T: [[1, 0], [0, 1]], W2: [0.6, 0.3], W2t: [1, 1], f: [0.4, -0.3], ft: [0.2, 0.1], qf: 1 } };
    const relu = (rule: string) => rhsWithErrors(parseConfig({ ...base, rule, activation: 'relu' }), 20_000).dy;
    expect(maxRel(relu('ff'), relu('pepita-hebbian'))).toBeLessThanOrEqual(1e-15);
    const erf = (rule: string) => rhsWithErrors(parseConfig({ ...base, rule }), 20_000);
    const ff = erf('ff'), hebb = erf('pepita-hebbian');
    let zMax = 0;
    for (let i = 0; i < ff.dy.length; i++) zMax = Math.max(zMax, Math.abs(ff.dy[i] - hebb.dy[i]) / Math.hypot(ff.se[i], hebb.se[i]));
    expect(zMax).toBeGreaterThan(10);
  });
});

describe('D × mean one-step change = the general ODE RHS at a frozen state (new rules)', () => {
  /**
   * As test/sim/consistency.test.ts: D·ΔR, D·ΔW2, D·Δf have the RHS as expectation at any D up to
   * the x·x_err/D → 1 replacement; the η² term of D·ΔQ carries |x|²/D, an O((K+M+1)/D) relative bias
   * on that term (≈ 1 % of it at D = 500, below the standard error). The RHS is itself a Monte Carlo
   * average (10⁶ samples) with standard errors; the tolerance is 4.5 combined standard errors per
   * component (≈ 80 components in all: a false alarm has probability ~5e-4).
   */
  const K = 2, M = 2, D = 500, SAMPLES = 30_000, Z = 4.5;
  const state = { kind: 'overlaps', seed: 4, Q: [[1, 0.2], [0.2, 0.8]], R: [[0.5, 0.1], [0.2, 0.4]], T: [[1, 0], [0, 1]], W2: [0.6, 0.3], W2t: [1, 1], f: [0.4, -0.3], ft: [0.2, 0.1], qf: 1 };

  const cases: [string, Record<string, unknown>][] = [
    ['pepita-hebbian, σ = 0.3', { rule: 'pepita-hebbian', noise: 0.3 }],
    ['pepita-time-local, σ = 0', { rule: 'pepita-time-local', noise: 0 }],
    ['ff, tanh, σ = 0.2', { rule: 'ff', noise: 0.2, activation: 'tanh' }],
  ];
  for (const [name, over] of cases) {
    it(name, () => {
      const config = parseConfig({ K, M, D, eta: 1, eta2: 0.7, init: state, ...over });
      const theory = rhsWithErrors(config, 1_000_000);
      const { mean, se } = meanOneStepChange(config, SAMPLES);
      for (let i = 0; i < mean.length; i++) {
        const tol = Z * Math.hypot(se[i], theory.se[i]);
        expect(Math.abs(mean[i] - theory.dy[i]), `component ${i}: sim ${mean[i]} ± ${se[i]}, theory ${theory.dy[i]} ± ${theory.se[i]}`).toBeLessThan(tol);
      }
      if (config.rule === 'pepita-time-local') {
        // power: the same data reject the Hebbian RHS (the modulated pass on W1 instead of W1⁺)
        const hebb = rhsWithErrors({ ...config, rule: 'pepita-hebbian' }, 1_000_000);
        let zMax = 0;
        for (let i = 0; i < mean.length; i++) zMax = Math.max(zMax, Math.abs(mean[i] - hebb.dy[i]) / Math.hypot(se[i], hebb.se[i]));
        expect(zMax).toBeGreaterThan(Z);
      }
    });
  }
});

describe('new rules: 4-seed simulations at D = 500 follow their own ODE (median |Δεg/εg| < 3 %)', () => {
  const settings: [string, Record<string, unknown>][] = [
    ['erf, σ = 0.2', { noise: 0.2 }],
    ['tanh students', { activation: 'tanh' }],
  ];
  for (const rule of NEW_RULES) {
    for (const [name, over] of settings) {
      it(`${rule}, ${name}`, async () => {
        const config = parseConfig({ rule, eta: 0.2, tmax: 120, init: { kind: 'weights', teacher: { W2: [1, -0.6] } }, sim: { seeds: 4 }, theory: { mcSamples: 10_000 }, ...over });
        const { median } = await odeVsSeedMean(config, `${rule}, ${name}`);
        expect(median).toBeLessThan(0.03);
      });
    }
  }
});

describe('every registered rule runs in both engines', () => {
  it.each(RULE_IDS)('%s', async (rule) => {
    const r = ruleById(rule)!;
    const config = parseConfig({ rule, feedbackWeights: r.needsFeedbackWeights ? [1, -0.5] : null, tmax: 5, points: 6, D: 100, sim: { seeds: 1, threads: 1 }, theory: { averages: r.form.kind === 'alignment' ? 'auto' : 'mc', mcSamples: 4000 } });
    const ode = solveTheoryOf(config);
    const sim = await simulateOf(config);
    expect(ode.result).toBe('success');
    expect(sim.runs[0].result).toBe('success');
    expect(ode.eg.length).toBe(6);
  });
});
