/**
 * `auto` (theory/stiff/integrateAuto.ts, the test in theory/stiff/stiffness.ts): it switches to
 * RODAS4 on a problem built to turn stiff, and stays (almost) with odex on a non-stiff one; the
 * spectral-radius estimate behind the test.
 */
import { describe, expect, it } from 'vitest';
import { integrateOdex } from '../../theory/integrateOdex.ts';
import { integrateAuto } from '../../theory/stiff/integrateAuto.ts';
import { SpectralRadius } from '../../theory/stiff/spectralRadius.ts';
import type { RhsFunction } from '../../theory/state.ts';

describe('stiffness detection and switching', () => {
  it('power iteration finds ρ(J) of a linear system with a complex pair', () => {
    // eigenvalues −50 ± 120i (|λ| = 130), −3, −0.1
    const A = new Float64Array([-50, 120, 0, 0, -120, -50, 0, 0, 0, 0, -3, 0, 0, 0, 0, -0.1]);
    const rhs: RhsFunction = (_t, y, dy) => {
      for (let i = 0; i < 4; i++) {
        let s = 0;
        for (let j = 0; j < 4; j++) s += A[i * 4 + j] * y[j];
        dy[i] = s;
      }
    };
    const est = new SpectralRadius(4);
    let rho = 0;
    for (let call = 0; call < 3; call++) rho = est.ofRhs(rhs, 0, new Float64Array([1, 2, 3, 4]), 6).rho; // warm-started, as along a run
    // the stiffness test needs ρ to a factor ~1.5 (h·ρ ≥ 2 against stability limits 2.8–6.4); ask 2 %
    expect(Math.abs(rho / 130 - 1)).toBeLessThan(0.02);
    expect(Math.abs(new SpectralRadius(4).ofMatrix(A, 30) / 130 - 1)).toBeLessThan(0.02);
  });

  // s' = 1, y' = −λ(s)(y − cos(s/10)) with λ rising smoothly from 1 to 10⁴ around s = 20:
  // non-stiff at first, stiff once λ·h passes odex's stability limit
  const lambda = (s: number) => Math.pow(10, 4 / (1 + Math.exp(-(s - 20) / 2)));
  const turning: RhsFunction = (_t, y, dy) => {
    dy[0] = 1;
    dy[1] = -lambda(y[0]) * (y[1] - Math.cos(y[0] / 10));
  };
  const times = Float64Array.from({ length: 11 }, (_, i) => 20 * i);

  it('switches to rodas4 once, where the problem turns stiff, and finishes where odex alone cannot', () => {
    // the same step budget for both: auto needs ~1700 steps, odex alone runs out of 20 000
    const opts = { rtol: 1e-8, atol: 1e-10, maxSteps: 20_000 };
    const a = integrateAuto(turning, new Float64Array([0, 0.5]), times, ['s', 'y'], opts);
    expect(a.failure).toBeNull();
    expect(a.stats.solver.initial).toBe('odex');
    const sw = a.stats.solver.switches;
    expect(sw.length).toBe(1);
    expect(sw[0].to).toBe('rodas4');
    // λ(15) = 21, λ(30) = 9900: odex's steps (h ≈ 0.02 here) meet the stability limit in between
    expect(sw[0].t).toBeGreaterThan(15);
    expect(sw[0].t).toBeLessThan(30);
    // on the slow manifold y = g − g'/λ + O(λ⁻²), g = cos(s/10): at s = 200 the O(λ⁻²) term is 1e-10
    const y200 = Math.cos(20) + Math.sin(20) / 10 / lambda(200);
    expect(Math.abs(a.rows[10][1] - y200)).toBeLessThan(1e-8);
    const o = integrateOdex(turning, new Float64Array([0, 0.5]), times, ['s', 'y'], opts);
    expect(o.failure?.code).toBe('step-budget');
    expect(o.failure!.t).toBeLessThan(100);
  });

  it('a non-stiff oscillator stays with odex: trials cost ≤ 10 % more evaluations than odex alone', () => {
    const osc: RhsFunction = (_t, y, dy) => {
      dy[0] = y[1];
      dy[1] = -y[0];
    };
    const opts = { rtol: 1e-11, atol: 1e-14 };
    const tt = new Float64Array([0, 1000]);
    const a = integrateAuto(osc, new Float64Array([1, 0]), tt, ['x', 'v'], opts);
    const o = integrateOdex(osc, new Float64Array([1, 0]), tt, ['x', 'v'], opts);
    expect(a.failure).toBeNull();
    // odex's accuracy-held steps reach h·ρ ≈ 2.7 here, so stiffness is suspected; the cost trial refuses it
    for (const s of a.stats.solver.switches) if (s.to === 'odex') expect(s.reason).toMatch(/trial/);
    expect(a.stats.solver.acceptedBy.rodas4).toBeLessThan(0.1 * a.stats.solver.acceptedBy.odex);
    expect(a.stats.rhsEvals).toBeLessThan(1.1 * o.stats.rhsEvals);
    expect(Math.abs(a.rows[1][0] - Math.cos(1000))).toBeLessThan(1e-8);
  });
});
