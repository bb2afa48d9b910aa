/**
 * Weight mirroring (docs/rules.md "Weight mirroring", paper Sec. 6) in both engines, against
 * independent routes:
 *   1. one mirror step = the algorithm written out here with plain arrays (1e-12), with and without
 *      normalisation and decay, erf and relu students;
 *   2. the runner's loop (fused draw, pending updates, the mirror after each step, the pre-phase) =
 *      a literal PEPITA/AFA step followed by the literal mirror step, over 6 integer times (1e-12);
 *   3. D × the mean one-step change = the ODE RHS: the mirror part alone (closed forms for erf, so
 *      only the simulation's standard error counts) and the learning step with the mirror
 *      (general Monte Carlo RHS + mirror terms), z-scores O(1), with a power check;
 *   4. 4-seed simulations at D = 500 follow the mirrored ODE (the PEPITA criterion of
 *      test/theory/pepita.test.ts: median |Δεg/εg| < 3 %), normalised, unnormalised and with
 *      pre-mirroring; threads 1 and 2 give identical runs;
 *   5. bad input refused by the CLI: exit 2, the field named, nothing written.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { activation } from '../../src/core/activations.ts';
import { parseConfig, type Config } from '../../src/core/config.ts';
import { initialOverlaps } from '../../src/core/init.ts';
import { resolveLearningSetup, type LearningSetup } from '../../src/core/learningSetup.ts';
import { mirrorAverages, productFeedback, type MirrorSpec } from '../../src/core/mirror.ts';
import type { Weights } from '../../src/core/overlaps.ts';
import { Rng } from '../../src/core/rng.ts';
import { simulateOf, solveTheoryOf, theoryProblemOf } from '../../src/app/fromConfig.ts';
import { meanOneStepChange } from '../../src/app/meanStep.ts';
import { withMirrorTerms } from '../../theory/mirror.ts';
import { odeSystem, packState, stateNames } from '../../theory/state.ts';
import { createState, flushPending, mirrorRngOf, refreshFeedback } from '../../sim/state.ts';
import { advance, createStepLoop } from '../../sim/stepLoop.ts';
import { mirrorStep } from '../../sim/steps/mirror.ts';
import { mcRhsWithStdErr } from '../theory/systems.ts';
import { odeVsSeedMean } from '../theory/simVsTheory.ts';
import { runCli } from '../cli/runCli.ts';
import { maxRel, maxZ } from './stepHelpers.ts';

/** Weights with mirrored feedback: i.i.d. normal W1, W̃1, F1 rows, F2, and F = F1F2. */
function mirroredWeights(K: number, M: number, D: number, seed: number): Weights {
  const r = new Rng(seed);
  const v = (n: number, s: number) => Float64Array.from({ length: n }, () => s * r.normal());
  const F1 = v(K * D, 0.7), F2 = v(K, 0.8);
  return { K, M, D, W1: v(K * D, 1), W1t: v(M * D, 1), W2: v(K, 0.5), W2t: v(M, 1), F: productFeedback(F1, F2, K, D), F1, F2 };
}

const spec = (over: Partial<MirrorSpec> = {}): MirrorSpec => ({ rate: 0.8, noise: 0.7, decay: 0, normalise: true, pre: 0, during: true, ...over });

/**
 * The mirror step written out (docs/rules.md "Weight mirroring"; the authors' layer-wise mirror):
 * rows F1^j += (η_m/√D) g(W1^j·ξ/√D) ξ − (η_mλ_m/D) F1^j, F2 += (η_m/D)(W2·ζ) ζ − (η_mλ_m/D) F2,
 * F = Σ_j F2_j F1^j, then F1, F2 scaled by (q_f(0)/q_f)^{1/4}. ξ, ζ: the given normals × σ_n.
 */
