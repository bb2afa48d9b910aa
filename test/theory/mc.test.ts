/**
 * The Monte Carlo right-hand sides against independent routes:
 *   - the closed-form RHS of theory/rhs.ts (erf and linear units; bp, dfa, afa; with label noise),
 *     within a few of the MC's own reported standard errors;
 *   - for activations without closed forms (relu, tanh) and for PEPITA: a direct evaluation of
 *     the docs/rules.md formulas through the generic averager on an independent, raw (not
 *     moment-matched) bank, with the full ρ (no Rao–Blackwellisation) — checks the kernel's
 *     assembly, its symmetry shortcut and its conditioning on ρ;
 *   - the 1/√n law of the RHS error;
 *   - a whole AFA curve (solveTheoryOf, averages "mc" vs "analytic") in the Fig. 2 setting.
 */
import { genericK2M2State } from '../core/gaussianMc.ts';
import { describe, expect, it } from 'vitest';
import { linearRegression } from 'simple-statistics';
import type { ActivationId } from '../../src/core/activations.ts';
import { solveTheoryOf } from '../../src/app/fromConfig.ts';
import { parseConfig } from '../../src/core/config.ts';
import { NumericalError } from '../../src/core/errors.ts';
import { choleskyPsd } from '../../src/core/linalg/cholesky.ts';
import { GaussianAverager, NormalBank } from '../../src/core/montecarlo.ts';
import { covarianceOf, type Overlaps } from '../../src/core/overlaps.ts';
import type { Rule } from '../../src/core/config.ts';
import { AFA, BP, PEPITA } from '../../src/core/rules/index.ts';
import { buildAnalyticRhs } from '../../theory/rhs.ts';
import { packState, stateLayout, unpackState, type OdeSystem } from '../../theory/state.ts';
import { mcRhsOf, mcRhsWithStdErr, systemOf } from './systems.ts';

/** A generic K = M = 2 state away from any symmetric point, with f, f̃ not small. */
function genericState(): Overlaps {
  return genericK2M2State({ W2t: [1, 0.8], f: [0.3, -0.2], ft: [0.25, 0.1], qf: 1 });
}

function problemOf(o: Overlaps, rule: Rule, opts: { noise?: number; student?: ActivationId; teacher?: ActivationId; eta?: number } = {}): OdeSystem {
  return systemOf(o, rule, {
    eta: opts.eta ?? 0.5, eta2: 0.3, noise: opts.noise ?? 0, student: opts.student ?? 'erf', teacher: opts.teacher ?? 'erf',
    feedbackWeights: rule === 'dfa' ? [0.9, -0.6].slice(0, o.K) : null,
  });
}

/** Throws NumericalError(covariance-not-psd) at t when the covariance of state y is indefinite (the solve's output-state check). */
function assertPsdState(y: Float64Array, p: OdeSystem, t: number): void {
  const n = p.K + p.M + 1;
  choleskyPsd(covarianceOf(unpackState(y, p)), n, new Float64Array(n * n), t);
}

/** The NumericalError a call throws (fails the test when it throws nothing or something else). */
function numericalErrorOf(call: () => void): NumericalError {
  try {
    call();
  } catch (err) {
    expect(err).toBeInstanceOf(NumericalError);
    return err as NumericalError;
  }
  throw new Error('expected a NumericalError');
}

/**
 * The RHS straight from docs/rules.md "One form for every rule", one generic average per component over a raw bank:
 * for bp/dfa/afa with drive u_k = b_k g'(λ^k) e, for pepita with Δh_k and the modulated fields.
 */
function directRhs(p: OdeSystem, o: Overlaps, samples: number, seed: number): { dy: Float64Array; se: Float64Array } {
  const { K, M } = p;
  const n = K + M + 1;
  const bank = new NormalBank(n + 1, samples, seed, false);
  const avg = new GaussianAverager(n, 1, samples, seed, bank);
  avg.setCovariance(covarianceOf(o));
  const size = stateLayout(K, M).size;
  const dy = new Float64Array(size);
  const se = new Float64Array(size);
  const g = p.student.g, dg = p.student.dg, gt = p.teacher.g;
  const errorOf = (x: Float64Array) => {
    let e = -p.noise * x[n];
    for (let k = 0; k < K; k++) e += o.W2[k] * g(x[k]);
    for (let m = 0; m < M; m++) e -= o.W2t[m] * gt(x[K + m]);
    return e;
  };
  const b = (k: number) => (p.rule === AFA ? o.f[k] : p.rule === BP ? o.W2[k] : p.feedbackWeights[k]);
  const pep = p.rule === PEPITA;
  // drive of unit k and the field "seen" by the update (modulated for PEPITA)
  const drive = (x: Float64Array, e: number, k: number) => (pep ? g(x[k]) - g(x[k] - o.f[k] * e) : b(k) * dg(x[k]) * e);
  const seenLam = (x: Float64Array, e: number, l: number) => (pep ? x[l] - o.f[l] * e : x[l]);
  let idx = 0;
  const put = (phi: (x: Float64Array) => number, i: number) => {
    const r = avg.average(phi);
    dy[i] = r.mean;
    se[i] = r.stdErr;
  };
  for (let k = 0; k < K; k++) for (let l = k; l < K; l++) {
    put((x) => {
      const e = errorOf(x);
      const uk = drive(x, e, k), ul = drive(x, e, l);
      return -p.eta * (uk * seenLam(x, e, l) + ul * seenLam(x, e, k)) + p.eta * p.eta * uk * ul;
    }, idx++);
  }
  for (let k = 0; k < K; k++) for (let m = 0; m < M; m++) {
    put((x) => {
      const e = errorOf(x);
      return -p.eta * drive(x, e, k) * (pep ? x[K + m] - o.ft[m] * e : x[K + m]);
    }, idx++);
  }
  for (let k = 0; k < K; k++) {
    put((x) => {
      const e = errorOf(x);
      return -p.eta2 * (pep ? g(x[k] - o.f[k] * e) : g(x[k])) * e;
    }, idx++);
  }
  for (let k = 0; k < K; k++) {
    put((x) => {
      const e = errorOf(x);
      return -p.eta * drive(x, e, k) * (pep ? x[K + M] - o.qf * e : x[K + M]);
    }, idx++);
  }
  return { dy, se };
}

