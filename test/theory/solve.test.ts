/**
 * solveTheory (through solveTheoryOf) / integrateOdex: a linear network with a known solution, the BP symmetric plateau
 * (K = M = 2), convergence of εg(t) as rtol is tightened (and the defaults meeting 1e-6
 * relative down to εg ≈ 1e-6), dense output at explicit times, failures that keep earlier rows.
 */
import { describe, expect, it } from 'vitest';
import { solveTheoryOf } from '../../src/app/fromConfig.ts';
import { parseConfig } from '../../src/core/config.ts';
import { describeFailure } from '../../src/core/trajectory.ts';
import { integrateOdex } from '../../theory/integrateOdex.ts';

const overlapsInit = (o: Record<string, unknown>) => ({ kind: 'overlaps', ...o });

describe('linear network with the first layer frozen (DFA with b = 0)', () => {
  it('W2(t) = W2* + exp(−η₂ Q t)(W2(0) − W2*), W2* = Q⁻¹ R W̃2, and εg(t) = ½ΔᵀQΔ + εg*', () => {
    // linear units: dW2/dt = −η₂ (Q W2 − R W̃2) (eq. 23 with I2 = C); b = 0 freezes Q, R, f
    const Q = [[1.2, 0.3], [0.3, 0.8]], R = [[0.5, -0.2], [0.1, 0.4]], T = [[1, 0.1], [0.1, 1]];
    const W2t = [1, -0.7], W20 = [0.3, -1.1], eta2 = 0.4;
    const times = [0, 0.25, 1, 3.5, 10, 40];
    const config = parseConfig({
      K: 2, M: 2, rule: 'dfa', feedbackWeights: [0, 0], eta: 1, eta2, activation: 'linear', teacherActivation: 'linear', times,
      init: overlapsInit({ Q, R, T, W2: W20, W2t, f: [0.1, 0.2], ft: [0, 0.3], qf: 1 }),
    });
    const sol = solveTheoryOf(config);
    expect(sol.failure).toBeNull();
    // eigen-decomposition of the symmetric 2×2 Q
    const [a, c, d] = [Q[0][0], Q[0][1], Q[1][1]];
    const mean = (a + d) / 2, rad = Math.hypot((a - d) / 2, c);
    const l1 = mean + rad, l2 = mean - rad;
    const v1 = [c, l1 - a].map((x, _, v) => x / Math.hypot(v[0], v[1]));
    const v2 = [-v1[1], v1[0]];
    const rw = [R[0][0] * W2t[0] + R[0][1] * W2t[1], R[1][0] * W2t[0] + R[1][1] * W2t[1]];
    const det = a * d - c * c;
    const star = [(d * rw[0] - c * rw[1]) / det, (a * rw[1] - c * rw[0]) / det];
    const d0 = [W20[0] - star[0], W20[1] - star[1]];
    let tTw = 0;
    for (let m = 0; m < 2; m++) for (let q = 0; q < 2; q++) tTw += W2t[m] * T[m][q] * W2t[q];
    const egStar = 0.5 * (tTw - (star[0] * rw[0] + star[1] * rw[1]));
    for (const [i, t] of times.entries()) {
      const p1 = (v1[0] * d0[0] + v1[1] * d0[1]) * Math.exp(-eta2 * l1 * t);
      const p2 = (v2[0] * d0[0] + v2[1] * d0[1]) * Math.exp(-eta2 * l2 * t);
      const delta = [p1 * v1[0] + p2 * v2[0], p1 * v1[1] + p2 * v2[1]];
      const W2 = [star[0] + delta[0], star[1] + delta[1]];
      // default tolerances: the solver's error is ~1e-11; 1e-9 absolute leaves margin
      expect(Math.abs(sol.states[i].W2[0] - W2[0])).toBeLessThan(1e-9);
      expect(Math.abs(sol.states[i].W2[1] - W2[1])).toBeLessThan(1e-9);
      const eg = egStar + 0.5 * (delta[0] * (a * delta[0] + c * delta[1]) + delta[1] * (c * delta[0] + d * delta[1]));
      expect(Math.abs(sol.eg[i] - eg)).toBeLessThan(1e-9);
      expect(Array.from(sol.states[i].Q)).toEqual([1.2, 0.3, 0.3, 0.8]); // frozen exactly
    }
  });
});