function literalMirror(W1: number[][], W2: number[], F1: number[][], F2: number[], m: MirrorSpec, g: (x: number) => number, xi0: number[], zeta0: number[], qf0: number) {
  const D = xi0.length, K = W1.length, s = Math.sqrt(D);
  const xi = xi0.map((v) => m.noise * v), zeta = zeta0.map((v) => m.noise * v);
  const keep = 1 - (m.rate * m.decay) / D;
  const z = W1.map((row) => row.reduce((a, w, i) => a + w * xi[i], 0) / s);
  let F1n = F1.map((row, j) => row.map((a, i) => keep * a + (m.rate / s) * g(z[j]) * xi[i]));
  const u = W2.reduce((a, w, k) => a + w * zeta[k], 0);
  let F2n = F2.map((a, j) => keep * a + (m.rate / D) * u * zeta[j]);
  const product = () => Array.from({ length: D }, (_, i) => F2n.reduce((a, c, j) => a + c * F1n[j][i], 0));
  let F = product();
  if (m.normalise) {
    const qf = F.reduce((a, v) => a + v * v, 0) / D;
    const c = Math.pow(qf0 / qf, 0.25);
    F1n = F1n.map((row) => row.map((a) => c * a));
    F2n = F2n.map((a) => c * a);
    F = product();
  }
  const f = W1.map((row) => row.reduce((a, w, i) => a + w * F[i], 0) / D);
  return { F1: F1n, F2: F2n, F, f };
}

describe('one mirror step = the algorithm written out (1e-12)', () => {
  const K = 3, M = 2, D = 64;
  const cases: [string, 'erf' | 'relu', Partial<MirrorSpec>][] = [
    ['erf, normalised', 'erf', {}],
    ['erf, unnormalised, decay 0.5', 'erf', { normalise: false, decay: 0.5 }],
    ['relu, normalised, decay 2, σ_n = 1.3', 'relu', { decay: 2, noise: 1.3 }],
  ];
  for (const [name, act, over] of cases) {
    it(name, () => {
      const w = mirroredWeights(K, M, D, 21);
      const m = spec(over);
      const g = activation(act).g;
      const s = createState(w, 5);
      const qf0 = s.qf;
      // the normals the step draws: D for ξ, then K for ζ, from the mirror stream of the run's seed
      const r = mirrorRngOf(5);
      const xi0 = new Float64Array(D), zeta0 = new Float64Array(K);
      r.fillNormal(xi0, 0, D);
      r.fillNormal(zeta0, 0, K);
      const rows = (A: Float64Array, n: number) => Array.from({ length: n }, (_, i) => Array.from(A.subarray(i * D, (i + 1) * D)));
      const want = literalMirror(rows(w.W1, K), Array.from(w.W2), rows(w.F1!, K), Array.from(w.F2!), m, g, Array.from(xi0), Array.from(zeta0), qf0);
      mirrorStep(s, m, g);
      expect(maxRel(s.mirror!.F1, want.F1.flat())).toBeLessThan(1e-12);
      expect(maxRel(s.mirror!.F2, want.F2)).toBeLessThan(1e-12);
      expect(maxRel(s.F, want.F)).toBeLessThan(1e-12);
      expect(maxRel(s.f, want.f)).toBeLessThan(1e-12);
      expect(Math.abs(s.qf - want.F.reduce((a, v) => a + v * v, 0) / D)).toBeLessThan(1e-12 * s.qf);
      if (m.normalise) expect(Math.abs(s.qf - qf0)).toBeLessThan(1e-12 * qf0);
      // not vacuous: the step moved F by O(η_m/√D)
      expect(maxRel(s.F, w.F)).toBeGreaterThan(1e-3);
    });
  }
});

/** The learning steps written out (docs/rules.md): PEPITA (eq. 3) and AFA, scaled convention. */
function literalLearningStep(rule: 'pepita' | 'afa', p: LearningSetup, W1: number[][], W2: number[], W1t: number[][], W2t: number[], F: number[], x: number[], xi: number): void {
  const D = x.length, s = Math.sqrt(D);
  const dotv = (u: number[], v: number[]) => u.reduce((a, b, i) => a + b * v[i], 0);
  const { g, dg } = p.student;
  const lam = W1.map((row) => dotv(row, x) / s);
  const h = lam.map(g);
  const yhat = h.reduce((a, v, k) => a + W2[k] * v, 0);
  const y = W1t.reduce((a, row, m) => a + W2t[m] * p.teacher.g(dotv(row, x) / s), 0) + p.noise * xi;
  const e = yhat - y;
  const k1 = p.eta / s, k2 = p.eta2 / D;
  if (rule === 'afa') {
    const f = W1.map((row) => dotv(row, F) / D);
    for (let k = 0; k < W1.length; k++) {
      const a = f[k] * dg(lam[k]) * e;
      for (let i = 0; i < D; i++) W1[k][i] -= k1 * a * x[i];
      W2[k] -= k2 * e * h[k];
    }
    return;
  }
  const xErr = x.map((v, i) => v - (F[i] * e) / s);
  const lm = W1.map((row) => dotv(row, xErr) / s);
  for (let k = 0; k < W1.length; k++) {
    const b = g(lam[k]) - g(lm[k]);
    for (let i = 0; i < D; i++) W1[k][i] -= k1 * b * xErr[i];
    W2[k] -= k2 * e * g(lm[k]);
  }
}

