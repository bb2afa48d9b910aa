/**
 * The numerics layer of src/core/linalg/ against mathjs (the oracle where one exists) and exact
 * identities: the symmetric eigen-solver (values against mathjs `eigs`, vectors by A v = λ v and
 * orthonormality), the PSD judgement, the Cholesky factorisation in both orders with its pivot
 * information, LU against mathjs `lusolve`, and the SVD by A = U S Vᵀ and UᵀU = VᵀV = I.
 */
import { eigs, lusolve } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { cholesky, CholeskyInfo } from '../../src/core/linalg/cholesky.ts';
import { DenseLu } from '../../src/core/linalg/lu.ts';
import { svd } from '../../src/core/linalg/svd.ts';
import { isPositiveSemiDefinite, symmetricEigen, symmetricEigenvalues } from '../../src/core/linalg/symmetricEigen.ts';
import { Rng } from '../../src/core/rng.ts';

function randomSymmetric(rng: Rng, n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a[i * n + j] = a[j * n + i] = rng.normal();
  return a;
}
/** F Fᵀ for a random n×r F: PSD of rank r */
function randomGram(rng: Rng, n: number, r: number): Float64Array {
  const f = new Float64Array(n * r);
  rng.fillNormal(f, 0, n * r);
  const g = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < r; k++) g[i * n + j] += f[i * r + k] * f[j * r + k];
  return g;
}
const sorted = (v: ArrayLike<number>) => Array.from(v).sort((x, y) => x - y);
const rowsOf = (a: Float64Array, n: number) => Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n, (i + 1) * n)));
function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}
/** L Lᵀ (n×n) */
function outer(L: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) out[i * n + j] += L[i * n + k] * L[j * n + k];
  return out;
}

describe('symmetric eigen-solver (Householder + implicit QL) against mathjs eigs', () => {
  it('eigenvalues agree to 1e-12 relative on random symmetric matrices, n = 1..12; eigenvectors satisfy A v = λ v, VᵀV = I', () => {
    const rng = new Rng(7);
    for (let n = 1; n <= 12; n++) {
      for (let rep = 0; rep < 5; rep++) {
        const a = randomSymmetric(rng, n);
        const res = eigs(rowsOf(a, n), { eigenvectors: false }).values as unknown as { toArray?: () => number[] };
        const ref = sorted(res.toArray?.() ?? (res as unknown as number[]));
        const got = sorted(symmetricEigenvalues(a, n));
        const scale = Math.max(...ref.map(Math.abs));
        for (let i = 0; i < n; i++) expect(Math.abs(got[i] - ref[i])).toBeLessThan(1e-12 * scale * n);
        const values = new Float64Array(n), V = new Float64Array(n * n);
        symmetricEigen(a, n, values, V);
        for (let j = 0; j < n; j++) {
          for (let i = 0; i < n; i++) {
            let av = 0;
            for (let k = 0; k < n; k++) av += a[i * n + k] * V[k * n + j];
            expect(Math.abs(av - values[j] * V[i * n + j])).toBeLessThan(1e-12 * scale * n);
          }
          for (let l = 0; l < n; l++) {
            let d = 0;
            for (let i = 0; i < n; i++) d += V[i * n + j] * V[i * n + l];
            expect(Math.abs(d - (j === l ? 1 : 0))).toBeLessThan(1e-13 * n);
          }
        }
      }
    }
  });

  it('judges PSD: Gram matrices (also rank-deficient) yes, indefinite ones no', () => {
    const rng = new Rng(3);
    for (const r of [1, 3, 6]) expect(isPositiveSemiDefinite(randomGram(rng, 6, r), 6).ok).toBe(true);
    // [[0,1],[1,0]] has eigenvalues ±1 although its diagonal is ≥ 0 (a plain Cholesky would pass it)
    const swap = isPositiveSemiDefinite(new Float64Array([0, 1, 1, 0]), 2);
    expect(swap.ok).toBe(false);
    expect(swap.minEig).toBeCloseTo(-1, 14);
    expect(isPositiveSemiDefinite(new Float64Array([1, 2, 2, 1]), 2).ok).toBe(false);
  });

  it('converges on a zero diagonal with couplings of wildly different scales (a config property-test find)', () => {
    // C of Q = T = 0, R = diag(3.8e-10, −6.8e-140), f̃ = (−5.2e-308, 0): eigenvalues ±3.8e-10, ±6.8e-140, ~0
    const n = 5;
    const a = new Float64Array(n * n);
    const couple = (i: number, j: number, v: number) => { a[i * n + j] = v; a[j * n + i] = v; };
    couple(0, 2, 3.786500279104237e-10);
    couple(1, 3, -6.75930510250321e-140);
    couple(2, 4, -5.240398581743709e-308);
    const values = Array.from(symmetricEigenvalues(a, n)).sort((x, y) => x - y);
    expect(values[0]).toBeCloseTo(-3.786500279104237e-10, 24);
    expect(values[4]).toBeCloseTo(3.786500279104237e-10, 24);
    for (const v of values.slice(1, 4)) expect(Math.abs(v)).toBeLessThan(1e-139);
    expect(isPositiveSemiDefinite(a, n).ok).toBe(false);
  });
});

