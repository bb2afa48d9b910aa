/**
 * Eigen-decomposition roots of a small covariance block, alternatives to the Cholesky map of the
 * cubature backend (compared in bench/cubature.ts): the principal-axis root A = V Λ^{1/2}
 * (columns ordered by decreasing variance) and the symmetric root A = V Λ^{1/2} Vᵀ; either way
 * A Aᵀ = C. Cyclic Jacobi rotations with the eigenvectors accumulated (src/core/linalg.ts has the
 * eigenvalue-only sweep for PSD checks). Off the hot path: once per average, n ≤ K + M.
 */

/**
 * Eigenvalues (values, n) and eigenvectors (vectors, n×n row-major, column j = eigenvector j) of
 * the symmetric n×n row-major matrix a. `work` (n×n) is overwritten. Unsorted.
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
    if (off <= 1e-32 * total || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q];
        if (apq === 0) continue;
        // rotation angle that zeroes m[p][q] (Golub & Van Loan, Alg. 8.4.1)
        const tau = (m[q * n + q] - m[p * n + p]) / (2 * apq);
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