describe('Monte Carlo RHS vs the closed-form RHS (erf, linear)', () => {
  const cases: { rule: Rule; noise?: number; teacher?: ActivationId; student?: ActivationId }[] = [
    { rule: 'afa' }, { rule: 'bp' }, { rule: 'dfa' }, { rule: 'afa', noise: 0.5 }, { rule: 'bp', noise: 0.3 },
    { rule: 'afa', teacher: 'linear' }, { rule: 'bp', student: 'linear' },
  ];
  for (const c of cases) {
    it(`${c.rule}, ${c.student ?? 'erf'} student, ${c.teacher ?? 'erf'} teacher, σ = ${c.noise ?? 0}: every component within 4.5 standard errors`, () => {
      const o = genericState();
      const p = problemOf(o, c.rule, c);
      const y = packState(o);
      const exact = new Float64Array(y.length);
      buildAnalyticRhs(p)(0, y, exact);
      const { dy, stdErr } = mcRhsWithStdErr(p, { samples: 40_000, seed: 21 }, y);
      for (let i = 0; i < y.length; i++) {
        // 4.5 sd: over the ≈ 80 components of this block a false alarm has probability ≈ 5e-4;
        // the 1e-12 allows for components whose MC value is exact (quadratic, zero) up to rounding
        expect(Math.abs(dy[i] - exact[i]), `component ${i}: mc ${dy[i]} ± ${stdErr[i]} vs ${exact[i]}`).toBeLessThan(4.5 * stdErr[i] + 1e-12);
      }
      // and the error bars are not so wide that the check is empty: at 40 000 samples an
      // average's SE is ≈ sd/200, so each SE stays below 2 % of the largest RHS component
      let scale = 0;
      for (let i = 0; i < y.length; i++) scale = Math.max(scale, Math.abs(exact[i]));
      for (let i = 0; i < y.length; i++) expect(stdErr[i]).toBeLessThan(0.02 * scale);
    });
  }

  it('the RHS error falls like 1/√n (log–log slope ≈ −½)', () => {
    const o = genericState();
    const p = problemOf(o, 'afa', { noise: 0.2 });
    const y = packState(o);
    const exact = new Float64Array(y.length);
    buildAnalyticRhs(p)(0, y, exact);
    const ns = [2000, 8000, 32_000];
    const seeds = 12;
    const points: [number, number][] = [];
    const dy = new Float64Array(y.length);
    for (const n of ns) {
      let sq = 0;
      for (let s = 0; s < seeds; s++) {
        mcRhsOf(p, { samples: n, seed: 500 + s }).rhs(0, y, dy);
        for (let i = 0; i < y.length; i++) sq += (dy[i] - exact[i]) ** 2;
      }
      points.push([Math.log(n), 0.5 * Math.log(sq / seeds)]);
    }
    const { m } = linearRegression(points);
    // RMS over 12 seeds × 11 components: ≈ 7 % relative spread per point (±0.07 in log) over a
    // log-range of ln 16 ≈ 2.8, so the slope's sd is ≈ 0.035; ±0.18 is a 5-sd window
    expect(m).toBeGreaterThan(-0.68);
    expect(m).toBeLessThan(-0.32);
  });
});

