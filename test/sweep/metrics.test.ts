/**
 * Sweep metrics against curves where the answer is known by hand, and the plateau definition on
 * the BP symmetric plateau of Saad & Solla (K = M = 2, erf), checked against two independent
 * routes: the εg of the exactly symmetric trajectory, and the escape-time shift ln(10)/λ per
 * decade of initial asymmetry, λ the unstable eigenvalue of the ODE's Jacobian (finite
 * differences of the right-hand side) at the symmetric fixed point.
 */
import { eigs, lusolve } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config.ts';
import { emptyOverlaps } from '../../src/core/overlaps.ts';
import type { Trajectory } from '../../src/core/trajectory.ts';
import { rhsOf, solveTheoryOf } from '../../src/app/fromConfig.ts';
import { curveMetrics, firstTimeBelow, metricNames, onInitialPlateau, plateauOf, seedMeanMetrics } from '../../src/sweep/metrics.ts';
import { parseSweepSpec } from '../../src/sweep/spec.ts';

const metricsSpec = (m: object = {}) => parseSweepSpec({ grid: { eta: [1] }, metrics: m }).metrics;

function trajectory(times: number[], eg: number[], state: (i: number) => { W2?: number[]; f?: number[] } = () => ({})): Trajectory {
  return {
    times: Float64Array.from(times),
    eg: Float64Array.from(eg),
    states: times.map((_, i) => {
      const o = emptyOverlaps(2, 2);
      o.W2t.set([1, 1]);
      const s = state(i);
      if (s.W2) o.W2.set(s.W2);
      if (s.f) o.f.set(s.f);
      return o;
    }),
  };
}

describe('sweep metrics on hand-made curves', () => {
  it('first time below a threshold: log-linear interpolation, exact for an exponential', () => {
    expect(firstTimeBelow([0, 1, 2], [1, 0.1, 0.01], 0.05)).toBeCloseTo(1 + Math.LN2 / Math.LN10, 14);
    const t = [0, 0.3, 1.1, 2, 4.5, 7];
    const eg = t.map((x) => Math.exp(-x));
    for (const th of [0.9, 0.5, 0.1, 0.01]) expect(firstTimeBelow(t, eg, th)).toBeCloseTo(-Math.log(th), 12);
    expect(firstTimeBelow(t, eg, 1e-5)).toBeNull();
    expect(firstTimeBelow(t, eg, 2)).toBe(0);
  });

  it('plateau height and escape time of a table with a flat stretch; none for a plain exponential', () => {
    const t = [0, 1, 2, 4, 8, 16, 32, 64, 128];
    const eg = [1, 0.4, 0.1, 0.1, 0.1, 0.1, 0.04, 0.01, 0.001];
    // rows 3 and 4 have slope 0 (the first wins); escape below 0.05 between t = 16 (0.1) and 32 (0.04)
    const p = plateauOf(t, eg, 0.5, 0.1);
    expect(p.row).toBe(3);
    expect(p.height).toBe(0.1);
    expect(p.escape).toBeCloseTo(16 + (16 * Math.log(2)) / Math.log(2.5), 12);
    const tl = Array.from({ length: 60 }, (_, i) => 10 ** (-3 + (5 * i) / 59));
    expect(plateauOf([0, ...tl], [1, ...tl.map((x) => Math.exp(-x))], 0.5, 0.1).height).toBeNull();
  });

  it('εg at times, final, minimum, max ‖f‖, final angles, vsRule ratio; columns in order', () => {
    const t = [0, 1, 2, 3];
    const eg = [0.5, 0.2, 0.1, 0.15];
    const traj = trajectory(t, eg, (i) => ({ W2: [1, 1], f: [i === 2 ? 3 : 1, i === 2 ? 4 : -1] }));
    const other = trajectory(t, eg.map((e, i) => (i === 1 ? e * Math.exp(0.5) : e)));
    const m = curveMetrics(traj, metricsSpec({ egAt: [2], egBelow: [0.3], vsRule: 'pepita' }), other);
    expect(Object.keys(m)).toEqual(metricNames(metricsSpec({ egAt: [2], egBelow: [0.3], vsRule: 'pepita' }), true));
    expect(m['egAt_2']).toBe(0.1);
    expect([m.egFinal, m.tFinal, m.egMin, m.tMin]).toEqual([0.15, 3, 0.1, 2]);
    expect(m['tBelow_0.3']).toBeCloseTo(Math.log(0.5 / 0.3) / Math.log(0.5 / 0.2), 14);
    expect([m.maxF, m.tMaxF]).toEqual([5, 2]);
    // W2 = W̃2: teacher and degenerate angles 0; f = (1, −1) ⟂ W2: 90°
    expect(m.angleTeacher).toBeCloseTo(0, 6);
    expect(m.angleDegenerate).toBeCloseTo(0, 6);
    expect(m.angleFeedback).toBeCloseTo(90, 10);
    expect(m.maxAbsLnRatioVs_pepita).toBeCloseTo(0.5, 14);
    // a curve cut short by a failure has no εg at later times
    expect(curveMetrics(trajectory([0, 1], [0.5, 0.4]), metricsSpec({ egAt: [1, 2] }))['egAt_2']).toBeNull();
  });

  it('onPlateauAtTmax: set when either curve never fell to drop·εg(0), not when both did', () => {
    const t = [0, 1, 10, 100, 1000];
    const stuck = trajectory(t, [0.334, 0.334, 0.333, 0.331, 0.2]); // 0.2 > 0.334/2: still on the plateau
    const escaped = trajectory(t, [0.334, 0.33, 0.3, 0.1, 0.02]);
    const just = trajectory(t, [0.334, 0.33, 0.3, 0.334 / 2, 0.1]); // reaches exactly εg(0)/2 at t = 100: left it
    const m = (a: Trajectory, b: Trajectory, spec: object = {}) => curveMetrics(a, metricsSpec({ vsRule: 'pepita', ...spec }), b).onPlateauAtTmax;
    expect(m(escaped, escaped)).toBe(0);
    expect(m(escaped, stuck)).toBe(1);
    expect(m(stuck, escaped)).toBe(1);
    expect(m(just, escaped)).toBe(0);
    expect(m(escaped, stuck, { plateau: { drop: 0.6 } })).toBe(0); // 0.2 ≤ 0.6·0.334: the definition follows plateau.drop
    expect(onInitialPlateau(t, [0.334, 0.334, 0.333, 0.331, 0.2], 0.5)).toBe(true);
    expect(onInitialPlateau([], [], 0.5)).toBeNull();
    // without vsRule there is no such column
    expect('onPlateauAtTmax' in curveMetrics(escaped, metricsSpec())).toBe(false);
  });

  it('seed mean and standard error; null when a run lacks the metric', () => {
    const r = seedMeanMetrics([{ a: 1, b: 1 }, { a: 2, b: null }, { a: 3, b: 2 }], ['a', 'b']);
    expect(r.a).toBe(2);
    expect(r['a.se']).toBeCloseTo(1 / Math.sqrt(3), 15);
    expect([r.b, r['b.se']]).toEqual([null, null]);
  });
});

