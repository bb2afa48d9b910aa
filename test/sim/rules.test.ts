/**
 * One step of each rule against a direct, literal evaluation of its formula (docs/rules.md "One
 * form for every rule"), written plainly below with fresh K·D products and no shortcuts; PEPITA also
 * against Algorithm 1 in the paper's unscaled notation. And the rounding drift of the running f.
 *
 * Tolerance 1e-12 relative: the engine sums in another order (unrolled dots) and keeps f by a
 * rank-one update, so agreement is at rounding level (~1e-15); any formula mistake (a missing 1/√D,
 * a wrong sign, the post-step instead of the pre-step W2) changes the result at O(η/√D) ≳ 1e-2.
 */
import { describe, expect, it } from 'vitest';
import type { Activation, ActivationId } from '../../src/core/activations.ts';
import type { Rule } from '../../src/core/config.ts';
import { resolveLearningSetup, type LearningSetup } from '../../src/core/learningSetup.ts';
import type { Weights } from '../../src/core/overlaps.ts';
import { Rng } from '../../src/core/rng.ts';
import { createState, createWorkspace, refreshFeedback } from '../../sim/state.ts';
import { applyStep, stepFor } from '../../sim/steps/index.ts';
import { AFA } from '../../src/core/rules/index.ts';
import { simulateRun } from '../../sim/runOne.ts';
import { simProblemOf } from '../../src/app/simulationTasks.ts';
import { parseConfig } from '../../src/core/config.ts';
import { initialWeights } from '../../src/core/init.ts';

type RuleParams = LearningSetup;

const K = 3, M = 2, D = 11;

function randomWeights(seed: number): Weights {
  const r = new Rng(seed);
  const v = (n: number, s = 1) => Float64Array.from({ length: n }, () => s * r.normal());
  return { K, M, D, W1: v(K * D), W1t: v(M * D), W2: v(K, 0.7), W2t: v(M), F: v(D, 1.3) };
}
function cloneWeights(w: Weights): Weights {
  return { ...w, W1: w.W1.slice(), W1t: w.W1t.slice(), W2: w.W2.slice(), W2t: w.W2t.slice(), F: w.F.slice() };
}
function params(rule: Rule, student: ActivationId, teacher: ActivationId, noise: number): RuleParams {
  return resolveLearningSetup({ rule, eta: 0.9, eta2: 0.6, noise, activation: student, teacherActivation: teacher, feedbackWeights: [0.4, -1.1, 0.8] }, K);
}
function rowDot(A: Float64Array, k: number, v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < D; i++) s += A[k * D + i] * v[i];
  return s;
}

/** The literal step of docs/rules.md, scaled convention. Returns the new W1, W2, f and e. */
function literalStep(rule: Rule, w: Weights, p: RuleParams, x: Float64Array, xi: number) {
  const g: Activation['g'] = p.student.g, dg = p.student.dg, gt = p.teacher.g;
  const sq = Math.sqrt(D);
  const lam = Array.from({ length: K }, (_, k) => rowDot(w.W1, k, x) / sq);
  const nu = Array.from({ length: M }, (_, m) => rowDot(w.W1t, m, x) / sq);
  let yhat = 0;
  for (let k = 0; k < K; k++) yhat += w.W2[k] * g(lam[k]);
  let y = p.noise * xi;
  for (let m = 0; m < M; m++) y += w.W2t[m] * gt(nu[m]);
  const e = yhat - y;
  const W1 = w.W1.slice(), W2 = w.W2.slice();
  if (rule === 'pepita') {
    const xErr = Array.from(x, (xi_, i) => xi_ - (w.F[i] * e) / sq);
    for (let k = 0; k < K; k++) {
      const lamErr = rowDot(w.W1, k, xErr) / sq; // the modulated pass, computed afresh
      const h = g(lam[k]), hErr = g(lamErr);
      for (let i = 0; i < D; i++) W1[k * D + i] -= (p.eta / sq) * (h - hErr) * xErr[i];
      W2[k] -= (p.eta2 / D) * e * hErr;
    }
  } else {
    for (let k = 0; k < K; k++) {
      const b = rule === 'bp' ? w.W2[k] : rule === 'dfa' ? p.feedbackWeights![k] : rowDot(w.W1, k, w.F) / D;
      for (let i = 0; i < D; i++) W1[k * D + i] -= (p.eta / sq) * b * dg(lam[k]) * e * x[i];
      W2[k] -= (p.eta2 / D) * e * g(lam[k]);
    }
  }
  const f = Array.from({ length: K }, (_, k) => rowDot(W1, k, w.F) / D);
  return { W1, W2, f, e };
}

