/**
 * Jacobian ∂f/∂y (row-major n×n) and ∂f/∂t of an RhsFunction by finite differences, for the
 * Rosenbrock stages and the fixed-point analysis. The RHS may cost milliseconds (Monte Carlo,
 * cubature), so the forward version reuses f(t, y) and spends exactly n + 1 evaluations.
 */
import type { RhsFunction } from '../state.ts';

const SQRT_EPS = Math.sqrt(Number.EPSILON);
const CBRT_EPS = Math.cbrt(Number.EPSILON);

/**
 * Forward differences with the increment δ_j = √ε·max(|y_j|, floor), floor = atol/rtol (the size
 * below which the error control treats a component as absolute). Why relative to |y_j| and not
 * Hairer's √(ε·max(1e-5, |y_j|)): a Rosenbrock step of size h needs h·‖ΔJ‖ ≪ 1, and for a
 * component far below 1e-5 whose RHS is nonlinear in it (Robertson's y₂ ≈ 1e-11 in 3·10⁷y₂²) an
 * increment of 5e-11 makes the column wrong by 100 % — RODAS then crawls with h/t ≈ 1e-3
 * (measured: 10⁴ steps instead of 400 on Robertson to 10¹¹). `f0` = f(t, y). Also fills
 * dfdt = (f(t + δ_t, y) − f0)/δ_t. Returns the RHS evaluations spent (n + 1).
 * `ytmp`, `ftmp` are scratch of length n.
 */
export function jacobianForward(
  rhs: RhsFunction, t: number, y: Float64Array, f0: Float64Array,
  J: Float64Array, dfdt: Float64Array, ytmp: Float64Array, ftmp: Float64Array, floor: number,
): number {
  const n = y.length;
  ytmp.set(y);
  for (let j = 0; j < n; j++) {
    const yj = y[j];
    const d = SQRT_EPS * Math.max(Math.abs(yj), floor);
    ytmp[j] = yj + d;
    const dj = ytmp[j] - yj; // the increment actually representable
    rhs(t, ytmp, ftmp);
    for (let i = 0; i < n; i++) J[i * n + j] = (ftmp[i] - f0[i]) / dj;
    ytmp[j] = yj;
  }
  const dt = SQRT_EPS * Math.max(1e-5, Math.abs(t));
  const tt = t + dt;
  rhs(tt, y, ftmp);
  for (let i = 0; i < n; i++) dfdt[i] = (ftmp[i] - f0[i]) / (tt - t);
  return n + 1;
}

/**
 * Central differences, error O(δ²) ≈ ε^{2/3} ≈ 4e-11 relative instead of √ε ≈ 1e-8: for the
 * eigenvalues of a fixed point, where a neutral direction must be told from a slow one.
 * δ_j = ε^{1/3}·max(1, |y_j|). 2n evaluations. Returns the count.
 */
export function jacobianCentral(rhs: RhsFunction, t: number, y: Float64Array, J: Float64Array): number {
  const n = y.length;
  const yp = y.slice();
  const fp = new Float64Array(n);
  const fm = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const yj = y[j];
    const d = CBRT_EPS * Math.max(1, Math.abs(yj));
    yp[j] = yj + d;
    const up = yp[j];
    rhs(t, yp, fp);
    yp[j] = yj - d;
    const down = yp[j];
    rhs(t, yp, fm);
    yp[j] = yj;
    for (let i = 0; i < n; i++) J[i * n + j] = (fp[i] - fm[i]) / (up - down);
  }
  return 2 * n;
}
