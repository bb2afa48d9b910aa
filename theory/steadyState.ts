/**
 * Steady-state detection (DifferentialEquations.jl's TerminateSteadyState, with a stability test):
 * a solve that has reached a *stable* fixed point to tolerance stops there and its remaining output
 * times are filled with the fixed point, instead of being integrated step by step (a converged BP
 * run spends thousands of RHS evaluations on a state that no longer moves).
 *
 * After every accepted step (the integrators' `watch` hook):
 *   1. cheap trigger: the last step changed every component by at most its tolerance,
 *      |Δy_i| ≤ atol + rtol·|y_i|;
 *   2. then the test: the Jacobian J = ∂f/∂y at y (central differences) has every eigenvalue with
 *      Re λ < −neutralTol (strictly stable: a saddle — the symmetric plateau, whose unstable
 *      direction is only weakly excited — or a neutral direction — a continuum of fixed points —
 *      is not an end), and the Newton step d = −J⁻¹f(y) to the fixed point is within tolerance,
 *      |d_i| ≤ atol + rtol·|y_i|. Then y* = y + d: the fixed point to second order in |d|.
 * A rejected test is retried only once t has doubled (a long plateau costs O(log t) Jacobians).
 *
 * The filled rows differ from the integrated ones by at most the distance to y*, which the test
 * bounds by the tolerance (test/theory/steadyState.test.ts checks both a converging run and the
 * symmetric BP plateau, which must not be taken for the end).
 */
import { eigenvalues } from '../src/core/linalg/eigenvalues.ts';
import { DenseLu } from '../src/core/linalg/lu.ts';
import { jacobianCentral } from './stiff/jacobian.ts';
import type { RhsFunction } from './state.ts';

/** Where a solve was found at a stable fixed point. */
export interface SteadyState {
  /** the time of the accepted step at which it was detected */
  t: number;
  /** the fixed point y* = y + d the remaining output times are filled with */
  y: Float64Array;
  /** max_i |d_i| / (atol + rtol|y_i|) of the Newton step (≤ 1) */
  scaledDistance: number;
  /** the slowest decay rate min |Re λ| at y */
  slowestRate: number;
  /** how many stability tests ran (each 2n + 1 RHS evaluations) */
  tests: number;
}

/** |eigenvalue| below relTol·max|λ| counts as neutral (as theory/fixedPoint.ts stabilityAt) */
const NEUTRAL_REL = 1e-7;

/** The detector of one solve: `watch(t, y)` after each accepted step; true once steady (then `found` is set). */
export class SteadyStateDetector {
  found: SteadyState | null = null;
  /** RHS evaluations spent by the tests */
  rhsEvals = 0;
  private tests = 0;
  private readonly prev: Float64Array;
  private hasPrev = false;
  private nextTest = 0;
  private readonly J: Float64Array;
  private readonly f: Float64Array;
  private readonly lu: DenseLu;

  constructor(private readonly rhs: RhsFunction, private readonly n: number, private readonly rtol: number, private readonly atol: number) {
    this.prev = new Float64Array(n);
    this.J = new Float64Array(n * n);
    this.f = new Float64Array(n);
    this.lu = new DenseLu(n);
  }

  watch(t: number, y: ArrayLike<number>): boolean {
    const { n, prev, rtol, atol } = this;
    let quiet = this.hasPrev;
    for (let i = 0; i < n && quiet; i++) if (!(Math.abs(y[i] - prev[i]) <= atol + rtol * Math.abs(y[i]))) quiet = false;
    for (let i = 0; i < n; i++) prev[i] = y[i];
    this.hasPrev = true;
    if (!quiet || t < this.nextTest) return false;
    this.nextTest = 2 * t;
    return this.test(t, Float64Array.from(y));
  }

  private test(t: number, y: Float64Array): boolean {
    const { n, J, f, lu, rtol, atol } = this;
    this.tests++;
    this.rhs(t, y, f);
    this.rhsEvals += 1 + jacobianCentral(this.rhs, t, y, J);
    let ev: ReturnType<typeof eigenvalues>;
    try {
      ev = eigenvalues(J, n);
    } catch {
      return false; // no converged eigenvalues: not a test it can pass
    }
    let scale = 0;
    for (const z of ev) scale = Math.max(scale, Math.hypot(z.re, z.im));
    let slowest = Infinity;
    for (const z of ev) {
      if (!(z.re < -NEUTRAL_REL * scale)) return false;
      slowest = Math.min(slowest, -z.re);
    }
    // d = −J⁻¹ f
    lu.a.set(J);
    if (!lu.factor()) return false;
    const d = Float64Array.from(f, (v) => -v);
    lu.solve(d);
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(d[i]) / (atol + rtol * Math.abs(y[i])));
    if (!(worst <= 1)) return false;
    for (let i = 0; i < n; i++) y[i] += d[i];
    this.found = { t, y, scaledDistance: worst, slowestRate: slowest, tests: this.tests };
    return true;
  }
}