function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-12) {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(tol * Math.max(1, Math.abs(b[i])));
}

describe('one step of each rule = its literal formula', () => {
  const cases: [Rule, ActivationId, ActivationId, number][] = [
    ['bp', 'erf', 'erf', 0], ['dfa', 'erf', 'erf', 0], ['afa', 'erf', 'erf', 0], ['pepita', 'erf', 'erf', 0],
    ['bp', 'tanh', 'relu', 0.5], ['dfa', 'relu', 'erf', 0.5], ['afa', 'tanh', 'linear', 0.5], ['pepita', 'tanh', 'erf', 0.5],
  ];
  for (const [rule, s, t, noise] of cases) {
    it(`${rule} (student ${s}, teacher ${t}, σ = ${noise})`, () => {
      for (let trial = 0; trial < 3; trial++) {
        const w = randomWeights(100 + trial);
        const x = new Float64Array(D);
        const r = new Rng(200 + trial);
        r.fillNormal(x, 0, D);
        const xi = r.normal();
        const p = params(rule, s, t, noise);
        const ref = literalStep(rule, w, p, x, xi);
        const mine = cloneWeights(w);
        const { e, f } = applyStep(mine, p, x, xi);
        expect(Math.abs(e - ref.e)).toBeLessThan(1e-12);
        expectClose(mine.W1, ref.W1);
        expectClose(mine.W2, ref.W2);
        expectClose(f, ref.f);
        // the step did move the weights (so the comparison is not vacuous)
        let moved = 0;
        for (let i = 0; i < K * D; i++) moved += Math.abs(mine.W1[i] - w.W1[i]);
        for (let k = 0; k < K; k++) moved += Math.abs(mine.W2[k] - w.W2[k]);
        expect(moved).toBeGreaterThan(1e-3);
        // teacher and feedback untouched
        expect(mine.W1t).toEqual(w.W1t);
        expect(mine.F).toEqual(w.F);
      }
    });
  }
});

describe('PEPITA = Algorithm 1 in the paper’s unscaled notation', () => {
  it('after W1_main = W1/√D, F_main = F/√D, rates η/D (first layer) and η₂/D (second layer)', () => {
    const w = randomWeights(7);
    const x = new Float64Array(D);
    new Rng(8).fillNormal(x, 0, D);
    const p = params('pepita', 'erf', 'erf', 0);
    const g = p.student.g;
    const sq = Math.sqrt(D);
    // Algorithm 1 (with the sign convention x − Fe of eqs. 2–3), unscaled weights
    const W1m = Array.from(w.W1, (v) => v / sq);
    const Fm = Array.from(w.F, (v) => v / sq);
    const h1 = Array.from({ length: K }, (_, k) => g(rowDot(Float64Array.from(W1m), k, x)));
    let hL = 0;
    for (let k = 0; k < K; k++) hL += w.W2[k] * h1[k];
    let y = 0;
    for (let m = 0; m < M; m++) y += w.W2t[m] * g(rowDot(w.W1t, m, x) / sq);
    const e = hL - y;
    const h0err = Array.from(x, (v, i) => v - Fm[i] * e);
    const h1err = Array.from({ length: K }, (_, k) => g(rowDot(Float64Array.from(W1m), k, h0err)));
    const eta1 = p.eta / D, eta2 = p.eta2 / D;
    const W1mNew = W1m.slice();
    for (let k = 0; k < K; k++) for (let i = 0; i < D; i++) W1mNew[k * D + i] -= eta1 * (h1[k] - h1err[k]) * h0err[i]; // ΔW1 = (h1 − h1err) h0errᵀ
    const W2New = Array.from(w.W2, (v, k) => v - eta2 * e * h1err[k]); // ΔW2 = e h1errᵀ
    const mine = cloneWeights(w);
    applyStep(mine, p, x, 0);
    expectClose(mine.W1, W1mNew.map((v) => v * sq));
    expectClose(mine.W2, W2New);
  });
});

