/**
 * Small dense symmetric eigenproblems off the hot path (PSD checks of initial covariances; the
 * eigen-roots of the cubature backend, src/core/cubature/backend.ts).
 *
 * Why not mathjs here: importing mathjs costs about a second of start-up (ten under load) on
 * every CLI call and every worker, for matrices of size K+M+1 ≤ 129 that a cyclic Jacobi sweep
 * diagonalises exactly to rounding in microseconds. mathjs' `eigs` stays the independent check of
 * this routine in test/core/linalg.test.ts.
 */

/**
 * Eigenvalues of a symmetric n×n row-major matrix (cyclic Jacobi rotations; unsorted).
 * Converges quadratically; stops when the off-diagonal mass is below 1e-30 of the total.
 */
export function symmetricEigenvalues(a: Float64Array, n: number): Float64Array {
  const values = new Float64Array(n);
  jacobiEigen(a, n, values, new Float64Array(n * n), new Float64Array(n * n));
  return values;
}

/**
 * Eigenvalues (values, n) and eigenvectors (vectors, n×n row-major, column j = eigenvector j) of
 * the symmetric n×n row-major matrix a, by cyclic Jacobi rotations; unsorted. Allocation-free:
 * `work` (n×n) is overwritten. Stops when the off-diagonal mass is below 1e-30 of the total.
 */
export function jacobiEigen(a: Float64Array, n: number, values: Float64Array, vectors: Float64Array, work: Float64Array): void {
  const m = work;
  for (let i = 0; i < n * n; i++) m[i] = a[i];
  vectors.fill(0, 0, n * n);
  for (let i = 0; i < n; i++) vectors[i * n + i] = 1;
  let total = 0;
  for (let i = 0; i < n * n; i++) total += m[i] * m[i];
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += 2 * m[p * n + q] * m[p * n + q];
    if (off <= 1e-30 * total || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q];
        if (apq === 0) continue;
        const app = m[p * n + p], aqq = m[q * n + q];
        // rotation angle that zeroes m[p][q] (Golub & Van Loan, Alg. 8.4.1)
        const tau = (aqq - app) / (2 * apq);
        const t = (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t), s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k * n + p], mkq = m[k * n + q];
          m[k * n + p] = c * mkp - s * mkq;
          m[k * n + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p * n + k], mqk = m[q * n + k];
          m[p * n + k] = c * mpk - s * mqk;
          m[q * n + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = vectors[k * n + p], vkq = vectors[k * n + q];
          vectors[k * n + p] = c * vkp - s * vkq;
          vectors[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  for (let i = 0; i < n; i++) values[i] = m[i * n + i];
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