describe('cholesky: one factorisation, two orders, with pivot information', () => {
  it('in field order: L lower triangular with L Lᵀ = C on SPD matrices; rank and no tiny pivots', () => {
    const rng = new Rng(11);
    for (let n = 1; n <= 9; n++) {
      const C = randomGram(rng, n, n + 2);
      const L = new Float64Array(n * n);
      const info = cholesky(C, n, L, { tol: 1e-10, jitter: 1e-12 });
      expect(info.rank).toBe(n);
      expect(info.tiny + info.negative).toBe(0);
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(L[i * n + j]).toBe(0);
      expect(maxAbsDiff(outer(L, n), C)).toBeLessThan(1e-12 * Math.max(...C.map(Math.abs)));
    }
  });

  it('pivoted: rank-revealing on PSD matrices of rank r (L Lᵀ = C, pivots non-increasing, rank = r)', () => {
    const rng = new Rng(12);
    for (const [n, r] of [[6, 1], [6, 3], [7, 7], [9, 4]]) {
      const C = randomGram(rng, n, r);
      const L = new Float64Array(n * n), perm = new Int32Array(n), pivots = new Float64Array(n);
      const info = cholesky(C, n, L, { tol: 1e-12, jitter: 0, perm, pivots });
      expect(info.rank).toBe(r);
      expect(info.tiny).toBe(n - r);
      for (let k = 1; k < r; k++) expect(pivots[k]).toBeLessThanOrEqual(pivots[k - 1] * (1 + 1e-12));
      expect(sorted(perm)).toEqual(Array.from({ length: n }, (_, i) => i));
      expect(maxAbsDiff(outer(L, n), C)).toBeLessThan(1e-11 * Math.max(...C.map(Math.abs)));
    }
  });

  it('reports what the pivots said: negative (indefinite, first field and value), tiny, non-finite', () => {
    const L = new Float64Array(9);
    // [[1,2],[2,1]]: second pivot 1 − 4 = −3
    const ind = cholesky(Float64Array.of(1, 2, 2, 1), 2, L, { tol: 1e-10, jitter: 1e-12 });
    expect(ind.negative).toBe(1);
    expect(ind.firstNegative).toBe(1);
    expect(ind.firstNegativeValue).toBeCloseTo(-3, 14);
    // stopAtNegative leaves the columns before it only
    const stop = cholesky(Float64Array.of(1, 2, 2, 1), 2, L, { tol: 1e-10, jitter: 1e-12, stopAtNegative: true }, new CholeskyInfo());
    expect(stop.rank).toBe(1);
    // two identical fields: one tiny pivot, its column zero below the diagonal
    const tiny = cholesky(Float64Array.of(1, 1, 0, 1, 1, 0, 0, 0, 2), 3, L, { tol: 1e-10, jitter: 1e-12 });
    expect([tiny.rank, tiny.tiny, tiny.negative]).toEqual([2, 1, 0]);
    expect(L[2 * 3 + 1]).toBe(0);
    const bad = cholesky(Float64Array.of(1, Number.NaN, Number.NaN, 1), 2, L, { tol: 1e-10, jitter: 1e-12 });
    expect([bad.nonFinite, bad.badRow, bad.badCol]).toEqual(['entry', 1, 0]);
    const badVar = cholesky(Float64Array.of(Number.POSITIVE_INFINITY, 0, 0, 1), 2, L, { tol: 1e-10, jitter: 1e-12 });
    expect(badVar.nonFinite).toBe('variance');
  });
});

describe('DenseLu and svd', () => {
  it('LU with partial pivoting solves like mathjs lusolve (1e-12 relative), refuses a singular matrix', () => {
    const rng = new Rng(21);
    for (let n = 1; n <= 10; n++) {
      const lu = new DenseLu(n);
      const A = new Float64Array(n * n);
      rng.fillNormal(A, 0, n * n);
      lu.a.set(A);
      expect(lu.factor()).toBe(true);
      const b = new Float64Array(n);
      rng.fillNormal(b, 0, n);
      const ref = (lusolve(rowsOf(A, n), Array.from(b)) as number[][]).map((r) => r[0]);
      const x = b.slice();
      lu.solve(x);
      const scale = Math.max(1, ...ref.map(Math.abs));
      expect(maxAbsDiff(x, ref)).toBeLessThan(1e-10 * scale);
    }
    const lu = new DenseLu(2);
    lu.a.set([1, 2, 2, 4]);
    expect(lu.factor()).toBe(false);
  });

  it('svd: A = U diag(s) Vᵀ, U and V orthogonal, s² = eigenvalues of AᵀA', () => {
    const rng = new Rng(22);
    for (let n = 1; n <= 8; n++) {
      const A = new Float64Array(n * n);
      rng.fillNormal(A, 0, n * n);
      const { U, s, V } = svd(A, n);
      const back = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) back[i * n + j] += U[i * n + k] * s[k] * V[j * n + k];
      expect(maxAbsDiff(back, A)).toBeLessThan(1e-12 * n);
      const ata = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) ata[i * n + j] += A[k * n + i] * A[k * n + j];
      const ev = sorted(symmetricEigenvalues(ata, n));
      const s2 = sorted(Array.from(s, (v) => v * v));
      expect(maxAbsDiff(s2, ev)).toBeLessThan(1e-11 * Math.max(...ev));
      for (const Q of [U, V]) for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) {
        let d = 0;
        for (let i = 0; i < n; i++) d += Q[i * n + a] * Q[i * n + b];
        expect(Math.abs(d - (a === b ? 1 : 0))).toBeLessThan(1e-12 * n);
      }
    }
  });
});