describe('the running f = W1F/D (rank-one updates) vs a fresh product', () => {
  it('drifts only at rounding level over 20·D AFA steps without refresh', () => {
    // Measured, to choose the refresh policy of sim/runOne.ts (refresh every D steps): over 20·D
    // steps at D = 200 the drift is ~1e-16–1e-15 relative; 1e-12 leaves a wide margin and still
    // catches a wrong update coefficient (which drifts at O(η/D) per step, ≳ 1e-4 here).
    const Dd = 200;
    const r = new Rng(3);
    const v = (n: number) => Float64Array.from({ length: n }, () => r.normal());
    const s = createState({ K: 2, M: 2, D: Dd, W1: v(2 * Dd), W1t: v(2 * Dd), W2: Float64Array.from([0.3, -0.2]), W2t: Float64Array.from([1, 1]), F: v(Dd) });
    const p = resolveLearningSetup({ rule: 'afa', eta: 0.5, eta2: 0.5, noise: 0, activation: 'erf', teacherActivation: 'erf', feedbackWeights: null }, 2);
    const ws = createWorkspace(s, p);
    const x = new Float64Array(Dd);
    const f0 = s.f.slice();
    for (let mu = 0; mu < 20 * Dd; mu++) {
      r.fillNormal(x, 0, Dd);
      stepFor(AFA)(s, p, x, 0, ws);
    }
    const running = s.f.slice();
    refreshFeedback(s);
    for (let k = 0; k < 2; k++) {
      expect(Math.abs(running[k] - f0[k])).toBeGreaterThan(1e-3); // f did move
      expect(Math.abs(running[k] - s.f[k])).toBeLessThan(1e-12 * Math.max(1, Math.abs(s.f[k])));
    }
  });
});

describe('the runner’s fused draw-and-project path', () => {
  it('gives bit-identical weights to drawing x and calling the step with its own mat-vec', () => {
    for (const rule of ['pepita', 'afa', 'bp'] as const) {
      const config = parseConfig({ rule, D: 60, eta: 0.7, noise: 0.2, times: [0, 3], sim: { seeds: 1, threads: 1 } });
      const w = initialWeights(config);
      const problem = simProblemOf(config);
      expect(problem.steps).toEqual([0, 180]);
      expect(problem.weights).toEqual(w);
      const run = simulateRun({ problem, seed: 9 });
      // the same 180 steps by hand: fillNormal, ξ, step (fields computed inside the step), refresh at t = 1, 2
      const s = createState(w);
      const p = resolveLearningSetup({ rule, eta: 0.7, eta2: 0.7, noise: 0.2, activation: 'erf', teacherActivation: 'erf', feedbackWeights: null }, 2);
      const ws = createWorkspace(s, p);
      const rng = new Rng(9);
      const x = new Float64Array(60);
      for (let mu = 1; mu <= 180; mu++) {
        rng.fillNormal(x, 0, 60);
        stepFor(p.rule)(s, p, x, rng.normal(), ws);
        if (mu % 60 === 0) refreshFeedback(s);
      }
      const last = run.states[1];
      for (let k = 0; k < 2; k++) {
        expect(last.W2[k]).toBe(s.W2[k]);
        expect(last.Q[k * 2 + k]).toBe(dotSelf(s.W1, k, 60));
      }
    }
  });
});

function dotSelf(W: Float64Array, k: number, n: number): number {
  // the same summation as overlapsFromWeights (a plain ascending sum)
  let s = 0;
  for (let i = 0; i < n; i++) s += W[k * n + i] * W[k * n + i];
  return s / n;
}
