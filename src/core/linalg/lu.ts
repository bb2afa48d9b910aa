/**
 * Small dense LU factorisation with partial pivoting over a flat row-major Float64Array, for the
 * linear systems (I/(γh) − J) k = b of the Rosenbrock stages (n ≤ ~100: the theory state has
 * K(K+1)/2 + KM + 2K components). Factor once per step, solve six times; no allocation after
 * construction.
 */
export class DenseLu {
  readonly n: number;
  /** L (unit lower, below the diagonal) and U, overwritten in place */
  readonly a: Float64Array;
  readonly pivot: Int32Array;

  constructor(n: number) {
    this.n = n;
    this.a = new Float64Array(n * n);
    this.pivot = new Int32Array(n);
  }

  /**
   * Factor the matrix currently in `this.a` (row-major). Returns false when a pivot is exactly
   * zero or not finite (the caller shrinks the step: I/(γh) − J is regular for small h).
   */
  factor(): boolean {
    const { n, a, pivot } = this;
    for (let k = 0; k < n; k++) {
      let p = k;
      let best = Math.abs(a[k * n + k]);
      for (let i = k + 1; i < n; i++) {
        const v = Math.abs(a[i * n + k]);
        if (v > best) { best = v; p = i; }
      }
      pivot[k] = p;
      if (!(best > 0) || !Number.isFinite(best)) return false;
      if (p !== k) {
        for (let j = 0; j < n; j++) {
          const t = a[k * n + j];
          a[k * n + j] = a[p * n + j];
          a[p * n + j] = t;
        }
      }
      const inv = 1 / a[k * n + k];
      for (let i = k + 1; i < n; i++) {
        const f = (a[i * n + k] *= inv);
        if (f === 0) continue;
        for (let j = k + 1; j < n; j++) a[i * n + j] -= f * a[k * n + j];
      }
    }
    return true;
  }

  /** b ← A⁻¹ b in place, with the factors of the last `factor()`. */
  solve(b: Float64Array): void {
    const { n, a, pivot } = this;
    for (let k = 0; k < n; k++) {
      const p = pivot[k];
      if (p !== k) { const t = b[k]; b[k] = b[p]; b[p] = t; }
    }
    for (let i = 1; i < n; i++) {
      let s = b[i];
      for (let j = 0; j < i; j++) s -= a[i * n + j] * b[j];
      b[i] = s;
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = b[i];
      for (let j = i + 1; j < n; j++) s -= a[i * n + j] * b[j];
      b[i] = s / a[i * n + i];
    }
  }
}
