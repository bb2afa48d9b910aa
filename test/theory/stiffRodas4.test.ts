/**
 * RODAS4 (theory/stiff): published reference values of Hairer & Wanner's stiff test set
 * (Robertson to t = 10¹¹, van der Pol μ = 10³ to t = 2000, from the Bari test set
 * archimede.uniba.it/~testset), the asymptotic period of van der Pol at μ = 10³ and 10⁶
 * (Dorodnitsyn), the order of the method, of its error estimate and of its dense output.
 */
import { describe, expect, it } from 'vitest';
import { integrateRodas4 } from '../../theory/stiff/integrateRodas4.ts';
import { OutputCursor } from '../../theory/stiff/outputCursor.ts';
import { Rodas4 } from '../../theory/stiff/rodas4.ts';
import { rodas4Segment } from '../../theory/stiff/rodas4Segment.ts';
import { emptyLongTimeStats } from '../../theory/stiff/solverStats.ts';
import type { RhsFunction } from '../../theory/state.ts';

const robertson: RhsFunction = (_t, y, dy) => {
  dy[0] = -0.04 * y[0] + 1e4 * y[1] * y[2];
  dy[2] = 3e7 * y[1] * y[1];
  dy[1] = -dy[0] - dy[2];
};

describe('RODAS4 on the stiff test set', () => {
  it('Robertson to t = 1e11 matches the test-set reference', () => {
    const ref = [0.2083340149701255e-7, 0.8333360770334713e-13, 0.9999999791665050];
    const r = integrateRodas4(robertson, new Float64Array([1, 0, 0]), new Float64Array([0, 1e11]), ['y1', 'y2', 'y3'], { rtol: 1e-8, atol: 1e-16 });
    expect(r.failure).toBeNull();
    const y = r.rows[1];
    // global error ≈ C·rtol with C ≈ 20 measured (1.7e-7 at rtol 1e-8): 1e-6 leaves 6× margin and
    // still fails for a method of order < 4 or a wrong coefficient (errors ≥ 1e-4 then)
    expect(Math.abs(y[0] / ref[0] - 1)).toBeLessThan(1e-6);
    expect(Math.abs(y[1] / ref[1] - 1)).toBeLessThan(1e-6);
    expect(Math.abs(y[2] - ref[2])).toBeLessThan(1e-12);
    // a stiff method takes O(10³) steps over 11 decades; an explicit one could not finish at all
    expect(r.stats.accepted).toBeLessThan(3000);
    expect(r.stats.solver.method).toBe('rodas4');
  });

  it('van der Pol μ = 1000 to t = 2000 matches the test-set reference', () => {
    const mu = 1000;
    const vdp: RhsFunction = (_t, y, dy) => {
      dy[0] = y[1];
      dy[1] = mu * (1 - y[0] * y[0]) * y[1] - y[0];
    };
    const ref = [1.706167732170469, -0.8928097010248125e-3];
    const r = integrateRodas4(vdp, new Float64Array([2, 0]), new Float64Array([0, 2000]), ['y1', 'y2'], { rtol: 1e-8, atol: 1e-8 });
    expect(r.failure).toBeNull();
    // measured 2.7e-8 and 5.4e-8 relative at rtol 1e-8; the jump in between amplifies errors
    for (let i = 0; i < 2; i++) expect(Math.abs(r.rows[1][i] / ref[i] - 1)).toBeLessThan(1e-6);
  });

  /** Period of van der Pol in Liénard-scaled time s = t/μ, from successive sign changes of y₁. */
  function measuredPeriod(mu: number, rtol: number): number {
    const mu2 = mu * mu;
    const vdp: RhsFunction = (_t, y, dy) => {
      dy[0] = y[1];
      dy[1] = mu2 * ((1 - y[0] * y[0]) * y[1] - y[0]);
    };
    const y0 = new Float64Array([2, -2 / 3]);
    const stats = emptyLongTimeStats('rodas4', 'rodas4');
    const cursor = new OutputCursor(new Float64Array([0, 5]), y0);
    const down: number[] = [];
    let prev = y0[0];
    rodas4Segment({ rhs: vdp, names: ['y1', 'y2'], rtol, atol: rtol, maxSteps: 100_000, stats, cursor }, 0, y0, 1e-6, (t, y) => {
      // the crossing lies in the step just taken, which is ~μ⁻² wide during a jump
      if (prev > 0 && y[0] <= 0) down.push(t);
      prev = y[0];
      return null;
    });
    expect(stats.accepted).toBeLessThan(150_000);
    expect(down.length).toBeGreaterThanOrEqual(2);
    return down[1] - down[0];
  }

  it('van der Pol μ = 10³ and 10⁶: period matches (3 − 2 ln 2) + 3α μ^(−4/3) (scaled time)', () => {
    const alpha = 2.338107410459767; // first zero of Ai(−x)
    for (const [mu, tol] of [[1e3, 2e-5], [1e6, 1e-9]] as const) {
      const predicted = 3 - 2 * Math.LN2 + 3 * alpha * Math.pow(mu, -4 / 3);
      // tolerance: the next term of the expansion, −(2/3) ln μ / μ² (−4.6e-6 at μ = 10³, −9e-12 at 10⁶;
      // measured −5.9e-6 and −2.2e-11), plus integration error; the α term itself is 7.0e-4 at
      // μ = 10³ and 7.0e-8 at 10⁶, so the test sees it at both
      const T = measuredPeriod(mu, 1e-10);
      expect(Math.abs(T - predicted)).toBeLessThan(tol);
    }
  });
});

