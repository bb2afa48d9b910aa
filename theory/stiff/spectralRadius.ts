/**
 * Estimates of the spectral radius ρ(J) of the Jacobian — the fastest rate in the linearised
 * dynamics — by power iteration, warm-started from the previous estimate's vector so that a few
 * iterations per call suffice along a trajectory. Only the magnitude matters for the stiffness
 * test, so complex pairs (where the iterates rotate) are fine: ‖J^k v‖^{1/k} still tends to ρ.
 */
import type { RhsFunction } from '../state.ts';

export class SpectralRadius {
  readonly n: number;
  private readonly v: Float64Array;
  private readonly w: Float64Array;
  private readonly yp: Float64Array;
  private readonly f0: Float64Array;
  private readonly fp: Float64Array;

  constructor(n: number) {
    this.n = n;
    this.v = new Float64Array(n);
    // a start vector with every component, so no eigendirection is missed for symmetry reasons
    for (let i = 0; i < n; i++) this.v[i] = 1 + 0.37 * Math.sin(1.7 * i + 0.3);
    normalise(this.v);
    this.w = new Float64Array(n);
    this.yp = new Float64Array(n);
    this.f0 = new Float64Array(n);
    this.fp = new Float64Array(n);
  }

  /** ρ of a row-major n×n matrix; `iters` products (no RHS evaluations). */
  ofMatrix(J: Float64Array, iters = 8): number {
    const { n, v, w } = this;
    let prev = 0, cur = 0;
    for (let k = 0; k < iters; k++) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += J[i * n + j] * v[j];
        w[i] = s;
      }
      prev = cur;
      cur = normalise(w);
      if (cur === 0) return 0;
      v.set(w);
    }
    // geometric mean of the last two ratios: exact in the limit for a complex pair too
    return prev > 0 ? Math.sqrt(prev * cur) : cur;
  }

  /**
   * ρ of ∂f/∂y at (t, y) from Jacobian–vector products by forward differences:
   * Jv ≈ (f(y + εv) − f(y))/ε. Spends `iters` + 1 RHS evaluations (returned in `.evals`).
   */
  ofRhs(rhs: RhsFunction, t: number, y: Float64Array, iters = 6): { rho: number; evals: number } {
    const { n, v, yp, f0, fp, w } = this;
    rhs(t, y, f0);
    let ynorm = 0;
    for (let i = 0; i < n; i++) ynorm = Math.max(ynorm, Math.abs(y[i]));
    const eps = Math.sqrt(Number.EPSILON) * Math.max(1, ynorm);
    let prev = 0, cur = 0;
    for (let k = 0; k < iters; k++) {
      for (let i = 0; i < n; i++) yp[i] = y[i] + eps * v[i];
      rhs(t, yp, fp);
      for (let i = 0; i < n; i++) w[i] = (fp[i] - f0[i]) / eps;
      prev = cur;
      cur = normalise(w);
      if (!(cur > 0) || !Number.isFinite(cur)) return { rho: 0, evals: k + 2 };
      v.set(w);
    }
    return { rho: prev > 0 ? Math.sqrt(prev * cur) : cur, evals: iters + 1 };
  }
}

/** v ← v/‖v‖₂; returns ‖v‖₂. */
function normalise(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  const r = Math.sqrt(s);
  if (r > 0) for (let i = 0; i < v.length; i++) v[i] /= r;
  return r;
}
