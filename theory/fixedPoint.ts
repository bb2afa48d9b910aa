/**
 * Fixed points of the ODEs and their stability: Newton's method on f(y) = 0 with a backtracking
 * line search, steps by truncated SVD (a singular Jacobian — a continuum of fixed points, a
 * conserved quantity — gives the minimum-norm step instead of a failure), then the eigenvalues
 * of ∂f/∂y there, classified as unstable, neutral or stable.
 *
 *   const fp = findFixedPoint(rhs, y0);               // { converged, y, residual, message, … }
 *   const st = stabilityAt(rhs, fp.y);                // { eigenvalues, unstable, neutral, stable, … }
 *
 * Engine code: takes an RhsFunction and a state vector; src/app/fixedPoint.ts maps a config.
 */
import type { RhsFunction } from './state.ts';
import { DenseLu } from '../src/core/linalg/lu.ts';
import { eigenvalues, type Complex } from '../src/core/linalg/eigenvalues.ts';
import { jacobianCentral } from './stiff/jacobian.ts';
import { solveTruncated, svd } from '../src/core/linalg/svd.ts';

export interface FixedPointOptions {
  /** converged when ‖f(y)‖∞ ≤ tol; default 1e-12 (the RHS itself is exact to ~1e-16 at states of size 1) */
  tol?: number;
  /** Newton iterations; default 60 */
  maxIterations?: number;
  /**
   * singular values ≤ rcond·σ_max count as zero (directions along a continuum of fixed points, or
   * a conserved quantity): no step along them. Default 1e-9: the central-difference Jacobian is
   * exact to ~1e-10 relative, so smaller singular values cannot be told from zero.
   */
  rcond?: number;
}

export interface FixedPointResult {
  converged: boolean;
  /** the last iterate (the fixed point when converged) */
  y: Float64Array;
  /** ‖f(y)‖∞ at the last iterate */
  residual: number;
  iterations: number;
  /** Jacobian directions with a zero singular value at the last iterate (> 0: a continuum or a conserved quantity) */
  singularDirections: number;
  /** what happened, in words: "converged in 6 Newton steps (‖f‖∞ = 2.1e-17)" or why not */
  message: string;
  rhsEvals: number;
}

const MIN_STEP = 2 ** -30; // smallest line-search fraction before giving up

/** Newton's method on f(t, y) = 0 from y0 (t fixed, default 0). Never throws on numerical trouble. */
export function findFixedPoint(rhs: RhsFunction, y0: Float64Array, opts: FixedPointOptions = {}, t = 0): FixedPointResult {
  const n = y0.length;
  const tol = opts.tol ?? 1e-12;
  const maxIt = opts.maxIterations ?? 60;
  const rcond = opts.rcond ?? 1e-9;
  const y = y0.slice();
  const f = new Float64Array(n);
  const yTrial = new Float64Array(n);
  const fTrial = new Float64Array(n);
  const J = new Float64Array(n * n);
  let evals = 0;
  const F = (yy: Float64Array, out: Float64Array): number => {
    try {
      rhs(t, yy, out);
    } catch {
      return Number.NaN; // e.g. a covariance that is not PSD at a trial state: a rejected trial
    }
    evals++;
    let m = 0;
    for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(out[i]));
    return m;
  };
  const sumSq = (v: Float64Array) => { let s = 0; for (let i = 0; i < n; i++) s += v[i] * v[i]; return s; };
  let res = F(y, f);
  const done = (converged: boolean, iterations: number, singular: number, message: string): FixedPointResult =>
    ({ converged, y, residual: res, iterations, singularDirections: singular, message, rhsEvals: evals });
  if (!Number.isFinite(res)) return done(false, 0, 0, 'did not converge: the RHS is not finite at the starting state');
  let singular = 0;
  for (let it = 0; it <= maxIt; it++) {
    if (res <= tol) {
      // the singular directions at the solution itself
      evals += jacobianCentral(rhs, t, y, J);
      singular = svd(J, n).s.filter((s, _i, all) => !(s > rcond * Math.max(...all))).length;
      return done(true, it, singular, `converged in ${it} Newton step${it === 1 ? '' : 's'} (‖f‖∞ = ${res.toExponential(2)})`);
    }
    if (it === maxIt) break;
    evals += jacobianCentral(rhs, t, y, J);
    const d = svd(J, n);
    const rhsVec = new Float64Array(n);
    for (let i = 0; i < n; i++) rhsVec[i] = -f[i];
    const { x: step, dropped } = solveTruncated(d, rhsVec, rcond);
    singular = dropped;
    // backtracking on φ = ½‖f‖² with Armijo's condition φ(y + αδ) ≤ (1 − 2cα)φ(y), c = 1e-4
    const phi = sumSq(f);
    let alpha = 1;
    let accepted = false;
    while (alpha >= MIN_STEP) {
      for (let i = 0; i < n; i++) yTrial[i] = y[i] + alpha * step[i];
      const r = F(yTrial, fTrial);
      if (Number.isFinite(r) && sumSq(fTrial) <= (1 - 2e-4 * alpha) * phi) {
        y.set(yTrial);
        f.set(fTrial);
        res = r;
        accepted = true;
        break;
      }
      alpha /= 2;
    }
    if (!accepted) {
      return done(false, it, singular,
        `did not converge: the line search found no decrease of ‖f‖ along the Newton step after ${it} steps (‖f‖∞ = ${res.toExponential(2)}; ` +
        'the start may be far from a fixed point, or the residual is at its rounding floor — try a tighter starting state)');
    }
  }
  return done(false, maxIt, singular, `did not converge in ${maxIt} Newton steps (‖f‖∞ = ${res.toExponential(2)} > ${tol})`);
}

