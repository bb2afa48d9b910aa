/**
 * Dense kernels of the simulation's hot loop, over Float64Array with explicit lengths and offsets
 * (stdlib-js / BLAS style: the vectors are slices of larger row-major matrices, so nothing is
 * sliced or allocated). Hand-written loops, no library calls.
 *
 * Summation order is fixed (it depends only on n), so results are bit-reproducible.
 */

/**
 * x·y over n entries: Σ_i x[ox+i]·y[oy+i]. Four partial sums (independent accumulators let the
 * CPU overlap the additions), combined as (s0+s1)+(s2+s3), then the remainder.
 */
export function dot(n: number, x: Float64Array, ox: number, y: Float64Array, oy: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += x[ox + i] * y[oy + i];
    s1 += x[ox + i + 1] * y[oy + i + 1];
    s2 += x[ox + i + 2] * y[oy + i + 2];
    s3 += x[ox + i + 3] * y[oy + i + 3];
  }
  let s = (s0 + s1) + (s2 + s3);
  for (; i < n; i++) s += x[ox + i] * y[oy + i];
  return s;
}

/** y ← y + α·x over n entries (y[oy+i] += α·x[ox+i]). */
export function axpy(n: number, alpha: number, x: Float64Array, ox: number, y: Float64Array, oy: number): void {
  for (let i = 0; i < n; i++) y[oy + i] += alpha * x[ox + i];
}

/** y ← y + α·x + β·z over n entries: two axpys fused into one pass over y (PEPITA's update). */
export function axpbz(
  n: number, alpha: number, x: Float64Array, ox: number, beta: number, z: Float64Array, oz: number, y: Float64Array, oy: number,
): void {
  for (let i = 0; i < n; i++) y[oy + i] += alpha * x[ox + i] + beta * z[oz + i];
}

/**
 * out[oo + r] ← scale · (A_r · x) for the `rows` rows of a row-major rows×n matrix A starting at
 * offset oA (row r at oA + r·n). Rows are taken two at a time so each x[i] is loaded once per pair;
 * each pair keeps two partial sums per row (even/odd i), combined as s_even + s_odd.
 */
export function gemv(
  rows: number, n: number, scale: number, A: Float64Array, oA: number, x: Float64Array, ox: number, out: Float64Array, oo: number,
): void {
  let r = 0;
  for (; r + 1 < rows; r += 2) {
    const p = oA + r * n;
    const q = p + n;
    let a0 = 0, a1 = 0, b0 = 0, b1 = 0;
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const x0 = x[ox + i];
      const x1 = x[ox + i + 1];
      a0 += A[p + i] * x0;
      a1 += A[p + i + 1] * x1;
      b0 += A[q + i] * x0;
      b1 += A[q + i + 1] * x1;
    }
    if (i < n) {
      const x0 = x[ox + i];
      a0 += A[p + i] * x0;
      b0 += A[q + i] * x0;
    }
    out[oo + r] = scale * (a0 + a1);
    out[oo + r + 1] = scale * (b0 + b1);
  }
  if (r < rows) out[oo + r] = scale * dot(n, A, oA + r * n, x, ox);
}
