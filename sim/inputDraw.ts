/**
 * One step's input and its fields together: x ← D fresh standard normals from the data stream and
 * fields[r] = scale·(A_r·x) for the first `rows` rows of [W1; W̃1; F] (λ, ν, ρ). x is drawn in
 * blocks of BLOCK numbers with the RNG's own primitive (Rng.fillNormal: the same numbers as one
 * call over all of x) and each block is projected while it is still in L1 cache, so the generator's
 * integer work and the dot products share one pass over memory. Every row is one running sum in
 * order i = 0..D−1: bit-identical to fillNormal followed by gemv (sim/kernels.ts).
 */
import type { Rng } from '../src/core/rng.ts';
import { axpbz, axpy } from './kernels.ts';
import type { PendingUpdate } from './state.ts';

/** numbers per block: 128 doubles (1 KiB) of x plus a block of each row stay in L1 */
const BLOCK = 128;

/**
 * `acc` is scratch of at least `rows` entries (no allocation per step). `pending` (optional): the
 * previous step's first-layer row update (sim/state.ts), applied to the first K rows of A block by
 * block just before they are projected, element by element as rowsAxpy/rowsAxpbz would (the same
 * numbers), then marked done; `F` is the feedback row it may need and K the number of W1 rows.
 */
export function drawInputAndFields(
  rng: Rng, x: Float64Array, D: number, A: Float64Array, rows: number, scale: number, fields: Float64Array, acc: Float64Array,
  pending?: PendingUpdate, K = 0, F?: Float64Array,
): void {
  acc.fill(0, 0, rows);
  const kind = pending === undefined ? 0 : pending.kind;
  // with a pending update, the W1 rows are updated and projected in the same loop, two at a time
  const fusedRows = kind === 0 ? 0 : K - (K % 2);
  for (let start = 0; start < D; start += BLOCK) {
    const end = start + BLOCK < D ? start + BLOCK : D;
    rng.fillNormal(x, start, end - start);
    let r = 0;
    if (K === 2 && kind !== 0 && rows === 5) {
      // K = M = 2 with ρ (the Fig. 2 shape): the W1 update and all five projections in one loop,
      // each x[i] loaded once; the same operations per element as the general path below
      projectFive(pending!, kind, D, A, F!, x, acc, start, end);
      continue;
    }
    if (kind !== 0) {
      const xo = pending!.x, alpha = pending!.alpha, beta = pending!.beta;
      for (; r < fusedRows; r += 2) {
        const p = r * D, q = p + D;
        const u0 = alpha[r], u1 = alpha[r + 1];
        let a0 = acc[r], a1 = acc[r + 1];
        if (kind === 1) {
          for (let i = start; i < end; i++) {
            const xi = x[i], oi = xo[i];
            // W1 += α x_old, as rowsAxpy computes it, then projected
            const w0 = A[p + i] + u0 * oi;
            const w1 = A[q + i] + u1 * oi;
            A[p + i] = w0;
            A[q + i] = w1;
            a0 += w0 * xi;
            a1 += w1 * xi;
          }
        } else {
          const v0 = beta[r], v1 = beta[r + 1];
          for (let i = start; i < end; i++) {
            const xi = x[i], oi = xo[i], fi = F![i];
            // W1 += α x_old + β F, as rowsAxpbz computes it, then projected
            const w0 = A[p + i] + (u0 * oi + v0 * fi);
            const w1 = A[q + i] + (u1 * oi + v1 * fi);
            A[p + i] = w0;
            A[q + i] = w1;
            a0 += w0 * xi;
            a1 += w1 * xi;
          }
        }
        acc[r] = a0;
        acc[r + 1] = a1;
      }
      // an odd last W1 row: updated here (the row kernels on this block), projected with the rows below
      if (fusedRows < K) {
        const o = (K - 1) * D + start, n = end - start;
        if (kind === 1) axpy(n, alpha[K - 1], xo, start, A, o);
        else axpbz(n, alpha[K - 1], xo, start, beta[K - 1], F!, start, A, o);
      }
    }
    // rows two at a time: each x[i] of the block loaded once per pair
    for (; r + 1 < rows; r += 2) {
      const p = r * D, q = p + D;
      let a0 = acc[r], a1 = acc[r + 1];
      for (let i = start; i < end; i++) {
        const xi = x[i];
        a0 += A[p + i] * xi;
        a1 += A[q + i] * xi;
      }
      acc[r] = a0;
      acc[r + 1] = a1;
    }
    if (r < rows) {
      const p = r * D;
      let a0 = acc[r];
      for (let i = start; i < end; i++) a0 += A[p + i] * x[i];
      acc[r] = a0;
    }
  }
  for (let r = 0; r < rows; r++) fields[r] = scale * acc[r];
  if (kind !== 0) pending!.kind = 0;
}

/** The fused loop of drawInputAndFields for two W1 rows (pending update) and three more rows. */
function projectFive(pd: PendingUpdate, kind: number, D: number, A: Float64Array, F: Float64Array, x: Float64Array, acc: Float64Array, start: number, end: number): void {
  const xo = pd.x;
  const u0 = pd.alpha[0], u1 = pd.alpha[1];
  const v0 = kind === 2 ? pd.beta[0] : 0, v1 = kind === 2 ? pd.beta[1] : 0;
  const p1 = D, p2 = 2 * D, p3 = 3 * D, p4 = 4 * D;
  let a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3], a4 = acc[4];
  if (kind === 1) {
    for (let i = start; i < end; i++) {
      const xi = x[i], oi = xo[i];
      const w0 = A[i] + u0 * oi;
      const w1 = A[p1 + i] + u1 * oi;
      A[i] = w0;
      A[p1 + i] = w1;
      a0 += w0 * xi;
      a1 += w1 * xi;
      a2 += A[p2 + i] * xi;
      a3 += A[p3 + i] * xi;
      a4 += A[p4 + i] * xi;
    }
  } else {
    for (let i = start; i < end; i++) {
      const xi = x[i], oi = xo[i], fi = F[i];
      const w0 = A[i] + (u0 * oi + v0 * fi);
      const w1 = A[p1 + i] + (u1 * oi + v1 * fi);
      A[i] = w0;
      A[p1 + i] = w1;
      a0 += w0 * xi;
      a1 += w1 * xi;
      a2 += A[p2 + i] * xi;
      a3 += A[p3 + i] * xi;
      a4 += A[p4 + i] * xi;
    }
  }
  acc[0] = a0; acc[1] = a1; acc[2] = a2; acc[3] = a3; acc[4] = a4;
}
