/**
 * One step's input and its fields together: x ← D fresh standard normals from the data stream and
 * fields[r] = scale·(A_r·x) for the first `rows` rows of [W1; W̃1; F] (λ, ν, ρ). x is drawn in
 * blocks of BLOCK numbers with the RNG's own primitive (Rng.fillNormal: the same numbers as one
 * call over all of x) and each block is projected while it is still in L1 cache, so the generator's
 * integer work and the dot products share one pass over memory. Every row is one running sum in
 * order i = 0..D−1: bit-identical to fillNormal followed by gemv (sim/kernels.ts).
 */
import type { Rng } from '../src/core/rng.ts';

/** numbers per block: 128 doubles (1 KiB) of x plus a block of each row stay in L1 */
const BLOCK = 128;

/** `acc` is scratch of at least `rows` entries (no allocation per step). */
export function drawInputAndFields(
  rng: Rng, x: Float64Array, D: number, A: Float64Array, rows: number, scale: number, fields: Float64Array, acc: Float64Array,
): void {
  acc.fill(0, 0, rows);
  for (let start = 0; start < D; start += BLOCK) {
    const end = start + BLOCK < D ? start + BLOCK : D;
    rng.fillNormal(x, start, end - start);
    let r = 0;
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
}
