/**
 * One step of RODAS4, the stiffly accurate, L-stable Rosenbrock method of order 4 with an
 * embedded order-3 solution and an order-3 continuous extension (Hairer & Wanner, Solving ODEs II,
 * Sect. IV.7; coefficients of their rodas.f, METH = 1).
 *
 * In the transformed variables of rodas.f each stage solves one linear system with the same
 * matrix E = I/(γh) − J:
 *
 *   E k_i = f(t + c_i h, y + Σ_{j<i} a_ij k_j) + γ_i h ∂f/∂t + (Σ_{j<i} c_ij k_j)/h,   i = 1..6
 *
 * and y₁ = y + Σ a_6j k_j + k_6 (the last two stages sit at t + h: stiffly accurate), with the
 * local error estimate k_6 (difference to the embedded order-3 solution). Six RHS evaluations
 * (the first is f(t, y), shared with the Jacobian), one LU, six solves.
 */
import type { RhsFunction } from '../state.ts';
import { DenseLu } from '../../src/core/linalg/lu.ts';

export const RODAS4_ORDER = 4;
export const GAMMA = 0.25;
const C2 = 0.386, C3 = 0.21, C4 = 0.63;
const D1 = 0.25, D2 = -0.1043, D3 = 0.1035, D4 = -0.3620000000000023e-1;
const A21 = 1.544;
const A31 = 0.9466785280815826, A32 = 0.2557011698983284;
const A41 = 3.314825187068521, A42 = 2.896124015972201, A43 = 0.9986419139977817;
const A51 = 1.221224509226641, A52 = 6.019134481288629, A53 = 12.53708332932087, A54 = -0.6878860361058950;
const C21 = -5.6688;
const C31 = -2.430093356833875, C32 = -0.2063599157091915;
const C41 = -0.1073529058151375, C42 = -9.594562251023355, C43 = -20.47028614809616;
const C51 = 7.496443313967647, C52 = -10.24680431464352, C53 = -33.99990352819905, C54 = 11.70890893206160;
const C61 = 8.083246795921522, C62 = -7.981132988064893, C63 = -31.52159432874371, C64 = 16.31930543123136, C65 = -6.058818238834054;
// continuous extension: y(t + θh) = (1 − θ) y + θ (y₁ + (1 − θ)(d₂ + θ d₃)), d₂ = Σ D2j k_j, d₃ = Σ D3j k_j
const D21 = 10.12623508344586, D22 = -7.487995877610167, D23 = -34.80091861555747, D24 = -7.992771707568823, D25 = 1.025137723295662;
const D31 = -0.6762803392801253, D32 = 6.087714651680015, D33 = 16.43084320892478, D34 = 24.76722511418386, D35 = -6.594389125716872;

/** Scratch and results of RODAS4 steps on an n-dimensional system; allocation-free per step. */
export class Rodas4 {
  readonly n: number;
  readonly lu: DenseLu;
  readonly k1: Float64Array; readonly k2: Float64Array; readonly k3: Float64Array;
  readonly k4: Float64Array; readonly k5: Float64Array; readonly k6: Float64Array;
  /** solution after the last `step` */
  readonly yNew: Float64Array;
  /** local error estimate of the last `step` (= k6) */
  readonly err: Float64Array;
  private readonly ys: Float64Array;
  private readonly fs: Float64Array;
  /** dense output of the last accepted step: y₀, y₁, d₂, d₃ */
  private readonly c0: Float64Array; private readonly c1: Float64Array;
  private readonly c2: Float64Array; private readonly c3: Float64Array;
  private t0 = 0;
  private h0 = 0;
  /** RHS evaluations spent by `step` so far */
  rhsEvals = 0;

  constructor(n: number) {
    this.n = n;
    this.lu = new DenseLu(n);
    const v = () => new Float64Array(n);
    this.k1 = v(); this.k2 = v(); this.k3 = v(); this.k4 = v(); this.k5 = v(); this.k6 = v();
    this.yNew = v(); this.ys = v(); this.fs = v();
    this.c0 = v(); this.c1 = v(); this.c2 = v(); this.c3 = v();
    this.err = this.k6;
  }

  /** Factor E = I/(γh) − J. False when E is singular for this h. */
  factor(J: Float64Array, h: number): boolean {
    const { n } = this;
    const a = this.lu.a;
    const d = 1 / (GAMMA * h);
    for (let i = 0; i < n * n; i++) a[i] = -J[i];
    for (let i = 0; i < n; i++) a[i * n + i] += d;
    return this.lu.factor();
  }

