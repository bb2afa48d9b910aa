/** The dense kernels against plain loops, with offsets, odd lengths and odd row counts. */
import { describe, expect, it } from 'vitest';
import { axpbz, axpy, dot, gemv, rowsAxpbz, rowsAxpy } from '../../sim/kernels.ts';
import { Rng } from '../../src/core/rng.ts';

function randomVector(n: number, seed: number): Float64Array {
  const v = new Float64Array(n);
  new Rng(seed).fillNormal(v, 0, n);
  return v;
}
// Sums of n ≈ 50 terms of size O(1) in a different order differ by a few ulps of the partial sums:
// 1e-13 absolute is ~500 ulps, far below any indexing mistake (an O(1) change).
const TOL = 1e-13;

describe('kernels', () => {
  it('dot = Σ x_i y_i for every length 0..13 and offsets', () => {
    const x = randomVector(40, 1), y = randomVector(40, 2);
    for (let n = 0; n <= 13; n++) {
      let ref = 0;
      for (let i = 0; i < n; i++) ref += x[3 + i] * y[5 + i];
      expect(Math.abs(dot(n, x, 3, y, 5) - ref)).toBeLessThan(TOL);
    }
  });

  it('axpy and axpbz touch exactly y[oy .. oy+n)', () => {
    const x = randomVector(20, 3), z = randomVector(20, 4);
    const y0 = randomVector(30, 5);
    const y = y0.slice();
    axpy(7, 0.3, x, 2, y, 10);
    const y2 = y0.slice();
    axpbz(7, 0.3, x, 2, -1.7, z, 4, y2, 10);
    for (let i = 0; i < 30; i++) {
      const inside = i >= 10 && i < 17;
      expect(y[i]).toBe(inside ? y0[i] + 0.3 * x[2 + i - 10] : y0[i]);
      expect(Math.abs(y2[i] - (inside ? y0[i] + 0.3 * x[2 + i - 10] - 1.7 * z[4 + i - 10] : y0[i]))).toBeLessThan(TOL);
    }
  });

  it('gemv = scale·A·x for 1..5 rows and odd/even lengths, writing only out[oo .. oo+rows)', () => {
    for (const rows of [1, 2, 3, 4, 5]) {
      for (const n of [1, 2, 7, 50, 51]) {
        const A = randomVector(3 + rows * n, 10 * rows + n);
        const x = randomVector(n + 2, 99);
        const out = new Float64Array(rows + 4).fill(Number.NaN);
        gemv(rows, n, 0.5, A, 3, x, 2, out, 2);
        for (let r = 0; r < rows; r++) {
          let ref = 0;
          for (let i = 0; i < n; i++) ref += A[3 + r * n + i] * x[2 + i];
          expect(Math.abs(out[2 + r] - 0.5 * ref)).toBeLessThan(TOL);
        }
        expect(Number.isNaN(out[0]) && Number.isNaN(out[1]) && Number.isNaN(out[2 + rows])).toBe(true);
      }
    }
  });

  it('rowsAxpy / rowsAxpbz update every row r by alpha[r]·x (+ beta[r]·z), for 1..5 rows, nothing outside', () => {
    for (const rows of [1, 2, 3, 4, 5]) {
      const n = 9;
      const x = randomVector(n + 1, 7), z = randomVector(n + 2, 8);
      const alpha = randomVector(rows, 9), beta = randomVector(rows, 10);
      const A0 = randomVector(2 + rows * n + 3, 11);
      const A = A0.slice(), B = A0.slice();
      rowsAxpy(rows, n, alpha, x, 1, A, 2);
      rowsAxpbz(rows, n, alpha, x, 1, beta, z, 2, B, 2);
      for (let j = 0; j < A0.length; j++) {
        const r = Math.floor((j - 2) / n), i = (j - 2) % n;
        const inside = j >= 2 && r < rows;
        expect(A[j]).toBe(inside ? A0[j] + alpha[r] * x[1 + i] : A0[j]);
        expect(Math.abs(B[j] - (inside ? A0[j] + alpha[r] * x[1 + i] + beta[r] * z[2 + i] : A0[j]))).toBeLessThan(TOL);
      }
    }
  });
});
