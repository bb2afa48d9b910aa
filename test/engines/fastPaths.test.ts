/**
 * Every fast path against the plain route, on every shape it can take (issue 19: a K = 3 bug in the
 * K = M = 2 fused draw slipped past tests that only saw K = 2).
 *
 * Simulation: the runner's loop (sim/stepLoop.ts: the fused draw-and-project with the previous
 * step's pending row update, the rule's step as sim/steps/ picks it, the integer-t refresh of f as
 * sim/runOne.ts does it) and the undeferred step (applied at once) against a literal step written
 * here with plain arrays — every field by a fresh product, λ_mod = W1·x_err/√D by a fresh product,
 * f = W1F/D fresh every step, the update W1 −= (η/√D)(a x + b x_err) — for K, M ∈ 1..4, every rule,
 * σ = 0 and σ > 0 (and with weight decay), over 240 steps at D = 40 (6 integer times), on the same data stream. 1e-12
 * relative per element of W1 and W2: the two routes differ only in rounding (≈ 1e-16 per operation,
 * a few hundred operations per element), far below 1e-12; a wrong update is O(η/√D) ≈ 0.1.
 *
 * Theory: the closed-form RHS of the alignment form and the control-variate RHS of the modulation
 * form against the general RHS on random states (test/engines/fastPathsTheory.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { resolveLearningSetup, type LearningSetup } from '../../src/core/learningSetup.ts';
import type { Weights } from '../../src/core/overlaps.ts';
import { Rng } from '../../src/core/rng.ts';
import { LEARNING_RULES, type LearningRule } from '../../src/core/rules/index.ts';
import { createState, createWorkspace, flushPending, refreshFeedback } from '../../sim/state.ts';
import { advance, createStepLoop } from '../../sim/stepLoop.ts';
import { stepOf } from '../../sim/steps/index.ts';

const D = 40;
const STEPS = 6 * D;

function randomWeights(K: number, M: number, seed: number): Weights {
  const r = new Rng(seed);
  const v = (n: number, s: number) => Float64Array.from({ length: n }, () => s * r.normal());
  return { K, M, D, W1: v(K * D, 1), W1t: v(M * D, 1), W2: v(K, 0.5), W2t: v(M, 1), F: v(D, 0.8) };
}

function setupOf(rule: LearningRule, K: number, noise: number, decay = false): LearningSetup {
  return resolveLearningSetup({
    rule: rule.id, eta: 0.6, eta2: 0.4, noise, activation: 'erf', teacherActivation: 'erf',
    feedbackWeights: rule.needsFeedbackWeights ? Array.from({ length: K }, (_, k) => 0.9 - 0.35 * k) : null,
    // large enough to matter over 240 steps at D = 40 (factors 1 − 0.6·1.5/40 per step)
    weightDecay: decay ? { W1: 1.5, W2: 2 } : null,
  }, K);
}

/**
 * The per-sample coefficients of the built-in rules as docs/rules.md tabulates them, written out
 * (not the rule objects' code). lm is λ_mod; the Hebbian c is split into its clean part (ŷ g(λ)) and
 * its modulated part (−y g(λ_mod)) because Algorithm 2 applies them at different moments.
 */