describe('plateau definition on the BP symmetric plateau (K = M = 2, erf)', () => {
  // symmetric start (Q ∝ I, all R equal, equal W2) plus an antisymmetric perturbation δ of R
  const configOf = (delta: number, times: number[] | null) => parseConfig({
    rule: 'bp', K: 2, M: 2, eta: 0.5, tmax: 2000, points: 400, times,
    init: {
      kind: 'overlaps', Q: [[0.2, 0], [0, 0.2]], R: [[0.01 + delta, 0.01 - delta], [0.01 - delta, 0.01 + delta]],
      T: [[1, 0], [0, 1]], W2: [0.2, 0.2], W2t: [1, 1], f: [0, 0], ft: [0, 0], qf: 1,
    },
  });
  const times = Array.from({ length: 2001 }, (_, i) => i);
  const spec = metricsSpec();

  it('the plateau height is the εg of the symmetric trajectory; escape shifts by ln(10)/λ per decade of δ', () => {
    const symmetric = solveTheoryOf(configOf(0, times));
    const runs = [1e-5, 1e-6].map((d) => solveTheoryOf(configOf(d, times)));
    const m = runs.map((s) => curveMetrics(s, spec));
    for (let j = 0; j < runs.length; j++) {
      const p = plateauOf(runs[j].times, runs[j].eg, spec.plateau.drop, spec.plateau.flat);
      expect(p.row).toBeGreaterThan(0);
      // εg is invariant under swapping the student units, so the antisymmetric deviation
      // (δ e^{λt} ≲ 4e-3 at the plateau row) moves εg only at second order (~1e-5 relative)
      const ref = symmetric.eg[p.row];
      expect(Math.abs((m[j].plateauHeight as number) - ref) / ref).toBeLessThan(1e-3);
    }
    // λ: the one positive eigenvalue of the Jacobian at the symmetric fixed point. Rounding breaks
    // the swap symmetry at ~1e-16 and the saddle amplifies it (e^{λt}), so the "symmetric" run is
    // trusted only for t ≤ 600; its state of smallest ‖dy/dt‖ there is refined by Newton's method
    const r = rhsOf(configOf(0, times), symmetric.initial);
    const n = r.y0.length;
    const F = (y: Float64Array) => {
      const dy = new Float64Array(n);
      r.rhs(0, y, dy);
      return dy;
    };
    const norm = (v: Float64Array) => Math.hypot(...v);
    const jacobian = (y: Float64Array) => {
      const J: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
      const h = 1e-6;
      for (let j = 0; j < n; j++) {
        const yp = y.slice(), ym = y.slice();
        yp[j] += h;
        ym[j] -= h;
        const a = F(yp), b = F(ym);
        for (let i = 0; i < n; i++) J[i][j] = (a[i] - b[i]) / (2 * h);
      }
      return J;
    };
    let y = r.toState(symmetric.states[0]);
    for (let i = 1; i < symmetric.times.length && symmetric.times[i] <= 600; i++) {
      const yi = r.toState(symmetric.states[i]);
      if (norm(F(yi)) < norm(F(y))) y = yi;
    }
    for (let it = 0; it < 8; it++) {
      const step = lusolve(jacobian(y), Array.from(F(y))) as unknown as number[][];
      y = y.map((v, i) => v - step[i][0]);
    }
    expect(norm(F(y))).toBeLessThan(1e-12);
    const J = jacobian(y);
    const values = (eigs(J).values as unknown as ArrayLike<number | { re: number }>);
    const re = Array.from(values, (v) => (typeof v === 'number' ? v : v.re));
    const positive = re.filter((v) => v > 1e-6);
    expect(positive.length).toBe(1);
    const shift = (m[1].escapeTime as number) - (m[0].escapeTime as number);
    // linear escape from the saddle: the deviation grows as δ e^{λt}, so the same escape level is
    // reached ln(10)/λ later; 5 % covers the stable modes' transients and the slowly settling fixed point
    expect(Math.abs(shift / (Math.LN10 / positive[0]) - 1)).toBeLessThan(0.05);
  });
});
