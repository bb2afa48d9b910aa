/**
 * Plateau theory (theory/plateau.ts): the symmetric plateau of BP K = M = 2 is a saddle of the
 * ODEs, and its unstable eigenvalue λ_u predicts the slope of escape time against ln(1/δ)
 * (Saad & Solla). And the AFA K = 3, M = 2, η = 0.2 state at εg ≈ 0.03895 classified.
 */
import { describe, expect, it } from 'vitest';
import { rhsOf } from '../../src/app/fromConfig.ts';
import { parseConfig } from '../../src/core/config.ts';
import { generalisationError } from '../../src/core/eg.ts';
import { analysePlateau, escapeSlope, escapeTime } from '../../theory/plateau.ts';
import { integrateAuto } from '../../theory/stiff/integrateAuto.ts';
import { stateLayout } from '../../theory/state.ts';

/** BP K = M = 2, η = 0.2, T = I, W̃2 = (1, 1), from a symmetric state (R all equal, f = f̃ = 0): stays symmetric, sits on the plateau. */
const SYMMETRIC_BP = {
  rule: 'bp', K: 2, M: 2, eta: 0.2, tmax: 2000,
  init: { kind: 'overlaps', Q: [[0.5, 0], [0, 0.5]], R: [[0.01, 0.01], [0.01, 0.01]], T: [[1, 0], [0, 1]], W2: [0.1, 0.1], W2t: [1, 1], f: [0, 0], ft: [0, 0], qf: 1 },
};

describe('BP K = M = 2 symmetric plateau', () => {
  const r = rhsOf(parseConfig(SYMMETRIC_BP));
  const egOf = (y: Float64Array) => generalisationError(r.toOverlaps(y), r.system.student, r.system.teacher);

  it('is a saddle with one unstable direction (specialisation), and λ_u predicts the escape slope', () => {
    const run = integrateAuto(r.rhs, r.y0, new Float64Array([0, 2000]), r.names, { rtol: 1e-11, atol: 1e-14 });
    const p = analysePlateau(r.rhs, run.rows[1]);
    expect(p.fixedPoint.converged).toBe(true);
    expect(p.isSaddle).toBe(true);
    expect(p.stability.unstable).toBe(1);
    // the unstable direction breaks the symmetry between the student units: ±(R11 − R12 − R21 + R22)/2
    const L = stateLayout(2, 2);
    const v = p.direction!;
    const sign = Math.sign(v[L.offR]);
    for (const [i, s] of [[0, 1], [1, -1], [2, -1], [3, 1]]) expect(Math.abs(v[L.offR + i] - 0.5 * s * sign)).toBeLessThan(1e-6);
    const egPlateau = egOf(p.y);
    expect(egPlateau).toBeGreaterThan(0.01); // a plateau, not the solution

    const deltas = [1e-3, 1e-5, 1e-7, 1e-9];
    const times = deltas.map((d) => escapeTime(r.rhs, p.y, v, d, egOf, { threshold: egPlateau / 2 }));
    const { slope } = escapeSlope(deltas, times);
    // issue: within 5 %. Measured 1.00001 (slope 79.770 vs 1/λ_u = 79.769): the linear phase
    // dominates from δ = 1e-3 on, and the nonlinear end of the escape is the same for every δ
    expect(Math.abs(slope * p.lambdaU - 1)).toBeLessThan(0.05);
    expect(Math.abs(slope * p.lambdaU - 1)).toBeLessThan(1e-3);
  });
});

describe('AFA K = 3, M = 2, η = 0.2: the state at εg ≈ 0.03895', () => {
  it('is a stable manifold of fixed points with f = 0 (the first layer frozen), not a plateau', () => {
    const config = parseConfig({ rule: 'afa', K: 3, M: 2, eta: 0.2, tmax: 2e5 });
    const r = rhsOf(config);
    const run = integrateAuto(r.rhs, r.y0, new Float64Array([0, 2e5]), r.names, { rtol: 1e-11, atol: 1e-14 });
    expect(run.failure).toBeNull();
    const p = analysePlateau(r.rhs, run.rows[1]);
    expect(p.fixedPoint.converged).toBe(true);
    const o = r.toOverlaps(p.y);
    const eg = generalisationError(o, r.system.student, r.system.teacher);
    expect(Math.abs(eg - 0.03895)).toBeLessThan(1e-4);
    // AFA's first-layer updates are ∝ f and df/dt ∝ f: f = 0 freezes Q, R and f itself
    for (let k = 0; k < 3; k++) expect(Math.abs(o.f[k])).toBeLessThan(1e-8);
    const st = p.stability;
    expect(st.unstable).toBe(0);
    // neutral: the K(K+1)/2 + KM = 12 frozen first-layer overlaps (a continuum of fixed points);
    // stable: W2 (relaxing to the best readout of the frozen layer) and f (decaying)
    expect(st.neutral).toBe(12);
    expect(st.stable).toBe(6);
    expect(p.fixedPoint.singularDirections).toBe(12);
  });
});