describe('the runner with a mirror = literal learning step + literal mirror step (1e-12)', () => {
  const D = 40, STEPS = 6 * D;
  const cases: [string, 'pepita' | 'afa', number, number, Partial<MirrorSpec>][] = [
    ['pepita K=3 M=2, σ = 0.3', 'pepita', 3, 2, {}],
    ['pepita K=2 M=3, unnormalised, decay 1, pre 2', 'pepita', 2, 3, { normalise: false, decay: 1, pre: 2 }],
    ['afa K=3 M=1, pre 1', 'afa', 3, 1, { pre: 1 }],
  ];
  for (const [name, rule, K, M, over] of cases) {
    it(name, () => {
      const w = mirroredWeights(K, M, D, 30 + K);
      const m = spec(over);
      const p = resolveLearningSetup({ rule, eta: 0.6, eta2: 0.4, noise: 0.3, activation: 'erf', teacherActivation: 'erf', feedbackWeights: null, mirror: m }, K);
      const seed = 11;
      // the runner's route
      const loop = createStepLoop(w, p, seed);
      for (let mu = 0; mu < STEPS; mu += D) {
        expect(advance(loop, mu, mu + D)).toBe(-1);
        flushPending(loop.state, loop.ws);
        refreshFeedback(loop.state);
      }
      // the literal route: pre-phase, then per step D data normals (+ ξ), the learning step, the mirror step
      const rows = (A: Float64Array, n: number) => Array.from({ length: n }, (_, i) => Array.from(A.subarray(i * D, (i + 1) * D)));
      const W1 = rows(w.W1, K);
      let F1 = rows(w.F1!, K), F2 = Array.from(w.F2!), F = Array.from(w.F);
      const W1t = rows(w.W1t, M), W2 = Array.from(w.W2), W2t = Array.from(w.W2t);
      const qf0 = F.reduce((a, v) => a + v * v, 0) / D;
      const mr = mirrorRngOf(seed), data = new Rng(seed);
      const xi0 = new Float64Array(D), zeta0 = new Float64Array(K), x = new Float64Array(D);
      const mirrorOnce = () => {
        mr.fillNormal(xi0, 0, D);
        mr.fillNormal(zeta0, 0, K);
        const r = literalMirror(W1, W2, F1, F2, m, p.student.g, Array.from(xi0), Array.from(zeta0), qf0);
        F1 = r.F1;
        F2 = r.F2;
        F = r.F;
      };
      for (let i = 0; i < Math.round(m.pre * D); i++) mirrorOnce();
      for (let mu = 0; mu < STEPS; mu++) {
        data.fillNormal(x, 0, D);
        literalLearningStep(rule, p, W1, W2, W1t, W2t, F, Array.from(x), data.normal());
        mirrorOnce();
      }
      expect(maxRel(loop.state.W1, W1.flat())).toBeLessThan(1e-12);
      expect(maxRel(loop.state.W2, W2)).toBeLessThan(1e-12);
      expect(maxRel(loop.state.mirror!.F1, F1.flat())).toBeLessThan(1e-12);
      expect(maxRel(loop.state.F, F)).toBeLessThan(1e-12);
      // not vacuous: F moved
      expect(maxRel(loop.state.F, w.F)).toBeGreaterThan(1e-2);
    });
  }

  it('mirror.during = false: only the pre-phase moves F', () => {
    const K = 2, M = 2, w = mirroredWeights(K, M, D, 3);
    const m = spec({ during: false, pre: 1 });
    const p = resolveLearningSetup({ rule: 'pepita', eta: 0.6, eta2: 0.4, noise: 0, activation: 'erf', teacherActivation: 'erf', feedbackWeights: null, mirror: m }, K);
    const loop = createStepLoop(w, p, 4);
    const F = loop.state.F.slice();
    expect(maxRel(F, w.F)).toBeGreaterThan(1e-2);
    expect(advance(loop, 0, 3 * D)).toBe(-1);
    expect(maxRel(loop.state.F, F)).toBe(0);
  });
});

