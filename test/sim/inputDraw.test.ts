/**
 * drawInputAndFields (sim/inputDraw.ts) = Rng.fillNormal followed by sequential dot products, bit for
 * bit, whatever the number of rows and across the ziggurat's slow path; the stream continues where
 * fillNormal would leave it. With a pending first-layer update (the previous step's, applied during
 * the draw): the same W1 and fields as applying it first with rowsAxpy/rowsAxpbz, for every K
 * (odd K included) and both kinds, and the K = M = 2 fast path.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.ts';
import { drawInputAndFields } from '../../sim/inputDraw.ts';
import { rowsAxpbz, rowsAxpy } from '../../sim/kernels.ts';
import type { PendingUpdate } from '../../sim/state.ts';

describe('drawInputAndFields', () => {
  it('the numbers of fillNormal and projections bit-identical to sequential dots (1..7 rows, D not a multiple of the block)', () => {
    for (const rows of [1, 2, 3, 5, 7]) {
      const D = 3001; // long enough to hit the slow path (≈1.2 % of draws) many times
      const A = new Float64Array(rows * D);
      new Rng(40 + rows).fillNormal(A, 0, A.length);
      const a = new Rng(50), b = new Rng(50);
      const x1 = new Float64Array(D), x2 = new Float64Array(D);
      const fields = new Float64Array(rows), acc = new Float64Array(rows);
      drawInputAndFields(a, x1, D, A, rows, 0.7, fields, acc);
      b.fillNormal(x2, 0, D);
      expect(Array.from(x1)).toEqual(Array.from(x2));
      for (let r = 0; r < rows; r++) {
        let s = 0;
        for (let i = 0; i < D; i++) s += A[r * D + i] * x2[i];
        expect(fields[r]).toBe(0.7 * s);
      }
      expect(a.nextU32()).toBe(b.nextU32());
    }
  });

  it('a pending update gives the W1 and fields of applying it first (K = 1, 2, 3; kinds 1 and 2; 5 rows = the K = M = 2 fast path)', () => {
    for (const [K, rows] of [[1, 3], [2, 5], [2, 4], [3, 7], [3, 6]]) {
      for (const kind of [1, 2] as const) {
        const D = 1001;
        const A = new Float64Array(rows * D);
        new Rng(7 + K + rows).fillNormal(A, 0, A.length);
        const F = A.subarray((rows - 1) * D); // the last row plays F
        const B = A.slice();
        const xOld = new Float64Array(D);
        new Rng(3).fillNormal(xOld, 0, D);
        const alpha = Float64Array.from({ length: K }, (_, k) => 0.01 * (k + 1));
        const beta = Float64Array.from({ length: K }, (_, k) => -0.02 * (k + 1));
        const pending: PendingUpdate = { kind, x: xOld, alpha, beta };
        const x = new Float64Array(D), fields = new Float64Array(rows), acc = new Float64Array(rows);
        drawInputAndFields(new Rng(9), x, D, A, rows, 0.5, fields, acc, pending, K, F);
        expect(pending.kind).toBe(0);
        // the reference: apply the update with the row kernels, then draw and project
        if (kind === 1) rowsAxpy(K, D, alpha, xOld, 0, B, 0);
        else rowsAxpbz(K, D, alpha, xOld, 0, beta, B.subarray((rows - 1) * D), 0, B, 0);
        const x2 = new Float64Array(D), fields2 = new Float64Array(rows), acc2 = new Float64Array(rows);
        drawInputAndFields(new Rng(9), x2, D, B, rows, 0.5, fields2, acc2);
        expect(Array.from(A), `K=${K} rows=${rows} kind=${kind}: W1`).toEqual(Array.from(B));
        expect(Array.from(fields), `K=${K} rows=${rows} kind=${kind}: fields`).toEqual(Array.from(fields2));
      }
    }
  });
});
