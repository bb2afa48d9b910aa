/**
 * drawInputAndFields (sim/inputDraw.ts) = Rng.fillNormal followed by sequential dot products, bit for
 * bit, whatever the number of rows and across the ziggurat's slow path; the stream continues where
 * fillNormal would leave it.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.ts';
import { drawInputAndFields } from '../../sim/inputDraw.ts';

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
});
