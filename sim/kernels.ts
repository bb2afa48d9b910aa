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
 * offset oA (row r at oA + r·n). Rows are taken four at a time (then a pair, then a single row) so
 * each x[i] is loaded once per block. Every row is one running sum in order i = 0..n−1, so the
 * result does not depend on the blocking and equals drawInputAndFields's projections bit for bit (sim/inputDraw.ts).
 */
export function gemv(
  rows: number, n: number, scale: number, A: Float64Array, oA: number, x: Float64Array, ox: number, out: Float64Array, oo: number,
): void {
  let r = 0;
  for (; r + 3 < rows; r += 4) {
    const p0 = oA + r * n, p1 = p0 + n, p2 = p1 + n, p3 = p2 + n;
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[ox + i];
      a0 += A[p0 + i] * xi;
      a1 += A[p1 + i] * xi;
      a2 += A[p2 + i] * xi;
      a3 += A[p3 + i] * xi;
    }
    out[oo + r] = scale * a0;
    out[oo + r + 1] = scale * a1;
    out[oo + r + 2] = scale * a2;
    out[oo + r + 3] = scale * a3;
  }
  if (r + 1 < rows) {
    const p = oA + r * n;
    const q = p + n;
    let a0 = 0, a1 = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[ox + i];
      a0 += A[p + i] * xi;
      a1 += A[q + i] * xi;
    }
    out[oo + r] = scale * a0;
    out[oo + r + 1] = scale * a1;
    r += 2;
  }
  if (r < rows) {
    const p = oA + r * n;
    let a0 = 0;
    for (let i = 0; i < n; i++) a0 += A[p + i] * x[ox + i];
    out[oo + r] = scale * a0;
  }
}

/**
 * Rank-one update of the `rows` rows of a row-major rows×n matrix A (offset oA):
 * A_r ← A_r + alpha[r]·x for every r. Rows are taken two at a time so each x[i] is loaded once per
 * pair (the first-layer update of BP, DFA and AFA for all K units in one sweep).
 */
export function rowsAxpy(rows: number, n: number, alpha: Float64Array, x: Float64Array, ox: number, A: Float64Array, oA: number): void {
  let r = 0;
  for (; r + 1 < rows; r += 2) {
    const p = oA + r * n;
    const q = p + n;
    const a0 = alpha[r], a1 = alpha[r + 1];
    for (let i = 0; i < n; i++) {
      const xi = x[ox + i];
      A[p + i] += a0 * xi;
      A[q + i] += a1 * xi;
    }
  }
  if (r < rows) axpy(n, alpha[r], x, ox, A, oA + r * n);
}

/**
 * Rank-two update of the rows of A: A_r ← A_r + alpha[r]·x + beta[r]·z for every r, two rows per
 * sweep (PEPITA's first-layer update with the modulated input x − F e/√D, without forming it).
 */
export function rowsAxpbz(
  rows: number, n: number, alpha: Float64Array, x: Float64Array, ox: number, beta: Float64Array, z: Float64Array, oz: number, A: Float64Array, oA: number,
): void {
  let r = 0;
  for (; r + 1 < rows; r += 2) {
    const p = oA + r * n;
    const q = p + n;
    const a0 = alpha[r], a1 = alpha[r + 1], b0 = beta[r], b1 = beta[r + 1];
    for (let i = 0; i < n; i++) {
      const xi = x[ox + i];
      const zi = z[oz + i];
      A[p + i] += a0 * xi + b0 * zi;
      A[q + i] += a1 * xi + b1 * zi;
    }
  }
  if (r < rows) axpbz(n, alpha[r], x, ox, beta[r], z, oz, A, oA + r * n);
}