describe('BP symmetric plateau, K = M = 2 (Saad & Solla 1995)', () => {
  const plateauConfig = (asym: number) => parseConfig({
    rule: 'bp', eta: 0.5, times: [0, 25, 50, 100, 150, 200, 250, 700, 1500],
    init: overlapsInit({ Q: [[0.5, 0], [0, 0.5]], R: [[asym, 0], [0, 0]], T: [[1, 0], [0, 1]], W2: [0.5, 0.5], W2t: [1, 1], f: [0, 0], ft: [0, 0], qf: 1 }),
  });
  it('a long stretch of nearly constant εg, then escape; a smaller asymmetry stays longer', () => {
    const sol = solveTheoryOf(plateauConfig(1e-4));
    expect(sol.failure).toBeNull();
    const eg = sol.eg;
    expect(eg[0]).toBeGreaterThan(0.3);
    // t ∈ [25, 250]: a factor 10 in time with εg within ±10% of ≈ 0.0145
    const plateau = Array.from(eg.slice(1, 7));
    expect(Math.max(...plateau) / Math.min(...plateau)).toBeLessThan(1.2);
    expect(Math.min(...plateau)).toBeGreaterThan(0.01);
    // the students are still unspecialised on the plateau: R_11 ≈ R_12
    const R = sol.states[4].R;
    expect(Math.abs(R[0] - R[1])).toBeLessThan(0.05 * Math.abs(R[0]));
    // escape: specialisation drives εg down by more than 1000×
    expect(eg[7]).toBeLessThan(1e-5);
    // a symmetry breaking 10⁴ times smaller leaves the plateau later (escape time ∝ log 1/ε)
    const slower = solveTheoryOf(plateauConfig(1e-8));
    expect(slower.eg[7]).toBeGreaterThan(1e-3);
    expect(slower.eg[8]).toBeLessThan(1e-5);
  });
});

describe('convergence of εg(t) as rtol is tightened (BP, K = M = 2, η = 0.5, t ≤ 5000)', () => {
  it('errors shrink with rtol; the defaults are within 1e-6 relative wherever εg ≥ 1e-6', () => {
    // a pinned generic start (not the default weights, whose sampling may change): unspecialised
    // students, plateau near εg ≈ 0.015, then convergence to εg < 1e-6 by t ≈ 2000
    const init = overlapsInit({ Q: [[1.05, 0.04], [0.04, 1.0]], R: [[0.03, -0.01], [0.02, 0.05]], T: [[1, 0], [0, 1]], W2: [0, 0], W2t: [1, 1], f: [-0.03, 0.02], ft: [0.05, -0.04], qf: 1 });
    const base = { rule: 'bp', eta: 0.5, tmax: 5000, points: 120, init };
    const ref = solveTheoryOf(parseConfig({ ...base, theory: { rtol: 1e-13, atol: 1e-16 } }));
    expect(ref.failure).toBeNull();
    // the curve really goes down to εg ≈ 1e-6 and below
    expect(Math.min(...ref.eg)).toBeLessThan(1e-6);
    const maxRel = (rtol?: number, atol?: number) => {
      const theory = rtol === undefined ? {} : { rtol, atol };
      const s = solveTheoryOf(parseConfig({ ...base, theory }));
      let worst = 0;
      for (let i = 0; i < s.eg.length; i++) if (ref.eg[i] >= 1e-6) worst = Math.max(worst, Math.abs(s.eg[i] - ref.eg[i]) / ref.eg[i]);
      return worst;
    };
    const e6 = maxRel(1e-6, 1e-8), e8 = maxRel(1e-8, 1e-10), eDefault = maxRel();
    expect(e6).toBeGreaterThan(e8);
    expect(e8).toBeGreaterThan(eDefault);
    expect(e8).toBeGreaterThan(1e-6); // the old defaults were not good enough here (≈ 5e-4)
    expect(eDefault).toBeLessThan(1e-6);
  });
});

