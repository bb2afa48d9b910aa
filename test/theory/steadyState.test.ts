/**
 * Steady-state detection (theory/steadyState.ts, issue 24): a run that converges to a stable fixed
 * point stops there and its remaining output rows are that point, to tolerance; a plateau — a
 * saddle — is never taken for the end, even when the solution sits on it exactly.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config.ts';
import { rhsOf, solveTheoryOf } from '../../src/app/fromConfig.ts';
import { findFixedPoint, stabilityAt } from '../../theory/fixedPoint.ts';
import { SteadyStateDetector } from '../../theory/steadyState.ts';

/** BP on K = M = 2 erf; with R_k1 = R_k2 (and T = I, W̃2 = (1, 1)) the teacher swap is a symmetry: the run stays unspecialised */
const symmetric = { kind: 'overlaps', Q: [[1, 0.1], [0.1, 1]], R: [[0.2, 0.2], [0.1, 0.1]], T: [[1, 0], [0, 1]], W2: [0.3, 0.3], W2t: [1, 1], f: [0, 0], ft: [0, 0], qf: 1 };

describe('steady-state detection', () => {
  it('a converging BP run stops at its stable fixed point; the filled rows are the integrated ones to tolerance', () => {
    const base = { rule: 'bp', eta: 0.5, tmax: 8000, points: 200, spacing: 'linear' } as const;
    const on = solveTheoryOf(parseConfig({ ...base, theory: { rtol: 1e-8 } }));
    const off = solveTheoryOf(parseConfig({ ...base, theory: { rtol: 1e-8, steadyState: false } }));
    expect(on.result).toBe('success');
    const ss = on.stats.steadyState!;
    expect(ss).toBeDefined();
    expect(ss.t).toBeLessThan(8000);
    expect(ss.scaledDistance).toBeLessThanOrEqual(1);
    expect(on.times.length).toBe(off.times.length);
    // |y(t) − y*| ≤ |y(t_ss) − y*| + the reference's own error after t_ss: a few tolerances
    const { rtol, atol } = on.tolerances;
    let worst = 0;
    for (let i = 0; i < on.times.length; i++) {
      const a = rhsOf(parseConfig(base)).toState(on.states[i]), b = rhsOf(parseConfig(base)).toState(off.states[i]);
      for (let j = 0; j < a.length; j++) worst = Math.max(worst, Math.abs(a[j] - b[j]) / (atol + rtol * Math.abs(b[j])));
    }
    console.log(`steady state at t = ${ss.t.toFixed(1)} (slowest rate ${ss.slowestRate.toExponential(2)}): worst scaled difference ${worst.toFixed(3)}; RHS ${on.stats.rhsEvals} vs ${off.stats.rhsEvals}`);
    expect(worst).toBeLessThan(10);
    // the filled rows are one point
    const last = on.states.at(-1)!;
    expect(Array.from(on.states[on.states.length - 2].R)).toEqual(Array.from(last.R));
  });

  it('the symmetric BP plateau is not the end: at the saddle itself the test refuses; at the teacher it accepts', () => {
    const config = parseConfig({ rule: 'bp', eta: 0.5, tmax: 2000, init: symmetric });
    const r = rhsOf(config);
    // the exactly symmetric run sits on the unspecialised plateau (εg ≈ 0.014) for as long as it is run
    const plateau = solveTheoryOf(config);
    expect(plateau.stats.steadyState).toBeUndefined();
    expect(plateau.eg.at(-1)!).toBeGreaterThan(1e-2);
    const saddle = findFixedPoint(r.rhs, r.toState(plateau.states.at(-1)!));
    expect(saddle.converged).toBe(true);
    const st = stabilityAt(r.rhs, saddle.y);
    expect(st.unstable).toBeGreaterThan(0);
    // a detector fed the saddle twice (a step that moved nothing: the cheap trigger fires) refuses it
    const d = new SteadyStateDetector(r.rhs, saddle.y.length, 1e-8, 1e-10);
    expect(d.watch(100, saddle.y)).toBe(false);
    expect(d.watch(200, saddle.y)).toBe(false);
    expect(d.rhsEvals).toBeGreaterThan(0);
    expect(d.found).toBeNull();
    // … and accepts the specialised fixed point (the teacher, up to signs), reached from a slightly broken symmetry
    const broken = solveTheoryOf(parseConfig({ rule: 'bp', eta: 0.5, tmax: 8000, init: { ...symmetric, R: [[0.2 + 1e-3, 0.2], [0.1, 0.1]] }, theory: { steadyState: false } }));
    const teacher = findFixedPoint(r.rhs, r.toState(broken.states.at(-1)!));
    expect(teacher.converged).toBe(true);
    expect(stabilityAt(r.rhs, teacher.y).unstable).toBe(0);
    const e = new SteadyStateDetector(r.rhs, teacher.y.length, 1e-8, 1e-10);
    expect(e.watch(100, teacher.y)).toBe(false);
    expect(e.watch(200, teacher.y)).toBe(true);
    expect(e.found!.scaledDistance).toBeLessThan(1);
  });
});