interface Literal { a: number[]; b: (lm: number[]) => number[]; cClean: number[]; cMod: (lm: number[]) => number[] }
function literalCoefficients(id: string, p: LearningSetup, lam: number[], e: number, yhat: number, y: number, W2: number[], f: number[]): Literal {
  const { g, dg } = p.student;
  const K = lam.length;
  const zeros = () => new Array<number>(K).fill(0);
  const phi = id === 'bp' ? W2 : id === 'dfa' ? Array.from(p.feedbackWeights) : id === 'afa' ? f : null;
  if (phi) return { a: lam.map((l, k) => phi[k] * dg(l) * e), b: zeros, cClean: lam.map((l) => e * g(l)), cMod: zeros };
  if (id === 'pepita') return { a: zeros(), b: (lm) => lam.map((l, k) => g(l) - g(lm[k])), cClean: zeros(), cMod: (lm) => lm.map((v) => e * g(v)) };
  if (id === 'pepita-modulated-error') {
    // the last layer on e_mod = Σ_j W2^j g(λ_mod^j) − y (the 2022 code)
    const eMod = (lm: number[]) => lm.reduce((acc, v, j) => acc + W2[j] * g(v), 0) - y;
    return { a: zeros(), b: (lm) => lam.map((l, k) => g(l) - g(lm[k])), cClean: zeros(), cMod: (lm) => lm.map((v) => eMod(lm) * g(v)) };
  }
  if (id === 'drtp') return { a: lam.map((l, k) => -p.feedbackWeights[k] * dg(l) * y), b: zeros, cClean: lam.map((l) => e * g(l)), cMod: zeros };
  const s = id === 'ff' ? (v: number) => dg(v) * g(v) : (v: number) => g(v); // eq. 9 (FF) or eq. 13
  if (id === 'pepita-hebbian' || id === 'pepita-time-local' || id === 'ff') {
    return { a: lam.map(s), b: (lm) => lm.map((v) => -s(v)), cClean: lam.map((l) => yhat * g(l)), cMod: (lm) => lm.map((v) => -y * g(v)) };
  }
  throw new Error(`no literal coefficients for rule ${id}`);
}

/** The plain literal step: plain arrays, fresh products everywhere; W1 (K rows) and W2 updated in place. */
function literalStep(p: LearningSetup, W1: number[][], W2: number[], W1t: number[][], W2t: number[], F: number[], x: number[], xi: number): void {
  const K = W1.length;
  const s = Math.sqrt(D);
  const dotv = (u: number[], v: number[]) => { let a = 0; for (let i = 0; i < D; i++) a += u[i] * v[i]; return a; };
  const lam = W1.map((row) => dotv(row, x) / s);
  const f = W1.map((row) => dotv(row, F) / D);
  const yhat = lam.reduce((acc, l, k) => acc + W2[k] * p.student.g(l), 0);
  const y = W1t.reduce((acc, row, m) => acc + W2t[m] * p.teacher.g(dotv(row, x) / s), 0) + p.noise * xi;
  const e = yhat - y;
  const W2before = W2.slice();
  const c = literalCoefficients(p.rule.id, p, lam, e, yhat, y, W2before, f);
  const xErr = x.map((v, i) => v - (F[i] * e) / s);
  const k1 = p.eta / s, k2 = p.eta2 / D;
  if (p.rule.cleanUpdateFirst) {
    // Algorithm 2: the clean update, then the modulated pass on W1⁺
    for (let k = 0; k < K; k++) {
      for (let i = 0; i < D; i++) W1[k][i] -= k1 * c.a[k] * x[i];
      W2[k] -= k2 * c.cClean[k];
    }
    const lm = W1.map((row) => dotv(row, xErr) / s);
    const b = c.b(lm), cm = c.cMod(lm);
    for (let k = 0; k < K; k++) {
      for (let i = 0; i < D; i++) W1[k][i] -= k1 * b[k] * xErr[i];
      W2[k] -= k2 * cm[k];
    }
  } else {
    const lm = W1.map((row) => dotv(row, xErr) / s);
    const b = c.b(lm), cm = c.cMod(lm);
    for (let k = 0; k < K; k++) {
      for (let i = 0; i < D; i++) W1[k][i] -= k1 * (c.a[k] * x[i] + b[k] * xErr[i]);
      W2[k] -= k2 * (c.cClean[k] + cm[k]);
    }
  }
  // weight decay after the update (docs/rules.md "Weight decay")
  const g1 = 1 - (p.eta * p.weightDecay.W1) / D, g2 = 1 - (p.eta2 * p.weightDecay.W2) / D;
  for (let k = 0; k < K; k++) {
    for (let i = 0; i < D; i++) W1[k][i] *= g1;
    W2[k] *= g2;
  }
}

