/**
 * Singular value decomposition of a small square matrix by one-sided Jacobi rotations
 * (Hestenes; Demmel & Veselić: relative accuracy in the small singular values), and the
 * minimum-norm least-squares solve it gives: Newton's method on RHS = 0 needs a step when the
 * Jacobian is singular (a continuum of fixed points), and the SVD says in how many directions.
 */
export interface Svd {
  n: number;
  /** left singular vectors, column j = U[i*n + j] */
  U: Float64Array;
  /** singular values (unsorted, ≥ 0) */
  s: Float64Array;
  /** right singular vectors, column j = V[i*n + j] */
  V: Float64Array;
}

/** A = U diag(s) Vᵀ for a row-major n×n A (not modified). */
export function svd(A: Float64Array, n: number): Svd {
  const U = A.slice(0, n * n);
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        let alpha = 0, beta = 0, gamma = 0;
        for (let i = 0; i < n; i++) {
          const up = U[i * n + p], uq = U[i * n + q];
          alpha += up * up;
          beta += uq * uq;
          gamma += up * uq;
        }
        if (gamma === 0 || Math.abs(gamma) <= Number.EPSILON * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        // the rotation that makes columns p and q orthogonal
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t), sn = c * t;
        for (let i = 0; i < n; i++) {
          const up = U[i * n + p], uq = U[i * n + q];
          U[i * n + p] = c * up - sn * uq;
          U[i * n + q] = sn * up + c * uq;
          const vp = V[i * n + p], vq = V[i * n + q];
          V[i * n + p] = c * vp - sn * vq;
          V[i * n + q] = sn * vp + c * vq;
        }
      }
    }
    if (!rotated) break;
  }
  const s = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let norm = 0;
    for (let i = 0; i < n; i++) norm += U[i * n + j] * U[i * n + j];
    norm = Math.sqrt(norm);
    s[j] = norm;
    if (norm > 0) for (let i = 0; i < n; i++) U[i * n + j] /= norm;
  }
  return { n, U, s, V };
}

/**
 * x = A⁺b truncated: singular values ≤ rcond·max s are treated as 0 (their directions get no
 * step — the minimum-norm solution). Returns x and the number of directions dropped.
 */
export function solveTruncated(d: Svd, b: Float64Array, rcond: number): { x: Float64Array; dropped: number } {
  const { n, U, s, V } = d;
  let smax = 0;
  for (let j = 0; j < n; j++) smax = Math.max(smax, s[j]);
  const x = new Float64Array(n);
  let dropped = 0;
  for (let j = 0; j < n; j++) {
    if (!(s[j] > rcond * smax)) {
      dropped++;
      continue;
    }
    let c = 0;
    for (let i = 0; i < n; i++) c += U[i * n + j] * b[i];
    c /= s[j];
    for (let i = 0; i < n; i++) x[i] += c * V[i * n + j];
  }
  return { x, dropped };
}