describe('RODAS4 order', () => {
  // y₁' = −y₁², y₂' = cos(t)·y₂ (non-autonomous, exercising ∂f/∂t): y₁ = 1/(1 + t), y₂ = e^{sin t}
  const rhs: RhsFunction = (t, y, dy) => {
    dy[0] = -y[0] * y[0];
    dy[1] = Math.cos(t) * y[1];
  };
  const exact = (t: number) => [1 / (1 + t), Math.exp(Math.sin(t))];
  const J = new Float64Array(4);
  const dfdt = new Float64Array(2);
  const f0 = new Float64Array(2);
  function jac(t: number, y: Float64Array) {
    J[0] = -2 * y[0]; J[1] = 0; J[2] = 0; J[3] = Math.cos(t);
    dfdt[0] = 0; dfdt[1] = -Math.sin(t) * y[1];
  }
  /** fixed-step global error at t = 1 with N steps, and the largest dense-output error at step midpoints */
  function run(N: number): { global: number; dense: number } {
    const m = new Rodas4(2);
    const y = new Float64Array([1, 1]);
    const h = 1 / N;
    let dense = 0;
    for (let s = 0; s < N; s++) {
      const t = s * h;
      rhs(t, y, f0);
      jac(t, y);
      expect(m.factor(J, h)).toBe(true);
      expect(m.step(rhs, t, y, f0, dfdt, h)).toBe(true);
      m.prepareDense(t, y, h);
      const e = exact(t + h / 2);
      // dense output error relative to the local solution: compare with the exact solution, the
      // global error (O(h⁴)) is below the dense one (O(h⁴) locally, order 3)
      dense = Math.max(dense, Math.abs(m.dense(0, t + h / 2) - e[0]), Math.abs(m.dense(1, t + h / 2) - e[1]));
      y.set(m.yNew);
    }
    const e = exact(1);
    return { global: Math.max(Math.abs(y[0] - e[0]), Math.abs(y[1] - e[1])), dense };
  }

  it('global error falls as h⁴; the dense output is order ≥ 3', () => {
    const a = run(20), b = run(40), c = run(80);
    const p1 = Math.log2(a.global / b.global), p2 = Math.log2(b.global / c.global);
    // an order-4 method gives 4 ± O(h); order 3 would give ≤ 3.3 here
    expect(p1).toBeGreaterThan(3.6);
    expect(p2).toBeGreaterThan(3.7);
    expect(p2).toBeLessThan(4.5);
    expect(Math.log2(b.dense / c.dense)).toBeGreaterThan(2.8);
  });

  it('the local error estimate is O(h⁴) (embedded order 3)', () => {
    const m = new Rodas4(2);
    const y = new Float64Array([1, 1]);
    const est = (h: number) => {
      rhs(0.3, y, f0);
      jac(0.3, y);
      m.factor(J, h);
      m.step(rhs, 0.3, y, f0, dfdt, h);
      return Math.hypot(m.err[0], m.err[1]);
    };
    const p = Math.log2(est(0.02) / est(0.01));
    expect(p).toBeGreaterThan(3.6);
    expect(p).toBeLessThan(4.4);
  });
});

describe('RODAS4 failures', () => {
  it('a blow-up (y\' = y², y(0) = 1, singular at t = 1) ends with a failure near t = 1 and keeps the rows before it', () => {
    const rhs: RhsFunction = (_t, y, dy) => {
      dy[0] = y[0] * y[0];
    };
    const times = new Float64Array([0, 0.5, 0.9, 1.5, 2]);
    const r = integrateRodas4(rhs, new Float64Array([1]), times, ['y'], { rtol: 1e-8, atol: 1e-10 });
    expect(r.failure).not.toBeNull();
    expect(['step-size-underflow', 'non-finite-state', 'step-budget']).toContain(r.failure!.code);
    expect(r.failure!.t).toBeGreaterThan(0.9);
    expect(r.failure!.t).toBeLessThan(1 + 1e-6); // the last accepted step may straddle the pole by rounding
    expect(r.rows.length).toBe(3);
    expect(Math.abs(r.rows[2][0] - 10)).toBeLessThan(1e-6); // y(0.9) = 1/(1 − 0.9)
  });
});