/** STEPS literal steps on the data stream of `seed` (D normals, then ξ when σ > 0, per step). */
function literalRun(w: Weights, p: LearningSetup, seed: number): { W1: number[]; W2: number[] } {
  const { K, M } = w;
  const rows = (A: Float64Array, n: number) => Array.from({ length: n }, (_, r) => Array.from(A.subarray(r * D, (r + 1) * D)));
  const W1 = rows(w.W1, K), W1t = rows(w.W1t, M), W2 = Array.from(w.W2), W2t = Array.from(w.W2t), F = Array.from(w.F);
  const rng = new Rng(seed);
  const x = new Float64Array(D);
  for (let mu = 0; mu < STEPS; mu++) {
    rng.fillNormal(x, 0, D);
    const xi = p.noise > 0 ? rng.normal() : 0;
    literalStep(p, W1, W2, W1t, W2t, F, Array.from(x), xi);
  }
  return { W1: W1.flat(), W2 };
}

/** The runner's route: the step loop in blocks of D steps, flushing and refreshing f at integer t as sim/runOne.ts does. */
function loopRun(w: Weights, p: LearningSetup, seed: number): { W1: Float64Array; W2: Float64Array } {
  const loop = createStepLoop(w, p, seed);
  for (let mu = 0; mu < STEPS; mu += D) {
    expect(advance(loop, mu, mu + D)).toBe(-1);
    flushPending(loop.state, loop.ws);
    refreshFeedback(loop.state);
  }
  return { W1: loop.state.W1, W2: loop.state.W2 };
}

/** The same steps with the update applied at once (no deferral, the step's own mat-vec). */
function undeferredRun(w: Weights, p: LearningSetup, seed: number): { W1: Float64Array; W2: Float64Array } {
  const s = createState(w);
  const ws = createWorkspace(s, p);
  const step = stepOf(p);
  const rng = new Rng(seed);
  const x = new Float64Array(D);
  for (let mu = 0; mu < STEPS; mu++) {
    rng.fillNormal(x, 0, D);
    step(s, p, x, p.noise > 0 ? rng.normal() : 0, ws);
  }
  return { W1: s.W1, W2: s.W2 };
}

/** max_i |a_i − b_i| / max(1, |b_i|) */
function maxElementError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return worst;
}

describe('every simulation fast path = the literal step, on every shape (K, M ∈ 1..4, every rule, σ = 0 and 0.3, with and without weight decay)', () => {
  for (const rule of LEARNING_RULES) {
    it(`${rule.id} (${rule.form.kind} form, pending update of kind ${rule.form.kind === 'alignment' ? 1 : 2})`, () => {
      const failures: string[] = [];
      let worst = 0;
      for (let K = 1; K <= 4; K++) {
        for (let M = 1; M <= 4; M++) {
          for (const [noise, decay] of [[0, false], [0.3, false], [0.3, true]] as const) {
            const w = randomWeights(K, M, 100 * K + 10 * M);
            const p = setupOf(rule, K, noise, decay);
            const seed = 7 + K + M;
            const want = literalRun(w, p, seed);
            for (const [route, got] of [['loop', loopRun(w, p, seed)], ['undeferred', undeferredRun(w, p, seed)]] as const) {
              const err = Math.max(maxElementError(got.W1, want.W1), maxElementError(got.W2, want.W2));
              worst = Math.max(worst, err);
              if (!(err < 1e-12)) failures.push(`K=${K} M=${M} σ=${noise}${decay ? ' decay' : ''} ${route}: ${err.toExponential(2)}`);
            }
          }
        }
      }
      expect(failures, `worst ${worst.toExponential(2)}`).toEqual([]);
    });
  }

  it('the literal step moves the weights (the comparison is not vacuous)', () => {
    const w = randomWeights(3, 2, 1);
    const after = literalRun(w, setupOf(LEARNING_RULES.find((r) => r.id === 'pepita')!, 3, 0), 2);
    expect(maxElementError(after.W1, w.W1)).toBeGreaterThan(1e-2);
  });
});