describe('D × mean one-step change = the mirrored ODE RHS at a frozen state', () => {
  /**
   * As test/engines/newRules.test.ts: per component, |sim − theory| < 4.5 combined standard errors
   * (≈ 40 components per case: a false alarm has probability ~3e-4). The mirror terms are closed
   * forms (erf), so for the mirror part only the simulation's standard error counts; the learning
   * part's RHS is a 10⁶-sample Monte Carlo average with its own error. The O(1/D) biases (the
   * normalisation's second order, |ξ|²/D − σ_n²) are ≈ 0.2 % of a term at D = 500, below the errors.
   */
  const K = 2, M = 2, D = 500, SAMPLES = 30_000, Z = 4.5;
  const init = {
    kind: 'overlaps', seed: 4, Q: [[1, 0.2], [0.2, 0.8]], R: [[0.5, 0.1], [0.2, 0.4]], T: [[1, 0], [0, 1]], W2: [0.6, 0.3], W2t: [1, 1],
    P: [[0.3, -0.1], [0.2, 0.25]], Pt: [[0.1, 0.05], [-0.1, 0.2]], G: [[1, 0.1], [0.1, 0.9]], F2: [0.5, -0.4],
  };
  const configOf = (over: Record<string, unknown>) => parseConfig({ K, M, D, eta: 1, eta2: 0.7, noise: 0.2, init, mirror: { rate: 1.5, noise: 0.8, decay: 0.5 }, ...over });
  const names = stateNames(K, M, true);

  function expectAgreement(mean: Float64Array, se: Float64Array, dy: ArrayLike<number>, seT: ArrayLike<number> | null) {
    const bad: string[] = [];
    for (let i = 0; i < mean.length; i++) {
      const tol = Z * Math.hypot(se[i], seT ? seT[i] : 0);
      if (!(Math.abs(mean[i] - dy[i]) < tol) && !(se[i] === 0 && Math.abs(mean[i] - dy[i]) < 1e-9)) bad.push(`${names[i]}: sim ${mean[i]} ± ${se[i]}, theory ${dy[i]}`);
    }
    expect(bad).toEqual([]);
  }

  function mirrorTermsOf(config: Config): Float64Array {
    const sys = odeSystem(theoryProblemOf(config));
    const y = packState(initialOverlaps(config));
    const dy = new Float64Array(y.length);
    withMirrorTerms(null, { ...sys, mirror: sys.mirror! })(0, y, dy);
    return dy;
  }

  for (const [name, over] of [['normalised', {}], ['unnormalised', { mirror: { rate: 1.5, noise: 0.8, decay: 0.5, normalise: false } }], ['relu students', { activation: 'relu' }]] as const) {
    it(`the mirror step alone (${name})`, () => {
      const config = configOf(over);
      const dy = mirrorTermsOf(config);
      const { mean, se } = meanOneStepChange(config, SAMPLES, 77, 'mirror');
      expectAgreement(mean, se, dy, null);
      if (!config.mirror!.normalise) {
        // power: the same data reject dG without the mirror step's own η_m²σ_n² E[g(z)g(z)ᵀ] term
        const { rate, noise } = config.mirror!;
        const o = initialOverlaps(config);
        const c = o.Q.map((q) => noise * noise * q), gamma = new Float64Array(K), gg = new Float64Array(K * K);
        mirrorAverages(config.activation === 'relu' ? activation('relu') : activation('erf'), c, K, gamma, gg);
        let zMax = 0;
        for (let i = 0; i < K; i++) {
          const j = names.indexOf(`G_${i + 1}_${i + 1}`);
          zMax = Math.max(zMax, Math.abs(mean[j] - (dy[j] - rate * rate * noise * noise * gg[i * K + i])) / se[j]);
        }
        expect(zMax).toBeGreaterThan(10);
      }
    });
  }

  it('the learning step with the mirror (PEPITA, general RHS + mirror terms)', () => {
    const config = configOf({});
    const sys = odeSystem(theoryProblemOf(config));
    const y = packState(initialOverlaps(config));
    const learning = mcRhsWithStdErr(sys, { samples: 1_000_000, seed: 99 }, y);
    const dy = new Float64Array(y.length);
    withMirrorTerms((_t, _y, out) => out.set(learning.dy), { ...sys, mirror: sys.mirror! })(0, y, dy);
    const { mean, se } = meanOneStepChange(config, SAMPLES);
    expectAgreement(mean, se, dy, learning.stdErr);
    // power: the learning part alone (mirror terms dropped) is rejected
    expect(maxZ(mean, se, learning.dy, learning.stdErr)).toBeGreaterThan(10);
  });
});