describe('output times and failures', () => {
  it('explicit times: t = 0 is the initial state; dense output equals a solve that ends there', () => {
    const config = parseConfig({ rule: 'afa', eta: 0.2, times: [0, 0.5, 3.25, 40] });
    const sol = solveTheoryOf(config);
    expect(sol.times.length).toBe(4);
    expect(Array.from(sol.states[0].Q)).toEqual(Array.from(sol.initial.Q));
    const end = solveTheoryOf(config, { times: Float64Array.from([3.25]) });
    expect(end.times.length).toBe(1);
    // two different step sequences: agree to the tolerance level (rtol 1e-11 → 1e-9 margin)
    for (let i = 0; i < 4; i++) expect(Math.abs(end.states[0].Q[i] - sol.states[2].Q[i])).toBeLessThan(1e-9);
    expect(sol.stats.rhsEvals).toBeGreaterThan(0);
    expect(sol.stats.accepted).toBeGreaterThan(0);
    expect(sol.averages).toBe('analytic');
  });

  it('a blow-up (y′ = y², y(0) = 1, singular at t = 1) keeps the rows before it and reports t', () => {
    const rhs = (_t: number, y: Float64Array, dy: Float64Array) => { dy[0] = y[0] * y[0]; };
    const times = Float64Array.from([0, 0.5, 0.9, 2]);
    const r = integrateOdex(rhs, Float64Array.from([1]), times, ['y'], { rtol: 1e-10, atol: 1e-12, maxSteps: 20000 });
    expect(r.rows.length).toBe(3);
    expect(r.rows[1][0]).toBeCloseTo(2, 8); // y = 1/(1 − t)
    expect(r.rows[2][0]).toBeCloseTo(10, 6);
    expect(r.failure).not.toBeNull();
    // y stays finite up to the pole; the step size collapses there
    expect(r.failure!.code).toBe('step-size-underflow');
    expect(r.failure!.t).toBeGreaterThan(0.9);
    expect(r.failure!.t).toBeLessThan(1.01);
  });

  it('a non-finite derivative in solveTheory is a failure with t, not an exception', () => {
    const config = parseConfig({
      K: 1, M: 1, rule: 'bp', eta: 10, activation: 'linear', teacherActivation: 'linear', times: [0, 0.5, 1],
      init: overlapsInit({ Q: [[1e200]], R: [[0]], T: [[1]], W2: [1], W2t: [1], f: [0], ft: [0], qf: 1 }),
    });
    const sol = solveTheoryOf(config);
    expect(sol.failure).not.toBeNull();
    expect(sol.result).toBe(sol.failure!.code);
    expect(sol.failure!.code).toBe('non-finite-state');
    // the time is stated once: in describeFailure, not in the message
    expect(sol.failure!.message).not.toMatch(/t=/);
    expect(describeFailure(sol.failure!)).toMatch(/t=/);
    expect(sol.times.length).toBe(1);
    expect(sol.eg.length).toBe(1);
  });
});

describe('Monte Carlo averages', () => {
  it('are solved at floored tolerances (rtol ≥ 1e-7, atol ≥ 1e-9) and say so', () => {
    const config = parseConfig({ rule: 'bp', eta: 0.5, tmax: 5, points: 4, theory: { averages: 'mc', mcSamples: 2000 } });
    const sol = solveTheoryOf(config);
    expect(sol.averages).toBe('mc');
    expect(sol.tolerances).toEqual({ rtol: 1e-7, atol: 1e-9 });
    expect(sol.failure).toBeNull();
    // the analytic solve keeps the config's tolerances
    const analytic = solveTheoryOf(parseConfig({ rule: 'bp', eta: 0.5, tmax: 5, points: 4 }));
    expect(analytic.tolerances).toEqual({ rtol: config.theory.rtol, atol: config.theory.atol });
    // same problem, different averages: agree to the MC error (2000 samples: ~2e-2 relative)
    for (let i = 0; i < 4; i++) expect(Math.abs(sol.eg[i] - analytic.eg[i])).toBeLessThan(0.05 * analytic.eg[i]);
  });
});
