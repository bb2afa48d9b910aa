/**
 * Small dense helpers off the hot path. Positive semi-definiteness is judged with mathjs'
 * symmetric eigen-solver (the check that users see in error messages).
 */
import { eigs } from 'mathjs';

/** Smallest eigenvalue of a symmetric n×n row-major matrix. */
export function minEigenvalue(a: Float64Array, n: number): number {
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) rows.push(Array.from(a.subarray(i * n, (i + 1) * n)));
  const { values } = eigs(rows, { eigenvectors: false });
  const vals = (Array.isArray(values) ? values : (values as { toArray(): unknown[] }).toArray()) as number[];
  return Math.min(...vals.map(Number));
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