describe('limit: a mirror that never runs (pre = 0, during = false) is the fixed-F ODE', () => {
  /**
   * With F frozen the mirrored state's learning part of P (E[a_k ρ_j + b_k(ρ_j − (GF2)_j e)] through
   * the conditional mean of ρ_j) must give back the fixed-F ODE with f = P F2, f̃ = P̃ F2,
   * q_f = F2ᵀ G F2, whose df uses ρ itself. Both are solved with the same tolerances (rtol 1e-8 here);
   * the mirrored route averages by cubature, the AFA reference is closed-form, so the agreement is
   * bounded by the cubature error (< 1e-5 of εg on Fig. 2, bench/RESULTS.md): 1e-4 relative.
   */
  const mirrored = { Q: [[1, 0.2], [0.2, 0.8]], R: [[0.3, 0.1], [0.2, 0.25]], T: [[1, 0], [0, 1]], W2: [0.4, 0.2], W2t: [1, 1], P: [[0.3, -0.1], [0.2, 0.25]], Pt: [[0.1, 0.05], [-0.1, 0.2]], G: [[1, 0.1], [0.1, 0.9]], F2: [0.5, -0.4] };
  const f = [0.3 * 0.5 + 0.1 * 0.4, 0.2 * 0.5 - 0.25 * 0.4], ft = [0.1 * 0.5 - 0.05 * 0.4, -0.1 * 0.5 - 0.2 * 0.4];
  const qf = 0.25 * 1 + 2 * 0.5 * -0.4 * 0.1 + 0.16 * 0.9;
  for (const rule of ['afa', 'pepita'] as const) {
    it(rule, () => {
      const base = { rule, eta: 1, tmax: 40, points: 12, spacing: 'linear', theory: { rtol: 1e-8, atol: 1e-10 } };
      const a = solveTheoryOf(parseConfig({ ...base, mirror: { rate: 1, noise: 1, during: false }, init: { kind: 'overlaps', ...mirrored } }));
      const b = solveTheoryOf(parseConfig({ ...base, init: { kind: 'overlaps', ...mirrored, P: undefined, Pt: undefined, G: undefined, F2: undefined, f, ft, qf } }));
      expect(a.result).toBe('success');
      expect(b.result).toBe('success');
      console.log(`limit ${rule}: max rel εg difference ${maxRel(a.eg, b.eg).toExponential(2)}, εg ${a.eg[0].toFixed(4)} → ${a.eg.at(-1)!.toFixed(4)}`);
      expect(maxRel(a.eg, b.eg)).toBeLessThan(1e-4);
      expect(maxRel(a.states.at(-1)!.f, b.states.at(-1)!.f)).toBeLessThan(1e-4);
      // not vacuous: the state moved
      expect(Math.abs(a.eg.at(-1)! - a.eg[0])).toBeGreaterThan(1e-2);
    });
  }
});