  /**
   * One step of size h from (t, y) with f0 = f(t, y) and dfdt = ∂f/∂t, after `factor(J, h)`.
   * Writes yNew and err; returns false when a stage went non-finite (the caller shrinks h).
   */
  step(rhs: RhsFunction, t: number, y: Float64Array, f0: Float64Array, dfdt: Float64Array, h: number): boolean {
    const { n, lu, k1, k2, k3, k4, k5, k6, ys, fs, yNew } = this;
    const ih = 1 / h;
    for (let i = 0; i < n; i++) k1[i] = f0[i] + h * D1 * dfdt[i];
    lu.solve(k1);

    for (let i = 0; i < n; i++) ys[i] = y[i] + A21 * k1[i];
    rhs(t + C2 * h, ys, fs);
    for (let i = 0; i < n; i++) k2[i] = fs[i] + h * D2 * dfdt[i] + C21 * k1[i] * ih;
    lu.solve(k2);

    for (let i = 0; i < n; i++) ys[i] = y[i] + A31 * k1[i] + A32 * k2[i];
    rhs(t + C3 * h, ys, fs);
    for (let i = 0; i < n; i++) k3[i] = fs[i] + h * D3 * dfdt[i] + (C31 * k1[i] + C32 * k2[i]) * ih;
    lu.solve(k3);

    for (let i = 0; i < n; i++) ys[i] = y[i] + A41 * k1[i] + A42 * k2[i] + A43 * k3[i];
    rhs(t + C4 * h, ys, fs);
    for (let i = 0; i < n; i++) k4[i] = fs[i] + h * D4 * dfdt[i] + (C41 * k1[i] + C42 * k2[i] + C43 * k3[i]) * ih;
    lu.solve(k4);

    for (let i = 0; i < n; i++) ys[i] = y[i] + A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i];
    rhs(t + h, ys, fs);
    for (let i = 0; i < n; i++) k5[i] = fs[i] + (C51 * k1[i] + C52 * k2[i] + C53 * k3[i] + C54 * k4[i]) * ih;
    lu.solve(k5);

    for (let i = 0; i < n; i++) ys[i] += k5[i];
    rhs(t + h, ys, fs);
    for (let i = 0; i < n; i++) k6[i] = fs[i] + (C61 * k1[i] + C62 * k2[i] + C63 * k3[i] + C64 * k4[i] + C65 * k5[i]) * ih;
    lu.solve(k6);

    this.rhsEvals += 5;
    let finite = true;
    for (let i = 0; i < n; i++) {
      const v = (yNew[i] = ys[i] + k6[i]);
      if (v - v !== 0 || k6[i] - k6[i] !== 0) finite = false;
    }
    return finite;
  }

  /** RMS of err_i / (atol + rtol·max(|y_i|, |yNew_i|)) — the step is accepted when ≤ 1. */
  errorNorm(y: Float64Array, rtol: number, atol: number): number {
    const { n, err, yNew } = this;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const sk = atol + rtol * Math.max(Math.abs(y[i]), Math.abs(yNew[i]));
      const e = err[i] / sk;
      s += e * e;
    }
    return Math.sqrt(s / n);
  }

  /** Keep the continuous extension of the step just accepted, from (t, y) of size h. */
  prepareDense(t: number, y: Float64Array, h: number): void {
    const { n, k1, k2, k3, k4, k5, c0, c1, c2, c3, yNew } = this;
    for (let i = 0; i < n; i++) {
      c0[i] = y[i];
      c1[i] = yNew[i];
      c2[i] = D21 * k1[i] + D22 * k2[i] + D23 * k3[i] + D24 * k4[i] + D25 * k5[i];
      c3[i] = D31 * k1[i] + D32 * k2[i] + D33 * k3[i] + D34 * k4[i] + D35 * k5[i];
    }
    this.t0 = t;
    this.h0 = h;
  }

  /** Component i of the continuous extension at time tt inside the last accepted step. */
  dense(i: number, tt: number): number {
    const s = (tt - this.t0) / this.h0;
    const s1 = 1 - s;
    return this.c0[i] * s1 + s * (this.c1[i] + s1 * (this.c2[i] + s * this.c3[i]));
  }
}
