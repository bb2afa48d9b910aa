/**
 * The one symmetric eigen-solver of the package: Householder reduction to tridiagonal form
 * (`hessenberg` of eigenvalues.ts, which is tridiagonal for a symmetric matrix), then implicit QL
 * with Wilkinson shifts on the tridiagonal matrix (`tridiagonalEigen`, Golub & Van Loan Sect. 8.3;
 * the tqli of Numerical Recipes), accumulating the rotations into as many eigenvector rows as the
 * caller asks for. Users: the PSD checks of initial covariances (`isPositiveSemiDefinite`,
 * src/core/checks.ts, src/core/init.ts) and the Gauss–Hermite nodes (the Jacobi matrix of the
 * Hermite recurrence is tridiagonal already; src/core/cubature/gaussHermite.ts tracks one row).
 *
 * Why not mathjs: importing mathjs costs about a second of start-up (ten under load) on every CLI
 * call and every worker, for matrices of size ≤ 200 that this diagonalises to rounding in
 * microseconds. mathjs' `eigs` stays the independent check in test/core/linalg.test.ts.
 */
import { hessenberg } from './eigenvalues.ts';

/**
 * Eigenvalues of the symmetric tridiagonal matrix (diagonal d, off-diagonal e[i] coupling i and
 * i+1, e[n−1] unused), in place: d ← eigenvalues (unsorted). z (rows × n, row-major) is multiplied
 * on the right by the accumulated rotations: start from the identity (rows = n) for the eigenvectors
 * of the tridiagonal matrix (column j ↔ eigenvalue d[j]), from the first unit row (rows = 1) for their
 * first components only, or from Q of a tridiagonal reduction A = Q T Qᵀ for those of A. Throws when
 * an eigenvalue needs more than 60 QL steps.
 */
export function tridiagonalEigen(d: Float64Array, e: Float64Array, z: Float64Array, rows: number): void {
  const n = d.length;
  e[n - 1] = 0;
  let norm = 0;
  for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(d[i]) + Math.abs(e[i]) + (i > 0 ? Math.abs(e[i - 1]) : 0));
  const negligible = Number.EPSILON * Number.EPSILON * norm;
  for (let l = 0; l < n; l++) {
    for (let iter = 0; ; iter++) {
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
        // relative to the neighbouring diagonal, or negligible against the whole matrix: next to
        // zero diagonals (e.g. a covariance with couplings of 1e-10 and 1e-156) the relative test
        // never passes and QL steps stall; dropping |e| ≤ ε²‖T‖ moves eigenvalues by less than that
        if (Math.abs(e[m]) <= Number.EPSILON * dd || Math.abs(e[m]) <= negligible) break;
      }
      if (m === l) break;
      if (iter === 60) throw new Error(`tridiagonalEigen: no convergence for eigenvalue ${l}`);
      // Wilkinson shift from the leading 2×2 block
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = Math.hypot(g, 1);
      g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1, c = 1, p = 0;
      let i = m - 1;
      let deflated = false;
      for (; i >= l; i--) {
        const f = s * e[i];
        const b = c * e[i];
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          // underflow: the matrix split, restart on the smaller block
          d[i + 1] -= p;
          e[m] = 0;
          deflated = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        // the same plane rotation applied to columns i, i+1 of every tracked row
        for (let row = 0, o = 0; row < rows; row++, o += n) {
          const zi1 = z[o + i + 1];
          z[o + i + 1] = s * z[o + i] + c * zi1;
          z[o + i] = c * z[o + i] - s * zi1;
        }
      }
      if (deflated) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
}

/**
 * Eigenvalues (values, n; unsorted) of the symmetric n×n row-major matrix a (not modified), and
 * when `vectors` (n×n) is given its orthonormal eigenvectors, column j ↔ values[j].
 */
export function symmetricEigen(a: Float64Array, n: number, values: Float64Array, vectors?: Float64Array): void {
  const H = a.slice(0, n * n);
  const Q = vectors ?? new Float64Array(0);
  hessenberg(H, n, vectors);
  const e = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    values[i] = H[i * n + i];
    // the subdiagonal; its mirror above the diagonal agrees to rounding
    if (i + 1 < n) e[i] = H[(i + 1) * n + i];
  }
  tridiagonalEigen(values, e, Q, vectors ? n : 0);
}

/** Eigenvalues of a symmetric n×n row-major matrix (unsorted). */
export function symmetricEigenvalues(a: Float64Array, n: number): Float64Array {
  const values = new Float64Array(n);
  symmetricEigen(a, n, values);
  return values;
}

/** Smallest eigenvalue of a symmetric n×n row-major matrix. */
export function minEigenvalue(a: Float64Array, n: number): number {
  return Math.min(...symmetricEigenvalues(a, n));
}

/**
 * PSD with a tolerance relative to the matrix scale: eigenvalues down to −tol·max|a_ij| are accepted
 * as rounding (a Gram matrix of D-dimensional vectors is PSD exactly; rounding gives ~1e-15 relative).
 */
export function isPositiveSemiDefinite(a: Float64Array, n: number, tol = 1e-10): { ok: boolean; minEig: number } {
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(a[i]));
  const minEig = minEigenvalue(a, n);
  return { ok: minEig >= -tol * Math.max(scale, 1), minEig };
}