describe('mirrored PEPITA: 4-seed simulations at D = 500 follow the mirrored ODE (median |Δεg/εg| < 3 %)', () => {
  // the Fig. 2 setting (K = M = 2, erf, η = 0.05, W2(0) = 0); Monte Carlo theory averages (10⁴ samples) keep it quick
  const cases: [string, Record<string, unknown>][] = [
    ['normalised, η_m = 1, σ_n = 1', { mirror: { rate: 1, noise: 1 } }],
    // decay keeps the unnormalised factors bounded (λ_m = 0.5 lets F grow until PEPITA diverges near t = 100)
    ['unnormalised, η_m = 0.5, λ_m = 0.75', { mirror: { rate: 0.5, noise: 1, decay: 0.75, normalise: false } }],
    ['pre-mirroring t_pre = 5', { mirror: { rate: 1, noise: 1, pre: 5 } }],
  ];
  for (const [name, over] of cases) {
    it(name, async () => {
      const config = parseConfig({ rule: 'pepita', tmax: 150, sim: { seeds: 4 }, theory: { averages: 'mc', mcSamples: 10_000 }, ...over });
      const { ode, median } = await odeVsSeedMean(config, `mirror ${name}`);
      const times = ode.times;
      expect(median).toBeLessThan(0.03);
      // the mirror matters here: without it εg at t = 150 is far higher (the plateau)
      const fixed = solveTheoryOf(parseConfig({ rule: 'pepita', tmax: 150, theory: { averages: 'mc', mcSamples: 10_000 } }), { times });
      expect(fixed.eg[times.length - 1]).toBeGreaterThan(1.5 * ode.eg[times.length - 1]);
    });
  }

  it('threads 1 and 2 give identical runs', async () => {
    const config = parseConfig({ rule: 'pepita', tmax: 4, D: 200, points: 5, sim: { seeds: 3 }, mirror: { rate: 1, noise: 1, pre: 1 } });
    const a = await simulateOf(config, { threads: 1 });
    const b = await simulateOf(config, { threads: 2 });
    for (let r = 0; r < 3; r++) {
      expect(Array.from(b.runs[r].eg)).toEqual(Array.from(a.runs[r].eg));
      expect(Array.from(b.runs[r].states.at(-1)!.mirror!.G)).toEqual(Array.from(a.runs[r].states.at(-1)!.mirror!.G));
    }
  });
});

describe('bad mirror input: exit 2, the field named, nothing written', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['a negative rate', { mirror: { rate: -1, noise: 1 } }, /mirror\.rate/],
    ['a negative noise', { mirror: { rate: 1, noise: -0.5 } }, /mirror\.noise/],
    ['a mirror on BP', { rule: 'bp', mirror: { rate: 1, noise: 1 } }, /mirror/],
    ['a mirror on DFA', { rule: 'dfa', feedbackWeights: [1, -0.5], mirror: { rate: 1, noise: 1 } }, /mirror/],
    ['analytic averages with a mirror', { mirror: { rate: 1, noise: 1 }, theory: { averages: 'analytic' } }, /theory\.averages/],
    ['an overlaps init missing P and G', {
      mirror: { rate: 1, noise: 1 },
      init: { kind: 'overlaps', Q: [[1, 0], [0, 1]], R: [[0, 0], [0, 0]], T: [[1, 0], [0, 1]], W2: [0.5, 0.5], W2t: [1, 1], Pt: [[0, 0], [0, 0]], F2: [1, 0] },
    }, /init\.(P|G)/],
    ['f with a mirror', {
      mirror: { rate: 1, noise: 1 },
      init: { kind: 'overlaps', Q: [[1, 0], [0, 1]], R: [[0, 0], [0, 0]], T: [[1, 0], [0, 1]], W2: [0.5, 0.5], W2t: [1, 1], P: [[0, 0], [0, 0]], Pt: [[0, 0], [0, 0]], G: [[1, 0], [0, 1]], F2: [1, 0], f: [0, 0], ft: [0, 0], qf: 1 },
    }, /init\.(f|ft|qf)/],
    ['a non-PSD joint covariance of (W1, W̃1, F1)', {
      mirror: { rate: 1, noise: 1 },
      // P_11 = 2 > sqrt(Q_11 G_11) = 1: no vectors have these overlaps
      init: { kind: 'overlaps', Q: [[1, 0], [0, 1]], R: [[0, 0], [0, 0]], T: [[1, 0], [0, 1]], W2: [0.5, 0.5], W2t: [1, 1], P: [[2, 0], [0, 0]], Pt: [[0, 0], [0, 0]], G: [[1, 0], [0, 1]], F2: [1, 0] },
    }, /init/],
  ];
  for (const [name, over, field] of cases) {
    it(name, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'pepita-mirror-'));
      const cfg = join(dir, 'c.json');
      writeFileSync(cfg, JSON.stringify({ tmax: 2, D: 100, ...over }));
      const out = join(dir, 'out');
      for (const cmd of ['simulate', 'theory']) {
        const r = await runCli([cmd, '--config', cfg, '--out', out]);
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toMatch(field);
        expect(existsSync(out)).toBe(false);
      }
    });
  }
});