describe('Monte Carlo RHS vs a direct evaluation of the docs/rules.md formulas', () => {
  const cases: { rule: Rule; student: ActivationId; teacher: ActivationId; noise: number }[] = [
    { rule: 'afa', student: 'relu', teacher: 'relu', noise: 0 },
    { rule: 'bp', student: 'tanh', teacher: 'erf', noise: 0.3 },
    { rule: 'dfa', student: 'relu', teacher: 'tanh', noise: 0 },
    { rule: 'pepita', student: 'erf', teacher: 'erf', noise: 0.3 },
    { rule: 'pepita', student: 'relu', teacher: 'erf', noise: 0 },
    { rule: 'pepita', student: 'tanh', teacher: 'relu', noise: 0.2 },
  ];
  for (const c of cases) {
    it(`${c.rule}, ${c.student}/${c.teacher}, σ = ${c.noise}: agree within 4.5 combined standard errors`, () => {
      const o = genericState();
      const p = problemOf(o, c.rule, c);
      const y = packState(o);
      const mc = mcRhsWithStdErr(p, { samples: 40_000, seed: 3 }, y);
      const direct = directRhs(p, o, 20_000, 99);
      for (let i = 0; i < y.length; i++) {
        const se = Math.hypot(mc.stdErr[i], direct.se[i]);
        expect(Math.abs(mc.dy[i] - direct.dy[i]), `component ${i}: ${mc.dy[i]} vs ${direct.dy[i]} (se ${se})`).toBeLessThan(4.5 * se + 1e-12);
      }
    });
  }

  it('is a deterministic function of the state (common random numbers); an indefinite covariance is an error (strict) or clamped (trial stages)', () => {
    const o = genericState();
    const p = problemOf(o, 'pepita');
    const y = packState(o);
    const { rhs } = mcRhsOf(p, { samples: 2000, seed: 1 });
    const a = new Float64Array(y.length), b = new Float64Array(y.length);
    rhs(0, y, a);
    rhs(1, y, b);
    expect(Array.from(b)).toEqual(Array.from(a));
    const bad = y.slice();
    bad[stateLayout(2, 2).offR] = 5; // R11 = 5 > √(Q11 T11)
    // strict mode and the output-state check: a NumericalError naming t and the pivot
    const strict = mcRhsOf(p, { samples: 2000, seed: 1, psd: 'strict' }).rhs;
    const thrown = numericalErrorOf(() => strict(7, bad, b));
    expect(thrown.failure.code).toBe('covariance-not-psd');
    expect(thrown.failure.t).toBe(7);
    expect(thrown.failure.message).toMatch(/^covariance not positive semi-definite: smallest pivot/);
    expect(thrown.message).toMatch(/at t=7$/);
    const atOutput = numericalErrorOf(() => assertPsdState(bad, p, 8));
    expect(atOutput.failure.code).toBe('covariance-not-psd');
    expect(atOutput.failure.t).toBe(8);
    expect(atOutput.failure.message).toMatch(/covariance not positive semi-definite/);
    expect(() => assertPsdState(y, p, 8)).not.toThrow();
    // the pivot met is really negative (the backend no longer records the worst pivot; the strict
    // message reports it relative to the largest variance)
    const relativePivot = Number(/\(relative ([-+0-9.e]+)/.exec(thrown.failure.message)![1]);
    expect(relativePivot).toBeLessThan(-0.1);
    // trial mode (inside a solve): clamped, finite, recorded
    const trial = mcRhsOf(p, { samples: 2000, seed: 1 });
    trial.rhs(9, bad, b);
    for (const v of b) expect(Number.isFinite(v)).toBe(true);
    expect(trial.backend.indefiniteAverages).toBe(1);
  });
});

describe('Monte Carlo vs closed-form AFA curve (Fig. 2 setting)', () => {
  it('εg(t) agrees along the plateau and its escape, t ∈ [0, 1500], at 10 000 samples', () => {
    // CI version of the bench check (100 000 samples, t ∈ [0, 10⁴], bench/pepita.ts). K = M = 2,
    // η = 0.05, erf, from Fig. 2-like overlaps pinned so that AFA escapes its plateau (W̃2·f̃ > 0,
    // eq. 29; independent of the RNG). The MC curve's error is dominated by the shift of the
    // escape time; measured max relative deviations at 10 000 samples over bank seeds 4–7:
    // 2.5 %, 0.8 %, 0.4 %, 0.4 %. The bound 4 % is 1.6× the worst of those.
    const init = {
      kind: 'overlaps', Q: [[1.06, 0.04], [0.04, 1.03]], R: [[0.03, -0.04], [0.05, 0.02]], T: [[1, 0.03], [0.03, 0.98]],
      W2: [0, 0], W2t: [1, 1], f: [-0.05, -0.044], ft: [0.04, 0.03], qf: 1,
    };
    const base = { rule: 'afa', tmax: 1500, points: 30, init };
    const an = solveTheoryOf(parseConfig({ ...base, theory: { averages: 'analytic' } }));
    const mc = solveTheoryOf(parseConfig({ ...base, theory: { averages: 'mc', mcSamples: 10_000, mcSeed: 4 } }));
    expect(mc.averages).toBe('mc');
    expect(mc.failure).toBeNull();
    expect(mc.eg.length).toBe(an.eg.length);
    let worst = 0;
    for (let i = 0; i < an.eg.length; i++) worst = Math.max(worst, Math.abs(mc.eg[i] / an.eg[i] - 1));
    expect(worst).toBeLessThan(0.04);
    // and the curve did move: εg fell by ≥ 5× over the window, so the check is not trivial
    expect(an.eg[an.eg.length - 1]).toBeLessThan(0.2 * an.eg[0]);
  });
});
