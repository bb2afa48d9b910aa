/**
 * Plateau theory (Saad & Solla 1995): a plateau of the learning curve is a saddle y* of the ODEs.
 * Started a distance δ from it along its unstable eigenvector v_u, the state leaves as δ·e^{λ_u t}
 * until the nonlinearity takes over, so the escape time is
 *
 *   t_esc(δ) ≈ (1/λ_u)·ln(1/δ) + c,
 *
 * c an O(1) constant of the nonlinear part of the escape. `escapeTime` measures t_esc by
 * integration, `escapeSlope` fits the slope of t_esc against ln(1/δ) — which 1/λ_u predicts.
 *
 *   const p = analysePlateau(rhs, yOnPlateau);               // saddle, λ_u, v_u
 *   const t = escapeTime(rhs, p.y, p.direction, 1e-6, egOf, { threshold: egPlateau / 2 });
 */
import { findFixedPoint, stabilityAt, type FixedPointResult, type Stability } from './fixedPoint.ts';
import type { RhsFunction } from './state.ts';
import { integrateAuto } from './stiff/integrateAuto.ts';

export interface PlateauAnalysis {
  fixedPoint: FixedPointResult;
  stability: Stability;
  /** true when Newton converged to a fixed point with exactly the unstable directions of a saddle (≥ 1) */
  isSaddle: boolean;
  /** leading unstable eigenvalue (real), NaN when there is none */
  lambdaU: number;
  /** its unit eigenvector (largest component positive), null when there is none */
  direction: Float64Array | null;
  /** fixed-point state */
  y: Float64Array;
}

/** Newton from a state on the plateau, then the eigenvalues there. */
export function analysePlateau(rhs: RhsFunction, yOnPlateau: Float64Array): PlateauAnalysis {
  const fixedPoint = findFixedPoint(rhs, yOnPlateau);
  const stability = stabilityAt(rhs, fixedPoint.y);
  const lead = stability.leadingUnstable;
  const real = lead !== null && lead.vector !== null;
  return {
    fixedPoint, stability,
    isSaddle: fixedPoint.converged && stability.unstable >= 1 && stability.stable >= 1 && real,
    lambdaU: real ? lead!.value.re : Number.NaN,
    direction: real ? lead!.vector : null,
    y: fixedPoint.y,
  };
}

export interface EscapeOptions {
  /** escape = the first time εg falls below this (e.g. half the plateau's εg) */
  threshold: number;
  /** give up after this time; default 10⁵ */
  tmax?: number;
  /** output spacing the crossing is interpolated on; default 0.5 */
  dt?: number;
  rtol?: number;
  atol?: number;
}

/**
 * Time for εg to fall below `threshold` from y* + δ·v (linear interpolation between output times
 * dt apart; εg is smooth there, so the error is O(dt²·εg'')). NaN when it does not happen by tmax.
 */
export function escapeTime(
  rhs: RhsFunction, yStar: Float64Array, v: Float64Array, delta: number, egOf: (y: Float64Array) => number, opts: EscapeOptions,
): number {
  const tmax = opts.tmax ?? 1e5;
  const dt = opts.dt ?? 0.5;
  const y0 = yStar.slice();
  for (let i = 0; i < y0.length; i++) y0[i] += delta * v[i];
  // integrate in windows so a long escape does not keep 10⁵ rows
  let t0 = 0;
  let y: Float64Array = y0;
  let prevEg = egOf(y0);
  const window = 2000 * dt;
  while (t0 < tmax) {
    const m = Math.round(Math.min(window, tmax - t0) / dt);
    const times = Float64Array.from({ length: m + 1 }, (_, i) => i * dt);
    const shifted: RhsFunction = (t, yy, dy) => rhs(t + t0, yy, dy);
    const r = integrateAuto(shifted, y, times, [], { rtol: opts.rtol ?? 1e-10, atol: opts.atol ?? 1e-13 });
    if (r.failure) return Number.NaN;
    for (let i = 1; i < r.rows.length; i++) {
      const e = egOf(r.rows[i]);
      if (e < opts.threshold) {
        const frac = (prevEg - opts.threshold) / (prevEg - e);
        return t0 + (i - 1 + frac) * dt;
      }
      prevEg = e;
    }
    y = r.rows[r.rows.length - 1];
    t0 += m * dt;
  }
  return Number.NaN;
}

/** Least-squares slope and intercept of t_esc against ln(1/δ). */
export function escapeSlope(deltas: number[], times: number[]): { slope: number; intercept: number } {
  const x = deltas.map((d) => Math.log(1 / d));
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = times.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (times[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
  }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}