export interface Stability {
  /** eigenvalues of ∂f/∂y, sorted by real part, largest first */
  eigenvalues: Complex[];
  unstable: number;
  neutral: number;
  stable: number;
  /** |Re λ| below this counts as neutral */
  neutralTol: number;
  /** 1 / min |Re λ| over the stable directions (the slowest decay), Infinity if none */
  slowestTimeConstant: number;
  /** the eigenvalue with the largest real part when it is unstable, and its (real) eigenvector */
  leadingUnstable: { value: Complex; vector: Float64Array | null } | null;
  jacobian: Float64Array;
}

/**
 * Eigenvalues of the Jacobian at y (central differences). Neutral: |Re λ| ≤ neutralTol =
 * relTol·max|λ| (default relTol 1e-7): the Jacobian is exact to ~1e-10 relative, and a zero
 * eigenvalue of multiplicity 2–3 (a continuum of fixed points) spreads by the root of that,
 * ~1e-7·max|λ|; slower genuine rates than that are not resolved and are reported as neutral.
 */
export function stabilityAt(rhs: RhsFunction, y: Float64Array, relTol = 1e-7, t = 0): Stability {
  const n = y.length;
  const J = new Float64Array(n * n);
  jacobianCentral(rhs, t, y, J);
  const ev = eigenvalues(J, n);
  let scale = 0;
  for (const z of ev) scale = Math.max(scale, Math.hypot(z.re, z.im));
  // J is real: imaginary parts at rounding level (complex QR leaves ~1e-20) are zero
  for (const z of ev) if (Math.abs(z.im) <= 1e-12 * scale) z.im = 0;
  ev.sort((a, b) => b.re - a.re || b.im - a.im);
  const neutralTol = relTol * scale;
  let unstable = 0, neutral = 0, stable = 0;
  let slowest = Infinity;
  for (const z of ev) {
    if (z.re > neutralTol) unstable++;
    else if (z.re < -neutralTol) {
      stable++;
      slowest = Math.min(slowest, -z.re);
    } else neutral++;
  }
  const lead = unstable > 0 ? ev[0] : null;
  return {
    eigenvalues: ev, unstable, neutral, stable, neutralTol,
    slowestTimeConstant: 1 / slowest,
    leadingUnstable: lead ? { value: lead, vector: Math.abs(lead.im) <= 1e-12 * scale ? realEigenvector(J, n, lead.re) : null } : null,
    jacobian: J,
  };
}

/** Unit eigenvector of J for a real eigenvalue λ by inverse iteration ((J − λ'I)x = x_prev, λ' ≈ λ). */
export function realEigenvector(J: Float64Array, n: number, lambda: number): Float64Array {
  const lu = new DenseLu(n);
  // shift off the exact eigenvalue so the factorisation stays regular; the iteration still converges to it
  const shift = lambda + 1e-10 * Math.max(1, Math.abs(lambda));
  for (let i = 0; i < n * n; i++) lu.a[i] = J[i];
  for (let i = 0; i < n; i++) lu.a[i * n + i] -= shift;
  const x = new Float64Array(n).fill(1 / Math.sqrt(n));
  if (!lu.factor()) return x;
  for (let it = 0; it < 4; it++) {
    lu.solve(x);
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i] * x[i];
    s = Math.sqrt(s);
    let big = 0;
    for (let i = 0; i < n; i++) if (Math.abs(x[i]) > Math.abs(big)) big = x[i];
    // sign convention: the largest component positive
    for (let i = 0; i < n; i++) x[i] *= Math.sign(big) / s;
  }
  return x;
}
